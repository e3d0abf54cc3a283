// R08: a refusal that leads back through steps alone counts no retention.
#include "PathChecks.h"
#include "PathNodes.h"

#include <deque>

namespace patter {

namespace {

/// A node a refusal can pass without a retention being counted: a step, or an objection that
/// answers and moves on (only `retry` counts one).
bool countsNoRetention(const FlowNode &node) {
  return node.kind == FlowNode::Kind::Step ||
         (node.kind == FlowNode::Kind::Objection && !retries(node));
}

/// Whether `from` reaches `to` through nodes that count no retention.
std::vector<int> stepOnlyPath(const FlowGraph &graph, int from, int to) {
  std::vector<int> parent(graph.nodes().size(), -2);
  std::deque<int> queue{from};
  parent[from] = -1;
  while (!queue.empty()) {
    int n = queue.front();
    queue.pop_front();
    if (n == to) {
      std::vector<int> path;
      for (int i = n; i >= 0; i = parent[i])
        path.insert(path.begin(), i);
      return path;
    }
    for (const FlowEdge &e : graph.nodes()[n].edges) {
      bool plain = e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Goto ||
                   e.kind == FlowEdge::Kind::Result;
      if (plain && e.to >= 0 && countsNoRetention(graph.nodes()[e.to]) && parent[e.to] == -2) {
        parent[e.to] = n;
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

} // namespace

void checkRefusalLoops(const FlowGraph &graph, DiagnosticEngine &diags) {
  const auto &nodes = graph.nodes();
  for (size_t u = 0; u < nodes.size(); ++u) {
    if (nodes[u].kind != FlowNode::Kind::Step)
      continue;
    for (const FlowEdge &e : nodes[u].edges) {
      if (e.kind != FlowEdge::Kind::Route || e.label != vocab::eventName(vocab::Event::No) || e.to < 0 ||
          !countsNoRetention(nodes[e.to]))
        continue;
      std::vector<int> back = stepOnlyPath(graph, e.to, static_cast<int>(u));
      if (back.empty())
        continue;
      Diagnostic &d = diags.report(DiagId::UnboundedRetention, e.range, nodeLabel(nodes[e.to]));
      d.notes.push_back({nodes[u].range, "path: " + nodeLabel(nodes[u]) + ", then on no"});
      for (int n : back)
        d.notes.push_back({nodes[n].range, "path: " + nodeLabel(nodes[n])});
    }
  }
}

} // namespace patter
