// The call as a graph: steps and objections as nodes, every way the call can move as an edge.
#pragma once

#include "Program.h"

#include <string>
#include <vector>

namespace patter {

struct FlowEdge {
  enum class Kind {
    Route,     ///< `on EVENT -> target` in the step
    Goto,      ///< `goto target`
    Result,    ///< a host-call result of `invoke`
    Keyword,   ///< a reply matching an objection's keywords
    Handler,   ///< an event handled at campaign or module level
    Retry,     ///< back from an objection to the step that asked
    Exhausted, ///< retention budget spent
  };
  /// `to` of an edge that returns to the step a handler interrupted (`resume`).
  static constexpr int kResume = -2;

  Kind kind;
  std::string label; ///< event, result or objection name
  int to = -1;       ///< node index, -1 when the edge ends the call, or kResume
  std::string outcome; ///< for edges that end the call
  SourceRange range;
};

struct FlowNode {
  enum class Kind { Step, Objection, HandlerStep };
  Kind kind;
  std::string id;
  const ast::Step *step = nullptr;           ///< Step and HandlerStep
  const ast::Objection *objection = nullptr; ///< Objection
  SourceRange range;                         ///< the name where it is declared
  bool waits = false;                        ///< has ask / verify owner / confirm / invoke
  bool asks = false;                         ///< waits for the customer, not only a host
  std::vector<FlowEdge> edges;
};

class FlowGraph {
public:
  explicit FlowGraph(const Program &program);

  const std::vector<FlowNode> &nodes() const { return nodes_; }
  int start() const { return start_; }
  int find(FlowNode::Kind kind, llvm::StringRef id) const;

  /// Nodes reachable from `start`, as a mask over nodes().
  std::vector<bool> reachable() const;

private:
  void addBodyEdges(FlowNode &node, const ast::StmtList &body, const ast::Handlers *module);
  int resolve(const ast::Target &target, const ast::Handlers *module, FlowEdge &edge) const;

  const Program &program_;
  std::vector<FlowNode> nodes_;
  int start_ = -1;
};

} // namespace patter
