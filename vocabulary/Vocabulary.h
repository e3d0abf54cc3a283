// The domain words of patter as tables, expanded from the .def files beside this header. The
// compiler and the runtime both include it, so an event, outcome, counter or setting is
// spelt, bounded and defaulted in one place. Standard C++ only: no LLVM, ANTLR or JSON types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace patter::vocab {

enum class Event : std::uint8_t {
#define PATTER_EVENT(Id, Name, Meaning) Id,
#include "vocabulary/Events.def"
};

struct EventInfo {
  Event id;
  std::string_view name, meaning;
};
inline constexpr EventInfo kEvents[] = {
#define PATTER_EVENT(Id, Name, Meaning) {Event::Id, Name, Meaning},
#include "vocabulary/Events.def"
};

constexpr std::string_view eventName(Event e) { return kEvents[static_cast<std::size_t>(e)].name; }

enum class HostResult : std::uint8_t {
#define PATTER_HOST_RESULT(Id, Name, Succeeded) Id,
#include "vocabulary/HostResults.def"
};
struct HostResultInfo {
  HostResult id;
  std::string_view name;
  bool succeeded; ///< says the host call succeeded: the only results that may lead to a sale (R21)
};
inline constexpr HostResultInfo kHostResults[] = {
#define PATTER_HOST_RESULT(Id, Name, Succeeded) {HostResult::Id, Name, Succeeded},
#include "vocabulary/HostResults.def"
};
constexpr std::string_view hostResultName(HostResult r) {
  return kHostResults[static_cast<std::size_t>(r)].name;
}
/// Whether `name` is a host-call result that says the call succeeded; any other, known or not,
/// is read as a failure (R21).
constexpr bool succeededHostResult(std::string_view name) {
  for (const HostResultInfo &r : kHostResults)
    if (r.succeeded && r.name == name)
      return true;
  return false;
}

enum class OutcomeKind : std::uint8_t {
#define PATTER_OUTCOME_KIND(Id, Name, Meaning) Id,
#include "vocabulary/Outcomes.def"
};

struct OutcomeKindInfo {
  OutcomeKind id;
  std::string_view name, meaning;
};
inline constexpr OutcomeKindInfo kOutcomeKinds[] = {
#define PATTER_OUTCOME_KIND(Id, Name, Meaning) {OutcomeKind::Id, Name, Meaning},
#include "vocabulary/Outcomes.def"
};

/// The outcomes of PATTER_OUTCOME, first in kBuiltinOutcomes in this order.
enum class RuntimeOutcome : std::uint8_t {
#define PATTER_OUTCOME(Id, Name, Kind) Id,
#include "vocabulary/Outcomes.def"
};

/// An outcome the runtime may end a call with by itself (built in: no module declares it).
struct BuiltinOutcome {
  std::string_view name;
  OutcomeKind kind;
};
inline constexpr BuiltinOutcome kBuiltinOutcomes[] = {
#define PATTER_OUTCOME(Id, Name, Kind) {Name, OutcomeKind::Kind},
#define PATTER_EVENT_OUTCOME(EventId, Kind) \
  {kEvents[static_cast<std::size_t>(Event::EventId)].name, OutcomeKind::Kind},
#include "vocabulary/Outcomes.def"
};

struct Counter {
  std::string_view name;
  std::uint32_t defaultValue, ceiling;
  std::string_view rule, counts;
};
inline constexpr Counter kCounters[] = {
#define PATTER_COUNTER(Field, Name, Default, Ceiling, Rule, Counts) \
  {Name, Default, Ceiling, Rule, Counts},
#include "vocabulary/Counters.def"
};

/// Counters by the name of the patter::Limits member that holds them.
enum class CounterId : std::uint8_t {
#define PATTER_COUNTER(Field, Name, Default, Ceiling, Rule, Counts) Field,
#include "vocabulary/Counters.def"
};
constexpr const Counter &counter(CounterId id) { return kCounters[static_cast<std::size_t>(id)]; }

struct TimingSetting {
  std::string_view name;
  std::uint32_t defaultValue, min, max;
  std::string_view rule;
};
inline constexpr TimingSetting kTiming[] = {
#define PATTER_TIMING(Field, Name, Default, Min, Max, Rule) {Name, Default, Min, Max, Rule},
#include "vocabulary/Timing.def"
};

/// Timing settings by the name of the patter::Timing member that holds them.
enum class TimingId : std::uint8_t {
#define PATTER_TIMING(Field, Name, Default, Min, Max, Rule) Field,
#include "vocabulary/Timing.def"
};
constexpr const TimingSetting &timing(TimingId id) { return kTiming[static_cast<std::size_t>(id)]; }

enum class SettingShape : std::uint8_t { Text, Texts, Word, Name, Names };
enum class PolicySettingId : std::uint8_t {
#define PATTER_POLICY_SETTING(Id, Name, Shape, Rule) Id,
#include "vocabulary/PolicySettings.def"
};
struct PolicySetting {
  PolicySettingId id;
  std::string_view name;
  SettingShape shape;
  std::string_view rule;
};
inline constexpr PolicySetting kPolicySettings[] = {
#define PATTER_POLICY_SETTING(Id, Name, Shape, Rule) \
  {PolicySettingId::Id, Name, SettingShape::Shape, Rule},
#include "vocabulary/PolicySettings.def"
};

constexpr std::string_view nameOf(Event e) { return kEvents[static_cast<std::size_t>(e)].name; }
constexpr std::string_view nameOf(RuntimeOutcome o) {
  return kBuiltinOutcomes[static_cast<std::size_t>(o)].name;
}
constexpr std::string_view nameOf(OutcomeKind k) {
  return kOutcomeKinds[static_cast<std::size_t>(k)].name;
}

/// The entry of `table` whose `name` is `name`, or null.
template <typename T, std::size_t N>
constexpr const T *find(const T (&table)[N], std::string_view name) {
  for (const T &entry : table)
    if (entry.name == name)
      return &entry;
  return nullptr;
}

constexpr std::optional<OutcomeKind> outcomeKindNamed(std::string_view name) {
  if (const OutcomeKindInfo *k = find(kOutcomeKinds, name))
    return k->id;
  return std::nullopt;
}

/// The kind of a built-in outcome, or nullopt when `name` is not one.
constexpr std::optional<OutcomeKind> builtinOutcomeKind(std::string_view name) {
  if (const BuiltinOutcome *o = find(kBuiltinOutcomes, name))
    return o->kind;
  return std::nullopt;
}

/// Whether a call ending this way ends without the sale the customer declined: the policy's
/// closing must be said before it (R11).
constexpr bool needsClosing(OutcomeKind k) { return k == OutcomeKind::NoSale; }

/// R02: the offer facts a mandatory clause of the same id must disclose before any sale,
/// whatever a policy's own list of mandatory clauses says.
inline constexpr std::string_view kClauseKinds[] = {"price",  "includes",  "effective", "term",
                                                    "expiry", "downgrade", "revert"};
constexpr bool isClauseKind(std::string_view fact) {
  for (std::string_view k : kClauseKinds)
    if (k == fact)
      return true;
  return false;
}

} // namespace patter::vocab
