// Breadth-first search over (node, call state): the first state that breaks a rule at a
// statement is reached by a shortest path, which the diagnostic shows as notes.
#include "PathChecks.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallPtrSet.h>

#include <algorithm>
#include <deque>
#include <regex>
#include <set>
#include <tuple>

namespace patter {

namespace {

using K = ast::Stmt::Kind;

/// More states than this and the search stops: a bound on compile time for pathological
/// scripts. Real campaigns stay in the hundreds.
constexpr size_t kMaxStates = 200000;

/// What a path has done so far.
struct CallState {
  int node;
  uint32_t disclosed;  ///< bit per mandatory clause
  bool verified;       ///< the owner answered yes to `verify owner`
  bool consented;      ///< the last question was a `confirm` answered yes
  uint8_t waitsInARow; ///< wait phrases since the customer last spoke
  int returnTo;        ///< for objections and handler steps: the step they interrupted
  bool askedAgain;     ///< back by `retry`/`resume`: only the question is repeated
};

/// A call state packed without loss: the search keeps keys, not states, so two states must
/// never share one.
struct StateKey {
  uint64_t high, low;

  static StateKey of(const CallState &s) {
    return {uint64_t(uint32_t(s.node)) << 32 | uint32_t(s.returnTo + 1),
            uint64_t(s.disclosed) << 32 | uint64_t(s.waitsInARow) << 8 |
                uint64_t(s.askedAgain) << 2 | uint64_t(s.verified) << 1 | uint64_t(s.consented)};
  }
  bool operator==(const StateKey &o) const { return high == o.high && low == o.low; }
};

/// Hashes both halves on all their bits (LLVM's own hash of a 64-bit key keeps 32 bits of
/// `key * 37`, which once dropped the node index and made the search quadratic).
struct StateKeyInfo {
  static StateKey getEmptyKey() { return {~0ULL, ~0ULL}; }
  static StateKey getTombstoneKey() { return {~0ULL, ~0ULL - 1}; }
  static unsigned getHashValue(const StateKey &key) {
    uint64_t k = key.high * 0x9E3779B97F4A7C15ULL ^ key.low;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<unsigned>(k);
  }
  static bool isEqual(const StateKey &a, const StateKey &b) { return a == b; }
};

bool has(const FlowNode &node, K kind) {
  const ast::StmtList &body = node.step ? node.step->body : node.objection->body;
  for (const auto &s : body)
    if (s->kind() == kind)
      return true;
  return false;
}

const ast::StmtList &bodyOf(const FlowNode &node) {
  return node.step ? node.step->body : node.objection->body;
}

const ast::Text *spokenText(const ast::Stmt &s) {
  if (const auto *say = llvm::dyn_cast<ast::SayStmt>(&s))
    return &say->text;
  if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(&s))
    return &ask->text;
  return nullptr;
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

class PathSearch {
public:
  PathSearch(const ComplianceInputs &in, DiagnosticEngine &diags) : in_(in), diags_(diags) {
    const auto &nodes = in.graph.nodes();
    for (const FlowNode &n : nodes) {
      waits_.push_back(n.asks);
      verifies_.push_back(has(n, K::Verify));
      confirms_.push_back(has(n, K::Confirm));
    }
    for (const auto &[name, clause] : in.program.clauses)
      if (bits_.size() < 32)
        bits_.insert({name, static_cast<unsigned>(bits_.size())});
    if (in.program.policy) {
      for (const ast::Name &r : in.program.policy->required)
        if (auto it = bits_.find(r.text); it != bits_.end())
          allBits_ |= 1u << it->second;
    } else {
      for (const auto &[name, bit] : bits_)
        allBits_ |= 1u << bit;
    }
    findClaims();
    for (const FlowNode &n : nodes)
      effects_.push_back(effectsOf(n));
  }

  void run() {
    int start = in_.graph.start();
    if (start < 0)
      return;
    visit({start, 0, false, false, 0, -1, false}, -1, nullptr);
    while (!queue_.empty() && states_.size() < kMaxStates) {
      size_t index = queue_.front();
      queue_.pop_front();
      expand(index);
    }
  }

