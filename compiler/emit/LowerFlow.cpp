// Lowering: the checked program, its offer and policy settings into one callflow::CallFlow.
#include "LowerFlow.h"
#include "Retention.h"

#include "patter/identity.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/StringMap.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace patter {

namespace cf = callflow;

namespace {

/// Entries keyed by names from the script (events, results, facts, counters): sorted, as the
/// file's keys are, and the last of equal keys kept. A clean campaign has no equal keys (E0112
/// and its family); a review draft may.
template <typename T> void sortLastWins(std::vector<std::pair<std::string, T>> &entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  size_t kept = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first)
      continue;
    if (kept != i)
      entries[kept] = std::move(entries[i]);
    ++kept;
  }
  entries.resize(kept);
}

std::vector<cf::Route> toRoutes(std::vector<std::pair<std::string, cf::Target>> entries) {
  sortLastWins(entries);
  std::vector<cf::Route> routes;
  routes.reserve(entries.size());
  for (auto &[event, target] : entries)
    routes.push_back({std::move(event), std::move(target)});
  return routes;
}

bool isAction(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() != K::Goto && s.kind() != K::Route && s.kind() != K::Retry &&
         s.kind() != K::Exhausted && s.kind() != K::Waiver;
}

/// A fact's amount as the JSON number the file holds: an integer stays integral, anything
/// else (a decimal, or digits too long for an integer) is a double as nlohmann/json spells it.
std::string amountNumber(const std::string &digits) {
  try {
    if (digits.find('.') == std::string::npos)
      return std::to_string(std::stoll(digits));
  } catch (const std::out_of_range &) {
  }
  return nlohmann::json(std::strtod(digits.c_str(), nullptr)).dump();
}

class Lowering {
public:
  Lowering(const Program &program, const TemplateScope &templates, const PolicySettings &settings,
           const Replies &replies, FlowGraph &graph, const SourceManager &sources)
      : program_(program), templates_(templates), settings_(settings), replies_(replies),
        graph_(graph), sources_(sources), origins_(graph.nodes().size()) {}

  void lower(const std::vector<TypedFact> &offer, cf::CallFlow &flow);

private:
  /// Numbers the source files and lists the waivers in the order the format has always used
  /// (clauses, steps, handler steps, objections; within a body, statement by statement).
  void collectFilesAndWaivers();
  void noteFile(SourceRange range);
  void noteBody(const ast::StmtList &stmts, const std::string &owner);
  void numberNodes();
  void markPitches(cf::CallFlow &flow) const;

  cf::Source source(SourceRange range) const {
    return {fileIndex_.lookup(range.begin.file), range.begin.line, range.begin.column};
  }
  cf::Target target(const ast::Target &t, const ast::Handlers *module) const;
  cf::Target target(const FlowEdge &edge, const ast::Target &written,
                    const ast::Handlers *module) const;
  cf::Action action(const ast::Stmt &stmt);
  cf::Node node(size_t graphNode, const ast::StmtList &stmts, const ast::Handlers *module,
                const std::vector<ast::Text> *keywords);
  cf::Policy policy() const;
  cf::Identity identity() const;
  cf::Replies lowerReplies() const;
  std::vector<cf::Route> handlers() const;

  const Program &program_;
  const TemplateScope &templates_;
  const PolicySettings &settings_;
  const Replies &replies_;
  FlowGraph &graph_;
  const SourceManager &sources_;
  /// By graph node, the statement of each action lowered: what FlowGraph::attach is given.
  std::vector<std::vector<const ast::Stmt *>> origins_;
  llvm::StringMap<size_t> pathIndex_;
  llvm::DenseMap<uint32_t, uint64_t> fileIndex_; ///< file id to its index in `sources`
  std::vector<std::string> paths_;
  std::vector<cf::Waiver> waivers_;
  /// The index of each step (campaign steps, then handler steps by qualified name) and each
  /// objection, the first of an id winning as the checks' FlowGraph decides.
  llvm::StringMap<cf::Index> stepIndex_, objectionIndex_;
};

void Lowering::noteFile(SourceRange range) {
  if (fileIndex_.count(range.begin.file))
    return;
  std::string_view path = sources_.path(range.begin.file);
  auto [it, inserted] = pathIndex_.try_emplace(path, paths_.size());
  if (inserted)
    paths_.emplace_back(path);
  fileIndex_[range.begin.file] = it->second;
}

