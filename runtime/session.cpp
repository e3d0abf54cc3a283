// The session interpreter: runs a Flow for one call and enforces the live-call rules.
#include "patter/session.h"

#include <algorithm>

#include <fmt/format.h>

#include "flow_data.h"
#include "json_line.h"
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
/// R13: the third silence in a row ends the call.
constexpr std::uint16_t kSilenceStages = 3;

// The runtime's own lines, from the seeds' approved phrasing (001). They are spoken only when the
// flow does not handle the event itself (the standard handlers carry the same phrasing), or when
// a ceiling ends the call.
constexpr std::string_view kPardonPrefix = "抱歉,我没听清,";
constexpr std::string_view kNotUnderstoodGoodbye = "不好意思打扰您了,再见!";
constexpr std::string_view kSilenceLines[kSilenceStages] = {
    "您好!请问有什么可以帮助您?", "您好,听不到您的声音,请问有什么可以帮助您?",
    "对不起,听不到您的声音,不打扰了,再见!"};
constexpr std::string_view kSoothe = "我非常理解您现在的心情,请相信,我们能够很好的处理这个问题,请您别着急。";
constexpr std::string_view kComplaintLine = "感谢您的宝贵意见,我会认真记录以建议形式反馈,请您后期关注。";
constexpr std::string_view kRedirect =
    "您咨询的内容已超出了我们的工作范围,非常抱歉没能帮助到您,建议您挂机后拨打客服热线咨询。";
constexpr std::string_view kOfftopicClosing =
    "由于您多次咨询其他业务,这里暂无法及时帮助到您,我们将结束本次服务,感谢您的支持,再见!";
constexpr std::string_view kAbuseWarning = "对不起,请问有什么可以帮到您?为了更好地为您服务,请您文明用语,谢谢配合。";
constexpr std::string_view kAbuseClosing = "对不起,由于您多次使用不文明用语,我们将结束本次通话,再见!";
constexpr std::string_view kBusyLine = "好的,不打扰您了,我们在您方便的时候再与您联系,祝您生活愉快,再见!";
constexpr std::string_view kWaitTick = "感谢您的耐心等待,正在为您查询,请稍等。";
constexpr std::string_view kWaitOver = "感谢您的耐心等候。";
constexpr std::string_view kWaitOverLong = "抱歉让您久等了,感谢您的耐心等候。";
constexpr std::string_view kHostTimeout =
    "抱歉让您久等了,查询需要一些时间,稍后落实清楚马上给您回复,请您注意接听,再见!";
/// R12: after a wait over 20 s the agent apologises.
constexpr Millis kLongWait = 20'000;
} // namespace

void OstreamAuditSink::write(std::string_view line) {
  out_ << line << '\n';
  out_.flush();
}

/// How an event was resolved: by the waiting node's routes (or its invoke's results), by a flow
/// handler, as an objection raised by its own name, or not at all.
struct Session::Resolution {
  enum class Via : std::uint8_t { None, Route, Handler, Objection };
  Target target;
  Via via = Via::None;
};

Session::Session(const Flow& flow, CallContext context)
    : flow_(flow.data_), phone_(std::move(context.phone)), sessionId_(std::move(context.sessionId)),
      disclosed_((flow_->clauseIds.size() + 63) / 64, 0), audit_(context.audit), waiting_(kNone),
      lastWaitStep_(kNone), interrupted_(kNone), outcome_(kNone), event_(kNone) {}

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

void Session::setTime(Millis now) noexcept {
  if (now != kNoTime) now_ = now;
}

template <class Fill> void Session::record(std::string_view type, Fill&& fill) {
  if (audit_ == nullptr) return;
  JsonLine line;
  line.num(ak::seq, ++auditSeq_).num(ak::time, now_).str(ak::session, sessionId_).str(ak::type, type);
  fill(line);
  audit_->write(line.take());
}

void Session::audited(const Actions& out, std::size_t from) {
  if (audit_ == nullptr) return;
  for (std::size_t i = from; i < out.size(); ++i) {
    const Action& a = out[i];
    switch (a.kind) {
    case ActionKind::Say:
      record(at::say, [&](JsonLine& j) {
        j.str(ak::step, a.step).str(ak::text, a.text);
        if (!a.clause.empty()) j.str(ak::clause, a.clause);
      });
      break;
    case ActionKind::Invoke:
      record(at::invoke, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::name, a.name).num(ak::request, a.request); });
      break;
    case ActionKind::Register:
      record(at::registerSale, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::product, a.text).str(ak::number, a.number); });
      break;
    case ActionKind::Refuse:
      record(at::refuse, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::rule, a.rule).str(ak::reason, a.reason); });
      break;
    case ActionKind::ScheduleCallback:
      record(at::callback, [&](JsonLine& j) {
        j.str(ak::step, a.step).str(ak::reason, a.reason).num(ak::at, a.at).num(ak::deadline, a.deadline)
            .num(ak::attempts, a.attempts);
      });
      break;
    case ActionKind::End:
      record(at::end, [&](JsonLine& j) { j.str(ak::step, a.step).str(ak::outcome, a.outcome); });
      break;
    }
  }
}

