// What a session asks the dialer to do: speak, call a host system, register a sale, refuse, end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace patter {

/// A time on the host's clock: milliseconds since the Unix epoch (UTC). The runtime has no clock
/// of its own; every time it knows was passed in by the host (docs/RUNTIME.md, "Time").
using Millis = std::int64_t;

/// The kinds of action a Session hands back to its host.
enum class ActionKind : std::uint8_t {
  Say,      ///< speak `text`; `clause` names the mandatory clause it discloses, if any
  Invoke,   ///< call the host system `name`; the host answers with a result event
  Register, ///< the sale: register `text` (the product) for `number` (always the called number)
  Refuse,   ///< the runtime refused a registration: `rule` (e.g. "R01") and `reason`
  End,      ///< the call is over with `outcome`
  ScheduleCallback, ///< an obligation (R14): call the customer back for `reason`; first attempt at
                    ///< `at`, at most `attempts` attempts, none after `deadline`
  Cancel,   ///< cancel the pending host call `name` (`request`): the customer withdrew before it
            ///< answered, so no order may follow from it; its late result is ignored
};

/// The lower-case name of a kind (`say`, `invoke`, `register`, `refuse`, `end`, `schedule_callback`,
/// `cancel`).
std::string_view toString(ActionKind kind) noexcept;

/// One action. Plain data: fields that do not apply to the kind are empty.
struct Action {
  ActionKind kind = ActionKind::Say;
  std::string step;    ///< id of the step or objection whose execution produced the action
  std::string text;    ///< Say: the resolved line; Register: the product
  std::string clause;  ///< Say: the clause id when the line discloses a mandatory clause
  std::string name;    ///< Invoke, Cancel: the host call
  std::string number;  ///< Register: the number registered (R15: the called number)
  std::string outcome; ///< End: the outcome (`success`, `declined`, `callback`, ...)
  std::string rule;    ///< Refuse: the rule that forbade the registration (`R01`, `R03`, `R07`)
  std::string reason;  ///< Refuse: why, e.g. `clause 'term' not disclosed`; ScheduleCallback: why
                       ///< (`hangup`, `filler_then_hangup`, `busy`, `refused`, `timeout`, `promised`)
  Millis at = 0;       ///< ScheduleCallback: earliest first attempt (an appointment: the promised time)
  Millis deadline = 0; ///< ScheduleCallback: no attempt after this time
  std::uint32_t attempts = 0; ///< ScheduleCallback: how many attempts at most
  std::uint32_t request = 0;  ///< Invoke: the request id the result event answers (1, 2, ...); Cancel: the one cancelled
};

/// How a transcript labels the agent's lines and the customer's replies (`patter run`,
/// `patter test`, `patter audit`).
inline constexpr std::string_view kAgentLabel = "坐席: ";
inline constexpr std::string_view kCustomerLabel = "客户: ";

/// The transcript line of an action as `patter run` prints it: `坐席: <text>` for Say, and
/// bracketed lines such as `[register 10元5GB流量月包 for 13512347754]`, `[invoke balance_check]`,
/// `[refused: R01 clause 'term' not disclosed]`, `[end success]` for the others; a callback reads
/// `[callback hangup: 3 attempts, from 2023-11-14T22:14:20Z until 2023-11-16T22:13:50Z]`.
std::string transcriptLine(const Action& action);

/// `t` as an ISO 8601 UTC time with seconds, e.g. `2023-11-14T22:13:20Z`.
std::string isoTime(Millis t);

} // namespace patter
