// The session interpreter: runs a Flow for one call and enforces the live-call rules.
#include "patter/session.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow_data.h"
#include "json_line.h"
#include "session_impl.h"
#include "patter/format.h"
#include "vocabulary/Vocabulary.h"

namespace patter {

using namespace detail;
namespace ak = format::audit::key;
namespace at = format::audit::type;

namespace {
/// No feed may enter more nodes than this; only a flow that bounces between handlers and
/// `resume` forever could, and such a call ends with `flow_error` instead of hanging the host.
constexpr std::uint16_t kMaxTransitions = 64;

/// R12: after a wait over 20 s the agent apologises.
constexpr Millis kLongWait = 20'000;

/// Host times are any int64: sums and differences of them saturate instead of overflowing.
Millis addSaturated(Millis a, Millis b) noexcept {
  Millis r = 0;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? std::numeric_limits<Millis>::max() : std::numeric_limits<Millis>::min() + 1;
  return r;
}
Millis subtractSaturated(Millis a, Millis b) noexcept {
  Millis r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? std::numeric_limits<Millis>::max() : std::numeric_limits<Millis>::min() + 1;
  return r;
}

/// Whether a spoken owner question names `phone` by its first 3 and last 4 digits (R03).
bool namesNumber(std::string_view spoken, std::string_view phone) {
  const std::string_view first3 = phone.substr(0, std::min<std::size_t>(3, phone.size()));
  const std::string_view last4 = phone.substr(phone.size() - std::min<std::size_t>(4, phone.size()));
  const std::size_t at = spoken.find(first3);
  return !phone.empty() && at != std::string_view::npos && spoken.find(last4, at + first3.size()) != std::string_view::npos;
}
} // namespace

bool OstreamAuditSink::write(std::string_view line) {
  out_ << line << '\n';
  out_.flush();
  return out_.good();
}


Session::Impl::Impl(std::shared_ptr<const FlowData> flow, CallContext context)
    : flow_(std::move(flow)), phone_(std::move(context.phone)), sessionId_(std::move(context.sessionId)),
      disclosed_((flow_->clauseIds.size() + 63) / 64, 0), audit_(context.audit), waiting_(kNone),
      lastWaitStep_(kNone), interrupted_(kNone), consentStep_(kNone), outcome_(kNone), event_(kNone) {
  // R03, R15: the owner question reads the number's first 3 and last 4 digits, so it must be one.
  std::string digits;
  validPhone_ = mainlandMobile(phone_, digits);
  if (validPhone_) phone_ = std::move(digits);
}

Session::Session(const Flow& flow, CallContext context)
    : impl_(std::make_unique<Impl>(flow.data_, std::move(context))) {}
Session::Session(const Session& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Session& Session::operator=(const Session& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Session::Session(Session&& other) noexcept = default;
Session& Session::operator=(Session&& other) noexcept = default;
Session::~Session() = default;

std::vector<Action> Session::start(Millis now) { return impl_->start(now); }
std::vector<Action> Session::feedEvent(std::string_view name, const EventInfo& info) { return impl_->feedEvent(name, info); }
std::vector<Action> Session::feedText(std::string_view reply, Millis now) { return impl_->feedText(reply, now); }
std::string Session::snapshot() const { return impl_->snapshot(); }
std::string_view Session::outcome() const noexcept { return impl_->outcome(); }
std::string_view Session::waitingAt() const noexcept { return impl_->waitingAt(); }
bool Session::disclosed(std::string_view clauseId) const noexcept { return impl_->disclosed(clauseId); }
std::string_view Session::error() const noexcept { return impl_->error_; }
bool Session::started() const noexcept { return impl_->started_; }
bool Session::finished() const noexcept { return impl_->finished_; }
std::uint32_t Session::pendingRequest() const noexcept { return impl_->request_; }
Millis Session::now() const noexcept { return impl_->now_; }
const std::string& Session::phone() const noexcept { return impl_->phone_; }
const std::string& Session::sessionId() const noexcept { return impl_->sessionId_; }
bool Session::ownerVerified() const noexcept { return impl_->ownerVerified_; }
bool Session::consented() const noexcept { return impl_->consent_; }
std::string_view Session::consentEvidence() const noexcept { return impl_->consentEvidence_; }
bool Session::registered() const noexcept { return impl_->registered_; }
unsigned Session::retentionUsed() const noexcept { return impl_->retention_; }
unsigned Session::notUnderstoodCount() const noexcept { return impl_->notUnderstood_; }
unsigned Session::offtopicCount() const noexcept { return impl_->offtopic_; }
unsigned Session::abuseCount() const noexcept { return impl_->abuse_; }
unsigned Session::silenceCount() const noexcept { return impl_->silence_; }
unsigned Session::waitPhrases() const noexcept { return impl_->wait_; }
bool Session::angry() const noexcept { return impl_->angry_; }
bool Session::elderly() const noexcept { return impl_->elderly_; }
bool Session::auditFailed() const noexcept { return impl_->auditFailed_; }

bool mainlandMobile(std::string_view phone, std::string& digits) {
  digits.clear();
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c == ' ' || c == '-') continue;
    if (c == '+' && digits.empty() && i == phone.find_first_not_of(" ")) continue;
    if (c < '0' || c > '9') return false;
    digits += c;
  }
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  else if (phone.find('+') != std::string_view::npos) return false; // `+` only before 86
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

std::string_view Session::Impl::outcome() const noexcept {
  return outcome_ == kNone ? std::string_view{} : std::string_view{flow_->symbols[outcome_]};
}

std::string_view Session::Impl::waitingAt() const noexcept {
  return waiting_ == kNone ? std::string_view{} : std::string_view{flow_->strings[flow_->nodes[waiting_].id]};
}

bool Session::Impl::disclosed(std::string_view clauseId) const noexcept {
  const auto& ids = flow_->clauseIds;
  const auto it = std::find(ids.begin(), ids.end(), clauseId);
  if (it == ids.end()) return false;
  const auto c = static_cast<std::size_t>(it - ids.begin());
  return (disclosed_[c / 64] >> (c % 64)) & 1u;
}

void Session::Impl::setTime(Millis now) noexcept {
  if (now != kNoTime) now_ = now;
}

void Session::Impl::audited(const Actions& out, std::size_t from) {
  // A registration audits the actions before it itself (registerSale): they are not written twice.
  for (std::size_t i = std::max<std::size_t>(from, auditedTo_); i < out.size(); ++i) auditAction(out[i]);
  auditedTo_ = 0;
}

bool Session::Impl::auditAction(const Action& a) {
  if (audit_ == nullptr) return true;
  {
    switch (a.kind) {
    case ActionKind::Say:
      return record(at::say, [&](JsonLine& j) {
        j.str(ak::step, a.step).str(ak::text, a.text);
        if (!a.clause.empty()) j.str(ak::clause, a.clause);
      });
    case ActionKind::Invoke:
      return record(at::invoke, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::name, a.name).num(ak::request, a.request); });
    case ActionKind::Register:
      return record(at::registerSale, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::product, a.text).str(ak::number, a.number); });
    case ActionKind::Refuse:
      return record(at::refuse, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::rule, a.rule).str(ak::reason, a.reason); });
    case ActionKind::ScheduleCallback:
      return record(at::callback, [&](JsonLine& j) {
        j.str(ak::step, a.step).str(ak::reason, a.reason).num(ak::at, a.at).num(ak::deadline, a.deadline)
            .num(ak::attempts, a.attempts);
      });
    case ActionKind::End:
      return record(at::end, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::outcome, a.outcome); });
    case ActionKind::Cancel:
      return true; // recorded as it happens, with the words that withdrew the consent
    }
  }
  return true;
}

