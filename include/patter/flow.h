// A loaded, validated call flow: immutable and shared by any number of sessions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patter/reply_reader.h"

namespace patter {

namespace detail {
struct FlowData;
} // namespace detail

class Session;
struct LoadResult;

/// Policy ceilings (docs/FLOW_FORMAT.md, "Policy limits"). Flow::load fills in the policy's
/// values, or the defaults of the counters (vocabulary/Counters.def: retention 2, angry 1,
/// elderly 2, wait 2, offtopic 2, abuse 2, not understood 3).
struct Limits {
  std::uint32_t retention = 0;
  std::uint32_t retentionAngry = 0;
  std::uint32_t retentionElderly = 0;
  std::uint32_t wait = 0;
  std::uint32_t offtopic = 0;
  std::uint32_t abuse = 0;
  std::uint32_t notUnderstood = 0;
};

/// Timing settings (docs/FLOW_FORMAT.md, "Policy timing"), in seconds; Flow::load fills in the
/// policy's values or the defaults (vocabulary/Timing.def). The dialer owns the clock: it sends
/// `silence` after `silence` seconds without speech (R13: 3-5 s), `tick` every `waitTick`
/// seconds while a host call is pending (R12), and hangs up `hangupDelay` seconds after the last
/// line of a call. The runtime uses the callback settings for the obligations it emits (R14:
/// first attempt more than 30 s later, 3 attempts in 2 days).
struct Timing {
  std::uint32_t silence = 0;
  std::uint32_t waitTick = 0;
  std::uint32_t hangupDelay = 0;
  std::uint32_t callbackDelay = 0;
  std::uint32_t callbackAttempts = 0;
  std::uint32_t callbackWindow = 0;
  std::uint32_t appointmentDefault = 0;
};

/// The largest flow file Flow::load reads (64 MiB; the largest campaigns make a few MB).
inline constexpr std::size_t kMaxFlowBytes = std::size_t{64} << 20;

/// What the host configures when it loads a flow (docs/EMBEDDING.md, "What the host configures").
struct LoadOptions {
  /// Flow identities (`sha256:<hex>`, Flow::identity) the host has approved. When set, any other
  /// flow is refused, even an empty list refusing all.
  std::optional<std::vector<std::string>> approved;
  /// The secret key that authenticates snapshots (HMAC-SHA256). Without one, sessions on the
  /// flow can be snapshotted but no snapshot is ever restored.
  std::string snapshotKey;
};

/// The program of a call. Loading validates the whole file; a Flow that exists is well formed
/// (every target resolves, every clause exists, limits are in range). Copying a Flow is cheap:
/// copies share the same immutable data.
class Flow {
public:
  /// Parses and validates a flow file. Never throws for bad input: on failure the result holds
  /// no flow and an error naming the JSON path, e.g. `steps[3].routes.yes: unknown step 'x'`.
  /// `options` may require the flow to be approved and gives the snapshot key.
  static LoadResult load(std::string_view json, const LoadOptions& options = {});

  std::string_view campaignId() const noexcept;
  std::string_view title() const noexcept;
  /// What `register` registers: the text fact `offer.product`, else the campaign title.
  std::string_view product() const noexcept;
  const Limits& limits() const noexcept;
  const Timing& timing() const noexcept;
  /// The identity of the flow: `sha256:<64 hex>` of its canonical content (patter/identity.h),
  /// the same for any indentation or source path spelling. Every audit record and snapshot
  /// carries it; a snapshot restores only on a flow of the same identity.
  std::string_view identity() const noexcept;

  std::size_t stepCount() const noexcept;
  std::string_view stepId(std::size_t index) const;
  std::string_view startStep() const noexcept;
  std::size_t objectionCount() const noexcept;
  std::string_view objectionId(std::size_t index) const;

  std::size_t clauseCount() const noexcept;
  std::string_view clauseId(std::size_t index) const;
  std::string_view clauseText(std::size_t index) const;
  /// Whether registration requires the clause (policy.mandatory, or every clause without one).
  bool isMandatory(std::size_t clauseIndex) const;

  /// The reply reader compiled for this flow (its reply vocabularies plus its objection keywords).
  const ReplyReader& reader() const noexcept;

private:
  explicit Flow(std::shared_ptr<const detail::FlowData> data) : data_(std::move(data)) {}
  friend class Session;

  std::shared_ptr<const detail::FlowData> data_;
};

/// The outcome of Flow::load: a flow, or an error message.
struct LoadResult {
  std::optional<Flow> flow;
  std::string error;
  bool unapproved = false; ///< a valid flow refused only because it is not on the approved list

  explicit operator bool() const noexcept { return flow.has_value(); }
};

} // namespace patter