void Lowering::noteBody(const ast::StmtList &stmts, const std::string &owner) {
  auto waiver = [&](const ast::Waiver &w) {
    noteFile(w.rule.range);
    waivers_.push_back({w.rule.text, w.reason.value, owner, source(w.rule.range)});
  };
  for (const auto &stmt : stmts) {
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()); say && say->waiver)
      waiver(*say->waiver);
    else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()); ask && ask->waiver)
      waiver(*ask->waiver);
    if (const auto *w = llvm::dyn_cast<ast::WaiverStmt>(stmt.get()))
      waiver(w->waiver);
    if (isAction(*stmt))
      noteFile(stmt->range());
  }
}

void Lowering::collectFilesAndWaivers() {
  for (const auto &[name, clause] : program_.clauses) {
    noteFile(clause->name.range);
    if (const auto &w = clause->waiver) {
      noteFile(w->rule.range);
      waivers_.push_back({w->rule.text, w->reason.value, "clauses." + name.str(),
                          source(w->rule.range)});
    }
  }
  for (const auto &[name, s] : program_.steps) {
    noteFile(s->name.range);
    noteBody(s->body, name.str());
  }
  for (const HandlerStep &h : program_.handlerSteps) {
    noteFile(h.step->name.range);
    noteBody(h.step->body, h.qualifiedName);
  }
  for (const auto &[name, o] : program_.objections) {
    noteFile(o->name.range);
    noteBody(o->body, "objection." + name.str());
  }
}

void Lowering::numberNodes() {
  cf::Index n = 0;
  for (const auto &entry : program_.steps)
    stepIndex_.try_emplace(entry.first, n++);
  for (const HandlerStep &h : program_.handlerSteps)
    stepIndex_.try_emplace(h.qualifiedName, n++);
  n = 0;
  for (const auto &entry : program_.objections)
    objectionIndex_.try_emplace(entry.first, n++);
}

cf::Target Lowering::target(const ast::Target &t, const ast::Handlers *module) const {
  auto node = [](const llvm::StringMap<cf::Index> &index, const std::string &id) {
    auto it = index.find(id);
    return it == index.end() ? cf::kUnresolved : it->second;
  };
  switch (t.kind) {
  case ast::Target::Kind::Step: {
    std::string id = module ? module->name.text + "." + t.name.text : t.name.text;
    cf::Index n = node(stepIndex_, id);
    return {cf::Target::Kind::Step, n, std::move(id)};
  }
  case ast::Target::Kind::Objection:
    return {cf::Target::Kind::Objection, node(objectionIndex_, t.name.text), t.name.text};
  case ast::Target::Kind::End:
    return {cf::Target::Kind::End, cf::kUnresolved, t.name.text};
  case ast::Target::Kind::Resume:
    break;
  }
  return {cf::Target::Kind::Resume, cf::kUnresolved, {}};
}

/// Where the checks' graph says `edge` leads: the node it resolved, or back to the interrupted
/// step. An edge that ends the call, or names no node (a review draft), keeps the target as
/// written.
cf::Target Lowering::target(const FlowEdge &edge, const ast::Target &written,
                            const ast::Handlers *module) const {
  if (edge.to == FlowEdge::kResume)
    return {cf::Target::Kind::Resume, cf::kUnresolved, {}};
  if (edge.to < 0)
    return target(written, module);
  const FlowNode &to = graph_.nodes()[static_cast<size_t>(edge.to)];
  if (to.kind == FlowNode::Kind::Objection)
    return {cf::Target::Kind::Objection, objectionIndex_.lookup(to.id), to.id};
  return {cf::Target::Kind::Step, stepIndex_.lookup(to.id), to.id};
}

cf::Action Lowering::action(const ast::Stmt &stmt) {
  cf::Action a;
  a.source = source(stmt.range());
  if (const auto *say = llvm::dyn_cast<ast::SayStmt>(&stmt)) {
    a.op = cf::Op::Say;
    a.text = templates_.expand(say->text.value);
  } else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(&stmt)) {
    a.op = cf::Op::Ask;
    a.text = templates_.expand(ask->text.value);
  } else if (const auto *d = llvm::dyn_cast<ast::DiscloseStmt>(&stmt)) {
    a.op = cf::Op::Disclose;
    for (const ast::Name &c : d->clauses)
      a.clauses.push_back(c.text);
  } else if (llvm::isa<ast::VerifyStmt>(&stmt)) {
    a.op = cf::Op::VerifyOwner;
  } else if (llvm::isa<ast::ConfirmStmt>(&stmt)) {
    a.op = cf::Op::Confirm;
  } else if (llvm::isa<ast::RegisterStmt>(&stmt)) {
    a.op = cf::Op::Register;
  } else if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(&stmt)) {
    a.op = cf::Op::Invoke;
    a.name = inv->name.text; // its results: Lowering::node, from the graph
  } else if (const auto *end = llvm::dyn_cast<ast::EndStmt>(&stmt)) {
    a.op = cf::Op::End;
    a.outcome = end->outcome.text;
  }
  return a;
}

