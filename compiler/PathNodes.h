// What the path checks read off a flow node: its statements, its spoken texts, and how a
// diagnostic's `path:` notes name nodes and edges.
#pragma once

#include "FlowGraph.h"

#include <string>

namespace patter {

/// Whether the node's body holds a statement of that kind.
bool has(const FlowNode &node, ast::Stmt::Kind kind);
const ast::StmtList &bodyOf(const FlowNode &node);
/// The text of a `say` or `ask`, or null.
const ast::Text *spokenText(const ast::Stmt &s);
/// "step 'pitch'", "objection 'wifi'", "handler step 'std.soothe'".
std::string nodeLabel(const FlowNode &node);
/// How the call leaves by the edge: "on no", "goto", "result sufficient", ...
std::string edgeLabel(const FlowEdge &e);

} // namespace patter
