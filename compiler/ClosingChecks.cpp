// R11: every way the call ends `declined` says the approved closing first.
#include "PathChecks.h"
#include "PathNodes.h"

#include <llvm/ADT/SmallPtrSet.h>

#include <set>
#include <tuple>

namespace patter {

/// R11: a call that ends without a sale says the approved closing first.
void checkClosings(const ComplianceInputs &in, DiagnosticEngine &diags) {
  const std::string &closing = in.policy.closing;
  if (closing.empty())
    return;
  std::set<std::tuple<uint32_t, uint32_t, uint32_t>> reported;
  auto once = [&](SourceRange r) {
    return reported.insert({r.begin.file, r.begin.line, r.begin.column}).second;
  };
  llvm::SmallPtrSet<const FlowEdge *, 2> sharedChecked;
  for (size_t n = 0; n < in.graph.nodes().size(); ++n) {
    const FlowNode &node = in.graph.nodes()[n];
    bool saysClosing = false;
    for (const auto &stmt : bodyOf(node)) {
      if (const ast::Text *t = spokenText(*stmt))
        saysClosing |= t->value.find(closing) != std::string::npos;
      bool endsDeclined = false;
      if (const auto *end = llvm::dyn_cast<ast::EndStmt>(stmt.get()))
        endsDeclined = end->outcome.text == "declined";
      else if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get()))
        endsDeclined = go->target.kind == ast::Target::Kind::End &&
                       go->target.name.text == "declined";
      if (endsDeclined && !saysClosing && once(stmt->range()))
        diags.report(DiagId::MissingClosing, stmt->range(), nodeLabel(node), closing);
    }
    bool exhaustedRoute = false;
    auto checkEdges = [&](llvm::ArrayRef<FlowEdge> edges) {
      for (const FlowEdge &e : edges) {
        exhaustedRoute |= e.kind == FlowEdge::Kind::Exhausted;
        bool direct = e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Result ||
                      e.kind == FlowEdge::Kind::Exhausted || e.kind == FlowEdge::Kind::Handler;
        if (direct && e.to == -1 && e.outcome == "declined" && once(e.range))
          diags.report(DiagId::MissingClosing, e.range,
                       "'" + edgeLabel(e) + "' in " + nodeLabel(node), closing);
      }
    };
    checkEdges(node.edges);
    // The interruptions waiting steps share are reported at the first, and hold no `exhausted`.
    llvm::ArrayRef<FlowEdge> shared = in.graph.interruptions(node);
    if (!shared.empty() && sharedChecked.insert(shared.data()).second)
      checkEdges(shared);
    // Without an `exhausted` route the runtime ends the call 'declined' without a word.
    if (node.kind == FlowNode::Kind::Objection && has(node, ast::Stmt::Kind::Retry) && !exhaustedRoute)
      diags.report(DiagId::MissingClosing, node.range,
                   "running out of retention in " + nodeLabel(node) + " (no 'exhausted' route)",
                   closing);
  }
}

} // namespace patter