/// The node of the graph's node `graphNode`, whose body is `stmts`. Every route, goto, result
/// and `exhausted` leads where the graph the checks walked says it does: the body's statements
/// and the node's own edges are read side by side, edge by edge, as FlowGraph wrote them.
cf::Node Lowering::node(size_t graphNode, const ast::StmtList &stmts, const ast::Handlers *module,
                        const std::vector<ast::Text> *keywords) {
  const FlowNode &from = graph_.nodes()[graphNode];
  cf::Node n;
  n.id = from.id;
  n.source = source(from.range);
  size_t edge = 0;
  auto edgeOf = [&](FlowEdge::Kind kind) -> const FlowEdge & {
    if (edge >= from.edges.size() || from.edges[edge].kind != kind)
      throw std::logic_error("the flow graph and the lowering read the body of '" + from.id +
                             "' differently");
    return from.edges[edge++];
  };
  // What the statements set on the node; a later statement overwrites an earlier one.
  bool retry = false;
  // Past an `end`, `goto` or `retry` the call has left the node: nothing after runs (W0303),
  // and the flow holds only what a call can say and do.
  bool left = false;
  std::vector<std::pair<std::string, cf::Target>> routes;
  for (const auto &stmt : stmts) {
    if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get())) {
      n.next = target(edgeOf(FlowEdge::Kind::Goto), go->target, module);
      left = true;
      continue;
    }
    if (const auto *ex = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get())) {
      n.exhausted = target(edgeOf(FlowEdge::Kind::Exhausted), ex->target, module);
      continue;
    }
    if (llvm::isa<ast::RetryStmt>(stmt.get())) {
      retry = true;
      left = true;
      continue;
    }
    if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get())) {
      for (const ast::Name &event : route->events)
        routes.push_back({event.text, target(edgeOf(FlowEdge::Kind::Route), route->target, module)});
      continue;
    }
    if (!isAction(*stmt))
      continue;
    cf::Action a = action(*stmt);
    if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(stmt.get())) {
      std::vector<std::pair<std::string, cf::Target>> results;
      for (const ast::InvokeResult &r : inv->results)
        results.push_back({r.result.text, target(edgeOf(FlowEdge::Kind::Result), r.target, module)});
      a.results = toRoutes(std::move(results));
    } else if (llvm::isa<ast::EndStmt>(stmt.get())) {
      edgeOf(FlowEdge::Kind::Goto); // the graph's edge out of the call
    }
    if (!left) {
      left = a.op == cf::Op::End;
      n.actions.push_back(std::move(a));
      origins_[graphNode].push_back(stmt.get());
    }
  }
  // Past the body's edges only an objection's `retry` remains, which names no node.
  while (edge < from.edges.size())
    edgeOf(FlowEdge::Kind::Retry);
  n.routes = toRoutes(std::move(routes));
  // An objection always says whether it retries; a step only if it does.
  if (retry || keywords)
    n.retry = retry;
  if (keywords) {
    n.keywords.emplace();
    for (const ast::Text &k : *keywords)
      n.keywords->push_back(k.value);
  }
  return n;
}

cf::Policy Lowering::policy() const {
  cf::Policy p;
  std::vector<std::pair<std::string, uint64_t>> limits;
  if (const ast::Policy *policy = program_.policy) {
    p.id = policy->name.text;
    for (const ast::PolicyLimit &l : policy->limits)
      limits.push_back({l.counter.text, l.value});
    for (const ast::Name &r : policy->required)
      p.mandatory.push_back(r.text);
  }
  sortLastWins(limits);
  p.limits = std::move(limits);
  p.recording = settings_.recording;
  p.waitPhrase = settings_.waitPhrase;
  // Timing is for the dialer and the runtime's callbacks: there only when the policy sets it.
  if (!settings_.timing.empty()) {
    std::vector<std::pair<std::string, uint64_t>> timing(settings_.timing.begin(),
                                                         settings_.timing.end());
    sortLastWins(timing);
    p.timing = std::move(timing);
  }
  return p;
}

/// The policy's identity hashes its whole file; the lexicon's, the lines of its entries in order.
/// A flow with no policy has the identity of no bytes for both.
cf::Identity Lowering::identity() const {
  std::string policyText, lexiconText;
  if (const ast::Policy *p = program_.policy) {
    policyText = sources_.text(p->range.begin.file);
    for (const ast::LexiconEntry &e : p->entries)
      for (uint32_t line = e.range.begin.line; line <= e.range.end.line; ++line) {
        lexiconText += sources_.lineText(e.range.begin.file, line);
        lexiconText += '\n';
      }
  }
  return {{}, sha256Identity(policyText), sha256Identity(lexiconText)};
}