std::vector<Action> Session::Impl::start(Millis now) {
  Actions out;
  error_ = {};
  if (!validPhone_) {
    error_ = "the called number is not a mainland mobile number (11 digits from 13-19, optionally after +86)";
    return out;
  }
  if (started_) return out;
  setTime(now);
  started_ = true;
  transitions_ = 0;
  const FlowData& f = *flow_;
  record(at::start, [&](JsonLine& j) {
    j.str(ak::format, format::audit::formatName).num(ak::version, format::audit::kVersion)
        .str(ak::campaign, f.campaignId).num(ak::flowVersion, format::kVersion)
        .str(ak::phone, phone_).str(ak::product, f.product);
  });
  enter(f.start, out);
  audited(out, 0);
  return out;
}

void Session::Impl::dispatchEvent(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out) {
  const FlowData& f = *flow_;
  if (event == kAngry) angry_ = true;
  if (event == kElderly) elderly_ = true;
  if (event == kBusy) busy_ = true;
  if (event == kAngry || event == kElderly || event == kBusy || event == kOfftopic || event == kAbuse ||
      event == kComplaint) {
    silence_ = 0; // the customer spoke
  }
  if (leaveHandler(event, false, out)) return;
  if (f.nodes[waiting_].wait == Wait::Invoke && hostResult(event, name, info, out)) return;
  if (event == kNone) {
    // A name this flow never mentions: not understood, like an unclear reply.
    notUnderstood(true, out);
    return;
  }

  // Counters with policy ceilings: past the ceiling the call ends, whatever the handler does.
  const Limits& l = f.limits;
  switch (event) {
  case kOfftopic:
    if (++offtopic_ > l.offtopic && atCeiling(kOfftopic, kOfftopic, Line::OfftopicClosing, "R17", out)) return;
    break;
  case kAbuse:
    if (++abuse_ > l.abuse && atCeiling(kAbuse, kAbuse, Line::AbuseClosing, "R17", out)) return;
    break;
  case kSilence:
    if (++silence_ >= kSilenceStages && atCeiling(kSilence, kNoAnswer, Line::Silence3, "R13", out)) {
      return;
    }
    break;
  default: break;
  }

  const Node& waiting = f.nodes[waiting_];
  if (event == kHangup && fillerPending_ && waiting.wait == Wait::Confirm) {
    // R06: a hang-up after a filler reply is not a sale; the customer is called back.
    finish(kCallback, waiting_, out, "filler_then_hangup");
    return;
  }
  const Resolution r = resolve(event);
  if (r.via != Resolution::Via::None) {
    take(r, out);
  } else {
    unrouted(event, out);
  }
}

