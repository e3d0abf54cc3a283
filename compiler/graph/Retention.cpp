#include "Retention.h"
#include "PathNodes.h"

#include <algorithm>

namespace patter {

bool isSaleInvoke(llvm::StringRef name, const PolicySettings &policy) {
  return std::find(policy.saleEffecting.begin(), policy.saleEffecting.end(), name) !=
         policy.saleEffecting.end();
}

namespace {

/// Whether the node's statements make a sale or end a follow-up confirmed.
bool sells(const FlowNode &node, const PolicySettings &policy) {
  for (const callflow::Action &a : node.lowered->actions)
    if (a.op == callflow::Op::Register ||
        (a.op == callflow::Op::Invoke && isSaleInvoke(a.name, policy)))
      return true;
  if (!policy.confirmedOutcome.empty())
    for (const FlowEdge &e : node.edges)
      if (e.to == -1 && e.outcome == policy.confirmedOutcome)
        return true;
  return false;
}

} // namespace

std::vector<bool> pitchNodes(const FlowGraph &graph, const PolicySettings &policy) {
  const auto &nodes = graph.nodes();
  std::vector<std::vector<int>> into(nodes.size());
  for (size_t n = 0; n < nodes.size(); ++n)
    for (const FlowEdge &e : nodes[n].edges)
      if (e.to >= 0)
        into[e.to].push_back(static_cast<int>(n));
  std::vector<bool> leadsToSale(nodes.size(), false);
  std::vector<int> work;
  for (size_t n = 0; n < nodes.size(); ++n)
    if (sells(nodes[n], policy)) {
      leadsToSale[n] = true;
      work.push_back(static_cast<int>(n));
    }
  while (!work.empty()) {
    int n = work.back();
    work.pop_back();
    for (int from : into[n])
      if (!leadsToSale[from]) {
        leadsToSale[from] = true;
        work.push_back(from);
      }
  }
  std::vector<bool> pitch(nodes.size(), false);
  for (size_t n = 0; n < nodes.size(); ++n)
    pitch[n] = leadsToSale[n] && nodes[n].asks && nodes[n].kind != FlowNode::Kind::HandlerStep &&
               !does(nodes[n], callflow::Op::VerifyOwner);
  return pitch;
}

bool isObjection(const FlowGraph &graph, int from, const FlowEdge &e) {
  if (e.kind == FlowEdge::Kind::Exhausted)
    return true;
  if (e.to >= 0 && graph.nodes()[e.to].kind == FlowNode::Kind::Objection)
    return true;
  // A no or a hesitation ("我考虑一下") puts the offer off; "no, I am not the owner" refuses
  // nothing: the call ends or asks again.
  return (e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
         (e.label == vocab::eventName(vocab::Event::No) ||
          e.label == vocab::eventName(vocab::Event::Hesitation)) &&
         !does(graph.nodes()[from], callflow::Op::VerifyOwner);
}

bool isRefusal(const FlowGraph &graph, int from, const FlowEdge &e) {
  bool moody = (e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
               (e.label == vocab::eventName(vocab::Event::Angry) || e.label == vocab::eventName(vocab::Event::Busy) ||
                e.label == vocab::eventName(vocab::Event::Elderly));
  return moody || isObjection(graph, from, e);
}

} // namespace patter
