// One call: the state of a conversation that a Flow drives, event by event.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "patter/action.h"
#include "patter/flow.h"

namespace patter {

namespace detail {
struct Target;
enum class Line : std::uint8_t;
} // namespace detail

/// "No time given": the session keeps the last time it was told.
inline constexpr Millis kNoTime = std::numeric_limits<Millis>::min();

/// Where a session writes its audit log: one JSON object per call to `write`, without the line
/// break (docs/RUNTIME.md, "Audit log"). The session calls it as each record happens, so a sink
/// that writes through at once loses nothing already said when the process dies. `write`
/// returns whether the record was stored: after a failure the session refuses every sale (no
/// proof, no sale) and Session::auditFailed() says so.
class AuditSink {
public:
  virtual ~AuditSink() = default;
  [[nodiscard]] virtual bool write(std::string_view jsonLine) = 0;
};

/// An AuditSink that appends each record and a line break to a stream and flushes it; a record
/// fails when the stream does (a full disk, an I/O error, a closed pipe).
class OstreamAuditSink final : public AuditSink {
public:
  explicit OstreamAuditSink(std::ostream& out) : out_(out) {}
  bool write(std::string_view jsonLine) override;

private:
  std::ostream& out_;
};

/// What the host knows about the call when it starts.
struct CallContext {
  CallContext() = default;
  /// Not an aggregate, so that `CallContext{phone}` keeps compiling warning-free as fields are added.
  CallContext(std::string phoneNumber, std::string session = {}, AuditSink* sink = nullptr)
      : phone(std::move(phoneNumber)), sessionId(std::move(session)), audit(sink) {}

  std::string phone;          ///< the called number, e.g. "13512347754"; the only number ever registered
  std::string sessionId;      ///< the host's id for this call, written to the audit log and snapshots
  AuditSink* audit = nullptr; ///< where the audit log goes (not owned; may be null: no log)
};

/// Details a host may pass with an event.
struct EventInfo {
  Millis now = kNoTime;      ///< the host's clock when the event happened
  Millis at = kNoTime;       ///< `busy`: when the customer asked to be called (the appointment)
  std::uint32_t request = 0; ///< a host-call result: the request id of the Invoke it answers; 0 = the pending one
  /// A reply event (`yes`, ...) from a host that reads speech itself: the customer's words, as
  /// recognised. Required with `yes` at a confirmation or an owner check: the runtime reads the
  /// words itself, and a `yes` its own reading does not confirm is no consent (docs/RUNTIME.md).
  std::string_view words = {};
};

/// The called number as the runtime keeps it: a mainland mobile number, 11 digits from `1[3-9]`,
/// given as is or with `+86` / `86` before it (spaces and `-` ignored). False for anything else.
bool mainlandMobile(std::string_view phone, std::string& digits);

class Session;

/// The outcome of Session::restore: a session, or why the snapshot was refused.
struct RestoreResult;

/// One call. Holds only per-call state (where the call is, counters, disclosed clauses, owner
/// check and consent evidence) and shares the flow's immutable data, so a session is small.
///
/// Every feed returns the actions to perform, in order. The session enforces the live-call
/// rules whatever the flow says: filler is never consent (R06), retention is bounded (R08), and a
/// `register` becomes a Refuse unless the owner said yes (R03), every mandatory clause was spoken
/// (R01) and the last confirmation was an explicit yes (R05, R07); the sale is always for the
/// called number (R15). Wait phrases (R12), off-topic requests and abuse (R17), silence (R13) and
/// replies not understood (R16) are counted against the policy's ceilings; a call that ends
/// without a sale it could still make, or with a busy customer, leaves a ScheduleCallback (R14).
/// Not thread-safe; use one session per call. Sessions are movable and can be snapshotted.
class Session {
public:
  Session(const Flow& flow, CallContext context);

  /// Enters the start step. Returns nothing if already started, or when the called number is not
  /// a mainland mobile number (see error()).
  std::vector<Action> start(Millis now = kNoTime);
  /// An event: `yes`, `no`, `filler`, `unclear`, `silence`, `hangup`, `busy`, `angry`,
  /// `elderly`, `offtopic`, `abuse`, `complaint`, an objection id, a host-call result (`ok`,
  /// `timeout`, ...), `tick` while a host call is pending, or any name the flow routes.
  std::vector<Action> feedEvent(std::string_view name, const EventInfo& info = {});
  /// The customer's raw reply, read by the flow's reply reader (docs/RUNTIME.md, "Reading replies").
  std::vector<Action> feedText(std::string_view reply, Millis now = kNoTime);

  /// Why the last start or feed was refused as a host error, or empty when it was not: an
  /// unknown event name, a reply that is not valid UTF-8, a call not started or already over,
  /// an invalid called number. A refused call changes nothing and returns no actions.
  std::string_view error() const noexcept;

  /// The session's state as JSON (docs/RUNTIME.md, "Snapshots"): restore it with `restore` on
  /// the same flow, in this process or another, and it behaves exactly as this one would.
  std::string snapshot() const;
  /// A session from `snapshot()` output. Refused (with a reason) unless its HMAC verifies under
  /// the flow's snapshot key (LoadOptions::snapshotKey), it was taken on a flow of the same
  /// identity (else the reason names the parts that changed) and every index and counter is in
  /// range. `audit` is where the restored session goes on writing its log.
  static RestoreResult restore(const Flow& flow, std::string_view snapshot, AuditSink* audit = nullptr);

  bool started() const noexcept;
  bool finished() const noexcept;
  /// The outcome once finished (`success`, `declined`, `callback`, ...), else empty.
  std::string_view outcome() const noexcept;
  /// Id of the step or objection waiting for the next event, or empty.
  std::string_view waitingAt() const noexcept;
  /// The request id of the host call the session waits for, or 0.
  std::uint32_t pendingRequest() const noexcept;
  /// The last time the host gave (0 before any).
  Millis now() const noexcept;

  const std::string& phone() const noexcept;
  const std::string& sessionId() const noexcept;
  bool ownerVerified() const noexcept;
  /// Whether the last answer at a confirm was an explicit yes (and not yet used by a register).
  bool consented() const noexcept;
  /// The exact reply that gave the last explicit consent (`!yes` when it came as an event).
  std::string_view consentEvidence() const noexcept;
  bool disclosed(std::string_view clauseId) const noexcept;
  bool registered() const noexcept;
  unsigned retentionUsed() const noexcept;
  unsigned notUnderstoodCount() const noexcept;
  unsigned offtopicCount() const noexcept;
  unsigned abuseCount() const noexcept;
  /// Consecutive `silence` events since the customer last spoke.
  unsigned silenceCount() const noexcept;
  /// Wait phrases (`请稍等`) spoken on this call (R12).
  unsigned waitPhrases() const noexcept;
  bool angry() const noexcept;
  bool elderly() const noexcept;
  /// Whether an audit record could not be written: no sale is registered after that.
  bool auditFailed() const noexcept;

  Session(const Session& other);
  Session& operator=(const Session& other);
  Session(Session&& other) noexcept;
  Session& operator=(Session&& other) noexcept;
  ~Session();

private:
  /// The call's state and the interpreter (runtime/session/session_impl.h): behind a pointer, so
  /// that this header and the layout of Session do not change when the state does.
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct RestoreResult {
  std::optional<Session> session;
  std::string error;

  explicit operator bool() const noexcept { return session.has_value(); }
};

} // namespace patter
