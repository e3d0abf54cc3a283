// The session interpreter: runs a Flow for one call and enforces the live-call rules.
#include "patter/session.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow_data.h"

namespace patter {

using namespace detail;

namespace {
/// No feed may enter more nodes than this; only a flow that bounces between handlers and
/// `resume` forever could, and such a call ends with `flow_error` instead of hanging the host.
constexpr std::uint16_t kMaxTransitions = 64;

constexpr std::string_view kPardonPrefix = "抱歉,我没听清,";
constexpr std::string_view kNotUnderstoodGoodbye = "不好意思打扰您了,再见!";
} // namespace

/// How an event was resolved: by the waiting node's routes (or its invoke's results), by a flow
/// handler, as an objection raised by its own name, or not at all.
struct Session::Resolution {
  enum class Via : std::uint8_t { None, Route, Handler, Objection };
  Target target;
  Via via = Via::None;
};

Session::Session(const Flow& flow, CallContext context)
    : flow_(flow.data_), phone_(std::move(context.phone)),
      disclosed_((flow_->clauseIds.size() + 63) / 64, 0), waiting_(kNone), lastWaitStep_(kNone),
      interrupted_(kNone), outcome_(kNone) {}

std::string_view Session::outcome() const noexcept {
  return outcome_ == kNone ? std::string_view{} : std::string_view{flow_->symbols[outcome_]};
}

std::string_view Session::waitingAt() const noexcept {
  return waiting_ == kNone ? std::string_view{} : std::string_view{flow_->strings[flow_->nodes[waiting_].id]};
}

bool Session::disclosed(std::string_view clauseId) const noexcept {
  const auto& ids = flow_->clauseIds;
  const auto it = std::find(ids.begin(), ids.end(), clauseId);
  if (it == ids.end()) return false;
  const auto c = static_cast<std::size_t>(it - ids.begin());
  return (disclosed_[c / 64] >> (c % 64)) & 1u;
}

std::vector<Action> Session::start() {
  Actions out;
  if (started_) return out;
  started_ = true;
  transitions_ = 0;
  enter(flow_->start, out);
  return out;
}

std::vector<Action> Session::feedText(std::string_view text) {
  if (!started_ || finished_ || waiting_ == kNone) return {};
  const Classification c = flow_->classifier.classify(text);
  return reply(c.kind, text, c.matched, c.objection);
}

std::vector<Action> Session::feedEvent(std::string_view name) {
  if (!started_ || finished_ || waiting_ == kNone) return {};
  const FlowData& f = *flow_;
  const Index event = f.symbolOf(name);
  // Reply events (from a host that classifies speech itself) take the same path as text.
  switch (event) {
  case kYes: return reply(ReplyClass::Yes, "!yes", {}, 0);
  case kNo: return reply(ReplyClass::No, "!no", {}, 0);
  case kFiller: return reply(ReplyClass::Filler, "!filler", "嗯", 0);
  case kUnclear: return reply(ReplyClass::Unclear, "!unclear", {}, 0);
  default: break;
  }
  if (event != kNone && f.objectionOfSymbol[event] != kNone) {
    return reply(ReplyClass::Objection, name, {}, static_cast<std::uint32_t>(f.objectionOfSymbol[event] - f.stepCount));
  }

  Actions out;
  transitions_ = 0;
  if (event == kAngry) angry_ = true;
  if (event == kElderly) elderly_ = true;
  const Node& waiting = f.nodes[waiting_];
  if (event == kHangup && fillerPending_ && waiting.wait == Wait::Confirm) {
    // R06: a hang-up after a filler reply is not a sale; the customer is called back.
    finish(kCallback, waiting_, out);
    return out;
  }
  const Resolution r = event == kNone ? Resolution{} : resolve(event);
  if (r.via != Resolution::Via::None) {
    take(r, out);
  } else if (event == kHangup) {
    // R01: a call cut off once disclosure began, without a sale, is called back to finish it.
    const bool begun = std::any_of(disclosed_.begin(), disclosed_.end(), [](std::uint64_t w) { return w != 0; });
    finish(begun && !registered_ ? kCallback : kHangup, waiting_, out);
  } else if (event != kAngry && event != kElderly) {
    notUnderstood(true, out);
  }
  return out;
}

std::vector<Action> Session::reply(ReplyClass kind, std::string_view evidence, std::string_view filler,
                                   std::uint32_t objection) {
  Actions out;
  transitions_ = 0;
  const FlowData& f = *flow_;
  const Node& waiting = f.nodes[waiting_];
  const bool isConsentQuestion = waiting.wait == Wait::Confirm || waiting.wait == Wait::VerifyOwner;

  if (kind == ReplyClass::Filler && isConsentQuestion) {
    // R06: 嗯/啊/哦 is never a yes. Ask what it meant and keep waiting.
    if (waiting.wait == Wait::Confirm) {
      fillerPending_ = true;
      consent_ = false;
    } else {
      ownerVerified_ = false;
    }
    if (++notUnderstood_ >= f.limits.notUnderstood) {
      emit(out, ActionKind::Say, waiting_).text = kNotUnderstoodGoodbye;
      finish(kNotUnderstood, waiting_, out);
    } else {
      emit(out, ActionKind::Say, waiting_).text = fmt::format(
          "您刚才\"{}\"的意思是{}对吗?", filler, waiting.wait == Wait::Confirm ? "同意办理" : "您是机主");
    }
    return out;
  }
  fillerPending_ = false;

  Index event = kUnclear;
  switch (kind) {
  case ReplyClass::Yes: event = kYes; break;
  case ReplyClass::No: event = kNo; break;
  case ReplyClass::Filler: event = kFiller; break;
  case ReplyClass::Objection: event = f.objectionSymbol[objection]; break;
  case ReplyClass::Unclear: event = kUnclear; break;
  }
  const Resolution r = resolve(event);
  const bool routedYes = kind == ReplyClass::Yes && r.via != Resolution::Via::None;
  // Only an explicit, routed yes counts; anything else at the question withdraws the answer.
  if (waiting.wait == Wait::VerifyOwner) ownerVerified_ = routedYes;
  if (waiting.wait == Wait::Confirm) {
    consent_ = routedYes;
    if (routedYes) consentEvidence_.assign(evidence);
  }
  if (kind == ReplyClass::Unclear || r.via == Resolution::Via::None) {
    // R16: count it even when a handler (std.unclear) answers, so the asking is bounded.
    if (notUnderstood(r.via == Resolution::Via::None, out)) return out;
  } else {
    notUnderstood_ = 0;
  }
  if (r.via != Resolution::Via::None) take(r, out);
  return out;
}

Session::Resolution Session::resolve(std::uint32_t event) const noexcept {
  const FlowData& f = *flow_;
  const auto search = [&](Index first, Index count) -> const Route* {
    for (Index i = first; i < first + count; ++i) {
      if (f.routes[i].event == event) return &f.routes[i];
    }
    return nullptr;
  };
  if (waiting_ != kNone) {
    const Node& w = f.nodes[waiting_];
    if (w.invoke != kNone) {
      const ActionDef& invoke = f.actions[w.invoke];
      if (const Route* r = search(invoke.first, invoke.count)) return {r->target, Resolution::Via::Route};
    }
    if (const Route* r = search(w.firstRoute, w.routeCount)) return {r->target, Resolution::Via::Route};
  }
  if (const Route* r = search(f.firstHandler, f.handlerCount)) return {r->target, Resolution::Via::Handler};
  if (event < f.objectionOfSymbol.size() && f.objectionOfSymbol[event] != kNone) {
    return {Target{Target::Kind::Node, f.objectionOfSymbol[event]}, Resolution::Via::Objection};
  }
  return {};
}

void Session::take(const Resolution& r, Actions& out) {
  if (r.via == Resolution::Via::Handler && (waiting_ == kNone || !flow_->nodes[waiting_].handlerTarget)) {
    // Remember where the handler interrupted, for `resume`. A handler interrupting a handler
    // (silence while asking "are you still there?") keeps the first interruption.
    interrupted_ = waiting_;
  }
  follow(r.target, waiting_, out);
}

void Session::follow(const Target& target, std::uint32_t from, Actions& out) {
  const FlowData& f = *flow_;
  switch (target.kind) {
  case Target::Kind::Node:
    if (f.nodes[target.index].isObjection) {
      raiseObjection(target.index, out);
    } else {
      enter(target.index, out);
    }
    return;
  case Target::Kind::End:
    finish(target.index, from, out);
    return;
  case Target::Kind::Resume: {
    Index back = interrupted_ != kNone ? interrupted_ : lastWaitStep_ != kNone ? lastWaitStep_ : f.start;
    interrupted_ = kNone;
    askAgain(back, out);
    return;
  }
  case Target::Kind::None:
    break;
  }
  finish(kFlowError, from, out); // unreachable for a validated flow
}

void Session::enter(std::uint32_t n, Actions& out) {
  if (finished_) return;
  if (++transitions_ > kMaxTransitions) {
    finish(kFlowError, n, out);
    return;
  }
  const FlowData& f = *flow_;
  const Node& node = f.nodes[n];
  waiting_ = kNone;
  fillerPending_ = false;
  for (Index i = node.firstAction; i < node.firstAction + node.actionCount; ++i) {
    const ActionDef& a = f.actions[i];
    switch (a.op) {
    case Op::Say:
    case Op::Ask:
      emit(out, ActionKind::Say, n).text = resolveText(a.arg);
      break;
    case Op::Disclose:
      for (Index k = a.first; k < a.first + a.count; ++k) {
        const Index c = f.clauseRefs[k];
        Action& say = emit(out, ActionKind::Say, n);
        say.text = f.clauseTexts[c];
        say.clause = f.clauseIds[c];
        disclosed_[c / 64] |= std::uint64_t{1} << (c % 64);
      }
      break;
    case Op::VerifyOwner:
      break;
    case Op::Confirm:
      consent_ = false; // the answer to this question is the one that counts
      break;
    case Op::Register:
      if (!registerSale(n, out)) return;
      break;
    case Op::Invoke:
      emit(out, ActionKind::Invoke, n).name = f.strings[a.arg];
      break;
    case Op::End:
      finish(a.arg, n, out);
      return;
    }
  }
  if (node.wait != Wait::None) {
    waiting_ = n;
    if (!node.isObjection) lastWaitStep_ = n;
    return;
  }
  if (node.retry) {
    askAgain(lastWaitStep_ != kNone ? lastWaitStep_ : f.start, out);
    return;
  }
  follow(node.next, n, out);
}

void Session::askAgain(std::uint32_t n, Actions& out) {
  // `retry` and `resume` go back to the question, not to the top of the step: the customer has
  // heard the pitch and its clauses once already, and they stay disclosed.
  const FlowData& f = *flow_;
  const Node& node = f.nodes[n];
  if (node.wait != Wait::Ask && node.wait != Wait::VerifyOwner && node.wait != Wait::Confirm) {
    enter(n, out);
    return;
  }
  if (++transitions_ > kMaxTransitions) {
    finish(kFlowError, n, out);
    return;
  }
  if (node.question != kNone) emit(out, ActionKind::Say, n).text = resolveText(node.question);
  if (node.wait == Wait::Confirm) consent_ = false;
  fillerPending_ = false;
  waiting_ = n;
}

std::uint32_t Session::retentionCeiling() const noexcept {
  const Limits& l = flow_->limits;
  std::uint32_t ceiling = l.retention;
  if (angry_) ceiling = std::min(ceiling, l.retentionAngry);
  if (elderly_) ceiling = std::min(ceiling, l.retentionElderly);
  return std::min<std::uint32_t>(ceiling, 3); // R08: never more than 3
}

void Session::raiseObjection(std::uint32_t n, Actions& out) {
  const Node& objection = flow_->nodes[n];
  if (retention_ >= retentionCeiling()) {
    // R08: the budget is spent; no more persuasion, not even one line.
    follow(objection.exhausted, n, out);
    return;
  }
  ++retention_;
  enter(n, out);
}

bool Session::registerSale(std::uint32_t n, Actions& out) {
  const FlowData& f = *flow_;
  std::string_view rule;
  std::string reason;
  if (!ownerVerified_) {
    rule = "R03";
    reason = "owner not verified with an explicit yes";
  } else {
    std::vector<std::string_view> missing;
    for (std::size_t c = 0; c < f.clauseIds.size(); ++c) {
      if (f.mandatory[c] && !((disclosed_[c / 64] >> (c % 64)) & 1u)) missing.push_back(f.clauseIds[c]);
    }
    if (!missing.empty()) {
      rule = "R01";
      reason = missing.size() == 1 ? fmt::format("clause '{}' not disclosed", missing[0])
                                   : fmt::format("clauses '{}' not disclosed", fmt::join(missing, "', '"));
    } else if (!consent_) {
      rule = "R07";
      reason = "no explicit yes at a confirmation";
    }
  }
  if (!rule.empty()) {
    Action& refuse = emit(out, ActionKind::Refuse, n);
    refuse.rule = rule;
    refuse.reason = std::move(reason);
    // The sale is not lost for good: a callback can finish what is missing (R01, R14).
    finish(kCallback, n, out);
    return false;
  }
  Action& sale = emit(out, ActionKind::Register, n);
  sale.text = f.product;
  sale.number = phone_; // R15: only ever the called number
  registered_ = true;
  consent_ = false; // one consent, one registration
  return true;
}

bool Session::notUnderstood(bool repeatQuestion, Actions& out) {
  const FlowData& f = *flow_;
  if (++notUnderstood_ >= f.limits.notUnderstood) {
    // R16: after repeated failure, end the marketing politely.
    emit(out, ActionKind::Say, waiting_).text = kNotUnderstoodGoodbye;
    finish(kNotUnderstood, waiting_, out);
    return true;
  }
  const Node& w = f.nodes[waiting_];
  if (repeatQuestion && w.question != kNone) {
    emit(out, ActionKind::Say, waiting_).text = fmt::format("{}{}", kPardonPrefix, resolveText(w.question));
  }
  return false;
}

void Session::finish(std::uint32_t outcome, std::uint32_t n, Actions& out) {
  finished_ = true;
  waiting_ = kNone;
  outcome_ = outcome;
  emit(out, ActionKind::End, n).outcome = flow_->symbols[outcome];
}

Action& Session::emit(Actions& out, ActionKind kind, std::uint32_t n) const {
  Action& a = out.emplace_back();
  a.kind = kind;
  if (n != kNone) a.step = flow_->strings[flow_->nodes[n].id];
  return a;
}

std::string Session::resolveText(std::uint32_t text) const {
  const std::string& t = flow_->texts[text];
  if (!flow_->textHasTemplate[text]) return t;
  const std::string_view phone = phone_;
  const std::string_view first3 = phone.substr(0, std::min<std::size_t>(3, phone.size()));
  const std::string_view last4 = phone.substr(phone.size() - std::min<std::size_t>(4, phone.size()));
  std::string r;
  r.reserve(t.size() + 8);
  std::size_t i = 0;
  while (i < t.size()) {
    const std::size_t open = t.find("{phone.", i);
    if (open == std::string::npos) break;
    r.append(t, i, open - i);
    const std::string_view rest = std::string_view(t).substr(open);
    if (rest.starts_with("{phone.first3}")) {
      r += first3;
      i = open + 14;
    } else if (rest.starts_with("{phone.last4}")) {
      r += last4;
      i = open + 13;
    } else if (rest.starts_with("{phone.masked}")) {
      r += first3;
      r += "****";
      r += last4;
      i = open + 14;
    } else {
      r += '{';
      i = open + 1;
    }
  }
  r.append(t, i, std::string::npos);
  return r;
}

} // namespace patter