bool Session::Impl::hostResult(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out) {
  const FlowData& f = *flow_;
  const Node& w = f.nodes[waiting_];
  const ActionDef& invoke = f.actions[w.invoke];
  if (info.request != 0 && info.request != request_) {
    // A late answer to an earlier request (it timed out, the step was left): ignored.
    record(at::suppressed, [&](JsonLine& j) {
      j.str(ak::name, name).num(ak::request, info.request).str(ak::reason, "stale host-call result").str(ak::rule, "R21");
    });
    return true;
  }
  if (event == kSilence) return true; // the customer waits quietly for the answer: expected
  if (event == kTick) {
    ++ticks_;
    if (wait_ < f.limits.wait) {
      // R12: no silence without notice; check in at every tick.
      ++wait_;
      say(out, waiting_, line(Line::WaitTick));
      return true;
    }
    // R12: no more wait phrases; the host call is given up as timed out.
    record(at::limit, [&](JsonLine& j) {
      j.str(ak::counter, vocab::counter(vocab::CounterId::wait).name).num(ak::value, wait_).num(ak::limit, f.limits.wait).str(ak::rule, "R12");
    });
    event = kTimeout;
  }
  for (Index i = invoke.first; i < invoke.first + invoke.count; ++i) {
    if (f.routes[i].event != event) continue;
    if (ticks_ > 0) {
      const Millis waited = subtractSaturated(now_, invokeAt_);
      say(out, waiting_, line(waited > kLongWait ? Line::WaitOverLong : Line::WaitOver));
    }
    request_ = 0;
    ticks_ = 0;
    failedResult_ = f.failedResult[event]; // R21: a sale never follows a failed host call
    follow(f.routes[i].target, waiting_, out);
    return true;
  }
  if (event == kTimeout) {
    request_ = 0;
    ticks_ = 0;
    failedResult_ = true;
    const Resolution r = resolve(kTimeout);
    if (r.via != Resolution::Via::None) {
      take(r, out);
    } else {
      // R21: no answer from the host system; promise to come back rather than leave the line silent.
      say(out, waiting_, line(Line::HostTimeout));
      finish(kCallback, waiting_, out, vocab::eventName(vocab::Event::Timeout));
    }
    return true;
  }
  if (event != kNone && isBuiltinEvent(event)) return false; // the customer's events take the usual path
  if (event != kNone) {
    if (const Resolution r = resolve(event); r.via != Resolution::Via::None) {
      take(r, out);
      return true;
    }
  }
  // R21: an answer the flow does not know is an error in the host or the flow, never a guess.
  Action& refuse = emit(out, ActionKind::Refuse, waiting_);
  refuse.rule = "R21";
  refuse.reason = fmt::format("unknown result '{}' of host call '{}'", name, f.strings[invoke.arg]);
  finish(kFlowError, waiting_, out);
  return true;
}

