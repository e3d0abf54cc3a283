// What the path checks read off a flow node: its statements, its spoken texts, and how a
// diagnostic's `path:` notes name nodes and edges.
#pragma once

#include "FlowGraph.h"
#include "WordingText.h" // spokenText

#include <string>

namespace patter {

/// Whether the node's body holds a statement of that kind.
bool has(const FlowNode &node, ast::Stmt::Kind kind);
const ast::StmtList &bodyOf(const FlowNode &node);
/// "step 'pitch'", "objection 'wifi'", "handler step 'std.soothe'".
std::string nodeLabel(const FlowNode &node);
/// How the call leaves by the edge: "on no", "goto", "result sufficient", ...
std::string edgeLabel(const FlowEdge &e);

} // namespace patter