std::vector<Action> Session::start(Millis now) {
  Actions out;
  if (started_) return out;
  setTime(now);
  started_ = true;
  transitions_ = 0;
  const FlowData& f = *flow_;
  record(at::start, [&](JsonLine& j) {
    j.str(ak::format, format::audit::formatName).num(ak::version, format::audit::kVersion)
        .str(ak::campaign, f.campaignId).str(ak::flow, f.hash).num(ak::flowVersion, format::kVersion)
        .str(ak::phone, phone_).str(ak::product, f.product);
  });
  enter(f.start, out);
  audited(out, 0);
  return out;
}

std::vector<Action> Session::feedText(std::string_view text, Millis now) {
  if (!started_ || finished_ || waiting_ == kNone) return {};
  setTime(now);
  const FlowData& f = *flow_;
  const Classification c = f.classifier.classify(text);
  Actions out;
  transitions_ = 0;
  switch (c.kind) {
  case ReplyClass::Yes: event_ = kYes; break;
  case ReplyClass::No: event_ = kNo; break;
  case ReplyClass::Filler: event_ = kFiller; break;
  case ReplyClass::Objection: event_ = f.objectionSymbol[c.objection]; break;
  case ReplyClass::Unclear: event_ = kUnclear; break;
  }
  record(at::reply, [&](JsonLine& j) {
    j.str(ak::step, waitingAt()).str(ak::text, text).str(ak::kind, toString(c.kind));
    if (!c.matched.empty()) j.str(ak::matched, c.matched);
    j.str(ak::event, f.symbols[event_]);
  });
  dispatchReply(c.kind, text, c.matched, c.objection, out);
  audited(out, 0);
  event_ = kNone;
  return out;
}

std::vector<Action> Session::feedEvent(std::string_view name, const EventInfo& info) {
  if (!started_ || finished_ || waiting_ == kNone) return {};
  setTime(info.now);
  const FlowData& f = *flow_;
  const Index event = f.symbolOf(name);
  Actions out;
  transitions_ = 0;
  event_ = event;
  eventAt_ = info.at;
  record(at::event, [&](JsonLine& j) {
    j.str(ak::step, waitingAt()).str(ak::name, name);
    if (info.request != 0) j.num(ak::request, info.request);
    if (info.at != kNoTime) j.num(ak::at, info.at);
  });
  // Reply events (from a host that classifies speech itself) take the same path as text.
  switch (event) {
  case kYes: dispatchReply(ReplyClass::Yes, "!yes", {}, 0, out); break;
  case kNo: dispatchReply(ReplyClass::No, "!no", {}, 0, out); break;
  case kFiller: dispatchReply(ReplyClass::Filler, "!filler", "嗯", 0, out); break;
  case kUnclear: dispatchReply(ReplyClass::Unclear, "!unclear", {}, 0, out); break;
  default:
    if (event != kNone && f.objectionOfSymbol[event] != kNone) {
      dispatchReply(ReplyClass::Objection, name, {}, static_cast<std::uint32_t>(f.objectionOfSymbol[event] - f.stepCount),
                    out);
    } else {
      dispatchEvent(event, name, info, out);
    }
  }
  audited(out, 0);
  event_ = kNone;
  eventAt_ = kNoTime;
  return out;
}

