// What the files implementing Session share: the call's state (Session::Impl), route
// resolutions and the audit record writer.
#pragma once

#include <memory>

#include "flow_data.h"
#include "json_line.h"
#include "patter/format.h"
#include "patter/session.h"

namespace patter {

/// R13: the third silence in a row ends the call.
inline constexpr std::uint16_t kSilenceStages = 3;

/// The state of one call and the interpreter over it; Session forwards to it.
struct Session::Impl {
  Impl(std::shared_ptr<const detail::FlowData> flow, CallContext context);

  std::vector<Action> start(Millis now);
  std::vector<Action> feedEvent(std::string_view name, const EventInfo& info);
  std::vector<Action> feedText(std::string_view reply, Millis now);
  std::string snapshot() const;
  std::string_view outcome() const noexcept;
  std::string_view waitingAt() const noexcept;
  bool disclosed(std::string_view clauseId) const noexcept;

  struct Resolution;
  struct Heard;
  using Actions = std::vector<Action>;

  bool accepts(std::string_view* reply) noexcept;
  Heard hear(const Reading& reading, std::string_view words) const noexcept;
  Heard hostReply(std::uint32_t event, std::string_view name, const EventInfo& info);
  void recordReading(std::string_view type, const Heard& h);
  void answer(Heard h, Actions& out);
  void answerConfirm(const Heard& h, Actions& out);
  void answerOwner(const Heard& h, Actions& out);
  void answerAsk(const Heard& h, Actions& out);
  bool withdraw(const Heard& h, Actions& out);
  void notOwner(Actions& out);
  void clarify(const Heard& h, Actions& out);
  void explainAgain(Actions& out);
  void purposeAgain(Actions& out);
  void speakLines(std::uint32_t node, Actions& out);
  std::string line(detail::Line which, std::string_view reply = {}) const;
  void dispatchEvent(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out);
  bool hostResult(std::uint32_t event, std::string_view name, const EventInfo& info, Actions& out);
  bool leaveHandler(std::uint32_t event, bool answersConsent, Actions& out);
  bool atCeiling(std::uint32_t event, std::uint32_t outcome, detail::Line closing, std::string_view rule,
                 Actions& out);
  void unrouted(std::uint32_t event, Actions& out);
  Resolution resolve(std::uint32_t event) const noexcept;
  bool routedHere(std::uint32_t event) const noexcept;
  bool endsCall(const Resolution& resolution) const noexcept;
  void take(const Resolution& resolution, Actions& out);
  void follow(const detail::Target& target, std::uint32_t from, Actions& out);
  void enter(std::uint32_t node, Actions& out);
  void askAgain(std::uint32_t node, Actions& out);
  void raiseObjection(std::uint32_t node, Actions& out);
  bool registerSale(std::uint32_t node, Actions& out);
  bool notUnderstood(bool repeatQuestion, Actions& out);
  void finish(std::uint32_t outcome, std::uint32_t node, Actions& out, std::string_view reason = {});
  void say(Actions& out, std::uint32_t node, std::string text);
  Action& emit(Actions& out, ActionKind kind, std::uint32_t node) const;
  std::string resolveText(std::uint32_t text) const;
  std::uint32_t retentionCeiling() const noexcept;
  /// Records that the retention budget is spent (R08).
  void retentionSpent();
  /// Counts the return to pitch `n` after a refusal; false when it went over the ceiling and
  /// the call ended.
  bool repitch(std::uint32_t n, Actions& out);
  void setTime(Millis now) noexcept;
  void audited(const Actions& out, std::size_t from);
  bool auditAction(const Action& a);
  template <class Fill> bool record(std::string_view type, Fill&& fill);
  void askedOwner(std::uint32_t node);
  void askedConfirmation(std::uint32_t node);

  std::shared_ptr<const detail::FlowData> flow_;
  std::string phone_;
  std::string sessionId_;
  std::string consentEvidence_;
  std::string_view error_;               ///< the host error of the last call, or empty (static text)
  std::vector<std::uint64_t> disclosed_; ///< bit per clause
  AuditSink* audit_ = nullptr;
  Millis now_ = 0;
  Millis invokeAt_ = 0;                  ///< when the pending host call was made
  std::uint32_t waiting_;                ///< node waiting for an event, or none
  std::uint32_t lastWaitStep_;           ///< the campaign step `retry` re-enters
  std::uint32_t interrupted_;            ///< the node a handler interrupted, for `resume`
  std::uint32_t consentStep_;            ///< the confirm step that gave the current consent
  std::uint32_t outcome_;                ///< outcome symbol once finished
  std::uint32_t request_ = 0;            ///< pending host call, or 0
  std::uint32_t lastRequest_ = 0;        ///< the last request id handed out
  std::uint32_t auditSeq_ = 0;           ///< records written so far
  std::uint32_t event_;                  ///< the event of the current feed (transient)
  Millis eventAt_ = kNoTime;             ///< its appointment time (transient)
  std::uint16_t retention_ = 0;
  std::uint16_t notUnderstood_ = 0;
  std::uint16_t offtopic_ = 0;
  std::uint16_t abuse_ = 0;
  std::uint16_t silence_ = 0;
  std::uint16_t wait_ = 0;
  std::uint16_t ticks_ = 0;       ///< ticks during the pending host call
  std::uint16_t transitions_ = 0; ///< node entries in the current feed (loop guard)
  std::uint16_t auditedTo_ = 0;   ///< actions of the current feed already audited (transient)
  bool started_ = false;
  bool finished_ = false;
  bool ownerVerified_ = false;
  bool consent_ = false;
  bool fillerPending_ = false; ///< the last reply at a confirm was filler (R06)
  bool registered_ = false;
  bool angry_ = false;
  bool elderly_ = false;
  bool busy_ = false;    ///< R08: a busy customer gets an appointment, not retention
  bool refused_ = false; ///< a refusal no return to a pitch has answered yet (R08)
  bool ownerNamed_ = false;     ///< the owner question spoken named the called number (R03)
  bool confirmNamed_ = false;   ///< the confirmation spoken named the product, with the recording notice (R04, R05)
  bool confirmInformed_ = false; ///< every mandatory clause was spoken before the confirmation (R01)
  bool failedResult_ = false;   ///< the flow went on from a failed host call (R21)
  bool auditFailed_ = false;    ///< an audit record could not be written
  bool validPhone_ = false;
};

/// How an event was resolved: by the waiting node's routes (or its invoke's results), by a flow
/// handler, as an objection raised by its own name, or not at all.
struct Session::Impl::Resolution {
  enum class Via : std::uint8_t { None, Route, Handler, Objection };
  detail::Target target;
  Via via = Via::None;
  std::uint32_t event = detail::kNone; ///< the event resolved
};

/// Writes one audit record of `type` at once, `fill` adding its own keys; false (and the session
/// remembers it: no sale after that) when the sink could not store it.
template <class Fill> bool Session::Impl::record(std::string_view type, Fill&& fill) {
  if (audit_ == nullptr) return true;
  detail::JsonLine record;
  namespace key = format::audit::key;
  record.num(key::seq, ++auditSeq_).num(key::time, now_).str(key::session, sessionId_).str(key::flow, flow_->identity)
      .str(key::type, type);
  fill(record);
  if (audit_->write(record.take())) return true;
  auditFailed_ = true; // reported by auditFailed(); every later sale is refused
  return false;
}

} // namespace patter