bool Session::Impl::leaveHandler(std::uint32_t event, bool answersConsent, Actions& out) {
  // While a step that only handlers lead to waits ("您好!请问有什么可以帮助您?"), a reply its own
  // routes do not take is the customer answering the interrupted question: it is handled there.
  const FlowData& f = *flow_;
  if (interrupted_ == kNone || !f.nodes[waiting_].handlerSide) return false;
  if (event != kNone && routedHere(event)) return false;
  const Index back = interrupted_;
  interrupted_ = kNone;
  const Wait backWait = f.nodes[back].wait;
  if (answersConsent && (backWait == Wait::Confirm || backWait == Wait::VerifyOwner)) {
    // Consent and the owner check are answers to their own question, not to "are you there?":
    // the question is asked again instead (R03, R05).
    askAgain(back, out);
    return true;
  }
  waiting_ = back;
  return false;
}

bool Session::Impl::atCeiling(std::uint32_t event, std::uint32_t outcome, Line closing, std::string_view rule,
                        Actions& out) {
  const FlowData& f = *flow_;
  const unsigned value = event == kOfftopic ? offtopic_ : event == kAbuse ? abuse_ : silence_;
  const unsigned limit = event == kOfftopic ? f.limits.offtopic : event == kAbuse ? f.limits.abuse : kSilenceStages - 1;
  record(at::limit, [&](JsonLine& j) {
    j.str(ak::counter, f.symbols[event]).num(ak::value, value).num(ak::limit, limit).str(ak::rule, rule);
  });
  // The flow's own closing is used when its handler ends the call; otherwise the runtime's.
  if (const Resolution r = resolve(event); endsCall(r)) {
    take(r, out);
    return true;
  }
  say(out, waiting_, line(closing));
  finish(outcome, waiting_, out);
  return true;
}

void Session::Impl::unrouted(std::uint32_t event, Actions& out) {
  switch (event) {
  case kHangup: {
    // R01: a call cut off once disclosure began, without a sale, is called back to finish it.
    const bool begun = std::any_of(disclosed_.begin(), disclosed_.end(), [](std::uint64_t w) { return w != 0; });
    finish(begun && !registered_ ? kCallback : kHangup, waiting_, out, vocab::eventName(vocab::Event::Hangup));
    return;
  }
  case kAngry: say(out, waiting_, line(Line::Soothe)); return; // R11: soothe before anything else
  case kElderly: return;                                          // lowers the retention ceiling only
  case kBusy:                                                     // R08, R14: an appointment, not a pitch
    say(out, waiting_, line(Line::Busy));
    finish(kAppointment, waiting_, out);
    return;
  case kSilence:
    say(out, waiting_, line(silence_ <= 1 ? Line::Silence1 : silence_ == 2 ? Line::Silence2 : Line::Silence3));
    return;
  case kOfftopic: say(out, waiting_, line(Line::Redirect)); return;
  case kAbuse: say(out, waiting_, line(Line::AbuseWarning)); return;
  case kComplaint: say(out, waiting_, line(Line::Complaint)); return; // R18: never hang up on it
  case kTick:
  case kTimeout: return; // no host call pending: nothing to wait for
  default: notUnderstood(true, out); return;
  }
}