  /// Whether any path breaks a rule at some statement: the same states as `run` finds, less
  /// the step each interruption returns to, so no path to show. An objection or handler step
  /// is searched once per way in, not once per step it can interrupt: the steps that enter
  /// the same node in the same state form a group (all steps that share the keyword and
  /// handler interruptions, in one state, form one), the group is searched once, and every
  /// state it comes back with is handed to each of its steps. A campaign's steps times its
  /// objections becomes its steps plus its objections: a campaign that breaks no rule, the
  /// usual case, needs no more. True also past the state bound.
  bool anyViolation() {
    int start = in_.graph.start();
    if (start < 0)
      return false;
    probing_ = true;
    probeVisit({start, 0, false, false, 0, -1, false});
    for (size_t next = 0; next < probeStates_.size() && !violated_; ++next) {
      if (probeStates_.size() >= kMaxStates)
        violated_ = true;
      else
        probeExpand(next);
    }
    probing_ = false;
    return violated_;
  }

private:
  /// Steps that enter objections or handler steps the same way. In the probe, the `returnTo`
  /// of such a node's state is the index of its group, not a step.
  struct Group {
    bool asks = false;                ///< the steps ask the customer: `retry` goes back
    bool entered = false;             ///< its shared interruptions have been followed
    std::vector<int> callers;         ///< its steps, each once
    llvm::DenseSet<int> callerSet;
    std::vector<CallState> comebacks; ///< states an interruption returned with (node unset)
    llvm::DenseSet<StateKey, StateKeyInfo> comebackSet;
  };

  void probeVisit(CallState s) {
    s = settled(s);
    if (seen_.insert(StateKey::of(s)).second)
      probeStates_.push_back(s);
  }

  void probeExpand(size_t index) {
    CallState s = probeStates_[index];
    runBody(index, s);
    const FlowNode &node = in_.graph.nodes()[s.node];
    for (const FlowEdge &e : node.edges)
      probeFollow(s, node, e, -1);
    llvm::ArrayRef<FlowEdge> shared = in_.graph.interruptions(node);
    if (shared.empty())
      return;
    if (node.kind != FlowNode::Kind::Step) {
      for (const FlowEdge &e : shared)
        probeFollow(s, node, e, -1);
      return;
    }
    // Every step with these interruptions, left in this state, meets the same objections in
    // the same state: they are followed once per group.
    int tag = static_cast<int>(in_.graph.nodes().size()) + (node.asks ? 0 : 1);
    int group = enter(moved(s, shared.front(), s.node), s.node, tag);
    if (groups_[group].entered)
      return;
    groups_[group].entered = true;
    for (const FlowEdge &e : shared)
      probeFollow(s, node, e, group);
  }

  /// Follows `e` from `s`. An interruption entered from a step joins `group`, or (-1) the
  /// group of the steps that enter its node in the same state.
  void probeFollow(const CallState &s, const FlowNode &node, const FlowEdge &e, int group) {
    if (e.kind == FlowEdge::Kind::Retry || e.to == FlowEdge::kResume) {
      if (s.returnTo < 0 || (e.kind == FlowEdge::Kind::Retry && !groups_[s.returnTo].asks))
        return;
      comeBack(s.returnTo, moved(s, e, s.node));
      return;
    }
    if (e.to < 0)
      return;
    CallState next = moved(s, e, e.to);
    if (in_.graph.nodes()[e.to].kind != FlowNode::Kind::Step &&
        node.kind == FlowNode::Kind::Step)
      next.returnTo = group >= 0 ? group : enter(next, s.node, e.to);
    probeVisit(next);
  }

