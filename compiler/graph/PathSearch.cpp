// Breadth-first search over (node, call state): the first state that breaks a rule at a
// statement is reached by a shortest path, which the diagnostic shows as notes.
#include "PathChecks.h"
#include "PathNodes.h"
#include "PathState.h"
#include "Retention.h"

#include "patter/reply_reader.h" // foldedForMatching

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/MapVector.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <set>

namespace patter {

namespace {

namespace cf = callflow;

/// More states than this and the search stops and says the analysis is incomplete (E0523):
/// a bound on compile time for pathological scripts. Real campaigns stay in the thousands.
constexpr size_t kMaxStates = 200000;

/// The customer's flags that lower the retention ceiling (R08), as a call state keeps them.
enum Mood : uint8_t { kAngry = 1, kElderly = 2, kBusy = 4 };

/// The edges of a flag the runtime sets without moving on: an `angry` or `elderly` event no
/// route takes still lowers the ceiling for the rest of the call.
const FlowEdge kFlagEdges[2] = {
    {FlowEdge::Kind::Route, std::string(vocab::eventName(vocab::Event::Angry)), -1, {}, {}},
    {FlowEdge::Kind::Route, std::string(vocab::eventName(vocab::Event::Elderly)), -1, {}, {}}};

/// Whether edges route `angry` and `elderly`.
struct Moods {
  bool angry = false, elderly = false;
};

Moods moodsRouted(llvm::ArrayRef<FlowEdge> edges) {
  Moods m;
  for (const FlowEdge &e : edges) {
    m.angry |= e.label == vocab::eventName(vocab::Event::Angry);
    m.elderly |= e.label == vocab::eventName(vocab::Event::Elderly);
  }
  return m;
}

class PathSearch {
public:
  PathSearch(const ComplianceInputs &in, DiagnosticEngine &diags)
      : in_(in), diags_(diags), sets_(in.program.clauses.size()),
        followup_(!in.policy.revoke.empty() || !in.policy.confirmedOutcome.empty()) {
    const auto &nodes = in.graph.nodes();
    pitch_ = pitchNodes(in.graph, in.policy);
    // The interruptions waiting steps share are looked at once per list, not once per step.
    llvm::SmallDenseMap<const FlowEdge *, Moods, 2> sharedMoods;
    for (size_t n = 0; n < nodes.size(); ++n) {
      const FlowNode &node = nodes[n];
      waits_.push_back(node.asks);
      verifies_.push_back(does(node, cf::Op::VerifyOwner));
      confirms_.push_back(does(node, cf::Op::Confirm));
      retries_.push_back(node.kind == FlowNode::Kind::Objection && retries(node));
      bool checksBalance = false;
      for (const cf::Action &a : node.lowered->actions)
        checksBalance |= a.op == cf::Op::Invoke && !in.policy.balanceCheck.empty() &&
                         a.name == in.policy.balanceCheck;
      const Moods own = moodsRouted(node.edges);
      llvm::ArrayRef<FlowEdge> shared = in.graph.interruptions(node);
      auto [known, added] = sharedMoods.try_emplace(shared.data());
      if (added)
        known->second = moodsRouted(shared);
      checksBalance_.push_back(checksBalance);
      routesAngry_.push_back(own.angry || known->second.angry);
      routesElderly_.push_back(own.elderly || known->second.elderly);
    }
    for (const auto &[name, clause] : in.program.clauses)
      bits_.insert({name, static_cast<unsigned>(bits_.size())});
    required_ = sets_.mask();
    if (in.program.policy) {
      for (const ast::Name &r : in.program.policy->required)
        if (auto it = bits_.find(r.text); it != bits_.end())
          ClauseSets::set(required_, it->second);
    } else {
      for (const auto &[name, bit] : bits_)
        ClauseSets::set(required_, bit);
    }
    findClaims();
    for (const FlowNode &n : nodes)
      effects_.push_back(effectsOf(n));
  }

