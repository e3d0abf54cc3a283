// The wording check: spoken texts against the policy lexicon (R09, R10, R11, R19) and quoted
// amounts against the offer (R09).
#pragma once

#include "Diagnostic.h"
#include "Lexicon.h"
#include "Offer.h"
#include "Program.h"
#include "SourceManager.h"
#include "Templates.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include <vector>

namespace patter {

/// For each say and ask, the claims it makes that mislead until a clause is disclosed: its
/// hits of lexicon entries with `after_clause`, in the order of the text. The wording pass
/// finds them; the path checks judge them (E0618).
using ClauseClaims =
    llvm::DenseMap<const ast::Stmt *, llvm::SmallVector<const WordingEntry *, 1>>;

/// Loads the lexicon of `policy`, reporting malformed entries and every entry example that
/// fails (E0610-E0617). Run for every loaded policy, whether a campaign uses it or not.
Lexicon checkLexicon(const ast::Policy &policy, DiagnosticEngine &diags);

/// Checks every text that can be spoken, as it is spoken (build-time templates filled in): say
/// and ask in steps, objections and imported handler steps, clause texts, text offer facts and
/// the title, against `lexicon`, its policy's: banned wording (E0601-E0603, W0605-W0607, each
/// with a fix-it; also split across two consecutive lines) and jargon not explained in the same
/// scope (W0604). Reports amounts of money a text quotes that the offer does not have (E0608)
/// or that do not agree with the price over the period they are quoted for (E0625).
/// Waivers are not consulted here: `applyWaivers` drops what an `allow` silences. Returns the
/// claims for the path checks.
ClauseClaims checkWording(const Program &program, const Lexicon &lexicon,
                          const std::vector<TypedFact> &offer, const TemplateScope &templates,
                          const SourceManager &sources, DiagnosticEngine &diags);

} // namespace patter