  /// The group of step `caller` left in state `s` for `tag` (a node, or a list of shared
  /// interruptions); the caller joins it and gets what the group has come back with so far.
  int enter(CallState s, int caller, int tag) {
    s.node = tag;
    s.returnTo = asksCustomer(caller);
    auto [it, added] = groupIndex_.insert({StateKey::of(s), static_cast<int>(groups_.size())});
    int group = it->second;
    if (added) {
      groups_.emplace_back();
      groups_.back().asks = asksCustomer(caller);
    }
    if (groups_[group].callerSet.insert(caller).second) {
      groups_[group].callers.push_back(caller);
      for (size_t k = 0; k < groups_[group].comebacks.size(); ++k)
        probeVisit(at(groups_[group].comebacks[k], caller));
    }
    return group;
  }

  /// An interruption of `group` returns with `back`: to every step of the group.
  void comeBack(int group, CallState back) {
    back.node = 0;
    back.returnTo = -1;
    if (!groups_[group].comebackSet.insert(StateKey::of(back)).second)
      return;
    groups_[group].comebacks.push_back(back);
    for (size_t k = 0; k < groups_[group].callers.size(); ++k)
      probeVisit(at(back, groups_[group].callers[k]));
  }

  static CallState at(CallState s, int node) {
    s.node = node;
    return s;
  }

  struct Visited {
    CallState state;
    int parent;
    const FlowEdge *via; ///< the edge from the parent
  };

  /// Records a state once; new states are searched later in breadth-first order.
  void visit(CallState s, int parent, const FlowEdge *via) {
    s = settled(s);
    if (!seen_.insert(StateKey::of(s)).second)
      return;
    states_.push_back({s, parent, via});
    queue_.push_back(states_.size() - 1);
  }

  /// What one statement does to a call state, found once per statement: an objection's body
  /// runs once for every step that can raise it, and most statements change nothing.
  struct Effect {
    enum class Kind { Disclose, Speak, Register };
    Kind kind;
    const ast::Stmt *stmt;
    uint32_t clauses = 0;    ///< Disclose: the bits of the clauses it names
    bool waitPhrase = false; ///< Speak: says the policy's wait phrase
    const std::vector<std::pair<unsigned, const WordingEntry *>> *claims = nullptr; ///< Speak
  };

  std::vector<Effect> effectsOf(const FlowNode &node) const {
    std::vector<Effect> out;
    for (const auto &stmt : bodyOf(node)) {
      if (const auto *d = llvm::dyn_cast<ast::DiscloseStmt>(stmt.get())) {
        if (d->clauses.empty())
          continue;
        Effect fx{Effect::Kind::Disclose, stmt.get()};
        for (const ast::Name &c : d->clauses)
          if (auto it = bits_.find(c.text); it != bits_.end())
            fx.clauses |= 1u << it->second;
        out.push_back(fx);
      } else if (const ast::Text *text = spokenText(*stmt)) {
        Effect fx{Effect::Kind::Speak, stmt.get()};
        fx.waitPhrase = !in_.policy.waitPhrase.empty() &&
                        text->value.find(in_.policy.waitPhrase) != std::string::npos;
        if (auto claims = claims_.find(stmt.get()); claims != claims_.end())
          fx.claims = &claims->second;
        if (fx.waitPhrase || fx.claims)
          out.push_back(fx);
      } else if (stmt->kind() == K::Register) {
        out.push_back({Effect::Kind::Register, stmt.get()});
      }
    }
    return out;
  }

  /// Runs the node's statements on the state (reporting violations), then follows its edges.
  void expand(size_t index) {
    CallState s = states_[index].state;
    runBody(index, s);
    const FlowNode &node = in_.graph.nodes()[s.node];
    for (const FlowEdge &e : in_.graph.edges(s.node))
      follow(index, s, node, e);
  }

