// Step structure: stalls (E0302), statements after the wait (E0304) or the end (W0303), and
// steps nobody reaches (W0301).
#include "FlowChecks.h"

namespace patter {

namespace {

using K = ast::Stmt::Kind;

/// Statements that run in sequence when a step is entered (routes and waivers are
/// declarations, not part of the sequence).
bool isSequential(const ast::Stmt &s) {
  return s.kind() != K::Route && s.kind() != K::Waiver && s.kind() != K::Exhausted;
}

bool isTerminal(const ast::Stmt &s) {
  return s.kind() == K::End || s.kind() == K::Goto || s.kind() == K::Retry;
}

bool isWaiting(const ast::Stmt &s) {
  return s.kind() == K::Ask || s.kind() == K::Verify || s.kind() == K::Confirm ||
         s.kind() == K::Invoke;
}

/// `verify owner` and `confirm` say what the answer to the `ask` before them means.
bool qualifiesAsk(const ast::Stmt &wait, const ast::Stmt &next) {
  return wait.kind() == K::Ask && (next.kind() == K::Verify || next.kind() == K::Confirm);
}

} // namespace

void checkBodyEnds(llvm::StringRef kind, const ast::Name &name, const ast::StmtList &body,
                   DiagnosticEngine &diags) {
  const ast::Stmt *terminal = nullptr, *wait = nullptr;
  bool routes = false, waits = false;
  const ast::Stmt *anyRetry = nullptr;
  for (const auto &stmt : body) {
    if (llvm::isa<ast::RouteStmt>(stmt.get()))
      routes = true;
    if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(stmt.get()))
      routes |= !inv->results.empty();
    waits |= isWaiting(*stmt);
    if (stmt->kind() == K::Retry && !anyRetry)
      anyRetry = stmt.get();
  }
  if (anyRetry && waits && kind == "objection") // elsewhere `retry` is misplaced already
    diags.report(DiagId::MisplacedStatement, anyRetry->range(), "retry",
                 "an objection that waits for a reply");
  for (const auto &stmt : body) {
    if (!isSequential(*stmt))
      continue;
    if (terminal) {
      diags.report(DiagId::StatementAfterEnd, stmt->range(), terminal->keyword().str())
          .notes.push_back({terminal->range(), "the call leaves here"});
      break;
    }
    if (wait && !qualifiesAsk(*wait, *stmt)) {
      diags.report(DiagId::StatementAfterWait, stmt->range(), stmt->keyword().str(),
                   wait->keyword().str())
          .notes.push_back({wait->range(), "the step waits here"});
      break;
    }
    if (isWaiting(*stmt))
      wait = stmt.get();
    if (isTerminal(*stmt))
      terminal = stmt.get();
  }
  if (terminal)
    return;
  if (wait && !routes)
    diags.report(DiagId::DeadEndStep, name.range, kind.str(), name.text,
                 "waits for the customer but routes no reply");
  else if (!wait && routes)
    diags.report(DiagId::DeadEndStep, name.range, kind.str(), name.text,
                 "has routes but never waits for a reply (add an 'ask')");
  else if (!wait)
    diags.report(DiagId::DeadEndStep, name.range, kind.str(), name.text,
                 "neither waits, goes on nor ends");
}

void checkFlowStructure(const FlowGraph &graph, DiagnosticEngine &diags) {
  std::vector<bool> reached = graph.reachable();
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    const FlowNode &node = graph.nodes()[i];
    if (node.kind == FlowNode::Kind::Step) {
      checkBodyEnds("step", node.step->name, node.step->body, diags);
      if (graph.start() >= 0 && !reached[i])
        diags.report(DiagId::UnreachableStep, node.range, "step", node.id);
    } else if (node.kind == FlowNode::Kind::Objection) {
      checkBodyEnds("objection", node.objection->name, node.objection->body, diags);
      if (graph.start() >= 0 && !reached[i])
        diags.report(DiagId::UnreachableStep, node.range, "objection", node.id);
    }
  }
}

} // namespace patter
