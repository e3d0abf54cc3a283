// `patter test FILE...`: runs conversation scenarios (docs/SCENARIOS.md) against their call flows.
#include "JUnit.h"
#include "Options.h"
#include "Scenario.h"
#include "commands.h"

#include "ModuleLoader.h"
#include "patter/action.h"
#include "patter/flow.h"
#include "patter/session.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using patter::cli::Scenario;
using patter::cli::ScenarioFile;
using patter::cli::ScenarioPos;
using patter::cli::ScenarioStep;

constexpr std::string_view kUsage =
    "usage: patter test [options] FILE...\n"
    "\n"
    "Runs the conversation scenarios in each FILE against the call flow the file names\n"
    "(a .patter campaign is compiled first, a .json flow is loaded) and reports, for each\n"
    "scenario, PASS or FAIL with the first mismatch. The format is in docs/SCENARIOS.md.\n"
    "\n"
    "options:\n"
    "  -v, --verbose   print the transcript of every scenario\n"
    "  --format text|junit\n"
    "                  junit: one JUnit XML document on stdout, transcripts as system-out\n"
    "  -I DIR          also look for imports in DIR\n"
    "  --stdlib DIR    the standard library folder (default: {})\n"
    "  --help, --version\n"
    "\n"
    "exit status: 0 every scenario passed, 1 a scenario failed,\n"
    "             2 usage, I/O or syntax errors (nothing is run)\n";

/// The host's clock when a scenario starts (2023-11-14T22:13:20Z); `wait` moves it on.
constexpr patter::Millis kScenarioEpoch = 1'700'000'000'000;

struct TestOptions {
  std::vector<std::string> files;
  patter::SearchPath searchPath;
  bool verbose = false;
  bool junit = false;
  bool help = false;
  bool version = false;
};

/// The first thing a scenario got wrong: where, and what was expected and seen.
struct Mismatch {
  ScenarioPos pos;
  std::string message;
  std::vector<std::string> details; ///< lines printed under the message
};

std::string inQuotes(std::string_view s) { return fmt::format("\"{}\"", s); }

/// One scenario in progress: the session, the host's clock, and the actions said so far.
class ScenarioRun {
public:
  ScenarioRun(const patter::Flow &flow, const Scenario &scenario) : session_(flow, context(scenario)) {
    received(session_.start(now_));
  }

  /// Runs the scenario; returns its first mismatch, if any.
  std::optional<Mismatch> run(const Scenario &scenario) {
    for (const ScenarioStep &step : scenario.steps)
      if (auto mismatch = perform(step)) return mismatch;
    return std::nullopt;
  }

  const std::vector<std::string> &transcript() const { return transcript_; }

private:
  using Kind = ScenarioStep::Kind;

  static patter::CallContext context(const Scenario &scenario) {
    patter::CallContext context;
    context.phone = scenario.phone;
    context.sessionId = scenario.name;
    return context;
  }