  /// Runs the statements of the state's node on it, reporting what breaks a rule.
  void runBody(size_t index, CallState &s) {
    // The runtime repeats only the question when `retry` or `resume` comes back to a step.
    static const std::vector<Effect> nothing;
    for (const Effect &fx : s.askedAgain ? nothing : effects_[s.node]) {
      switch (fx.kind) {
      case Effect::Kind::Disclose:
        if (!s.verified)
          report(index, *fx.stmt, DiagId::PitchBeforeOwner,
                 "clause '" + llvm::cast<ast::DiscloseStmt>(fx.stmt)->clauses.front().text +
                     "' is disclosed");
        s.disclosed |= fx.clauses;
        break;
      case Effect::Kind::Speak:
        if (fx.claims)
          for (const auto &[bit, entry] : *fx.claims)
            if (bit == kNever || !(s.disclosed & (1u << bit)))
              report(index, *fx.stmt, DiagId::ClaimBeforeClause, entry->source->phrase.value,
                     entry->afterClause);
        if (fx.waitPhrase && ++s.waitsInARow > in_.policy.waitLimit)
          report(index, *fx.stmt, DiagId::TooManyWaitPhrases, in_.policy.waitPhrase,
                 unsigned(s.waitsInARow), in_.policy.waitLimit);
        break;
      case Effect::Kind::Register:
        checkRegister(index, *fx.stmt, s);
        break;
      }
    }
  }

  static constexpr unsigned kNever = ~0u;

  /// The claims each spoken statement makes that need a clause disclosed first.
  void findClaims() {
    for (const auto &[stmt, entries] : in_.claims)
      for (const WordingEntry *entry : entries) {
        // A clause the campaign never declares is never disclosed: the claim always misleads.
        auto it = bits_.find(entry->afterClause);
        claims_[stmt].push_back({it == bits_.end() ? kNever : it->second, entry});
      }
  }

  void checkRegister(size_t index, const ast::Stmt &reg, const CallState &s) {
    if (!s.verified)
      report(index, reg, DiagId::PitchBeforeOwner, "'register' is reachable");
    if (uint32_t missing = allBits_ & ~s.disclosed) {
      std::string names;
      unsigned count = 0;
      for (const auto &[name, bit] : bits_)
        if (missing & (1u << bit)) {
          names += (names.empty() ? "'" : ", '") + name.str() + "'";
          ++count;
        }
      report(index, reg, DiagId::UndisclosedClause,
             (count == 1 ? "clause " : "clauses ") + names);
    }
    if (!s.consented)
      report(index, reg, DiagId::RegisterWithoutConsent);
  }

  void follow(size_t index, const CallState &s, const FlowNode &node, const FlowEdge &e) {
    int to = e.to;
    if (e.kind == FlowEdge::Kind::Retry || to == FlowEdge::kResume) {
      // Back to the step that raised the objection or that the handler interrupted; only a
      // step that asks can have raised an objection.
      if (s.returnTo < 0 || (e.kind == FlowEdge::Kind::Retry && !asksCustomer(s.returnTo)))
        return;
      to = s.returnTo;
    }
    if (to < 0)
      return;
    CallState next = moved(s, e, to);
    const FlowNode &target = in_.graph.nodes()[to];
    if (target.kind != FlowNode::Kind::Step && node.kind == FlowNode::Kind::Step)
      next.returnTo = s.node;
    visit(next, static_cast<int>(index), &e);
  }

  /// The state after leaving `s` by edge `e` for node `to`: what the customer's answer tells.
  CallState moved(const CallState &s, const FlowEdge &e, int to) const {
    CallState next = s;
    next.node = to;
    next.askedAgain = e.kind == FlowEdge::Kind::Retry || e.to == FlowEdge::kResume;
    if (waits_[s.node]) {
      bool yes = e.kind == FlowEdge::Kind::Route && e.label == "yes";
      next.verified = s.verified || (yes && verifies_[s.node]);
      next.consented = yes && confirms_[s.node];
      next.waitsInARow = 0; // the customer spoke
    }
    return next;
  }

  /// The state as the search keys it: what no longer matters on entering a node is dropped.
  CallState settled(CallState s) const {
    if (in_.graph.nodes()[s.node].kind == FlowNode::Kind::Step)
      s.returnTo = -1; // only objections and handler steps return somewhere
    if (waits_[s.node])
      s.consented = false; // a new question: the earlier consent no longer stands right before
    return s;
  }

  bool asksCustomer(int n) const {
    const FlowNode &node = in_.graph.nodes()[n];
    return node.asks && node.kind == FlowNode::Kind::Step;
  }

