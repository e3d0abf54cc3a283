// Builds the flow graph of a resolved campaign.
#include "FlowGraph.h"

namespace patter {

namespace {

bool isWaiting(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() == K::Ask || s.kind() == K::Verify || s.kind() == K::Confirm ||
         s.kind() == K::Invoke;
}

} // namespace

int FlowGraph::find(FlowNode::Kind kind, llvm::StringRef id) const {
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].kind == kind && nodes_[i].id == id)
      return static_cast<int>(i);
  return -1;
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
}

FlowGraph::FlowGraph(const Program &program) : program_(program) {
  for (const auto &[name, step] : program.steps)
    nodes_.push_back({FlowNode::Kind::Step, name.str(), step, nullptr, step->name.range, false, false, {}});
  for (const auto &[name, objection] : program.objections)
    nodes_.push_back(
        {FlowNode::Kind::Objection, name.str(), nullptr, objection, objection->name.range, false, false, {}});
  for (const HandlerStep &h : program.handlerSteps)
    nodes_.push_back({FlowNode::Kind::HandlerStep, h.qualifiedName, h.step, nullptr,
                      h.step->name.range, false, false, {}});

  for (size_t i = 0; i < nodes_.size(); ++i) {
    FlowNode &node = nodes_[i];
    const ast::Handlers *module = nullptr;
    if (node.kind == FlowNode::Kind::HandlerStep)
      module = program.handlerSteps[i - program.steps.size() - program.objections.size()].module;
    addBodyEdges(node, node.step ? node.step->body : node.objection->body, module);
  }

  // A step that waits can be interrupted by any objection keyword and any handled event.
  for (FlowNode &node : nodes_) {
    if (!node.waits || node.kind == FlowNode::Kind::Objection)
      continue;
    // Objections answer the customer: a host call's wait cannot raise one.
    for (const auto &[name, objection] : program.objections)
      if (node.asks && !objection->keywords.empty())
        node.edges.push_back({FlowEdge::Kind::Keyword, name.str(),
                              find(FlowNode::Kind::Objection, name), {},
                              objection->name.range});
    for (const auto &[event, route] : program.campaignHandlers) {
      if (!node.asks && event != "hangup") // a host call's wait hears no customer events
        continue;
      FlowEdge edge{FlowEdge::Kind::Handler, event.str(), -1, {}, route->range()};
      edge.to = resolve(route->target, nullptr, edge);
      node.edges.push_back(std::move(edge));
    }
    for (const auto &[event, handler] : program.importedHandlers) {
      if (program.campaignHandlers.count(event) || (!node.asks && event != "hangup"))
        continue;
      FlowEdge edge{FlowEdge::Kind::Handler, event.str(), -1, {}, handler.second->range()};
      edge.to = resolve(handler.second->target, handler.first, edge);
      node.edges.push_back(std::move(edge));
    }
  }

  // `retry` returns to whichever step raised the objection: every waiting step.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    FlowNode &node = nodes_[i];
    if (node.kind != FlowNode::Kind::Objection)
      continue;
    for (const auto &stmt : node.objection->body) {
      if (!llvm::isa<ast::RetryStmt>(stmt.get()))
        continue;
      for (size_t j = 0; j < nodes_.size(); ++j)
        if (nodes_[j].asks && nodes_[j].kind == FlowNode::Kind::Step)
          node.edges.push_back({FlowEdge::Kind::Retry, "", static_cast<int>(j), {},
                                stmt->range()});
    }
  }

  if (program.start)
    start_ = find(FlowNode::Kind::Step, program.start->name.text);
}

std::vector<bool> FlowGraph::reachable() const {
  std::vector<bool> seen(nodes_.size(), false);
  if (start_ < 0)
    return seen;
  std::vector<int> work{start_};
  seen[start_] = true;
  while (!work.empty()) {
    int n = work.back();
    work.pop_back();
    for (const FlowEdge &e : nodes_[n].edges)
      // `retry` returns to the step that raised the objection, which was reached already.
      if (e.to >= 0 && e.kind != FlowEdge::Kind::Retry && !seen[e.to]) {
        seen[e.to] = true;
        work.push_back(e.to);
      }
  }
  return seen;
}

} // namespace patter
