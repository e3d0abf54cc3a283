// The compiled form of a Flow: indices and interned symbols, shared read-only by sessions.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "callflow/CallFlow.h"
#include "patter/flow.h"
#include "patter/reply_reader.h"

namespace patter::detail {

using Index = std::uint32_t;
inline constexpr Index kNone = 0xffffffffu;

/// Where a route leads. Step and Objection index `FlowData::nodes`; End holds an outcome symbol.
struct Target {
  enum class Kind : std::uint8_t { None, Node, End, Resume };
  Kind kind = Kind::None;
  Index index = kNone;
};

using Op = callflow::Op;

/// One action of a step or objection.
struct ActionDef {
  Op op;
  Index arg = kNone;   ///< Say/Ask: text; Invoke: name string; End: outcome symbol
  Index first = 0;     ///< Disclose: first entry in clauseRefs; Invoke: first result route
  Index count = 0;     ///< Disclose: clause count; Invoke: result route count
};

struct Route {
  Index event; ///< symbol
  Target target;
};

/// What a node waits for after its actions (at most one waiting action, always the last).
enum class Wait : std::uint8_t { None, Ask, VerifyOwner, Confirm, Invoke };

/// A step or an objection: steps come first in `nodes`, then objections.
struct Node {
  Index id;                  ///< string
  Index firstAction = 0, actionCount = 0;
  Index firstRoute = 0, routeCount = 0;
  Target next;
  Wait wait = Wait::None;
  bool isObjection = false;
  bool retry = false;        ///< objection: re-enter the asking step after the actions
  bool pitch = false;        ///< coming here after a refusal is one retention attempt (R08)
  bool ends = false;         ///< the actions contain `end`
  bool handlerTarget = false; ///< named by a flow handler
  bool handlerSide = false;   ///< reached only through handlers, never on the campaign's own path
  Index question = kNone;    ///< text of the last say/ask: what "I did not catch that" repeats
  Index invoke = kNone;      ///< the waiting invoke action, for its result routes
  Target exhausted;          ///< objection: taken when the retention budget is spent
};

/// Well-known symbols, interned first in this order by the loader: the built-in events, then the
/// outcomes the runtime itself may end a call with that are not also events (vocabulary/).
enum Sym : Index {
#define PATTER_EVENT(Id, Name, Meaning) k##Id,
#include "vocabulary/Events.def"
  kFirstOutcomeSymbol,
  kOutcomeSymbolBefore = kFirstOutcomeSymbol - 1,
#define PATTER_OUTCOME(Id, Name, Kind) k##Id,
#include "vocabulary/Outcomes.def"
  kFirstFreeSymbol
};

/// The symbol names, in the order of Sym.
inline constexpr std::string_view kSymbolNames[kFirstFreeSymbol] = {
#define PATTER_EVENT(Id, Name, Meaning) Name,
#include "vocabulary/Events.def"
#define PATTER_OUTCOME(Id, Name, Kind) Name,
#include "vocabulary/Outcomes.def"
};

/// Whether a symbol is an event with a meaning of its own to the runtime (not a host-call result).
inline bool isBuiltinEvent(Index s) noexcept { return s < kFirstOutcomeSymbol; }

/// A line the runtime speaks of its own accord (include/patter/runtime_lines.def).
enum class Line : std::uint8_t {
#define RUNTIME_LINE(Id, name, placeholders) Id,
#include "patter/runtime_lines.def"
};
inline constexpr std::string_view kLineNames[] = {
#define RUNTIME_LINE(Id, name, placeholders) name,
#include "patter/runtime_lines.def"
};
inline constexpr std::size_t kLineCount = std::size(kLineNames);

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct FlowData {
  std::string campaignId;
  std::string title;
  std::string product;
  std::string identity; ///< `sha256:<hex>` of the canonical content (patter/identity.h)
  /// SHA-256 of each top-level member of the canonical content, for saying what changed.
  std::vector<std::pair<std::string, std::string>> parts;
  std::string snapshotKey; ///< the HMAC key of snapshots (LoadOptions::snapshotKey)
  std::string recording;   ///< `policy.recording`: the notice every confirmation carries (R04)
  Limits limits;
  Timing timing;

  std::vector<std::string> strings;   ///< node ids and invoke names
  std::vector<std::string> texts;     ///< say/ask texts, templates unresolved
  std::vector<bool> textHasTemplate;  ///< whether a text contains {phone.*}
  std::string waitPhrase;  ///< `policy.wait_phrase`: what R12 counts (none: nothing is counted)
  std::vector<bool> textIsWaitPhrase; ///< whether a text says the wait phrase (R12)
  std::vector<std::string> symbols;   ///< events and outcomes
  std::unordered_map<std::string, Index, StringHash, std::equal_to<>> symbolIndex;
  std::vector<Index> objectionOfSymbol; ///< symbol -> objection node, or kNone
  std::vector<Index> objectionSymbol;   ///< objection ordinal -> symbol of its id
  std::vector<bool> failedResult;       ///< symbol -> whether, as a host-call result, it does not say the call succeeded (R21)

  std::vector<std::string> clauseIds;
  std::vector<std::string> clauseTexts;
  std::vector<bool> mandatory;

  std::vector<Node> nodes;
  std::size_t stepCount = 0;
  Index start = 0;
  std::vector<ActionDef> actions;
  std::vector<Index> clauseRefs;
  std::vector<Route> routes;
  Index firstHandler = 0, handlerCount = 0;

  ReplyReader reader;
  /// The first `filler` word: what a host's `filler` event without words is heard as, so the
  /// clarification can quote it (R06). Empty in a flow without vocabularies.
  std::string filler;
  /// The runtime's own lines (`replies.lines`), templates `{reply}` and `{product}` unresolved;
  /// empty in a flow without vocabularies, and then never spoken.
  std::array<std::string, kLineCount> lines;

  Index symbolOf(std::string_view name) const noexcept {
    auto it = symbolIndex.find(name);
    return it == symbolIndex.end() ? kNone : it->second;
  }
};

} // namespace patter::detail
