// Runtime events per second, bytes per live session and flow load MB/s (docs/PERFORMANCE.md).
//
//   runtime_bench [--sessions N] [--seconds S]
//
// The flow is examples/data_pack_10.patter, built in-process by the compiler, so the benchmark
// always runs the JSON the current emitter writes; flow loads are also measured on golden flows.
#include "Compiler.h"
#include "FlowEmitter.h"
#include "Render.h"
#include "corpus.h"
#include "measure.h"
#include "patter/flow.h"
#include "patter/session.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifndef PATTER_SOURCE_DIR
#error "PATTER_SOURCE_DIR must name the source tree (bench/CMakeLists.txt sets it)"
#endif

namespace patter::bench {
namespace {

constexpr std::uint64_t kSeed = 10085;
constexpr double kMB = 1e6;
/// Copies of the 256x campaign's steps in the large flow: about 45 MB of JSON.
constexpr std::size_t kLargeCopies = 110;

/// The reference Ink runtime on this kind of machine (from the issue).
constexpr double kInkChoicesPerSecond = 16700;
constexpr double kInkBytesPerStory = 412.0 * 1024;

struct Options {
  unsigned sessions = 100000;
  double seconds = 1.0; ///< CPU time per timed measurement
};

/// Builds `text` (compiled as `path`) to a lowered flow, or exits with the diagnostics.
callflow::CallFlow lower(const std::string &path, std::string text) {
  Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib", {}});
  if (!compilation.run(path, std::move(text), true)) {
    fmt::print(stderr, "error: {} does not build:\n{}", path,
               renderText(compilation.diagnostics().sorted(), compilation.sources(), TextStyle{}));
    std::exit(1);
  }
  return *compilation.lowered();
}

/// Builds `text` (compiled as `path`) to a JSON flow, or exits with the diagnostics.
std::string build(const std::string &path, std::string text) { return emitFlow(lower(path, std::move(text))); }

/// A flow of `copies` times the steps of `base`: copy k of step `x` is `x_k`, its targets the
/// copies of theirs. Larger than any campaign the path search proves in one run, and as valid:
/// what a flow of tens of MB costs to load.
std::string replicated(const callflow::CallFlow &base, std::size_t copies) {
  callflow::CallFlow flow = base;
  const auto steps = static_cast<callflow::Index>(base.steps.size());
  for (std::size_t k = 1; k < copies; ++k) {
    const std::string suffix = fmt::format("_{}", k);
    auto shift = [&](callflow::Target &t) {
      if (t.kind != callflow::Target::Kind::Step) return;
      t.node += static_cast<callflow::Index>(k) * steps;
      t.name += suffix;
    };
    for (callflow::Node n : base.steps) {
      n.id += suffix;
      for (callflow::Route &r : n.routes) shift(r.target);
      for (callflow::Action &a : n.actions)
        for (callflow::Route &r : a.results) shift(r.target);
      if (n.next) shift(*n.next);
      flow.steps.push_back(std::move(n));
    }
  }
  return emitFlow(flow);
}

Flow load(std::string_view json) {
  LoadResult loaded = Flow::load(json);
  if (!loaded) {
    fmt::print(stderr, "error: the flow does not load: {}\n", loaded.error);
    std::exit(1);
  }
  return *loaded.flow;
}

// ---- events per second --------------------------------------------------------------------

/// One complete call: the customer's side, as raw replies or as events, and how it must end.
struct Call {
  std::string_view name;
  std::vector<std::string_view> feeds;
  std::string_view outcome;
  /// Events only: the words a host that reads speech gives with each event (a `yes` at the owner
  /// check or the confirmation counts only with words the runtime reads as a yes too).
  std::vector<std::string_view> words = {};
};

/// The three calls of the issue: a willing customer; a refusal with objections, retained
/// twice (R08) and then let go; filler at the confirmation (R06) followed by an explicit yes.
const std::vector<Call> &textCalls() {
  static const std::vector<Call> calls = {
      {"success", {"是的", "好的", "好的,办吧"}, "success"},
      {"decline", {"是我", "家里有WiFi", "不需要", "不用了,谢谢"}, "declined"},
      {"filler", {"对,是我", "可以", "嗯", "是的"}, "success"},
  };
  return calls;
}

const std::vector<Call> &eventCalls() {
  static const std::vector<Call> calls = {
      {"success", {"yes", "yes", "yes"}, "success", {"是的", "好的", "好的,办吧"}},
      {"decline", {"yes", "wifi", "no", "no"}, "declined", {"是我"}},
      {"filler", {"yes", "yes", "filler", "yes"}, "success", {"对,是我", "可以", "", "是的"}},
  };
  return calls;
}

/// Feeds the `i`th reply or event of `call`.
template <bool Text> std::vector<Action> feed(Session &session, const Call &call, std::size_t i) {
  if (Text)
    return session.feedText(call.feeds[i]);
  return session.feedEvent(call.feeds[i], EventInfo{.words = i < call.words.size() ? call.words[i] : ""});
}

/// Plays one call on a new session; returns the number of actions, to keep the work observable.
template <bool Text>
std::size_t play(const Flow &flow, const Call &call, const std::string &phone) {
  Session session(flow, CallContext{phone});
  std::size_t actions = session.start().size();
  for (std::size_t i = 0; i < call.feeds.size(); ++i)
    actions += feed<Text>(session, call, i).size();
  return actions;
}

/// Checks that every call ends as it should before it is timed: a benchmark of a call that
/// went astray would measure the wrong path.
template <bool Text> void checkCalls(const Flow &flow, const std::vector<Call> &calls) {
  for (const Call &call : calls) {
    Session session(flow, CallContext{"13512347754"});
    session.start();
    for (std::size_t i = 0; i < call.feeds.size(); ++i)
      feed<Text>(session, call, i);
    if (!session.finished() || session.outcome() != call.outcome) {
      fmt::print(stderr, "error: the {} call via {} ended '{}', expected '{}'\n", call.name,
                 Text ? "feedText" : "feedEvent", session.outcome(), call.outcome);
      std::exit(1);
    }
  }
}

struct Rate {
  std::string label;
  double events = 0;
  double calls = 0;
  double cpu = 0;
  double eventsPerSecond() const { return events / cpu; }
  double callsPerSecond() const { return calls / cpu; }
};

/// Plays the calls round-robin until `seconds` of CPU time have passed; best of three runs.
template <bool Text>
Rate measureEvents(const Flow &flow, const std::vector<Call> &calls, const Options &options,
                   std::string label) {
  checkCalls<Text>(flow, calls);
  const std::vector<std::string> phones = {"13512347754", "18899990123", "13900001111",
                                           "15012345678"};
  Rate best;
  best.label = std::move(label);
  std::size_t sink = 0;
  for (int run = 0; run < 3; ++run) {
    std::size_t events = 0, played = 0;
    Stopwatch watch;
    do {
      for (int batch = 0; batch < 1000; ++batch, ++played) {
        const Call &call = calls[played % calls.size()];
        sink += play<Text>(flow, call, phones[played % phones.size()]);
        events += call.feeds.size();
      }
    } while (watch.cpu() < options.seconds);
    const double cpu = watch.cpu();
    if (run == 0 || events / cpu > best.eventsPerSecond()) {
      best.events = static_cast<double>(events);
      best.calls = static_cast<double>(played);
      best.cpu = cpu;
    }
  }
  if (sink == 0)
    std::exit(1); // never: every call speaks; keeps the calls from being optimised away
  return best;
}

// ---- memory per session -------------------------------------------------------------------

struct SessionMemory {
  std::size_t count = 0;
  std::size_t heapBytes = 0; ///< mallinfo2 in-use growth, including the vector of sessions
  long rssBytes = 0;         ///< resident set growth
};

/// Opens `count` calls on one flow and leaves each live mid-call, at the confirmation, with
/// the owner verified and every clause disclosed: the state a session holds longest.
SessionMemory measureSessions(const Flow &flow, unsigned count) {
  std::vector<std::string> phones;
  phones.reserve(count);
  for (unsigned i = 0; i < count; ++i)
    phones.push_back(fmt::format("135{:08d}", i));
  malloc_trim(0);
  const struct mallinfo2 before = mallinfo2();
  const long rssBefore = residentBytes();
  std::vector<Session> sessions;
  sessions.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    Session &s = sessions.emplace_back(flow, CallContext{phones[i]});
    s.start();
    s.feedText("是的");
    s.feedText("好的");
  }
  const struct mallinfo2 after = mallinfo2();
  SessionMemory m;
  m.count = count;
  m.heapBytes = (after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd);
  m.rssBytes = residentBytes() - rssBefore;
  for (const Session &s : sessions)
    if (s.waitingAt() != "confirm") {
      fmt::print(stderr, "error: a session is at '{}', not at the confirmation\n", s.waitingAt());
      std::exit(1);
    }
  return m;
}

// ---- flow load ----------------------------------------------------------------------------

struct LoadRate {
  std::string label;
  std::size_t bytes = 0;
  double loads = 0;
  double cpu = 0;
  double megabytesPerSecond() const { return bytes * loads / kMB / cpu; }
};

/// Runs `once` (on `bytes` of JSON) again and again for `seconds` of CPU time; best of three.
template <typename Once>
LoadRate measureRate(std::string label, std::size_t bytes, const Options &options, Once &&once) {
  LoadRate best;
  best.label = std::move(label);
  best.bytes = bytes;
  for (int run = 0; run < 3; ++run) {
    std::size_t loads = 0, steps = 0;
    Stopwatch watch;
    do {
      steps += once();
      ++loads;
    } while (watch.cpu() < options.seconds || loads < 3);
    const double cpu = watch.cpu();
    if (steps == 0)
      std::exit(1);
    if (run == 0 || loads / cpu > best.loads / best.cpu) {
      best.loads = static_cast<double>(loads);
      best.cpu = cpu;
    }
  }
  return best;
}

/// Parses and validates `json` into a Flow.
LoadRate measureLoad(const std::string &json, const Options &options, std::string label) {
  return measureRate(std::move(label), json.size(), options, [&] { return load(json).stepCount(); });
}

/// nlohmann/json's own parse of `json` into its document, and freeing it: the anchor.
LoadRate measureDomParse(const std::string &json, const Options &options, std::string label) {
  return measureRate(std::move(label), json.size(), options,
                     [&] { return nlohmann::json::parse(json).size(); });
}

const char *verdict(bool met) { return met ? "met" : "NOT met"; }

} // namespace
} // namespace patter::bench

