// R02: the clauses block holds every clause the campaign's policy makes mandatory.
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"
#include "Offer.h"
#include "Program.h"

#include <vector>

namespace patter {

void checkMandatoryClauses(const Program &program, DiagnosticEngine &diags);

/// R02: a campaign that registers a sale (a `register` in its lowered flow) discloses every offer
/// fact of a clause kind (vocab::kClauseKinds) through a mandatory clause of the same id
/// (E0516), as the runtime requires of the flow: the policy's `require` list, or every clause
/// when it lists none.
void checkOfferDisclosed(const Program &program, const std::vector<TypedFact> &offer,
                         const FlowGraph &graph, DiagnosticEngine &diags);

} // namespace patter
