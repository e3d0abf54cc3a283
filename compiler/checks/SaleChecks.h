// One call, one sale: no `register` can run after another on the same call (R07).
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"

namespace patter {

/// Reports (E0560) every `register` that some call can reach after a sale was registered.
void checkSecondSale(const FlowGraph &graph, DiagnosticEngine &diags);

} // namespace patter