  template <typename... Args>
  void report(size_t index, const ast::Stmt &at, DiagId id, Args &&...args) {
    if (probing_) {
      violated_ = true;
      return;
    }
    if (!reported_.insert({&at, static_cast<unsigned>(id)}).second)
      return;
    Diagnostic &d = diags_.report(id, at.range(), std::forward<Args>(args)...);
    // The path, from start to the statement: one note per node, naming how the call moved on.
    std::vector<size_t> chain;
    for (int i = static_cast<int>(index); i >= 0; i = states_[i].parent)
      chain.push_back(static_cast<size_t>(i));
    for (size_t k = chain.size(); k-- > 0;) {
      const Visited &v = states_[chain[k]];
      const FlowNode &n = in_.graph.nodes()[v.state.node];
      std::string how = k == 0 ? "" : ", then " + edgeLabel(*states_[chain[k - 1]].via);
      d.notes.push_back({n.range, "path: " + nodeLabel(n) + how});
    }
  }

  const ComplianceInputs &in_;
  DiagnosticEngine &diags_;
  std::vector<bool> waits_, verifies_, confirms_;
  llvm::MapVector<llvm::StringRef, unsigned> bits_;
  uint32_t allBits_ = 0;
  std::vector<Visited> states_;
  std::deque<size_t> queue_;
  llvm::DenseSet<StateKey, StateKeyInfo> seen_;
  std::set<std::pair<const ast::Stmt *, unsigned>> reported_;
  llvm::DenseMap<const ast::Stmt *, std::vector<std::pair<unsigned, const WordingEntry *>>> claims_;
  std::vector<std::vector<Effect>> effects_; ///< per node, in statement order
  // The probe's own states (`anyViolation`); a search runs either the probe or `run`.
  bool probing_ = false, violated_ = false;
  std::vector<CallState> probeStates_;
  std::vector<Group> groups_;
  llvm::DenseMap<StateKey, int, StateKeyInfo> groupIndex_;
};

/// The range of `phrase` inside a string literal, or the literal's range if not found as written.
SourceRange phraseRange(const ast::Text &text, const std::string &phrase) {
  size_t at = text.value.find(phrase);
  if (at == std::string::npos)
    return text.range;
  auto codePoints = [](llvm::StringRef s) {
    uint32_t n = 0;
    for (unsigned char c : s)
      n += (c & 0xC0) != 0x80;
    return n;
  };
  SourceRange r = text.range;
  r.begin.column += 1 + codePoints(llvm::StringRef(text.value).take_front(at));
  r.end = r.begin;
  r.end.column += codePoints(phrase);
  return r;
}

void checkOwnerCheckWording(const FlowNode &node, DiagnosticEngine &diags) {
  static const std::regex fullNumber("1[0-9]{10}");
  const ast::Text *question = nullptr;
  for (const auto &stmt : bodyOf(node))
    if (const ast::Text *t = spokenText(*stmt))
      question = t;
  if (!question)
    return;
  const std::string &v = question->value;
  bool first3 = v.find("{phone.first3}") != std::string::npos;
  bool last4 = v.find("{phone.last4}") != std::string::npos;
  if (v.find("{phone.masked}") != std::string::npos || std::regex_search(v, fullNumber))
    diags.report(DiagId::OwnerCheckFormat, question->range, ", not the whole number");
  else if (!first3 || !last4)
    diags.report(DiagId::OwnerCheckFormat, question->range,
                 first3 || !last4 ? "" : ", not only the last 4");
}

void checkConfirmWording(const ComplianceInputs &in, const FlowNode &node,
                         DiagnosticEngine &diags) {
  std::string spoken;
  for (const auto &stmt : bodyOf(node))
    if (const ast::Text *t = spokenText(*stmt)) {
      spoken += in.templates.expand(t->value);
      for (const std::string &word : in.policy.confirmForbids)
        if (t->value.find(word) != std::string::npos)
          diags.report(DiagId::InducingConfirmation, phraseRange(*t, word), word);
    }
  if (!in.policy.recording.empty() && spoken.find(in.policy.recording) == std::string::npos)
    diags.report(DiagId::MissingRecordingNotice, node.range, node.id, in.policy.recording);
  if (!in.product.empty() && spoken.find(in.product) == std::string::npos)
    diags.report(DiagId::VagueConfirmation, node.range, node.id,
                 "does not name the product '" + in.product + "'");
  if (!in.policy.confirmPhrase.empty() && spoken.find(in.policy.confirmPhrase) == std::string::npos)
    diags.report(DiagId::VagueConfirmation, node.range, node.id,
                 "does not ask \"" + in.policy.confirmPhrase + "\"");
}

/// A node a refusal can pass without a retention being counted: a step, or an objection that
/// answers and moves on (only `retry` counts one).
bool countsNoRetention(const FlowNode &node) {
  return node.kind == FlowNode::Kind::Step ||
         (node.kind == FlowNode::Kind::Objection && !has(node, K::Retry));
}

/// Whether `from` reaches `to` through nodes that count no retention.
std::vector<int> stepOnlyPath(const FlowGraph &graph, int from, int to) {
  std::vector<int> parent(graph.nodes().size(), -2);
  std::deque<int> queue{from};
  parent[from] = -1;
  while (!queue.empty()) {
    int n = queue.front();
    queue.pop_front();
    if (n == to) {
      std::vector<int> path;
      for (int i = n; i >= 0; i = parent[i])
        path.insert(path.begin(), i);
      return path;
    }
    for (const FlowEdge &e : graph.nodes()[n].edges) {
      bool plain = e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Goto ||
                   e.kind == FlowEdge::Kind::Result;
      if (plain && e.to >= 0 && countsNoRetention(graph.nodes()[e.to]) && parent[e.to] == -2) {
        parent[e.to] = n;
        queue.push_back(e.to);
      }
    }
  }
  return {};
}

void checkRefusalLoops(const FlowGraph &graph, DiagnosticEngine &diags) {
  const auto &nodes = graph.nodes();
  for (size_t u = 0; u < nodes.size(); ++u) {
    if (nodes[u].kind != FlowNode::Kind::Step)
      continue;
    for (const FlowEdge &e : nodes[u].edges) {
      if (e.kind != FlowEdge::Kind::Route || e.label != "no" || e.to < 0 ||
          !countsNoRetention(nodes[e.to]))
        continue;
      std::vector<int> back = stepOnlyPath(graph, e.to, static_cast<int>(u));
      if (back.empty())
        continue;
      Diagnostic &d = diags.report(DiagId::UnboundedRetention, e.range, nodeLabel(nodes[e.to]));
      d.notes.push_back({nodes[u].range, "path: " + nodeLabel(nodes[u]) + ", then on no"});
      for (int n : back)
        d.notes.push_back({nodes[n].range, "path: " + nodeLabel(nodes[n])});
    }
  }
}

} // namespace

bool callPathsBreakRules(const ComplianceInputs &in) {
  DiagnosticEngine unused;
  return PathSearch(in, unused).anyViolation();
}

void reportCallPaths(const ComplianceInputs &in, DiagnosticEngine &diags) {
  PathSearch(in, diags).run();
}

void checkCallPaths(const ComplianceInputs &in, DiagnosticEngine &diags) {
  // Only a campaign that breaks a rule pays for the search that finds the shortest paths.
  if (callPathsBreakRules(in))
    reportCallPaths(in, diags);
}

void checkComplianceStructure(const ComplianceInputs &in, DiagnosticEngine &diags) {
  for (const FlowNode &node : in.graph.nodes()) {
    if (!node.step || node.kind != FlowNode::Kind::Step)
      continue;
    if (has(node, K::Verify) && in.policy.ownerCheckFirst3Last4)
      checkOwnerCheckWording(node, diags);
    if (has(node, K::Confirm))
      checkConfirmWording(in, node, diags);
  }
  checkRefusalLoops(in.graph, diags);
  checkAngryRoute(in, diags);
  checkComplaintRoutes(in, diags);
  checkClosings(in, diags);
}

} // namespace patter