int main(int argc, char **argv) {
  using namespace patter::bench;
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--sessions" && i + 1 < argc)
      options.sessions = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (arg == "--seconds" && i + 1 < argc)
      options.seconds = std::atof(argv[++i]);
    else {
      fmt::print(stderr, "usage: runtime_bench [--sessions N] [--seconds S]\n");
      return 2;
    }
  }

  const std::string examplePath = PATTER_SOURCE_DIR "/examples/data_pack_10.patter";
  std::string source;
  if (!patter::readFile(examplePath, source)) {
    fmt::print(stderr, "error: cannot read {}\n", examplePath);
    return 1;
  }
  const std::string json = build(examplePath, source);
  const patter::Flow flow = load(json);

  // Sessions first, while the heap is fresh, so the growth is theirs alone.
  const SessionMemory memory = measureSessions(flow, options.sessions);
  const double heapPerSession = static_cast<double>(memory.heapBytes) / memory.count;
  const double rssPerSession = static_cast<double>(memory.rssBytes) / memory.count;
  fmt::print("## Memory per live session ({} sessions at the confirmation, one flow)\n\n",
             memory.count);
  fmt::print("| sizeof(Session) | heap bytes/session (mallinfo2) | RSS bytes/session | RSS for all "
             "MB | vs Ink 412 KiB/story | < 1 KiB/session |\n|---|---|---|---|---|---|\n");
  fmt::print("| {} | {:.0f} | {:.0f} | {:.1f} | {:.0f}x smaller | {} |\n", sizeof(patter::Session),
             heapPerSession, rssPerSession, memory.rssBytes / kMB,
             kInkBytesPerStory / std::max(heapPerSession, rssPerSession),
             verdict(std::max(heapPerSession, rssPerSession) < 1024));

  std::vector<Rate> rates = {
      measureEvents<true>(flow, textCalls(), options, "feedText (raw replies, read)"),
      measureEvents<false>(flow, eventCalls(), options, "feedEvent (named events)"),
  };
  fmt::print("\n## Events per second, one thread (complete calls: success, decline, filler)\n\n");
  fmt::print("| driven by | events | calls | CPU s | events/s | calls/s | vs Ink 16,700 choices/s "
             "| >= 1,000,000 events/s |\n|---|---|---|---|---|---|---|---|\n");
  for (const Rate &r : rates)
    fmt::print("| {} | {:.0f} | {:.0f} | {:.3f} | {:.0f} | {:.0f} | {:.0f}x | {} |\n", r.label,
               r.events, r.calls, r.cpu, r.eventsPerSecond(), r.callsPerSecond(),
               r.eventsPerSecond() / kInkChoicesPerSecond, verdict(r.eventsPerSecond() >= 1e6));

  std::vector<LoadRate> loads = {measureLoad(json, options, "data_pack_10")};
  // The golden flows as written on disk, each checked against its recorded `identity.flow`
  // (SHA-256 of the canonical content), as a dialer loads them.
  for (const char *name : {"data_pack_10", "cable_tv_hd_b01", "cable_tv_followup"}) {
    std::string golden;
    const std::string path = fmt::format(PATTER_SOURCE_DIR "/tests/golden/examples/{}.flow.json", name);
    if (!patter::readFile(path, golden)) {
      fmt::print(stderr, "error: cannot read {}\n", path);
      return 1;
    }
    loads.push_back(measureLoad(golden, options, fmt::format("golden {}.flow.json", name)));
  }
  const patter::callflow::CallFlow c256 = lower("corpus/c0.patter", generateCampaign(kSeed, 0, 256));
  loads.push_back(measureLoad(build("corpus/c0.patter", generateCampaign(kSeed, 0, 16)), options,
                              "generated campaign at 16x"));
  loads.push_back(measureLoad(patter::emitFlow(c256), options, "generated campaign at 256x"));
  // The size: a flow of about 45 MB, and beside it nlohmann/json's own parse of it.
  const std::string large = replicated(c256, kLargeCopies);
  const LoadRate dom = measureDomParse(large, options, "the same, nlohmann/json DOM parse alone");
  loads.push_back(measureLoad(large, options, fmt::format("{} copies of the 256x steps", kLargeCopies)));
  fmt::print("\n## Flow load: parse + validate + SHA-256 identity + build the reply reader, one thread\n\n");
  fmt::print("| flow | JSON bytes | loads | CPU s | loads/s | MB/s | >= 80 MB/s |\n"
             "|---|---|---|---|---|---|---|\n");
  for (const LoadRate &l : loads)
    fmt::print("| {} | {} | {:.0f} | {:.3f} | {:.0f} | {:.1f} | {} |\n", l.label, l.bytes, l.loads,
               l.cpu, l.loads / l.cpu, l.megabytesPerSecond(), verdict(l.megabytesPerSecond() >= 80));
  const LoadRate &big = loads.back();
  fmt::print("| {} | {} | {:.0f} | {:.3f} | {:.0f} | {:.1f} | anchor |\n", dom.label, dom.bytes,
             dom.loads, dom.cpu, dom.loads / dom.cpu, dom.megabytesPerSecond());
  fmt::print("\nLarge flow: {:.1f} MB/s loaded, {:.2f}x nlohmann/json's DOM parse alone; >= 150 MB/s: {}\n",
             big.megabytesPerSecond(), big.megabytesPerSecond() / dom.megabytesPerSecond(),
             verdict(big.megabytesPerSecond() >= 150));
  return 0;
}
