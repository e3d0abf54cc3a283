#include "PathNodes.h"

namespace patter {

bool does(const FlowNode &node, callflow::Op op) {
  for (const callflow::Action &a : node.lowered->actions)
    if (a.op == op)
      return true;
  return false;
}

bool retries(const FlowNode &node) { return node.lowered->retry.value_or(false); }

Question questionOf(const FlowNode &node) {
  Question question;
  for (auto [action, stmt] : actionsOf(node))
    if (action.op == callflow::Op::Say || action.op == callflow::Op::Ask)
      question = {&action, stmt};
  return question;
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
