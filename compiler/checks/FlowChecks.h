// Structural checks on the flow: unreachable steps, steps that stall, code after `end`.
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"

namespace patter {

void checkFlowStructure(const FlowGraph &graph, DiagnosticEngine &diags);

/// Checks one body (of a step, objection or handler step) for stalls and dead statements;
/// also used for handler modules checked without a campaign.
void checkBodyEnds(llvm::StringRef kind, const ast::Name &name, const ast::StmtList &body,
                   DiagnosticEngine &diags);

} // namespace patter