void Session::dispatchReply(ReplyClass kind, std::string_view evidence, std::string_view filler,
                            std::uint32_t objection, Actions& out) {
  const FlowData& f = *flow_;
  silence_ = 0; // the customer spoke
  Index event = kUnclear;
  switch (kind) {
  case ReplyClass::Yes: event = kYes; break;
  case ReplyClass::No: event = kNo; break;
  case ReplyClass::Filler: event = kFiller; break;
  case ReplyClass::Objection: event = f.objectionSymbol[objection]; break;
  case ReplyClass::Unclear: event = kUnclear; break;
  }
  if (leaveHandler(event, kind == ReplyClass::Yes || kind == ReplyClass::Filler, out)) return;
  const Node& waiting = f.nodes[waiting_];
  // While a host call is pending the customer's words are recorded, not acted on: the call's
  // result decides what comes next, and a second request must never be sent.
  if (waiting.wait == Wait::Invoke) return;
  const bool isConsentQuestion = waiting.wait == Wait::Confirm || waiting.wait == Wait::VerifyOwner;

  if (kind == ReplyClass::Filler && isConsentQuestion) {
    // R06: 嗯/啊/哦 is never a yes. Ask what it meant and keep waiting.
    if (waiting.wait == Wait::Confirm) {
      fillerPending_ = true;
      consent_ = false;
    } else {
      ownerVerified_ = false;
    }
    if (!notUnderstood(false, out)) {
      say(out, waiting_, fmt::format("您刚才\"{}\"的意思是{}对吗?", filler,
                                     waiting.wait == Wait::Confirm ? "同意办理" : "您是机主"));
    }
    return;
  }
  fillerPending_ = false;

  const Resolution r = resolve(event);
  const bool routedYes = kind == ReplyClass::Yes && r.via != Resolution::Via::None;
  // Only an explicit, routed yes counts; anything else at the question withdraws the answer.
  if (waiting.wait == Wait::VerifyOwner) {
    ownerVerified_ = routedYes;
    if (routedYes) record(at::owner, [&](JsonLine& j) { j.str(ak::step, waitingAt()).str(ak::reply, evidence); });
  }
  if (waiting.wait == Wait::Confirm) {
    consent_ = routedYes;
    if (routedYes) {
      consentEvidence_.assign(evidence);
      record(at::consent, [&](JsonLine& j) { j.str(ak::step, waitingAt()).str(ak::reply, evidence); });
    }
  }
  if (kind == ReplyClass::Unclear || r.via == Resolution::Via::None) {
    // R16: count it even when a handler (std.unclear) answers, so the asking is bounded.
    if (notUnderstood(r.via == Resolution::Via::None, out)) return;
  } else {
    notUnderstood_ = 0;
  }
  if (r.via != Resolution::Via::None) take(r, out);
}

