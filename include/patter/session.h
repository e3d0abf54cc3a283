// One call: the state of a conversation that a Flow drives, event by event.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "patter/action.h"
#include "patter/flow.h"

namespace patter {

namespace detail {
struct Target;
} // namespace detail

/// What the host knows about the call when it starts.
struct CallContext {
  std::string phone; ///< the called number, e.g. "13512347754"; the only number ever registered
};

/// One call. Holds only per-call state (where the call is, counters, disclosed clauses, owner
/// check and consent evidence) and shares the flow's immutable data, so a session is small.
///
/// Every feed returns the actions to perform, in order. The session enforces the live-call
/// rules whatever the flow says: filler is never consent (R06), retention is bounded (R08), and a
/// `register` becomes a Refuse unless the owner said yes (R03), every mandatory clause was spoken
/// (R01) and the last confirmation was an explicit yes (R05, R07); the sale is always for the
/// called number (R15). Not thread-safe; use one session per call.
class Session {
public:
  Session(const Flow& flow, CallContext context);

  /// Enters the start step. Returns nothing if already started.
  std::vector<Action> start();
  /// An event: `yes`, `no`, `filler`, `unclear`, `silence`, `hangup`, `angry`, `elderly`,
  /// an objection id, a host-call result (`ok`, ...), or any name the flow routes.
  std::vector<Action> feedEvent(std::string_view name);
  /// The customer's raw reply, classified with the flow's classifier.
  std::vector<Action> feedText(std::string_view reply);

  bool started() const noexcept { return started_; }
  bool finished() const noexcept { return finished_; }
  /// The outcome once finished (`success`, `declined`, `callback`, ...), else empty.
  std::string_view outcome() const noexcept;
  /// Id of the step or objection waiting for the next event, or empty.
  std::string_view waitingAt() const noexcept;

  const std::string& phone() const noexcept { return phone_; }
  bool ownerVerified() const noexcept { return ownerVerified_; }
  /// Whether the last answer at a confirm was an explicit yes (and not yet used by a register).
  bool consented() const noexcept { return consent_; }
  /// The exact reply that gave the last explicit consent (`!yes` when it came as an event).
  std::string_view consentEvidence() const noexcept { return consentEvidence_; }
  bool disclosed(std::string_view clauseId) const noexcept;
  bool registered() const noexcept { return registered_; }
  unsigned retentionUsed() const noexcept { return retention_; }
  unsigned notUnderstoodCount() const noexcept { return notUnderstood_; }
  bool angry() const noexcept { return angry_; }
  bool elderly() const noexcept { return elderly_; }

private:
  struct Resolution;
  using Actions = std::vector<Action>;

  Actions reply(ReplyClass kind, std::string_view evidence, std::string_view filler, std::uint32_t objection);
  Resolution resolve(std::uint32_t event) const noexcept;
  void take(const Resolution& resolution, Actions& out);
  void follow(const detail::Target& target, std::uint32_t from, Actions& out);
  void enter(std::uint32_t node, Actions& out);
  void askAgain(std::uint32_t node, Actions& out);
  void raiseObjection(std::uint32_t node, Actions& out);
  bool registerSale(std::uint32_t node, Actions& out);
  bool notUnderstood(bool repeatQuestion, Actions& out);
  void finish(std::uint32_t outcome, std::uint32_t node, Actions& out);
  Action& emit(Actions& out, ActionKind kind, std::uint32_t node) const;
  std::string resolveText(std::uint32_t text) const;
  std::uint32_t retentionCeiling() const noexcept;

  std::shared_ptr<const detail::FlowData> flow_;
  std::string phone_;
  std::string consentEvidence_;
  std::vector<std::uint64_t> disclosed_; ///< bit per clause
  std::uint32_t waiting_;                ///< node waiting for an event, or none
  std::uint32_t lastWaitStep_;           ///< the step `retry` re-enters
  std::uint32_t interrupted_;            ///< the node a handler interrupted, for `resume`
  std::uint32_t outcome_;                ///< outcome symbol once finished
  std::uint16_t retention_ = 0;
  std::uint16_t notUnderstood_ = 0;
  std::uint16_t transitions_ = 0; ///< node entries in the current feed (loop guard)
  bool started_ = false;
  bool finished_ = false;
  bool ownerVerified_ = false;
  bool consent_ = false;
  bool fillerPending_ = false; ///< the last reply at a confirm was filler (R06)
  bool registered_ = false;
  bool angry_ = false;
  bool elderly_ = false;
};

} // namespace patter
