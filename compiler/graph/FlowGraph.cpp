// Builds the flow graph of a resolved campaign, in time and space linear in the campaign.
#include "FlowGraph.h"

#include <llvm/ADT/SmallPtrSet.h>

namespace patter {

namespace {

bool isWaiting(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() == K::Ask || s.kind() == K::Verify || s.kind() == K::Confirm ||
         s.kind() == K::Invoke;
}

} // namespace

int FlowGraph::find(FlowNode::Kind kind, llvm::StringRef id) const {
  const llvm::StringMap<int> &index = index_[static_cast<int>(kind)];
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

llvm::ArrayRef<FlowEdge> FlowGraph::interruptions(const FlowNode &node) const {
  if (!node.waits || node.kind == FlowNode::Kind::Objection)
    return {};
  if (!node.asks)
    return hostInterruptions_;
  return node.consentQuestion ? handlerEdges() : llvm::ArrayRef<FlowEdge>(askInterruptions_);
}

int FlowGraph::resolve(const ast::Target &target, const ast::Handlers *module,
                       FlowEdge &edge) const {
  switch (target.kind) {
  case ast::Target::Kind::Step:
    if (module)
      return find(FlowNode::Kind::HandlerStep, module->name.text + "." + target.name.text);
    return find(FlowNode::Kind::Step, target.name.text);
  case ast::Target::Kind::Objection:
    return find(FlowNode::Kind::Objection, target.name.text);
  case ast::Target::Kind::End:
    edge.outcome = target.name.text;
    return -1;
  case ast::Target::Kind::Resume:
    return FlowEdge::kResume; // back to whichever step was interrupted
  }
  return -1;
}

FlowEdge FlowGraph::handlerEdge(llvm::StringRef event, const ast::RouteStmt &route,
                                const ast::Handlers *module) const {
  FlowEdge edge{FlowEdge::Kind::Handler, event.str(), -1, {}, route.range()};
  edge.to = resolve(route.target, module, edge);
  return edge;
}

void FlowGraph::addBodyEdges(FlowNode &node, const ast::StmtList &body,
                             const ast::Handlers *module) {
  auto add = [&](FlowEdge::Kind kind, std::string label, const ast::Target &target) {
    FlowEdge edge{kind, std::move(label), -1, {}, target.range};
    edge.to = resolve(target, module, edge);
    node.edges.push_back(std::move(edge));
  };
  for (const auto &stmt : body) {
    node.waits |= isWaiting(*stmt);
    node.asks |= isWaiting(*stmt) && stmt->kind() != ast::Stmt::Kind::Invoke;
    node.consentQuestion |=
        stmt->kind() == ast::Stmt::Kind::Verify || stmt->kind() == ast::Stmt::Kind::Confirm;
    if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get())) {
      for (const ast::Name &event : route->events)
        add(FlowEdge::Kind::Route, event.text, route->target);
    } else if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get())) {
      add(FlowEdge::Kind::Goto, "", go->target);
    } else if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(stmt.get())) {
      for (const ast::InvokeResult &r : inv->results)
        add(FlowEdge::Kind::Result, r.result.text, r.target);
    } else if (const auto *ex = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get())) {
      add(FlowEdge::Kind::Exhausted, "", ex->target);
    } else if (const auto *end = llvm::dyn_cast<ast::EndStmt>(stmt.get())) {
      node.edges.push_back(
          {FlowEdge::Kind::Goto, "", -1, end->outcome.text, end->range()});
    }
  }
  // `retry` returns to whichever step raised the objection; the edge names no step, so that
  // an objection costs one edge however many steps ask.
  if (node.kind == FlowNode::Kind::Objection)
    for (const auto &stmt : body)
      if (llvm::isa<ast::RetryStmt>(stmt.get()))
        node.edges.push_back({FlowEdge::Kind::Retry, "", FlowEdge::kRaiser, {}, stmt->range()});
}