  std::optional<Mismatch> perform(const ScenarioStep &step) {
    switch (step.kind) {
    case Kind::Customer:
      if (auto ended = alreadyEnded(step)) return ended;
      transcript_.push_back(fmt::format("{}{}", patter::kCustomerLabel, step.text));
      turnStart_ = step.pos.line;
      received(session_.feedText(step.text, now_));
      return std::nullopt;
    case Kind::Event: {
      if (auto ended = alreadyEnded(step)) return ended;
      transcript_.push_back(fmt::format("[event {}]", step.text));
      turnStart_ = step.pos.line;
      patter::EventInfo info;
      info.now = now_;
      received(session_.feedEvent(step.text, info));
      return std::nullopt;
    }
    case Kind::Wait:
      now_ += step.millis;
      transcript_.push_back(fmt::format("[wait {} ms]", step.millis));
      return std::nullopt;
    case Kind::Agent:
    case Kind::AgentHas:
    case Kind::Invoke: return nextInTurn(step);
    case Kind::Register: return happened(step, patter::ActionKind::Register, "a registration", nullptr);
    case Kind::Refused: return happened(step, patter::ActionKind::Refuse, "a refusal", &patter::Action::rule);
    case Kind::Callback:
      return happened(step, patter::ActionKind::ScheduleCallback, "a scheduled callback", &patter::Action::reason);
    case Kind::Outcome:
      if (!session_.finished())
        return Mismatch{step.pos, fmt::format("expected outcome {}, but the call has not ended", step.text),
                        {fmt::format("waiting at: {}", session_.waitingAt())}};
      if (session_.outcome() != step.text)
        return Mismatch{step.pos, "outcome differs",
                        {fmt::format("expected: {}", step.text), fmt::format("actual:   {}", session_.outcome())}};
      return std::nullopt;
    case Kind::Running:
      if (session_.finished())
        return Mismatch{step.pos, fmt::format("expected the call to go on, but it ended with outcome {}",
                                              session_.outcome()),
                        {}};
      return std::nullopt;
    }
    return std::nullopt;
  }

  void received(std::vector<patter::Action> actions) {
    for (const patter::Action &a : actions) transcript_.push_back(patter::transcriptLine(a));
    turn_ = std::move(actions);
    cursor_ = 0;
    all_.insert(all_.end(), turn_.begin(), turn_.end());
  }

  std::optional<Mismatch> alreadyEnded(const ScenarioStep &step) const {
    if (!session_.finished()) return std::nullopt;
    return Mismatch{step.pos,
                    fmt::format("the call had already ended with outcome {}: nothing more can happen",
                                session_.outcome()),
                    {}};
  }

  bool matches(const ScenarioStep &step, const patter::Action &a) const {
    switch (step.kind) {
    case Kind::Agent: return a.kind == patter::ActionKind::Say && a.text == step.text;
    case Kind::AgentHas:
      return a.kind == patter::ActionKind::Say && a.text.find(step.text) != std::string::npos;
    case Kind::Invoke: return a.kind == patter::ActionKind::Invoke && a.name == step.text;
    default: return false;
    }
  }

  /// `agent` and `invoke` lines match the actions of the current turn in order; actions the
  /// scenario does not mention may come between them.
  std::optional<Mismatch> nextInTurn(const ScenarioStep &step) {
    for (std::size_t i = cursor_; i < turn_.size(); ++i) {
      if (matches(step, turn_[i])) {
        cursor_ = i + 1;
        return std::nullopt;
      }
    }
    const bool isSay = step.kind != Kind::Invoke;
    const auto kind = isSay ? patter::ActionKind::Say : patter::ActionKind::Invoke;
    const patter::Action *actual = nullptr;
    for (std::size_t i = cursor_; i < turn_.size() && !actual; ++i)
      if (turn_[i].kind == kind) actual = &turn_[i];
    Mismatch m{step.pos, isSay ? "agent line differs" : "host call differs", {}};
    const char *how = step.kind == Kind::AgentHas ? "expected: a line containing " : "expected: ";
    m.details.push_back(fmt::format("{}{}", how, isSay ? inQuotes(step.text) : "invoke " + step.text));
    if (actual)
      m.details.push_back(fmt::format("actual:   {}", isSay ? inQuotes(actual->text) : "invoke " + actual->name));
    else
      m.details.push_back(fmt::format("actual:   no further {} in this turn", isSay ? "agent line" : "host call"));
    m.details.push_back(turnStart_ ? fmt::format("the turn (after line {}) was:", turnStart_)
                                   : std::string("the turn (the call's opening) was:"));
    for (const patter::Action &a : turn_) m.details.push_back("  " + patter::transcriptLine(a));
    return m;
  }