cf::Replies Lowering::lowerReplies() const {
  cf::Replies r;
  for (size_t c = 0; c < kWordClassCount; ++c)
    r.classes.push_back({std::string(toString(static_cast<WordClass>(c))),
                         replies_.vocabulary.words[c]});
  std::sort(r.classes.begin(), r.classes.end());
  for (size_t i = 0; i < kRuntimeLineCount; ++i)
    if (replies_.lines[i])
      r.lines.push_back({runtimeLineName(static_cast<RuntimeLine>(i)).str(),
                         replies_.lines[i]->value});
  std::sort(r.lines.begin(), r.lines.end());
  return r;
}

std::vector<cf::Route> Lowering::handlers() const {
  std::vector<std::pair<std::string, cf::Target>> handlers;
  // The graph's handler edges are the effective handlers, in the same order.
  std::vector<EffectiveHandler> effective = program_.effectiveHandlers();
  llvm::ArrayRef<FlowEdge> edges = graph_.handlerEdges();
  if (edges.size() != effective.size())
    throw std::logic_error("the flow graph and the lowering see different handlers");
  for (size_t i = 0; i < edges.size(); ++i)
    handlers.push_back({edges[i].label, target(edges[i], effective[i].route->target, effective[i].module)});
  return toRoutes(std::move(handlers));
}

/// The pitches (R08) as the path search counts them, found on the attached flow's actions.
void Lowering::markPitches(cf::CallFlow &flow) const {
  std::vector<bool> pitch = pitchNodes(graph_, settings_);
  size_t step = 0, objection = 0;
  for (size_t n = 0; n < pitch.size(); ++n) {
    cf::Node &node = graph_.nodes()[n].kind == FlowNode::Kind::Objection
                         ? flow.objections[objection++]
                         : flow.steps[step++];
    node.pitch = pitch[n];
  }
}

void Lowering::lower(const std::vector<TypedFact> &offer, cf::CallFlow &flow) {
  collectFilesAndWaivers();
  numberNodes();
  const ast::Campaign &c = *program_.campaign;
  flow.campaign.id = c.name.text;
  flow.campaign.title = program_.title.str();
  flow.campaign.channel = program_.channel.empty() ? "outbound" : program_.channel.str();
  if (program_.policy)
    flow.campaign.policy = program_.policy->name.text;
  flow.policy = policy();

  std::vector<std::pair<std::string, cf::Fact>> facts;
  for (const TypedFact &f : offer) {
    using T = TypedFact::Type;
    cf::Fact fact;
    fact.type = f.type == T::Text    ? cf::Fact::Type::Text
                : f.type == T::Enum  ? cf::Fact::Type::Enum
                : f.type == T::Money ? cf::Fact::Type::Money
                                     : cf::Fact::Type::Duration;
    if (f.type == T::Money || f.type == T::Duration) {
      fact.amount = amountNumber(f.amount);
      fact.unit = f.unit;
      if (f.type == T::Money && !f.per.empty())
        fact.per = f.per;
    } else {
      fact.value = f.text;
    }
    facts.push_back({f.name, std::move(fact)});
  }
  sortLastWins(facts);
  flow.offer = std::move(facts);

  for (const auto &[name, clause] : program_.clauses)
    flow.clauses.push_back({name.str(), templates_.expand(clause->text.value),
                            source(clause->name.range)});
  if (program_.start)
    if (auto it = stepIndex_.find(program_.start->name.text); it != stepIndex_.end())
      flow.start = it->second;
  // The graph numbers the campaign's steps, then its objections, then the handler steps.
  size_t graphNode = 0;
  for (const auto &entry : program_.steps)
    flow.steps.push_back(node(graphNode++, entry.second->body, nullptr, nullptr));
  for (const auto &entry : program_.objections)
    flow.objections.push_back(
        node(graphNode++, entry.second->body, nullptr, &entry.second->keywords));
  for (const HandlerStep &h : program_.handlerSteps)
    flow.steps.push_back(node(graphNode++, h.step->body, h.module, nullptr));
  flow.handlers = handlers();
  flow.identity = identity();
  if (replies_.any)
    flow.replies = lowerReplies();
  flow.waivers = std::move(waivers_);
  flow.sources = std::move(paths_);
  graph_.attach(flow, std::move(origins_));
  markPitches(flow);
}

} // namespace

void lowerFlow(const Program &program, const std::vector<TypedFact> &offer,
               const TemplateScope &templates, const PolicySettings &settings,
               const Replies &replies, FlowGraph &graph, const SourceManager &sources,
               cf::CallFlow &flow) {
  Lowering(program, templates, settings, replies, graph, sources).lower(offer, flow);
}

} // namespace patter
