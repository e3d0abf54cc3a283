// Unreachable steps (W0301), stalled steps (E0302) and statements after the end (W0303).
#include "FlowChecks.h"

namespace patter {

namespace {

/// Statements that run in sequence when a step is entered (routes and waivers are
/// declarations, not part of the sequence).
bool isSequential(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() != K::Route && s.kind() != K::Waiver && s.kind() != K::Exhausted;
}

bool isTerminal(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() == K::End || s.kind() == K::Goto || s.kind() == K::Retry;
}

bool routes(const ast::Stmt &s) {
  if (llvm::isa<ast::RouteStmt>(s))
    return true;
  if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(&s))
    return !inv->results.empty();
  return false;
}

} // namespace

void checkBodyEnds(llvm::StringRef kind, const ast::Name &name, const ast::StmtList &body,
                   DiagnosticEngine &diags) {
  bool continues = false;
  const ast::Stmt *terminal = nullptr;
  for (const auto &stmt : body) {
    if (terminal && isSequential(*stmt)) {
      diags.report(DiagId::StatementAfterEnd, stmt->range(), terminal->keyword().str())
          .notes.push_back({terminal->range(), "the call leaves here"});
      break;
    }
    if (isTerminal(*stmt))
      terminal = stmt.get();
    continues |= isTerminal(*stmt) || routes(*stmt);
  }
  if (!continues)
    diags.report(DiagId::DeadEndStep, name.range, kind.str(), name.text);
}

void checkFlowStructure(const FlowGraph &graph, DiagnosticEngine &diags) {
  std::vector<bool> reached = graph.reachable();
  for (size_t i = 0; i < graph.nodes().size(); ++i) {
    const FlowNode &node = graph.nodes()[i];
    if (node.kind == FlowNode::Kind::Step) {
      checkBodyEnds("step", node.step->name, node.step->body, diags);
      if (graph.start() >= 0 && !reached[i])
        diags.report(DiagId::UnreachableStep, node.range, node.id);
    } else if (node.kind == FlowNode::Kind::Objection) {
      checkBodyEnds("objection", node.objection->name, node.objection->body, diags);
    }
  }
}

} // namespace patter