  void run() {
    std::optional<CallState> start = startState();
    if (!start)
      return;
    visit(*start, -1, nullptr);
    while (!queue_.empty() && states_.size() < kMaxStates) {
      size_t index = queue_.front();
      queue_.pop_front();
      expand(index);
    }
    if (!queue_.empty())
      diags_.report(DiagId::AnalysisIncomplete, in_.program.campaign->name.range,
                    unsigned(kMaxStates));
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
    std::optional<CallState> start = startState();
    if (!start)
      return false;
    probing_ = true;
    probeVisit(*start);
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
  std::optional<CallState> startState() const {
    int start = in_.graph.start();
    if (start < 0)
      return std::nullopt;
    CallState s;
    s.node = start;
    s.ceiling = ceilingOf(0);
    return s;
  }

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
    if (s.spent) {
      // Only `exhausted` or the step's `no`: no group shares this way out.
      for (const FlowEdge &e : in_.graph.edges(s.node))
        if (takes(s, e))
          probeFollow(s, node, e, -1);
      return;
    }
    for (const FlowEdge &e : node.edges)
      if (takes(s, e))
        probeFollow(s, node, e, -1);
    for (const FlowEdge &flag : kFlagEdges)
      if (std::optional<CallState> next = flagged(s, flag))
        probeVisit(*next);
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
      comeBack(s.returnTo, leaving(s, e, s.node));
      return;
    }
    if (e.to < 0) {
      checkEnd(0, s, e);
      return;
    }
    CallState next = leaving(s, e, e.to);
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
    enum class Kind { Disclose, Speak, Sale, Revoke };
    Effect(Kind kind, const ast::Stmt *stmt, std::string what = {})
        : kind(kind), stmt(stmt), what(std::move(what)) {}
    Kind kind;
    const ast::Stmt *stmt;
    uint32_t clauses = 0;    ///< Disclose: the mask of the clauses it names (ClauseSets)
    bool waitPhrase = false; ///< Speak: says the policy's wait phrase
    const std::vector<std::pair<unsigned, const WordingEntry *>> *claims = nullptr; ///< Speak
    std::string what;        ///< Sale: "'register'", "'invoke boss_order'"
  };