void Session::dispatchEvent(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out) {
  const FlowData& f = *flow_;
  if (event == kAngry) angry_ = true;
  if (event == kElderly) elderly_ = true;
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
    if (++offtopic_ > l.offtopic && atCeiling(kOfftopic, kOfftopic, kOfftopicClosing, "R17", out)) return;
    break;
  case kAbuse:
    if (++abuse_ > l.abuse && atCeiling(kAbuse, kAbuse, kAbuseClosing, "R17", out)) return;
    break;
  case kSilence:
    if (++silence_ >= kSilenceStages && atCeiling(kSilence, kNoAnswer, kSilenceLines[kSilenceStages - 1], "R13", out)) {
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

bool Session::hostResult(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out) {
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
      say(out, waiting_, std::string(kWaitTick));
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
      const Millis waited = now_ - invokeAt_;
      say(out, waiting_, std::string(waited > kLongWait ? kWaitOverLong : kWaitOver));
    }
    request_ = 0;
    ticks_ = 0;
    follow(f.routes[i].target, waiting_, out);
    return true;
  }
  if (event == kTimeout) {
    request_ = 0;
    ticks_ = 0;
    const Resolution r = resolve(kTimeout);
    if (r.via != Resolution::Via::None) {
      take(r, out);
    } else {
      // R21: no answer from the host system; promise to come back rather than leave the line silent.
      say(out, waiting_, std::string(kHostTimeout));
      finish(kCallback, waiting_, out, "timeout");
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

bool Session::leaveHandler(std::uint32_t event, bool answersConsent, Actions& out) {
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

bool Session::atCeiling(std::uint32_t event, std::uint32_t outcome, std::string_view closing, std::string_view rule,
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
  say(out, waiting_, std::string(closing));
  finish(outcome, waiting_, out);
  return true;
}

void Session::unrouted(std::uint32_t event, Actions& out) {
  switch (event) {
  case kHangup: {
    // R01: a call cut off once disclosure began, without a sale, is called back to finish it.
    const bool begun = std::any_of(disclosed_.begin(), disclosed_.end(), [](std::uint64_t w) { return w != 0; });
    finish(begun && !registered_ ? kCallback : kHangup, waiting_, out, "hangup");
    return;
  }
  case kAngry: say(out, waiting_, std::string(kSoothe)); return; // R11: soothe before anything else
  case kElderly: return;                                          // lowers the retention ceiling only
  case kBusy:                                                     // R08, R14: an appointment, not a pitch
    say(out, waiting_, std::string(kBusyLine));
    finish(kAppointment, waiting_, out);
    return;
  case kSilence: say(out, waiting_, std::string(kSilenceLines[std::min<unsigned>(silence_, kSilenceStages) - 1])); return;
  case kOfftopic: say(out, waiting_, std::string(kRedirect)); return;
  case kAbuse: say(out, waiting_, std::string(kAbuseWarning)); return;
  case kComplaint: say(out, waiting_, std::string(kComplaintLine)); return; // R18: never hang up on it
  case kTick:
  case kTimeout: return; // no host call pending: nothing to wait for
  default: notUnderstood(true, out); return;
  }
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

bool Session::routedHere(std::uint32_t event) const noexcept {
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

bool Session::endsCall(const Resolution& r) const noexcept {
  if (r.via == Resolution::Via::None) return false;
  if (r.target.kind == Target::Kind::End) return true;
  if (r.target.kind != Target::Kind::Node) return false;
  const Node& n = flow_->nodes[r.target.index];
  return !n.isObjection && n.ends;
}

void Session::take(const Resolution& r, Actions& out) {
  if (r.via == Resolution::Via::Handler && (waiting_ == kNone || !flow_->nodes[waiting_].handlerSide)) {
    // Remember where the handler interrupted, for `resume`. A handler interrupting a handler's
    // step keeps the first interruption.
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
      break;
    case Op::Confirm:
      consent_ = false; // the answer to this question is the one that counts
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

void Session::askAgain(std::uint32_t n, Actions& out) {
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
  if (node.question != kNone) say(out, n, resolveText(node.question));
  if (node.wait == Wait::Confirm) consent_ = false;
  fillerPending_ = false;
  waiting_ = n;
  if (!node.handlerSide) interrupted_ = kNone;
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
  // Only an objection that goes back to the pitch (`retry`) is a retention attempt. One that
  // answers and moves on (a follow-up call revoking the order, R20) is no persuasion at all.
  if (!objection.retry) {
    enter(n, out);
    return;
  }
  if (retention_ >= retentionCeiling()) {
    // R08: the budget is spent; no more persuasion, not even one line.
    record(at::limit, [&](JsonLine& j) {
      j.str(ak::counter, vocab::counter(vocab::CounterId::retention).name).num(ak::value, retention_).num(ak::limit, retentionCeiling())
          .str(ak::rule, "R08");
    });
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
    finish(kCallback, n, out, "refused");
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
    say(out, waiting_, std::string(kNotUnderstoodGoodbye));
    finish(kNotUnderstood, waiting_, out);
    return true;
  }
  const Node& w = f.nodes[waiting_];
  if (repeatQuestion && w.question != kNone) {
    say(out, waiting_, fmt::format("{}{}", kPardonPrefix, resolveText(w.question)));
  }
  return false;
}

void Session::finish(std::uint32_t outcome, std::uint32_t n, Actions& out, std::string_view reason) {
  const FlowData& f = *flow_;
  finished_ = true;
  waiting_ = kNone;
  request_ = 0;
  outcome_ = outcome;
  if (outcome == kCallback || outcome == kAppointment) {
    // R14: a promised callback or appointment is an obligation the dialer must keep.
    const Timing& t = f.timing;
    if (reason.empty()) {
      reason = event_ == kHangup ? "hangup"
               : event_ == kBusy ? "busy"
               : (event_ == kTimeout || event_ == kTick) ? "timeout"
                                                          : "promised";
    }
    Action& cb = emit(out, ActionKind::ScheduleCallback, n);
    cb.reason = reason;
    cb.attempts = t.callbackAttempts;
    const Millis earliest = now_ + Millis{t.callbackDelay} * 1000;
    if (outcome == kAppointment) {
      cb.at = eventAt_ != kNoTime ? std::max(eventAt_, earliest) : now_ + Millis{t.appointmentDefault} * 1000;
      cb.deadline = cb.at + Millis{t.callbackWindow} * 1000;
    } else {
      cb.at = earliest;
      cb.deadline = now_ + Millis{t.callbackWindow} * 1000;
    }
  }
  emit(out, ActionKind::End, n).outcome = f.symbols[outcome];
}

void Session::say(Actions& out, std::uint32_t n, std::string text) { emit(out, ActionKind::Say, n).text = std::move(text); }

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
