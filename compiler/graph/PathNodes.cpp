#include "PathNodes.h"

namespace patter {

bool has(const FlowNode &node, ast::Stmt::Kind kind) {
  const ast::StmtList &body = node.step ? node.step->body : node.objection->body;
  for (const auto &s : body)
    if (s->kind() == kind)
      return true;
  return false;
}

const ast::StmtList &bodyOf(const FlowNode &node) {
  return node.step ? node.step->body : node.objection->body;
}

std::string nodeLabel(const FlowNode &node) {
  switch (node.kind) {
  case FlowNode::Kind::Step: return "step '" + node.id + "'";
  case FlowNode::Kind::Objection: return "objection '" + node.id + "'";
  case FlowNode::Kind::HandlerStep: return "handler step '" + node.id + "'";
  }
  return node.id;
}

std::string edgeLabel(const FlowEdge &e) {
  switch (e.kind) {
  case FlowEdge::Kind::Route: return "on " + e.label;
  case FlowEdge::Kind::Goto: return "goto";
  case FlowEdge::Kind::Result: return "result " + e.label;
  case FlowEdge::Kind::Keyword: return "the customer raises '" + e.label + "'";
  case FlowEdge::Kind::Handler: return "on " + e.label + " (handler)";
  case FlowEdge::Kind::Retry: return "retry";
  case FlowEdge::Kind::Exhausted: return "retention spent";
  }
  return "";
}

} // namespace patter