  /// The effects of the node's actions as the shipped flow holds them: what the runtime says
  /// and does, templates filled in, nothing after an `end`.
  std::vector<Effect> effectsOf(const FlowNode &node) {
    std::vector<Effect> out;
    for (auto [action, stmt] : actionsOf(node)) {
      switch (action.op) {
      case cf::Op::Disclose: {
        if (action.clauses.empty())
          break;
        Effect fx{Effect::Kind::Disclose, stmt};
        ClauseSets::Mask mask = sets_.mask();
        for (const std::string &c : action.clauses)
          if (auto it = bits_.find(c); it != bits_.end())
            ClauseSets::set(mask, it->second);
        fx.clauses = sets_.addMask(std::move(mask));
        out.push_back(fx);
        break;
      }
      case cf::Op::Say:
      case cf::Op::Ask: {
        Effect fx{Effect::Kind::Speak, stmt};
        fx.waitPhrase = !waitPhrase_.empty() &&
                        foldedForMatching(action.text).find(waitPhrase_) != std::u32string::npos;
        if (auto claims = claims_.find(stmt); claims != claims_.end())
          fx.claims = &claims->second;
        if (fx.waitPhrase || fx.claims)
          out.push_back(fx);
        break;
      }
      case cf::Op::Register:
        out.emplace_back(Effect::Kind::Sale, stmt, "'register'");
        break;
      case cf::Op::Invoke:
        if (isSaleInvoke(action.name, in_.policy))
          out.emplace_back(Effect::Kind::Sale, stmt, "'invoke " + action.name + "'");
        else if (action.name == in_.policy.revoke)
          out.emplace_back(Effect::Kind::Revoke, stmt);
        break;
      case cf::Op::VerifyOwner:
      case cf::Op::Confirm:
      case cf::Op::End:
        break;
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
      if (takes(s, e))
        follow(index, s, node, e);
    if (!s.spent)
      for (const FlowEdge &flag : kFlagEdges)
        if (std::optional<CallState> next = flagged(s, flag))
          visit(*next, static_cast<int>(index), &flag);
  }

  /// Runs the statements of the state's node on it, reporting what breaks a rule.
  void runBody(size_t index, CallState &s) {
    const FlowNode &node = in_.graph.nodes()[s.node];
    if (s.over) {
      const ast::Stmt *question = questionOf(node).stmt;
      SourceRange at = question ? question->range() : node.range;
      if (s.objected && !s.revoked)
        report(index, &node, at, DiagId::FollowupNotRevoked, nodeLabel(node) + " asks again",
               in_.policy.revoke.empty() ? std::string("revoke") : in_.policy.revoke);
      else
        report(index, &node, at, DiagId::RetentionOverCeiling, nodeLabel(node),
               unsigned(s.retention), unsigned(s.ceiling), customer(s));
    }
    // The runtime repeats only the question when `retry` or `resume` comes back to a step,
    // and runs nothing at all where the budget is spent.
    if (s.askedAgain || s.spent)
      return;
    for (const Effect &fx : effects_[s.node]) {
      switch (fx.kind) {
      case Effect::Kind::Disclose:
        if (!s.verified)
          report(index, *fx.stmt, DiagId::PitchBeforeOwner,
                 "clause '" + llvm::cast<ast::DiscloseStmt>(fx.stmt)->clauses.front().text +
                     "' is disclosed");
        s.disclosed = sets_.with(s.disclosed, fx.clauses);
        break;
      case Effect::Kind::Speak:
        if (fx.claims)
          for (const auto &[bit, entry] : *fx.claims)
            if (bit == kNever || !sets_.contains(s.disclosed, bit))
              report(index, *fx.stmt, DiagId::ClaimBeforeClause, entry->source->phrase.value,
                     entry->afterClause);
        // R12 per call, as the runtime counts it: a phrase said again after the customer
        // spoke still counts. Kept at one over the limit, so a loop adds no states.
        if (fx.waitPhrase && s.waitPhrases <= in_.policy.waitLimit)
          ++s.waitPhrases;
        if (fx.waitPhrase && s.waitPhrases > in_.policy.waitLimit)
          report(index, *fx.stmt, DiagId::TooManyWaitPhrases, in_.policy.waitPhrase,
                 in_.policy.waitLimit);
        break;
      case Effect::Kind::Sale:
        checkSale(index, *fx.stmt, fx.what, s);
        s.sold = true;
        break;
      case Effect::Kind::Revoke:
        s.revoked = true;
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

  /// "clause 'term'", "clauses 'price', 'term'": the mandatory clauses `s` has not disclosed,
  /// or empty.
  std::string undisclosed(const CallState &s) const {
    ClauseSets::Mask missing = sets_.missing(s.disclosed, required_);
    if (!ClauseSets::any(missing))
      return {};
    std::string names;
    unsigned count = 0;
    for (const auto &[name, bit] : bits_)
      if ((missing[bit / 64] >> (bit % 64)) & 1) {
        names += (names.empty() ? "'" : ", '") + name.str() + "'";
        ++count;
      }
    return (count == 1 ? "clause " : "clauses ") + names;
  }

  /// A sale (`register`, a sale-effecting `invoke`): R03, R01, R07 and, where the policy
  /// names a balance check, R21.
  void checkSale(size_t index, const ast::Stmt &sale, const std::string &what,
                 const CallState &s) {
    if (!s.verified)
      report(index, sale, DiagId::PitchBeforeOwner, what + " is reachable");
    if (std::string missing = undisclosed(s); !missing.empty())
      report(index, sale, DiagId::UndisclosedClause, what, missing);
    if (!s.consented)
      report(index, sale, DiagId::RegisterWithoutConsent, what);
    if (!in_.policy.balanceCheck.empty() && !s.balanceOk)
      report(index, sale, DiagId::SaleWithoutBalance, what, in_.policy.balanceCheck);
  }

  /// The call ends by `e` in state `s`: an outcome of kind `sale` (`success`, or a campaign's
  /// own) needs a sale on the path (R07); a follow-up ends
  /// confirmed only after the restatement and a yes, and never after a refusal it has not
  /// revoked (R20).
  void checkEnd(size_t index, const CallState &s, const FlowEdge &e) {
    if (in_.program.outcomeKind(e.outcome) == vocab::OutcomeKind::Sale && !s.sold)
      report(index, &e, e.range, DiagId::SuccessWithoutSale, e.outcome);
    if (!followup_)
      return;
    if (s.objected && !s.revoked) {
      report(index, &e, e.range, DiagId::FollowupNotRevoked,
             "the call ends '" + e.outcome + "'",
             in_.policy.revoke.empty() ? std::string("revoke") : in_.policy.revoke);
      return;
    }
    if (e.outcome != in_.policy.confirmedOutcome)
      return;
    std::string end = "'end " + e.outcome + "'";
    if (!s.verified)
      report(index, &e, e.range, DiagId::PitchBeforeOwner, end + " is reachable");
    if (std::string missing = undisclosed(s); !missing.empty())
      report(index, &e, e.range, DiagId::FollowupNotRestated, e.outcome,
             "without restating " + missing);
    else if (!s.answeredYes)
      report(index, &e, e.range, DiagId::FollowupNotRestated, e.outcome,
             "without the customer's yes to the restated terms");
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
    if (to < 0) {
      checkEnd(index, s, e);
      return;
    }
    CallState next = leaving(s, e, to);
    const FlowNode &target = in_.graph.nodes()[to];
    if (target.kind != FlowNode::Kind::Step && node.kind == FlowNode::Kind::Step)
      next.returnTo = s.node;
    visit(next, static_cast<int>(index), &e);
  }

  /// Whether the call can leave state `s` by `e`. `exhausted` only once the budget is spent;
  /// then nothing else: at an objection the runtime takes `exhausted`, at a step it goes
  /// back to, the step's answer to a `no`.
  bool takes(const CallState &s, const FlowEdge &e) const {
    if (!s.spent)
      return e.kind != FlowEdge::Kind::Exhausted;
    if (in_.graph.nodes()[s.node].kind == FlowNode::Kind::Objection)
      return e.kind == FlowEdge::Kind::Exhausted;
    return (e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
           e.label == vocab::eventName(vocab::Event::No);
  }

  /// The state after leaving `s` by edge `e` for node `to`: what the customer's answer tells.
  /// The same for every interruption a step shares (none of them is a `yes`).
  CallState moved(const CallState &s, const FlowEdge &e, int to) const {
    CallState next = s;
    next.node = to;
    next.askedAgain = e.kind == FlowEdge::Kind::Retry || e.to == FlowEdge::kResume;
    next.spent = next.over = false;
    if (waits_[s.node]) {
      bool yes = e.kind == FlowEdge::Kind::Route && e.label == vocab::eventName(vocab::Event::Yes);
      next.verified = s.verified || (yes && verifies_[s.node]);
      next.consented = yes && confirms_[s.node];
      next.answeredYes = yes;
      next.refused = s.refused && !yes;
    }
    return next;
  }

  /// `moved`, and what this edge tells besides: a refusal, the customer's mood, a balance
  /// check's answer.
  CallState leaving(const CallState &s, const FlowEdge &e, int to) const {
    CallState next = moved(s, e, to);
    next.refused |= isRefusal(in_.graph, s.node, e);
    next.objected |= followup_ && isObjection(in_.graph, s.node, e);
    // "这是我老公的号": whatever was verified or agreed is void, as the runtime voids it (R03).
    if ((e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
        e.label == vocab::eventName(vocab::Event::NotOwner))
      next.verified = next.consented = false;
    if (e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler)
      next = withMood(next, e.label == vocab::eventName(vocab::Event::Angry)     ? kAngry
                            : e.label == vocab::eventName(vocab::Event::Elderly) ? kElderly
                            : e.label == vocab::eventName(vocab::Event::Busy)    ? kBusy
                                                                           : 0);
    if (e.kind == FlowEdge::Kind::Result && e.label == vocab::hostResultName(vocab::HostResult::Sufficient) &&
        checksBalance_[s.node])
      next.balanceOk = true;
    return next;
  }

  /// An `angry` or `elderly` event no route takes, at a step that asks: the runtime stays
  /// where it is, with the lower ceiling. None if it would change nothing.
  std::optional<CallState> flagged(const CallState &s, const FlowEdge &flag) const {
    bool angry = flag.label == vocab::eventName(vocab::Event::Angry);
    if (!waits_[s.node] || (angry ? routesAngry_[s.node] : routesElderly_[s.node]))
      return std::nullopt;
    CallState next = withMood(s, angry ? kAngry : kElderly);
    if (next.ceiling == s.ceiling)
      return std::nullopt;
    next.askedAgain = true;
    next.over = false;
    return next;
  }

  /// The state with `mood` added, kept only where it lowers the ceiling.
  CallState withMood(CallState s, uint8_t mood) const {
    if (!mood)
      return s;
    uint8_t lowered = ceilingOf(s.mood | mood);
    if (lowered < s.ceiling) {
      s.mood |= mood;
      s.ceiling = lowered;
    }
    return s;
  }

  uint8_t ceilingOf(uint8_t mood) const {
    unsigned c = in_.policy.retention;
    if (mood & kAngry)
      c = std::min(c, in_.policy.retentionAngry);
    if (mood & kElderly)
      c = std::min(c, in_.policy.retentionElderly);
    if (mood & kBusy)
      c = 0; // R08: a busy customer gets an appointment, not retention
    return static_cast<uint8_t>(std::min(c, 3u));
  }

  static std::string customer(const CallState &s) {
    if (s.mood & kBusy)
      return "a busy customer (offer an appointment instead)";
    std::string mood = (s.mood & kAngry) && (s.mood & kElderly) ? "an angry, elderly"
                       : s.mood & kAngry                        ? "an angry"
                       : s.mood & kElderly                      ? "an elderly"
                                                                : "a normal";
    return mood + " customer";
  }

  /// The state as the search keys it, on arriving at its node: what no longer matters is
  /// dropped, and the retention attempt the arrival is counted (R08), as the runtime counts
  /// it. Raising an objection with `retry` is one attempt, and once the budget is spent the
  /// runtime takes its `exhausted` route instead; coming to a pitch after a refusal is one,
  /// and where a handler's `resume` would bring it back with the budget spent the runtime
  /// takes the pitch's `no` route instead; any other way back to a pitch (a route, a
  /// `goto`, `exhausted`) is not stopped by the runtime, so going over the ceiling there is
  /// reported.
  CallState settled(CallState s) const {
    if (in_.graph.nodes()[s.node].kind == FlowNode::Kind::Step)
      s.returnTo = -1; // only objections and handler steps return somewhere
    if (waits_[s.node])
      s.consented = false; // a new question: the earlier consent no longer stands right before
    if (retries_[s.node] && !s.askedAgain) {
      if (s.retention >= s.ceiling) {
        s.spent = true;
      } else {
        ++s.retention;
        s.refused = false;
      }
    } else if (pitch_[s.node] && s.refused) {
      if (s.askedAgain && s.retention >= s.ceiling) {
        s.spent = true;
      } else {
        s.refused = false;
        if (s.retention <= s.ceiling)
          ++s.retention;
        s.over = s.retention > s.ceiling || (s.objected && !s.revoked);
      }
    }
    return s;
  }

  bool asksCustomer(int n) const {
    const FlowNode &node = in_.graph.nodes()[n];
    return node.asks && node.kind == FlowNode::Kind::Step;
  }

  template <typename... Args>
  void report(size_t index, const ast::Stmt &at, DiagId id, Args &&...args) {
    report(index, &at, at.range(), id, std::forward<Args>(args)...);
  }

  /// Reports `id` at `range` once per place (`key`) and rule, with the path to state `index`.
  template <typename... Args>
  void report(size_t index, const void *key, SourceRange range, DiagId id, Args &&...args) {
    if (probing_) {
      violated_ = true;
      return;
    }
    if (!reported_.insert({key, static_cast<unsigned>(id)}).second)
      return;
    Diagnostic &d = diags_.report(id, range, std::forward<Args>(args)...);
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
  ClauseSets sets_;
  bool followup_; ///< the policy is a follow-up's (R20): it names `revoke` or `confirmed_outcome`
  std::vector<bool> waits_, verifies_, confirms_, retries_, pitch_, checksBalance_;
  std::vector<bool> routesAngry_, routesElderly_;
  llvm::MapVector<llvm::StringRef, unsigned> bits_;
  ClauseSets::Mask required_;
  std::vector<Visited> states_;
  std::deque<size_t> queue_;
  llvm::DenseSet<StateKey, StateKeyInfo> seen_;
  std::set<std::pair<const void *, unsigned>> reported_;
  llvm::DenseMap<const ast::Stmt *, std::vector<std::pair<unsigned, const WordingEntry *>>> claims_;
  std::vector<std::vector<Effect>> effects_; ///< per node, in statement order
  /// The policy's wait phrase folded as the runtime folds it, so both count the same (R12).
  std::u32string waitPhrase_ = foldedForMatching(in_.policy.waitPhrase);
  // The probe's own states (`anyViolation`); a search runs either the probe or `run`.
  bool probing_ = false, violated_ = false;
  std::vector<CallState> probeStates_;
  std::vector<Group> groups_;
  llvm::DenseMap<StateKey, int, StateKeyInfo> groupIndex_;
};

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

} // namespace patter
