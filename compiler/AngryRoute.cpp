// R11: the `angry` route soothes before it ends the call or goes back to it.
#include "PathChecks.h"
#include "PathNodes.h"

#include <deque>

namespace patter {

namespace {

bool soothes(const ComplianceInputs &in, const FlowNode &node) {
  for (const auto &stmt : bodyOf(node))
    if (const ast::Text *t = spokenText(*stmt))
      for (const std::string &line : in.policy.soothing)
        if (t->value.find(line) != std::string::npos)
          return true;
  return false;
}

} // namespace

void checkAngryRoute(const ComplianceInputs &in, DiagnosticEngine &diags) {
  if (in.policy.soothing.empty())
    return;
  const FlowGraph &graph = in.graph;
  const auto &nodes = graph.nodes();
  // The angry route as the runtime takes it: campaign handler first, then imported ones.
  const ast::RouteStmt *route = nullptr;
  const ast::Handlers *module = nullptr;
  if (auto it = in.program.campaignHandlers.find("angry"); it != in.program.campaignHandlers.end())
    route = it->second;
  else if (auto imp = in.program.importedHandlers.find("angry");
           imp != in.program.importedHandlers.end()) {
    module = imp->second.first;
    route = imp->second.second;
  }
  if (!route) {
    diags.report(DiagId::AngryWithoutSoothing, in.program.campaign->name.range,
                 "no handler takes the 'angry' event: an upset customer must be soothed before "
                 "any closing (import \"std/handlers\" or add 'on angry -> STEP')");
    return;
  }
  const ast::Target &t = route->target;
  int start = -1;
  if (t.kind == ast::Target::Kind::Step)
    start = module ? graph.find(FlowNode::Kind::HandlerStep, module->name.text + "." + t.name.text)
                   : graph.find(FlowNode::Kind::Step, t.name.text);
  if (start < 0) {
    diags.report(DiagId::AngryWithoutSoothing, route->range(),
                 "the 'angry' handler ends the call without a soothing line");
    return;
  }
  // Every way out of the angry route (an end, or back to the call) must pass a soothing line.
  std::vector<int> parent(nodes.size(), -2);
  std::deque<int> queue{start};
  parent[start] = -1;
  bool retried = false;
  while (!queue.empty()) {
    int n = queue.front();
    queue.pop_front();
    if (soothes(in, nodes[n]))
      continue;
    for (const FlowEdge &e : graph.edges(n)) {
      if (e.kind == FlowEdge::Kind::Retry) {
        // `retry` may return to any step that asks: all of them join the search, once.
        for (int s : retried ? llvm::ArrayRef<int>() : llvm::ArrayRef(graph.askingSteps()))
          if (parent[s] == -2) {
            parent[s] = n;
            queue.push_back(s);
          }
        retried = true;
        continue;
      }
      if (e.to >= 0) {
        if (parent[e.to] == -2) {
          parent[e.to] = n;
          queue.push_back(e.to);
        }
        continue;
      }
      Diagnostic &d = diags.report(DiagId::AngryWithoutSoothing, route->range(),
                                   "the 'angry' route can leave step '" + nodes[n].id +
                                       "' without a soothing line");
      std::vector<int> path;
      for (int i = n; i >= 0; i = parent[i])
        path.insert(path.begin(), i);
      for (int i : path)
        d.notes.push_back({nodes[i].range, "path: " + nodeLabel(nodes[i])});
      return;
    }
  }
}

} // namespace patter
