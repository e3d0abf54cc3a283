// The session hears a reply: host errors, reading the words, and answering by what the waiting
// step asked (a confirmation, the owner check, any other question). docs/RUNTIME.md, "Replies".
#include "patter/session.h"

#include <fmt/format.h>

#include "flow_data.h"
#include "json_line.h"
#include "session_impl.h"
#include "patter/format.h"
#include "utf8.h"

namespace patter {

using namespace detail;
namespace ak = format::audit::key;
namespace at = format::audit::type;

/// One reply as the session hears it: how the words were read and the event they raise.
struct Session::Impl::Heard {
  Reading reading;
  std::string_view words;   ///< the customer's words; `!yes` and the like for a bare host event
  std::uint32_t event = kNone;
  bool read = false;        ///< the runtime read `words` itself
};

namespace {

bool isConsentQuestion(Wait w) noexcept { return w == Wait::Confirm || w == Wait::VerifyOwner; }

/// A reply that takes back a consent a pending host call is acting on (R07): anything but a
/// yes, a filler or nothing heard. A reply not understood may be a cancellation in words the
/// vocabulary lacks (撤单, 退掉): the safe side is to cancel, and ask again.
bool withdraws(ReplyClass k) noexcept {
  return k != ReplyClass::Yes && k != ReplyClass::Filler && k != ReplyClass::Unclear;
}

/// A reading for a reply event a host fed without words.
Reading readingOf(ReplyClass kind) noexcept {
  Reading r;
  r.kind = kind;
  r.why = ReadingRule::Word;
  r.explicitYes = r.identity = r.agrees = kind == ReplyClass::Yes;
  return r;
}

/// The class of reply a mood event stands for; any other event as filler, which takes nothing back.
ReplyClass moodOf(std::uint32_t event) noexcept {
  switch (event) {
  case kAngry: return ReplyClass::Angry;
  case kBusy: return ReplyClass::Busy;
  case kAbuse: return ReplyClass::Abuse;
  case kComplaint: return ReplyClass::Complaint;
  default: return ReplyClass::Filler;
  }
}

} // namespace

bool Session::Impl::accepts(std::string_view* reply) noexcept {
  error_ = {};
  if (!started_) error_ = "the call has not started";
  else if (finished_) error_ = "the call is over";
  else if (waiting_ == kNone) error_ = "the call waits for nothing";
  else if (reply != nullptr && !utf8::valid(*reply)) error_ = "the reply is not valid UTF-8";
  return error_.empty();
}

Session::Impl::Heard Session::Impl::hear(const Reading& reading, std::string_view words) const noexcept {
  const FlowData& f = *flow_;
  Heard h{reading, words, kUnclear, true};
  switch (reading.kind) {
  case ReplyClass::Yes: h.event = kYes; break;
  case ReplyClass::No: h.event = kNo; break;
  case ReplyClass::Hesitation: h.event = kHesitation; break;
  case ReplyClass::Question: h.event = kQuestion; break;
  case ReplyClass::Complaint: h.event = kComplaint; break;
  case ReplyClass::Angry: h.event = kAngry; break;
  case ReplyClass::Busy: h.event = kBusy; break;
  case ReplyClass::NotOwner: h.event = kNotOwner; break;
  case ReplyClass::Abuse: h.event = kAbuse; break;
  case ReplyClass::Offtopic: h.event = kOfftopic; break;
  case ReplyClass::Objection: h.event = f.objectionSymbol[reading.objection]; break;
  case ReplyClass::Filler: h.event = kFiller; break;
  case ReplyClass::NotUnderstood: h.event = kNotUnderstood; break;
  case ReplyClass::Unclear: h.event = kUnclear; break;
  }
  return h;
}

void Session::Impl::recordReading(std::string_view type, const Heard& h) {
  record(type, [&](JsonLine& j) {
    const Reading& r = h.reading;
    j.str(ak::step, waitingAt()).str(ak::reply, h.words).str(ak::words, h.words).str(ak::readAs, toString(r.kind))
        .str(ak::why, toString(r.why));
    if (h.read && r.clauseEnd > r.clauseBegin) j.str(ak::decidedBy, r.clause(h.words));
  });
}

std::vector<Action> Session::Impl::feedText(std::string_view text, Millis now) {
  if (!accepts(&text)) return {};
  setTime(now);
  const FlowData& f = *flow_;
  // Objections apply where the script says: by default never at a confirmation or the owner
  // check, where an objection's words are a plain no, unless the step routes the objection itself.
  const Node& w = f.nodes[waiting_];
  Reading reading = f.reader.read(text, !isConsentQuestion(w.wait));
  if (isConsentQuestion(w.wait) && reading.kind == ReplyClass::No) {
    const Reading o = f.reader.read(text, true);
    if (o.kind == ReplyClass::Objection && routedHere(f.objectionSymbol[o.objection])) reading = o;
  }
  Heard h = hear(reading, text);
  Actions out;
  transitions_ = 0;
  event_ = h.event;
  record(at::reply, [&](JsonLine& j) {
    j.str(ak::step, waitingAt()).str(ak::text, text).str(ak::kind, toString(reading.kind))
        .str(ak::why, toString(reading.why));
    if (reading.matchedEnd > reading.matchedBegin) j.str(ak::matched, reading.matched(text));
    if (reading.clauseEnd > reading.clauseBegin) j.str(ak::decidedBy, reading.clause(text));
    j.str(ak::event, f.symbols[h.event]);
  });
  answer(h, out);
  audited(out, 0);
  event_ = kNone;
  return out;
}

std::vector<Action> Session::Impl::feedEvent(std::string_view name, const EventInfo& info) {
  if (!accepts(nullptr)) return {};
  if (!info.words.empty() && !utf8::valid(info.words)) {
    error_ = "the words given with the event are not valid UTF-8";
    return {};
  }
  const FlowData& f = *flow_;
  const Index event = f.symbolOf(name);
  // A host-call result the flow does not know is the flow's or the host's error (R21), handled
  // below; any other unknown name is the host's mistake, refused before anything happens.
  if (event == kNone && f.nodes[waiting_].wait != Wait::Invoke) {
    error_ = "unknown event name";
    return {};
  }
  setTime(info.now);
  Actions out;
  transitions_ = 0;
  event_ = event;
  eventAt_ = info.at;
  record(at::event, [&](JsonLine& j) {
    j.str(ak::step, waitingAt()).str(ak::name, name);
    if (info.request != 0) j.num(ak::request, info.request);
    if (info.at != kNoTime) j.num(ak::at, info.at);
    if (!info.words.empty()) j.str(ak::words, info.words);
  });
  const bool reply = event == kYes || event == kNo || event == kFiller || event == kUnclear || event == kQuestion ||
                     event == kHesitation || event == kNotOwner || event == kNotUnderstood ||
                     (event != kNone && f.objectionOfSymbol[event] != kNone);
  if (reply) {
    answer(hostReply(event, name, info), out);
  } else {
    // An upset, busy or complaining customer takes a pending consent back as the same words
    // would (R07); the event is then handled at the confirmation.
    if (f.nodes[waiting_].wait == Wait::Invoke) withdraw(Heard{readingOf(moodOf(event)), name, event, false}, out);
    dispatchEvent(event, name, info, out);
  }
  audited(out, 0);
  event_ = kNone;
  eventAt_ = kNoTime;
  return out;
}

Session::Impl::Heard Session::Impl::hostReply(std::uint32_t event, std::string_view name, const EventInfo& info) {
  const FlowData& f = *flow_;
  const Node& w = f.nodes[waiting_];
  if (event == kYes && isConsentQuestion(w.wait)) {
    // Defence in depth: a host's yes at a consent question counts only if the runtime's own
    // reading of the customer's words is an explicit yes too (R03, R05, R07).
    Heard h;
    if (info.words.empty()) {
      h = Heard{readingOf(ReplyClass::NotUnderstood), "!yes", kNotUnderstood, false};
      h.reading.why = ReadingRule::Empty;
    } else {
      h = hear(f.reader.read(info.words, false), info.words);
    }
    const Reading& r = h.reading;
    const bool agrees = r.kind == ReplyClass::Yes && (w.wait == Wait::Confirm
                                                          ? r.explicitYes && r.agrees
                                                          : r.identity && (r.explicitYes || r.why == ReadingRule::Acknowledged));
    if (!agrees) {
      record(at::disagreement, [&](JsonLine& j) {
        j.str(ak::step, waitingAt()).str(ak::hostEvent, name).str(ak::words, info.words).str(ak::readAs, toString(r.kind))
            .str(ak::why, toString(r.why))
            .str(ak::reason, info.words.empty() ? "a yes without the customer's words is no consent"
                                                : "the customer's words do not read as an explicit yes");
      });
    }
    return h;
  }
  if (event == kYes) return Heard{readingOf(ReplyClass::Yes), info.words.empty() ? "!yes" : info.words, kYes, false};
  if (event == kNo) return Heard{readingOf(ReplyClass::No), "!no", kNo, false};
  if (event == kQuestion) return Heard{readingOf(ReplyClass::Question), "!question", kQuestion, false};
  if (event == kHesitation) return Heard{readingOf(ReplyClass::Hesitation), "!hesitation", kHesitation, false};
  if (event == kNotOwner) return Heard{readingOf(ReplyClass::NotOwner), "!not_owner", kNotOwner, false};
  if (event == kNotUnderstood) return Heard{readingOf(ReplyClass::NotUnderstood), "!not_understood", kNotUnderstood, false};
  if (event == kUnclear) return Heard{readingOf(ReplyClass::Unclear), "!unclear", kUnclear, false};
  if (event == kFiller) {
    Heard h{readingOf(ReplyClass::Filler), info.words.empty() ? flow_->filler : info.words, kFiller, false};
    h.reading.why = ReadingRule::FillerOnly;
    return h;
  }
  Heard h{readingOf(ReplyClass::Objection), name, event, false};
  h.reading.objection = static_cast<std::uint32_t>(f.objectionOfSymbol[event] - f.stepCount);
  return h;
}

void Session::Impl::answer(Heard h, Actions& out) {
  const FlowData& f = *flow_;
  silence_ = 0; // the customer spoke
  const ReplyClass kind = h.reading.kind;
  if (leaveHandler(h.event, kind == ReplyClass::Yes || kind == ReplyClass::Filler, out)) return;
  if (f.nodes[waiting_].wait == Wait::Invoke && !withdraw(h, out)) return;
  const Node& w = f.nodes[waiting_];
  if (kind == ReplyClass::Objection && isConsentQuestion(w.wait) && !routedHere(h.event)) {
    // Back at a consent question from a handler step: an objection's words are a no here.
    h.reading.kind = ReplyClass::No;
    h.event = kNo;
  }
  switch (h.reading.kind) {
  case ReplyClass::Complaint:
  case ReplyClass::Angry:
  case ReplyClass::Busy:
  case ReplyClass::Abuse:
  case ReplyClass::Offtopic:
    // Not an answer: what it is (R08, R11, R14, R17, R18). Any consent asked for is not given.
    if (w.wait == Wait::Confirm) consent_ = false;
    if (w.wait == Wait::VerifyOwner) ownerVerified_ = false;
    fillerPending_ = false;
    dispatchEvent(h.event, f.symbols[h.event], EventInfo{}, out);
    return;
  case ReplyClass::NotOwner:
    notOwner(out);
    return;
  default:
    break;
  }
  if (w.wait == Wait::Confirm) {
    answerConfirm(h, out);
  } else if (w.wait == Wait::VerifyOwner) {
    answerOwner(h, out);
  } else {
    answerAsk(h, out);
  }
}

void Session::Impl::answerConfirm(const Heard& h, Actions& out) {
  // Only the answer to this question counts, and only an explicit, routed yes that agrees is
  // consent (R05-R07): "我是机主" says whose phone it is, not that the customer agrees.
  consent_ = false;
  fillerPending_ = false;
  const Reading& r = h.reading;
  if (r.kind == ReplyClass::Yes && r.explicitYes && r.agrees) {
    if (const Resolution route = resolve(kYes); route.via != Resolution::Via::None) {
      consent_ = true;
      consentStep_ = waiting_;
      consentEvidence_.assign(h.words);
      recordReading(at::consent, h);
      notUnderstood_ = 0;
      take(route, out);
      return;
    }
  }
  switch (r.kind) {
  case ReplyClass::No:
  case ReplyClass::Objection:
  case ReplyClass::Question:
  case ReplyClass::Hesitation:
  case ReplyClass::Unclear:
    if (const Resolution route = resolve(h.event); route.via != Resolution::Via::None) {
      if (r.kind != ReplyClass::Unclear) notUnderstood_ = 0;
      take(route, out);
      return;
    }
    break;
  default:
    break;
  }
  switch (r.kind) {
  case ReplyClass::Hesitation:
    // "我考虑一下" is no consent, and asking "does that mean you agree?" would lead: it is the
    // step's answer to a no (R05, R06).
    if (const Resolution route = resolve(kNo); route.via != Resolution::Via::None) {
      notUnderstood_ = 0;
      take(route, out);
      return;
    }
    explainAgain(out);
    return;
  case ReplyClass::Filler:
  case ReplyClass::Yes: // not explicit ("好的我在吃饭"), or only whose phone it is ("我是机主")
    clarify(h, out);
    return;
  case ReplyClass::Unclear:
    notUnderstood(true, out); // R13: nobody handles noise; ask again
    return;
  default:
    explainAgain(out); // a question, a refusal nobody routes, words not understood (R16)
    return;
  }
}

void Session::Impl::answerOwner(const Heard& h, Actions& out) {
  // Only an explicit yes that affirms (是的, 我是, 对) verifies the owner (R03), alone or with
  // "go ahead" (是的,你说吧); 好的 agrees to something, it does not say whose phone this is.
  ownerVerified_ = false;
  const Reading& r = h.reading;
  if (r.kind == ReplyClass::Yes && r.identity && (r.explicitYes || r.why == ReadingRule::Acknowledged)) {
    if (const Resolution route = resolve(kYes); route.via != Resolution::Via::None) {
      ownerVerified_ = true;
      recordReading(at::owner, h);
      notUnderstood_ = 0;
      take(route, out);
      return;
    }
  }
  if (r.kind == ReplyClass::No || r.kind == ReplyClass::Objection || r.kind == ReplyClass::Question ||
      r.kind == ReplyClass::Hesitation || r.kind == ReplyClass::Unclear) {
    if (const Resolution route = resolve(h.event); route.via != Resolution::Via::None) {
      if (r.kind != ReplyClass::Unclear) notUnderstood_ = 0;
      take(route, out);
      return;
    }
  }
  if (r.kind == ReplyClass::Unclear) {
    notUnderstood(true, out);
  } else if (r.kind == ReplyClass::Filler && r.why == ReadingRule::FillerOnly) {
    clarify(h, out); // R06: 您刚才"嗯"的意思是您是机主对吗?
  } else {
    purposeAgain(out); // 000#Q18: a non-answer gets the purpose, then the check again
  }
}

void Session::Impl::answerAsk(const Heard& h, Actions& out) {
  const Reading& r = h.reading;
  // The `not_understood` handler is for the ceiling (R16); one reply not understood is explained.
  if (r.kind == ReplyClass::NotUnderstood) {
    explainAgain(out);
    return;
  }
  Resolution route = resolve(h.event);
  if (route.via == Resolution::Via::None && r.kind == ReplyClass::Hesitation) {
    route = resolve(kNo); // a hesitation nobody routes is a soft refusal
  }
  if (route.via == Resolution::Via::None) {
    if (r.kind == ReplyClass::Unclear) {
      notUnderstood(true, out); // R13: ask again
    } else if (r.kind == ReplyClass::Filler) {
      if (!notUnderstood(false, out)) askAgain(waiting_, out); // no answer yet: the question again
    } else {
      explainAgain(out);
    }
    return;
  }
  if (r.kind == ReplyClass::Unclear) {
    // R16: count it even when a handler (std.unclear) answers, so the asking is bounded.
    if (notUnderstood(false, out)) return;
  } else {
    notUnderstood_ = 0;
  }
  take(route, out);
}

bool Session::Impl::withdraw(const Heard& h, Actions& out) {
  const FlowData& f = *flow_;
  // While a host call is pending the customer's words are recorded; a sale acting on a consent
  // the customer now takes back is cancelled, and the call follows the reply at the confirmation.
  if (!withdraws(h.reading.kind) || !consent_ || request_ == 0 || consentStep_ == kNone) return false;
  Action& cancel = emit(out, ActionKind::Cancel, waiting_);
  cancel.name = f.strings[f.actions[f.nodes[waiting_].invoke].arg];
  cancel.request = request_;
  record(at::cancel, [&](JsonLine& j) {
    j.str(ak::step, waitingAt()).str(ak::name, cancel.name).num(ak::request, request_).str(ak::words, h.words)
        .str(ak::readAs, toString(h.reading.kind)).str(ak::rule, "R07")
        .str(ak::reason, "the customer withdrew while the host call was pending");
  });
  request_ = 0;
  ticks_ = 0;
  consent_ = false;
  waiting_ = consentStep_;
  consentStep_ = kNone;
  return true;
}

void Session::Impl::notOwner(Actions& out) {
  // R03: business is done only with the owner; whatever was verified or agreed is void.
  ownerVerified_ = false;
  consent_ = false;
  fillerPending_ = false;
  notUnderstood_ = 0;
  if (const Resolution route = resolve(kNotOwner); route.via != Resolution::Via::None) {
    take(route, out);
    return;
  }
  say(out, waiting_, line(Line::NotOwnerClosing));
  finish(kNotOwner, waiting_, out);
}

void Session::Impl::clarify(const Heard& h, Actions& out) {
  const Node& w = flow_->nodes[waiting_];
  if (w.wait == Wait::Confirm) fillerPending_ = true;
  if (notUnderstood(false, out)) return;
  // Quote what the customer said: the filler itself (嗯), or a short reply whole.
  const Reading& r = h.reading;
  std::string_view quote = h.words;
  if (r.why == ReadingRule::FillerOnly && h.read && r.matchedEnd > r.matchedBegin) quote = r.matched(h.words);
  if (utf8::length(quote) > 16 && r.clauseEnd > r.clauseBegin) quote = r.clause(h.words);
  say(out, waiting_, line(w.wait == Wait::Confirm ? Line::ClarifyConfirm : Line::ClarifyOwner, quote));
}

void Session::Impl::explainAgain(Actions& out) {
  // R16: heard, not understood. Say so kindly and explain the whole step again; after the
  // ceiling the call ends politely.
  if (notUnderstood(false, out)) return;
  const std::uint32_t n = waiting_;
  say(out, n, line(Line::ExplainAgain));
  speakLines(n, out);
}

void Session::Impl::purposeAgain(Actions& out) {
  if (notUnderstood(false, out)) return;
  say(out, waiting_, line(Line::OwnerPurpose));
  askAgain(waiting_, out);
}

void Session::Impl::speakLines(std::uint32_t n, Actions& out) {
  // Every line of the step, not only its last: the whole confirmation (R04, R05) or the whole
  // explanation. Nothing else the step does is repeated.
  const FlowData& f = *flow_;
  const Node& node = f.nodes[n];
  for (Index i = node.firstAction; i < node.firstAction + node.actionCount; ++i) {
    const ActionDef& a = f.actions[i];
    if (a.op == Op::Say || a.op == Op::Ask) {
      say(out, n, resolveText(a.arg));
    } else if (a.op == Op::Disclose) {
      for (Index k = a.first; k < a.first + a.count; ++k) {
        const Index c = f.clauseRefs[k];
        Action& l = emit(out, ActionKind::Say, n);
        l.text = f.clauseTexts[c];
        l.clause = f.clauseIds[c];
      }
    }
  }
  if (node.wait == Wait::Confirm) consent_ = false;
  fillerPending_ = false;
  waiting_ = n;
}

std::string Session::Impl::line(Line which, std::string_view reply) const {
  const std::string& t = flow_->lines[static_cast<std::size_t>(which)];
  std::string r;
  r.reserve(t.size() + reply.size());
  for (std::size_t i = 0; i < t.size();) {
    if (t.compare(i, 7, "{reply}") == 0) {
      r += reply;
      i += 7;
    } else if (t.compare(i, 9, "{product}") == 0) {
      r += flow_->product;
      i += 9;
    } else {
      r += t[i++];
    }
  }
  return r;
}

} // namespace patter
