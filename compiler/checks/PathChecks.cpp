// The checks that need no call path, in the order they report.
#include "PathChecks.h"
#include "PathNodes.h"

namespace patter {

void checkComplianceStructure(const ComplianceInputs &in, DiagnosticEngine &diags) {
  for (const FlowNode &node : in.graph.nodes()) {
    if (!node.step || node.kind != FlowNode::Kind::Step)
      continue;
    if (does(node, callflow::Op::VerifyOwner))
      checkOwnerCheckWording(node, diags);
  }
  checkRefusalLoops(in.graph, diags);
  checkAngryRoute(in, diags);
  checkComplaintRoutes(in, diags);
  checkClosings(in, diags);
}

} // namespace patter