FlowGraph::FlowGraph(const Program &program) {
  nodes_.reserve(program.steps.size() + program.objections.size() +
                 program.handlerSteps.size());
  for (const auto &[name, step] : program.steps)
    nodes_.push_back(
        {FlowNode::Kind::Step, name.str(), step, nullptr, step->name.range, false, false, false, {}, nullptr, {}});
  for (const auto &[name, objection] : program.objections)
    nodes_.push_back({FlowNode::Kind::Objection, name.str(), nullptr, objection,
                      objection->name.range, false, false, false, {}, nullptr, {}});
  for (const HandlerStep &h : program.handlerSteps)
    nodes_.push_back({FlowNode::Kind::HandlerStep, h.qualifiedName, h.step, nullptr,
                      h.step->name.range, false, false, false, {}, nullptr, {}});
  // The first node of a kind and id wins, as a front-to-back search would find it.
  for (size_t i = 0; i < nodes_.size(); ++i)
    index_[static_cast<int>(nodes_[i].kind)].try_emplace(nodes_[i].id, static_cast<int>(i));

  for (size_t i = 0; i < nodes_.size(); ++i) {
    FlowNode &node = nodes_[i];
    const ast::Handlers *module = nullptr;
    if (node.kind == FlowNode::Kind::HandlerStep)
      module = program.handlerSteps[i - program.steps.size() - program.objections.size()].module;
    addBodyEdges(node, node.step ? node.step->body : node.objection->body, module);
    if (node.asks && node.kind == FlowNode::Kind::Step)
      askingSteps_.push_back(static_cast<int>(i));
  }

  // A step that asks can be interrupted by any objection keyword and any handled event; a
  // step that waits only for a host call hears no customer, only `hangup`.
  for (const auto &[name, objection] : program.objections)
    if (!objection->keywords.empty())
      askInterruptions_.push_back({FlowEdge::Kind::Keyword, name.str(),
                                   find(FlowNode::Kind::Objection, name), {},
                                   objection->name.range});
  keywordEdges_ = askInterruptions_.size();
  for (const EffectiveHandler &h : program.effectiveHandlers()) {
    askInterruptions_.push_back(handlerEdge(h.event, *h.route, h.module));
    if (h.event == llvm::StringRef(vocab::eventName(vocab::Event::Hangup)))
      hostInterruptions_.push_back(askInterruptions_.back());
  }

  if (program.start)
    start_ = find(FlowNode::Kind::Step, program.start->name.text);
}

void FlowGraph::attach(const callflow::CallFlow &flow,
                       std::vector<std::vector<const ast::Stmt *>> origins) {
  // The flow lists the campaign's steps and then the handler steps, then the objections apart;
  // the graph numbers steps, objections, handler steps: the same nodes in each kind's order.
  size_t step = 0, objection = 0;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    FlowNode &node = nodes_[n];
    node.lowered = node.kind == FlowNode::Kind::Objection ? &flow.objections.at(objection++)
                                                          : &flow.steps.at(step++);
    node.origins = std::move(origins.at(n));
  }
}

std::vector<bool> FlowGraph::reachable() const {
  std::vector<bool> seen(nodes_.size(), false);
  if (start_ < 0)
    return seen;
  std::vector<int> work{start_};
  seen[start_] = true;
  llvm::SmallPtrSet<const FlowEdge *, 2> sharedFollowed;
  while (!work.empty()) {
    int n = work.back();
    work.pop_back();
    auto follow = [&](llvm::ArrayRef<FlowEdge> list) {
      // `retry` returns to the step that raised the objection, which was reached already; its
      // edge leads to kRaiser, not to a node, so the test on `to` leaves it out.
      for (const FlowEdge &e : list)
        if (e.to >= 0 && !seen[e.to]) {
          seen[e.to] = true;
          work.push_back(e.to);
        }
    };
    follow(nodes_[n].edges);
    // The interruptions every waiting step shares lead to the same nodes from each of them.
    llvm::ArrayRef<FlowEdge> shared = interruptions(nodes_[n]);
    if (!shared.empty() && sharedFollowed.insert(shared.data()).second)
      follow(shared);
  }
  return seen;
}

} // namespace patter
