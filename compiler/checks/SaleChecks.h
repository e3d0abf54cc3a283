// One call, one sale: no `register` can run after another on the same call (R07), nor follow
// a failed host call (R21).
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"
#include "PolicySettings.h"

namespace patter {

/// Reports (E0560) every `register` that some call can reach after a sale was registered.
void checkSecondSale(const FlowGraph &graph, DiagnosticEngine &diags);

/// Reports (E0527) every host call the flow invokes that a policy naming its sale-effecting
/// calls does not name at all (nor as its balance check, `revoke` or a lookup): whether it opens
/// a service is unknown, so no check could prove a sale through it has consent (R07).
void checkHostCalls(const FlowGraph &graph, const PolicySettings &policy, DiagnosticEngine &diags);

/// Reports (E0526) every host-call result that does not say the call succeeded
/// (vocabulary/HostResults.def: `fail` as much as `failed`) and leads, through steps that do not
/// wait, to a `register` (R21).
void checkFailedResultSales(const FlowGraph &graph, DiagnosticEngine &diags);

} // namespace patter