Session::Impl::Resolution Session::Impl::resolve(std::uint32_t event) const noexcept {
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
      if (const Route* r = search(invoke.first, invoke.count)) return {r->target, Resolution::Via::Route, event};
    }
    if (const Route* r = search(w.firstRoute, w.routeCount)) return {r->target, Resolution::Via::Route, event};
  }
  if (const Route* r = search(f.firstHandler, f.handlerCount)) return {r->target, Resolution::Via::Handler, event};
  if (event < f.objectionOfSymbol.size() && f.objectionOfSymbol[event] != kNone) {
    return {Target{Target::Kind::Node, f.objectionOfSymbol[event]}, Resolution::Via::Objection, event};
  }
  return {};
}

bool Session::Impl::routedHere(std::uint32_t event) const noexcept {
  const FlowData& f = *flow_;
  const Node& w = f.nodes[waiting_];
  const auto has = [&](Index first, Index count) {
    for (Index i = first; i < first + count; ++i) {
      if (f.routes[i].event == event) return true;
    }
    return false;
  };
  if (w.invoke != kNone && has(f.actions[w.invoke].first, f.actions[w.invoke].count)) return true;
  return has(w.firstRoute, w.routeCount);
}

bool Session::Impl::endsCall(const Resolution& r) const noexcept {
  if (r.via == Resolution::Via::None) return false;
  if (r.target.kind == Target::Kind::End) return true;
  if (r.target.kind != Target::Kind::Node) return false;
  const Node& n = flow_->nodes[r.target.index];
  return !n.isObjection && n.ends;
}

void Session::Impl::take(const Resolution& r, Actions& out) {
  // R08 as the path checks count it (compiler/graph/Retention.h): a routed no or hesitation (not
  // at the owner check), angry, busy or elderly is a refusal the next return to a pitch answers; a
  // yes the step routes answers it. "我考虑一下" sent back to the pitch is pitched again at most as
  // often as a no.
  const Wait at = waiting_ != kNone ? flow_->nodes[waiting_].wait : Wait::None;
  const bool refuses = (r.event == kNo || r.event == kHesitation) && at != Wait::VerifyOwner;
  if (refuses || r.event == kAngry || r.event == kBusy || r.event == kElderly) {
    refused_ = true;
  } else if (r.event == kYes && r.via == Resolution::Via::Route) {
    refused_ = false;
  }
  if (r.via == Resolution::Via::Handler && (waiting_ == kNone || !flow_->nodes[waiting_].handlerSide)) {
    // Remember where the handler interrupted, for `resume`. A handler interrupting a handler's
    // step keeps the first interruption.
    interrupted_ = waiting_;
  }
  follow(r.target, waiting_, out);
}

void Session::Impl::follow(const Target& target, std::uint32_t from, Actions& out) {
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
    if (f.nodes[back].pitch && refused_) {
      // R08: back to the pitch after a refusal (angry, soothed) is one retention attempt; with
      // the budget spent the pitch is not asked again: the call takes its answer to a no.
      if (retention_ >= retentionCeiling()) {
        retentionSpent();
        waiting_ = back;
        if (const Resolution r = resolve(kNo); r.via != Resolution::Via::None) {
          take(r, out);
        } else {
          finish(kDeclined, back, out);
        }
        return;
      }
      ++retention_;
      refused_ = false;
    }
    askAgain(back, out);
    return;
  }
  case Target::Kind::None:
    break;
  }
  finish(kFlowError, from, out); // unreachable for a validated flow
}

