// One call, one sale: no `register` can run after another on the same call (R07), nor follow
// a failed host call (R21).
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"

namespace patter {

/// Reports (E0560) every `register` that some call can reach after a sale was registered.
void checkSecondSale(const FlowGraph &graph, DiagnosticEngine &diags);

/// Reports (E0526) every host-call result that says the call failed (vocabulary/HostResults.def)
/// and leads, through steps that do not wait, to a `register` (R21).
void checkFailedResultSales(const FlowGraph &graph, DiagnosticEngine &diags);

} // namespace patter
