// Clause content (R02): a mandatory clause must say what it discloses, in agreement with the
// offer.
#pragma once

#include "Diagnostic.h"
#include "Offer.h"
#include "Program.h"
#include "Templates.h"

#include <vector>

namespace patter {

/// Reports a clause whose text is empty or only punctuation (E0621); a `price` clause that
/// does not state the offer's price with its period (E0622); a `term` clause that does not
/// state the offer's term (E0623); an `expiry` clause that does not say what `expiry` is, or
/// says the opposite (E0624); a `downgrade` or `revert` clause that does not say whether the
/// customer may, or says the opposite (E0627); an `includes` clause that states a quantity the
/// offer does not (E0628); an `effective` clause that does not state the offer's start (E0629).
/// Clause texts are read as spoken, templates filled in.
void checkClauseContent(const Program &program, const std::vector<TypedFact> &offer,
                        const TemplateScope &templates, DiagnosticEngine &diags);

} // namespace patter