void Session::Impl::enter(std::uint32_t n, Actions& out) {
  if (finished_) return;
  if (++transitions_ > kMaxTransitions) {
    finish(kFlowError, n, out);
    return;
  }
  const FlowData& f = *flow_;
  const Node& node = f.nodes[n];
  if (node.pitch && refused_ && !repitch(n, out)) return;
  waiting_ = kNone;
  fillerPending_ = false;
  if (!node.handlerSide) interrupted_ = kNone; // back on the campaign's own path
  for (Index i = node.firstAction; i < node.firstAction + node.actionCount; ++i) {
    const ActionDef& a = f.actions[i];
    switch (a.op) {
    case Op::Say:
    case Op::Ask:
      if (f.textIsWaitPhrase[a.arg]) {
        if (a.op == Op::Say && wait_ >= f.limits.wait) {
          // R12: at most `wait` wait phrases per call; the line is left out, and the log says so.
          record(at::suppressed, [&](JsonLine& j) {
            j.str(ak::step, f.strings[node.id]).str(ak::text, f.texts[a.arg]).str(ak::rule, "R12")
                .str(ak::reason, "wait phrase over the policy's ceiling");
          });
          break;
        }
        ++wait_;
      }
      say(out, n, resolveText(a.arg));
      break;
    case Op::Disclose:
      for (Index k = a.first; k < a.first + a.count; ++k) {
        const Index c = f.clauseRefs[k];
        Action& line = emit(out, ActionKind::Say, n);
        line.text = f.clauseTexts[c];
        line.clause = f.clauseIds[c];
        disclosed_[c / 64] |= std::uint64_t{1} << (c % 64);
      }
      break;
    case Op::VerifyOwner:
      askedOwner(n);
      break;
    case Op::Confirm:
      consent_ = false; // the answer to this question is the one that counts
      askedConfirmation(n);
      break;
    case Op::Register:
      if (!registerSale(n, out)) return;
      break;
    case Op::Invoke: {
      Action& call = emit(out, ActionKind::Invoke, n);
      call.name = f.strings[a.arg];
      call.request = request_ = ++lastRequest_;
      invokeAt_ = now_;
      ticks_ = 0;
      break;
    }
    case Op::End:
      finish(a.arg, n, out);
      return;
    }
  }
  if (node.wait != Wait::None) {
    waiting_ = n;
    if (!node.isObjection && !node.handlerSide) lastWaitStep_ = n;
    return;
  }
  if (node.retry) {
    askAgain(lastWaitStep_ != kNone ? lastWaitStep_ : f.start, out);
    return;
  }
  follow(node.next, n, out);
}

void Session::Impl::askAgain(std::uint32_t n, Actions& out) {
  // `retry` and `resume` go back to the question, not to the top of the step: the customer has
  // heard the pitch and its clauses once already, and they stay disclosed.
  const FlowData& f = *flow_;
  const Node& node = f.nodes[n];
  if (node.wait == Wait::Invoke && request_ != 0) {
    // Back to waiting for the pending host call; it is never sent twice.
    waiting_ = n;
    return;
  }
  if (node.wait != Wait::Ask && node.wait != Wait::VerifyOwner && node.wait != Wait::Confirm) {
    enter(n, out);
    return;
  }
  if (++transitions_ > kMaxTransitions) {
    finish(kFlowError, n, out);
    return;
  }
  if (node.wait == Wait::Confirm) {
    speakLines(n, out); // the whole confirmation, never only its last sentence (R04, R05)
  } else if (node.question != kNone) {
    say(out, n, resolveText(node.question));
  }
  if (node.wait == Wait::VerifyOwner) askedOwner(n);
  if (node.wait == Wait::Confirm) {
    consent_ = false;
    askedConfirmation(n);
  }
  fillerPending_ = false;
  waiting_ = n;
  if (!node.handlerSide) interrupted_ = kNone;
}

std::uint32_t Session::Impl::retentionCeiling() const noexcept {
  const Limits& l = flow_->limits;
  std::uint32_t ceiling = l.retention;
  if (angry_) ceiling = std::min(ceiling, l.retentionAngry);
  if (elderly_) ceiling = std::min(ceiling, l.retentionElderly);
  if (busy_) ceiling = 0; // R08: an appointment, not retention
  return std::min(ceiling, vocab::counter(vocab::CounterId::retention).ceiling);
}