  /// `expect [no] register / refused / callback`: anywhere in the call so far; `field`, when
  /// given with a value, must equal it (the refusal's rule, the callback's reason).
  std::optional<Mismatch> happened(const ScenarioStep &step, patter::ActionKind kind, std::string_view what,
                                   std::string patter::Action::*field) const {
    const patter::Action *found = nullptr;
    for (const patter::Action &a : all_)
      if (a.kind == kind && (!field || step.text.empty() || a.*field == step.text)) {
        found = &a;
        break;
      }
    const std::string spec = step.text.empty() ? std::string(what) : fmt::format("{} ({})", what, step.text);
    if (step.negated && found)
      return Mismatch{step.pos, fmt::format("expected no {}, but the call had one", what.substr(what.find(' ') + 1)),
                      {"  " + patter::transcriptLine(*found)}};
    if (!step.negated && !found) {
      Mismatch m{step.pos, fmt::format("expected {}, but the call had none", spec), {}};
      for (const patter::Action &a : all_)
        if (a.kind == kind) m.details.push_back("  had: " + patter::transcriptLine(a));
      return m;
    }
    return std::nullopt;
  }

  patter::Session session_;
  patter::Millis now_ = kScenarioEpoch;
  std::vector<patter::Action> turn_; ///< the actions of the last feed (or of the start)
  std::size_t cursor_ = 0;           ///< the next action of the turn `agent` / `invoke` may match
  unsigned turnStart_ = 0;           ///< the line of the customer or event that began the turn
  std::vector<patter::Action> all_;
  std::vector<std::string> transcript_;
};

std::optional<TestOptions> parseOptions(const std::vector<std::string> &args) {
  TestOptions opts;
  opts.searchPath.stdlibDir = patter::cli::defaultStdlibDir();
  auto usage = [](const std::string &why) -> std::optional<TestOptions> {
    fmt::print(stderr, "patter test: {}\nTry 'patter test --help'.\n", why);
    return std::nullopt;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a == "--help" || a == "-h") {
      opts.help = true;
    } else if (a == "--version") {
      opts.version = true;
    } else if (a == "-v" || a == "--verbose") {
      opts.verbose = true;
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      std::string f = a.size() > 8 ? a.substr(9) : (i + 1 < args.size() ? args[++i] : "");
      if (f != "text" && f != "junit") return usage("--format takes 'text' or 'junit'");
      opts.junit = f == "junit";
    } else if (a.rfind("-I", 0) == 0) {
      std::string dir = a.size() > 2 ? a.substr(2) : (i + 1 < args.size() ? args[++i] : "");
      if (dir.empty()) return usage("-I needs a folder");
      opts.searchPath.includeDirs.push_back(dir);
    } else if (a == "--stdlib" || a.rfind("--stdlib=", 0) == 0) {
      std::string dir = a.size() > 8 ? a.substr(9) : (i + 1 < args.size() ? args[++i] : "");
      if (dir.empty()) return usage("--stdlib needs a folder");
      opts.searchPath.stdlibDir = dir;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      opts.files.push_back(a);
    }
  }
  if (!opts.help && !opts.version && opts.files.empty()) return usage("no scenario file");
  return opts;
}

/// Loads the flows the scenario files name, once each: a `.patter` campaign is compiled (its
/// diagnostics go to stderr), anything else is read as a JSON flow.
class FlowCache {
public:
  explicit FlowCache(const TestOptions &opts) : opts_(opts) {}

