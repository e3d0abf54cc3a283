// What the checks read off a flow node: its actions as the shipped flow holds them, with the
// statements they came from, and how a diagnostic's `path:` notes name nodes and edges.
#pragma once

#include "FlowGraph.h"
#include "WordingText.h" // spokenText

#include <string>

namespace patter {

/// The node's actions as the lowered flow holds them (nothing after an `end`, `goto` or
/// `retry`: the call has left), each beside the statement it came from:
/// `for (auto [action, stmt] : actionsOf(node))`.
inline auto actionsOf(const FlowNode &node) {
  return llvm::zip(node.lowered->actions, node.origins);
}
/// Whether one of the node's actions is `op`.
bool does(const FlowNode &node, callflow::Op op);
/// Whether the flow has the node retry (an objection's `retry`).
bool retries(const FlowNode &node);
/// The node's question, its last `say` or `ask`, and its statement; nulls if it says nothing.
struct Question {
  const callflow::Action *action = nullptr;
  const ast::Stmt *stmt = nullptr;
};
Question questionOf(const FlowNode &node);
/// "step 'pitch'", "objection 'wifi'", "handler step 'std.soothe'".
std::string nodeLabel(const FlowNode &node);
/// How the call leaves by the edge: "on no", "goto", "result sufficient", ...
std::string edgeLabel(const FlowEdge &e);

} // namespace patter