void Session::Impl::retentionSpent() {
  record(at::limit, [&](JsonLine& j) {
    j.str(ak::counter, vocab::counter(vocab::CounterId::retention).name).num(ak::value, retention_).num(ak::limit, retentionCeiling())
        .str(ak::rule, "R08");
  });
}

bool Session::Impl::repitch(std::uint32_t n, Actions& out) {
  // A return the flow makes itself (a route, a goto, `exhausted`): the compiler proves it stays
  // within the ceiling; a flow that goes over ends the call rather than push once more.
  refused_ = false;
  if (retention_ >= retentionCeiling()) {
    retentionSpent();
    finish(kDeclined, n, out);
    return false;
  }
  ++retention_;
  return true;
}

void Session::Impl::raiseObjection(std::uint32_t n, Actions& out) {
  const Node& objection = flow_->nodes[n];
  refused_ = true; // R08: any objection raised is a refusal
  // An objection that goes back to the pitch (`retry`) is a retention attempt. One that answers
  // and moves on (a follow-up call revoking the order, R20) is counted only where it pitches.
  if (!objection.retry) {
    enter(n, out);
    return;
  }
  if (retention_ >= retentionCeiling()) {
    // R08: the budget is spent; no more persuasion, not even one line.
    retentionSpent();
    follow(objection.exhausted, n, out);
    return;
  }
  ++retention_;
  refused_ = false; // its `retry` is the return to the pitch, counted here
  enter(n, out);
}

void Session::Impl::askedOwner(std::uint32_t n) {
  const Index q = flow_->nodes[n].question;
  ownerNamed_ = q != kNone && namesNumber(resolveText(q), phone_);
}

void Session::Impl::askedConfirmation(std::uint32_t n) {
  // What was actually said, whatever the flow claims: the loader checked the texts, and this
  // holds the spoken question and the clauses spoken before it to the same rules.
  const FlowData& f = *flow_;
  const Index q = f.nodes[n].question;
  const std::string spoken = q == kNone ? std::string() : resolveText(q);
  confirmNamed_ = q != kNone && spoken.find(f.product) != std::string::npos &&
                  (f.recording.empty() || spoken.find(f.recording) != std::string::npos);
  confirmInformed_ = true;
  for (std::size_t c = 0; c < f.clauseIds.size(); ++c) {
    if (f.mandatory[c] && !((disclosed_[c / 64] >> (c % 64)) & 1u)) confirmInformed_ = false;
  }
}

bool Session::Impl::registerSale(std::uint32_t n, Actions& out) {
  const FlowData& f = *flow_;
  if (registered_) {
    // One call, one sale: a second registration is refused plainly and the call goes on.
    Action& refuse = emit(out, ActionKind::Refuse, n);
    refuse.rule = "R07";
    refuse.reason = "the sale is already registered on this call";
    return true;
  }
  std::string_view rule;
  std::string reason;
  if (auditFailed_) {
    rule = "R20";
    reason = "the audit log could not be written: no proof, no sale";
  } else if (!ownerVerified_ || !ownerNamed_) {
    rule = "R03";
    reason = ownerVerified_ ? "the owner question did not name the called number" : "owner not verified with an explicit yes";
  } else if (failedResult_) {
    rule = "R21";
    reason = "the last host call failed";
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
    } else if (!confirmInformed_) {
      rule = "R01";
      reason = "mandatory clauses were spoken only after the confirmation question";
    } else if (!confirmNamed_) {
      rule = "R05";
      reason = "the confirmation question did not name the product with the recording notice";
    }
  }
  if (!rule.empty()) {
    Action& refuse = emit(out, ActionKind::Refuse, n);
    refuse.rule = rule;
    refuse.reason = std::move(reason);
    // The sale is not lost for good: a callback can finish what is missing (R01, R14).
    finish(kCallback, n, out, "refused");
    return false;
  }
  // No proof, no sale: everything said so far, then the registration itself, is written first;
  // if any of it cannot be, the sale is refused.
  audited(out, auditedTo_);
  Action sale;
  sale.kind = ActionKind::Register;
  sale.step = f.strings[f.nodes[n].id];
  sale.text = f.product;
  sale.number = phone_; // R15: only ever the called number
  if (auditFailed_ || !auditAction(sale)) {
    Action& refuse = emit(out, ActionKind::Refuse, n);
    refuse.rule = "R20";
    refuse.reason = "the audit log could not be written: no proof, no sale";
    auditedTo_ = static_cast<std::uint16_t>(out.size() - 1);
    finish(kCallback, n, out, "audit_failed");
    return false;
  }
  out.push_back(std::move(sale));
  auditedTo_ = static_cast<std::uint16_t>(out.size());
  registered_ = true;
  consent_ = false; // one consent, one registration
  return true;
}