  /// The flow of `file`, or nullptr after printing why there is none.
  const patter::Flow *get(const ScenarioFile &file) {
    namespace fs = std::filesystem;
    const fs::path path = fs::path(file.path).parent_path() / file.flowPath;
    const std::string key = path.lexically_normal().string();
    if (auto it = flows_.find(key); it != flows_.end()) return it->second ? &*it->second : nullptr;
    auto &slot = flows_[key];
    const std::string where = fmt::format("{}:{}:{}", file.path, file.flowPos.line, file.flowPos.column);
    std::optional<std::string> json;
    if (path.extension() == ".patter") {
      patter::cli::CompileOptions compile;
      compile.inputs = {key};
      compile.searchPath = opts_.searchPath;
      auto report = patter::cli::compileAndReport(compile, true, stderr);
      json = std::move(report.flows.front());
      if (!json) {
        fmt::print(stderr, "{}: error: the flow '{}' {}\n", where, key,
                   report.ioError ? "cannot be read" : "does not compile");
        return nullptr;
      }
    } else {
      std::string text;
      if (!patter::readFile(key, text)) {
        fmt::print(stderr, "{}: error: cannot read the flow '{}'\n", where, key);
        return nullptr;
      }
      json = std::move(text);
    }
    auto loaded = patter::Flow::load(*json);
    if (!loaded) {
      fmt::print(stderr, "{}: error: the flow '{}' does not load: {}\n", where, key, loaded.error);
      return nullptr;
    }
    slot = std::move(*loaded.flow);
    return &*slot;
  }

private:
  const TestOptions &opts_;
  std::map<std::string, std::optional<patter::Flow>> flows_;
};

} // namespace

int testCommand(const std::vector<std::string> &args) {
  auto opts = parseOptions(args);
  if (!opts) return 2;
  if (opts->help) {
    fmt::print(fmt::runtime(kUsage), patter::cli::defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    patter::cli::printVersion();
    return 0;
  }

  // Read and parse everything first: a syntax error anywhere means nothing runs.
  std::vector<ScenarioFile> files;
  bool broken = false;
  for (const std::string &path : opts->files) {
    std::string text;
    if (!patter::readFile(path, text)) {
      fmt::print(stderr, "patter: error: cannot read '{}'\n", path);
      broken = true;
      continue;
    }
    ScenarioFile file;
    file.path = path;
    std::vector<patter::cli::ScenarioError> errors;
    if (!patter::cli::parseScenarios(text, file, errors)) {
      for (const auto &e : errors)
        fmt::print(stderr, "{}:{}:{}: error: {}\n", path, e.pos.line, e.pos.column, e.message);
      broken = true;
      continue;
    }
    files.push_back(std::move(file));
  }
  FlowCache flows(*opts);
  std::vector<const patter::Flow *> flowOf;
  for (const ScenarioFile &file : files) {
    flowOf.push_back(flows.get(file));
    broken |= flowOf.back() == nullptr;
  }
  if (broken) return 2;

  unsigned passed = 0, failed = 0;
  std::vector<patter::cli::JUnitSuite> suites;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const ScenarioFile &file = files[f];
    patter::cli::JUnitSuite &suite = suites.emplace_back();
    suite.name = file.path;
    if (!opts->junit) fmt::print("{}\n", file.path);
    for (const Scenario &scenario : file.scenarios) {
      ScenarioRun run(*flowOf[f], scenario);
      const auto mismatch = run.run(scenario);
      patter::cli::JUnitCase &result = suite.cases.emplace_back();
      result.name = scenario.name;
      result.output = run.transcript();
      if (mismatch) {
        ++failed;
        result.failed = true;
        result.message = fmt::format("{}:{}:{}: {}", file.path, mismatch->pos.line, mismatch->pos.column,
                                     mismatch->message);
        for (const std::string &line : mismatch->details) result.details += line + "\n";
      } else {
        ++passed;
      }
      if (opts->junit) continue;
      fmt::print("  {}  {}\n", mismatch ? "FAIL" : "PASS", scenario.name);
      if (mismatch) {
        fmt::print("    {}\n", result.message);
        for (const std::string &line : mismatch->details) fmt::print("      {}\n", line);
      }
      if (opts->verbose)
        for (const std::string &line : run.transcript()) fmt::print("      | {}\n", line);
    }
  }
  if (opts->junit)
    fmt::print("{}", patter::cli::junitXml(suites));
  else
    fmt::print("{} passed, {} failed\n", passed, failed);
  return failed ? 1 : 0;
}
