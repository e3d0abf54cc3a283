// The call as a graph: steps and objections as nodes, every way the call can move as an edge.
#pragma once

#include "Program.h"

#include "callflow/CallFlow.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringMap.h>

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
    Retry,     ///< back from an objection to the step that raised it (`to` is kRaiser)
    Exhausted, ///< retention budget spent
  };
  /// `to` of an edge that returns to the step a handler interrupted (`resume`).
  static constexpr int kResume = -2;
  /// `to` of a `retry` edge: back to whichever step raised the objection. Only a step that
  /// asks the customer can raise one (FlowGraph::askingSteps()).
  static constexpr int kRaiser = -3;

  Kind kind;
  std::string label; ///< event, result or objection name
  int to = -1;       ///< node index, -1 when the edge ends the call, kResume or kRaiser
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
  /// Asks a consent question (`confirm`, `verify owner`): objections apply there only where
  /// the step routes them itself, as the runtime reads replies (docs/RUNTIME.md).
  bool consentQuestion = false;
  /// The node's own edges, from its body: routes, gotos, results, ends, `exhausted`, `retry`.
  /// The interruptions every waiting step shares are not repeated here: FlowGraph::edges()
  /// lists both.
  std::vector<FlowEdge> edges;
  /// What the node does, as the flow the compiler ships holds it (FlowGraph::attach): the
  /// checks read its actions from here, so they judge what the runtime will run.
  const callflow::Node *lowered = nullptr;
  std::vector<const ast::Stmt *> origins; ///< the statement of each of `lowered`'s actions
};

/// The graph stays linear in the campaign: "any objection keyword or handled event may
/// interrupt a waiting step" is one shared edge list, not a copy per step, and `retry` is one
/// edge to kRaiser, not one per step that could have raised the objection.
class FlowGraph {
public:
  explicit FlowGraph(const Program &program);

  const std::vector<FlowNode> &nodes() const { return nodes_; }
  int start() const { return start_; }
  /// The node of that kind and id, or -1.
  int find(FlowNode::Kind kind, llvm::StringRef id) const;

  /// Every edge out of node `n`, in order: its own edges, then (for a step or handler step
  /// that waits) the objection keywords and handled events that may interrupt it.
  auto edges(int n) const {
    return llvm::concat<const FlowEdge>(llvm::ArrayRef<FlowEdge>(nodes_[n].edges),
                                        interruptions(nodes_[n]));
  }
  /// The interruptions alone: keyword and handler edges for a step that asks the customer (the
  /// handler edges alone at a consent question), the `hangup` handler for one that waits for a
  /// host call, none otherwise.
  llvm::ArrayRef<FlowEdge> interruptions(const FlowNode &node) const;

  /// The edges of the campaign's effective handlers (Program::effectiveHandlers), in its order.
  llvm::ArrayRef<FlowEdge> handlerEdges() const {
    return llvm::ArrayRef<FlowEdge>(askInterruptions_).drop_front(keywordEdges_);
  }

  /// The steps (kind Step) that ask the customer, in node order: where `retry` may return.
  const std::vector<int> &askingSteps() const { return askingSteps_; }

  /// Gives every node the node of `flow` lowered from it (compiler/emit/LowerFlow) and the
  /// statements its actions came from (`origins`, by node). `flow` must outlive the graph.
  void attach(const callflow::CallFlow &flow, std::vector<std::vector<const ast::Stmt *>> origins);

  /// Nodes reachable from `start`, as a mask over nodes().
  std::vector<bool> reachable() const;

private:
  void addBodyEdges(FlowNode &node, const ast::StmtList &body, const ast::Handlers *module);
  int resolve(const ast::Target &target, const ast::Handlers *module, FlowEdge &edge) const;
  FlowEdge handlerEdge(llvm::StringRef event, const ast::RouteStmt &route,
                       const ast::Handlers *module) const;

  std::vector<FlowNode> nodes_;
  /// Node index by id, one map per FlowNode::Kind.
  llvm::StringMap<int> index_[3];
  /// The objection keywords, then the handlers (keywordEdges_ of the first).
  std::vector<FlowEdge> askInterruptions_, hostInterruptions_;
  size_t keywordEdges_ = 0;
  std::vector<int> askingSteps_;
  int start_ = -1;
};

} // namespace patter