bool Session::Impl::notUnderstood(bool repeatQuestion, Actions& out) {
  const FlowData& f = *flow_;
  if (++notUnderstood_ >= f.limits.notUnderstood) {
    // R16: after repeated failure, end the marketing politely: the flow's `not_understood`
    // handler when it ends the call, else the runtime's goodbye.
    record(at::limit, [&](JsonLine& j) {
      j.str(ak::counter, vocab::counter(vocab::CounterId::notUnderstood).name).num(ak::value, notUnderstood_).num(ak::limit, f.limits.notUnderstood)
          .str(ak::rule, "R16");
    });
    if (const Resolution r = resolve(kNotUnderstood); endsCall(r)) {
      take(r, out);
      return true;
    }
    say(out, waiting_, line(Line::NotUnderstoodClosing));
    finish(kNotUnderstood, waiting_, out);
    return true;
  }
  const Node& w = f.nodes[waiting_];
  if (repeatQuestion && w.question != kNone) {
    say(out, waiting_, line(Line::Pardon) + resolveText(w.question));
  }
  return false;
}

void Session::Impl::finish(std::uint32_t outcome, std::uint32_t n, Actions& out, std::string_view reason) {
  const FlowData& f = *flow_;
  finished_ = true;
  waiting_ = kNone;
  request_ = 0;
  outcome_ = outcome;
  if (outcome == kCallback || outcome == kAppointment) {
    // R14: a promised callback or appointment is an obligation the dialer must keep.
    const Timing& t = f.timing;
    if (reason.empty()) {
      reason = event_ == kHangup ? vocab::eventName(vocab::Event::Hangup)
               : event_ == kBusy ? vocab::eventName(vocab::Event::Busy)
               : (event_ == kTimeout || event_ == kTick) ? vocab::eventName(vocab::Event::Timeout)
                                                          : "promised";
    }
    Action& cb = emit(out, ActionKind::ScheduleCallback, n);
    cb.reason = reason;
    cb.attempts = t.callbackAttempts;
    const Millis earliest = addSaturated(now_, Millis{t.callbackDelay} * 1000);
    if (outcome == kAppointment) {
      cb.at = eventAt_ != kNoTime ? std::max(eventAt_, earliest) : addSaturated(now_, Millis{t.appointmentDefault} * 1000);
      cb.deadline = addSaturated(cb.at, Millis{t.callbackWindow} * 1000);
    } else {
      cb.at = earliest;
      cb.deadline = addSaturated(now_, Millis{t.callbackWindow} * 1000);
    }
  }
  emit(out, ActionKind::End, n).outcome = f.symbols[outcome];
}

void Session::Impl::say(Actions& out, std::uint32_t n, std::string text) {
  if (text.empty()) return; // a runtime line of a flow built without vocabularies: nothing to say
  emit(out, ActionKind::Say, n).text = std::move(text);
}

Action& Session::Impl::emit(Actions& out, ActionKind kind, std::uint32_t n) const {
  Action& a = out.emplace_back();
  a.kind = kind;
  if (n != kNone) a.step = flow_->strings[flow_->nodes[n].id];
  return a;
}

std::string Session::Impl::resolveText(std::uint32_t text) const {
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
