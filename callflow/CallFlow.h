// The lowered call flow: the one structure the compiler lowers a checked campaign into, its
// emitter writes as JSON (docs/FLOW_FORMAT.md) and the runtime's loader decodes that JSON back
// into. Plain standard C++ only (no LLVM, ANTLR or JSON types), so that both sides include it
// and a flow that went through the file compares equal to the one the compiler proved.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace patter::callflow {

using Index = std::uint32_t;
/// The node of a target in a review draft whose campaign names a step that does not exist.
inline constexpr Index kUnresolved = 0xffffffffu;

/// Where a line of the flow was written: an index into CallFlow::sources, line and column
/// from 1.
struct Source {
  std::uint64_t file = 0, line = 0, column = 0;
  bool operator==(const Source &) const = default;
};

/// Where a route leads: a step or an objection by its index in CallFlow::steps or
/// CallFlow::objections (and its id, as the file names it), the end of the call with an
/// outcome, or back to the interrupted step.
struct Target {
  enum class Kind : std::uint8_t { Step, Objection, End, Resume };
  Kind kind = Kind::End;
  Index node = kUnresolved; ///< Step, Objection
  std::string name;         ///< Step, Objection: the node's id; End: the outcome
  bool operator==(const Target &) const = default;
};

/// One `event -> target` (a step's route, an invoke's result, a campaign-wide handler), in the
/// order of the event names: the file's keys are sorted and each event has one route.
struct Route {
  std::string event;
  Target target;
  bool operator==(const Route &) const = default;
};

enum class Op : std::uint8_t { Say, Ask, Disclose, VerifyOwner, Confirm, Register, Invoke, End };

struct Action {
  Op op = Op::Say;
  std::string text;            ///< Say, Ask: templates other than {phone.*} already filled in
  std::vector<std::string> clauses; ///< Disclose: the ids of the clauses
  std::string name;            ///< Invoke: the host call
  std::vector<Route> results;  ///< Invoke: what each result leads to
  std::string outcome;         ///< End
  std::optional<Source> source;
  bool operator==(const Action &) const = default;
};

/// A step (the campaign's, then the handler modules' under qualified names) or an objection.
struct Node {
  std::string id;
  std::vector<Action> actions;
  std::vector<Route> routes;
  std::optional<Target> next;
  bool pitch = false;             ///< coming here after a refusal is one retention attempt (R08)
  std::optional<bool> retry;      ///< objections always say; steps only when they retry
  std::optional<std::vector<std::string>> keywords; ///< objections
  std::optional<Target> exhausted; ///< objections: where a spent retention budget leads
  std::optional<Source> source;
  bool operator==(const Node &) const = default;
};

struct Clause {
  std::string id;
  std::string text;
  std::optional<Source> source;
  bool operator==(const Clause &) const = default;
};

/// An offer fact. Quantities keep their amount as the JSON number it is written as.
struct Fact {
  enum class Type : std::uint8_t { Text, Enum, Money, Duration };
  Type type = Type::Text;
  std::string value;               ///< Text, Enum
  std::string amount;              ///< Money, Duration: the number as written, e.g. `10`, `9.9`
  std::string unit;                ///< Money, Duration
  std::optional<std::string> per;  ///< Money: the period, none for a one-off amount
  bool operator==(const Fact &) const = default;
};

/// A named integer setting (`limits`, `timing`), in name order.
using Setting = std::pair<std::string, std::uint64_t>;

struct Policy {
  std::optional<std::string> id;
  std::vector<Setting> limits;
  std::vector<std::string> mandatory; ///< the required kinds of clause, as the policy lists them
  std::string recording;              ///< the notice every confirmation carries (R04), or none
  std::string waitPhrase;             ///< what R12 counts, or none
  std::optional<std::vector<Setting>> timing;
  bool operator==(const Policy &) const = default;
};

struct Campaign {
  std::string id;
  std::string title;
  std::string channel;
  std::optional<std::string> policy;
  bool operator==(const Campaign &) const = default;
};

/// `identity`: `sha256:<hex>` of the flow's canonical content, the policy file and its lexicon.
struct Identity {
  std::string flow, policy, lexicon;
  bool operator==(const Identity &) const = default;
};

/// The reply vocabularies and the runtime's own lines, each in name order.
struct Replies {
  std::vector<std::pair<std::string, std::vector<std::string>>> classes;
  std::vector<std::pair<std::string, std::string>> lines;
  bool operator==(const Replies &) const = default;
};

struct Waiver {
  std::string rule;
  std::string reason;
  std::optional<std::string> step; ///< the node (or `clauses.NAME`) that carries it
  std::optional<Source> source;
  bool operator==(const Waiver &) const = default;
};

struct CallFlow {
  Campaign campaign;
  std::optional<Policy> policy;
  std::optional<std::vector<std::pair<std::string, Fact>>> offer; ///< in name order
  std::vector<Clause> clauses;
  Index start = kUnresolved; ///< into steps
  std::vector<Node> steps;
  std::vector<Node> objections;
  std::vector<Route> handlers; ///< campaign handlers, and imported ones for the other events
  std::optional<Identity> identity;
  std::optional<Replies> replies;
  std::vector<Waiver> waivers;
  std::optional<std::vector<std::string>> sources;
  bool operator==(const CallFlow &) const = default;
};

} // namespace patter::callflow
