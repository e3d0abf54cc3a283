// One call, one sale (R07): a registration that can follow another would register twice on the
// consent of one confirmation; the runtime refuses it, and the compiler says so first. A host
// call that failed never leads straight to a sale (R21): the runtime refuses to load such a flow.
#include "SaleChecks.h"
#include "PathNodes.h"

#include <vector>

namespace patter {

namespace {

/// The statements of the node's `register` actions, in order.
std::vector<const ast::Stmt *> registers(const FlowNode &node) {
  std::vector<const ast::Stmt *> out;
  for (auto [action, stmt] : actionsOf(node))
    if (action.op == callflow::Op::Register)
      out.push_back(stmt);
  return out;
}

} // namespace

void checkSecondSale(const FlowGraph &graph, DiagnosticEngine &diags) {
  const auto &nodes = graph.nodes();
  std::vector<std::vector<const ast::Stmt *>> sales(nodes.size());
  for (size_t n = 0; n < nodes.size(); ++n)
    sales[n] = registers(nodes[n]);
  std::vector<bool> reported(nodes.size(), false);
  for (size_t n = 0; n < nodes.size(); ++n) {
    if (sales[n].empty())
      continue;
    if (sales[n].size() > 1 && !reported[n]) {
      reported[n] = true;
      diags.report(DiagId::SecondSale, sales[n][1]->range(), nodes[n].id);
    }
    // Every node a call can move to after the sale, through any edge; `retry` and `resume`
    // may return to any step that asks.
    std::vector<bool> seen(nodes.size(), false);
    std::vector<int> todo;
    const auto push = [&](int to) {
      if (to >= 0 && !seen[to]) {
        seen[to] = true;
        todo.push_back(to);
      }
    };
    const auto follow = [&](int from) {
      for (const FlowEdge &e : graph.edges(from)) {
        if (e.to == FlowEdge::kRaiser || e.to == FlowEdge::kResume)
          for (int asking : graph.askingSteps())
            push(asking);
        else
          push(e.to);
      }
    };
    follow(static_cast<int>(n));
    while (!todo.empty()) {
      const int m = todo.back();
      todo.pop_back();
      if (!sales[m].empty() && !reported[m]) {
        reported[m] = true;
        diags.report(DiagId::SecondSale, sales[m].front()->range(), nodes[n].id);
      }
      follow(m);
    }
  }
}

void checkHostCalls(const FlowGraph &graph, const PolicySettings &policy, DiagnosticEngine &diags) {
  if (policy.saleEffecting.empty())
    return;
  auto named = [&](const std::string &name) {
    return llvm::is_contained(policy.saleEffecting, name) || llvm::is_contained(policy.lookups, name) ||
           name == policy.balanceCheck || name == policy.revoke;
  };
  for (const FlowNode &node : graph.nodes())
    for (auto [action, stmt] : actionsOf(node))
      if (action.op == callflow::Op::Invoke && !named(action.name))
        diags.report(DiagId::UndeclaredHostCall, llvm::cast<ast::InvokeStmt>(stmt)->name.range,
                     action.name);
}

void checkFailedResultSales(const FlowGraph &graph, DiagnosticEngine &diags) {
  const auto &nodes = graph.nodes();
  for (const FlowNode &node : nodes)
    for (const FlowEdge &e : node.edges) {
      if (e.kind != FlowEdge::Kind::Result || vocab::succeededHostResult(e.label))
        continue;
      // The steps the call runs through without waiting for anyone: a sale among them is made
      // on the failed result alone. A chain of `goto` is finite (E0302 reports a loop of them).
      std::vector<bool> seen(nodes.size(), false);
      for (int to = e.to; to >= 0 && !seen[to];) {
        seen[to] = true;
        const FlowNode &next = nodes[to];
        if (!registers(next).empty()) {
          diags.report(DiagId::FailedResultToSale, e.range, e.label, node.id, next.id);
          break;
        }
        if (next.waits || next.kind == FlowNode::Kind::Objection)
          break;
        to = -1;
        for (const FlowEdge &g : next.edges)
          if (g.kind == FlowEdge::Kind::Goto)
            to = g.to;
      }
    }
}

} // namespace patter
