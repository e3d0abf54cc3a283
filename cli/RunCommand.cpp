// `patter run`: simulates a call on a JSON call flow and prints the transcript.
#include "commands.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "patter/action.h"
#include "patter/flow.h"
#include "patter/session.h"

namespace {

#ifdef PATTER_VERSION
constexpr std::string_view kVersion = PATTER_VERSION;
#else
constexpr std::string_view kVersion = "0.0.0";
#endif

constexpr std::string_view kUsage =
    "usage: patter run FLOW.json [--phone NUMBER] [--replies FILE] [--audit LOG]\n"
    "\n"
    "Simulates a call on a JSON call flow and prints the transcript: agent lines as\n"
    "'坐席: ...', customer replies as '客户: ...', other actions in brackets.\n"
    "\n"
    "  --phone NUMBER   the called number (default 13512347754)\n"
    "  --replies FILE   the customer's replies, one per line (default: standard input);\n"
    "                   blank lines and lines starting with '#' are skipped; a line\n"
    "                   starting with '!' is an event (!hangup, !silence, !ok, ...);\n"
    "                   '!busy +3600' passes the time the customer asked to be\n"
    "                   called (seconds from now); '~N' lets N seconds pass\n"
    "  --audit LOG      write the audit log (JSON Lines) to LOG, flushed per record\n"
    "  --session ID     the session id in the audit log (default: run)\n"
    "  --start-time MS  simulate the clock: start at MS (ms since the Unix epoch) and\n"
    "                   let one second pass per reply line (default: the system clock)\n"
    "  --help           print this help\n"
    "  --version        print the version\n"
    "\n"
    "When the replies run out before the call ends, the customer hangs up.\n"
    "exit status: 0 the call ended, 2 usage or I/O trouble\n";

struct RunOptions {
  std::string flowPath;
  std::string phone = "13512347754";
  std::optional<std::string> repliesPath;
  std::optional<std::string> auditPath;
  std::string session = "run";
  std::optional<patter::Millis> startTime;
  bool help = false;
  bool version = false;
};

int usageError(std::string_view message) {
  std::cerr << "patter: error: " << message << "\n" << kUsage;
  return 2;
}

/// A flow file, read in blocks and never past patter::kMaxFlowBytes (a pipe or /dev/zero too).
std::optional<std::string> readFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char block[65536];
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    if (text.size() + static_cast<std::size_t>(in.gcount()) > patter::kMaxFlowBytes) {
      error = "larger than the limit of " + std::to_string(patter::kMaxFlowBytes) + " bytes";
      return std::nullopt;
    }
    text.append(block, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    error = "cannot read";
    return std::nullopt;
  }
  return text;
}

void print(const std::vector<patter::Action>& actions) {
  for (const auto& a : actions) std::cout << patter::transcriptLine(a) << '\n';
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

/// The next reply line: skips blank lines and `#` comments. Returns false at end of input.
bool nextReply(std::istream& in, std::string& line) {
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    return true;
  }
  return false;
}

std::optional<patter::Millis> parseTime(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  patter::Millis v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// The host's clock: simulated (one second per reply line) or the system's.
class Clock {
public:
  explicit Clock(std::optional<patter::Millis> start) : simulated_(start) {}
  patter::Millis now() const {
    if (simulated_) return *simulated_;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void pass(patter::Millis ms) {
    if (simulated_) *simulated_ += ms;
  }

private:
  std::optional<patter::Millis> simulated_;
};

} // namespace

int runCommand(const std::vector<std::string>& args) {
  RunOptions opts;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      opts.help = true;
    } else if (a == "--version") {
      opts.version = true;
    } else if (a == "--phone" || a == "--replies" || a == "--audit" || a == "--session" || a == "--start-time") {
      if (i + 1 >= args.size()) return usageError(a + " needs a value");
      const std::string& v = args[++i];
      if (a == "--phone") opts.phone = v;
      if (a == "--replies") opts.repliesPath = v;
      if (a == "--audit") opts.auditPath = v;
      if (a == "--session") opts.session = v;
      if (a == "--start-time") {
        const auto t = parseTime(v);
        if (!t) return usageError("--start-time needs milliseconds since the Unix epoch, not '" + v + "'");
        opts.startTime = *t;
      }
    } else if (a.rfind("--phone=", 0) == 0) {
      opts.phone = a.substr(8);
    } else if (a.rfind("--replies=", 0) == 0) {
      opts.repliesPath = a.substr(10);
    } else if (a.rfind("--audit=", 0) == 0) {
      opts.auditPath = a.substr(8);
    } else if (a.size() > 1 && a.front() == '-') {
      return usageError("unknown option '" + a + "'");
    } else if (opts.flowPath.empty()) {
      opts.flowPath = a;
    } else {
      return usageError("more than one flow file ('" + opts.flowPath + "', '" + a + "')");
    }
  }
  if (opts.help) {
    std::cout << kUsage;
    return 0;
  }
  if (opts.version) {
    std::cout << "patter " << kVersion << '\n';
    return 0;
  }
  if (opts.flowPath.empty()) return usageError("missing the flow file");
  if (opts.phone.empty()) return usageError("--phone needs a number");

  std::string error;
  const auto text = readFile(opts.flowPath, error);
  if (!text) {
    std::cerr << "patter: error: " << opts.flowPath << ": " << error << '\n';
    return 2;
  }
  auto loaded = patter::Flow::load(*text);
  if (!loaded) {
    std::cerr << "patter: error: " << opts.flowPath << ": " << loaded.error << '\n';
    return 2;
  }

  std::ifstream repliesFile;
  if (opts.repliesPath) {
    repliesFile.open(*opts.repliesPath, std::ios::binary);
    if (!repliesFile) {
      std::cerr << "patter: error: " << *opts.repliesPath << ": cannot open: " << std::strerror(errno) << '\n';
      return 2;
    }
  }
  std::istream& replies = opts.repliesPath ? static_cast<std::istream&>(repliesFile) : std::cin;

  std::ofstream auditFile;
  std::optional<patter::OstreamAuditSink> audit;
  if (opts.auditPath) {
    auditFile.open(*opts.auditPath, std::ios::binary | std::ios::trunc);
    if (!auditFile) {
      std::cerr << "patter: error: " << *opts.auditPath << ": cannot open: " << std::strerror(errno) << '\n';
      return 2;
    }
    audit.emplace(auditFile);
  }

  Clock clock(opts.startTime);
  patter::Session session(*loaded.flow,
                          patter::CallContext{opts.phone, opts.session, audit ? &*audit : nullptr});
  // No proof, no sale: a lost audit record is reported at once, and the run fails.
  bool auditReported = false;
  const auto print = [&](const std::vector<patter::Action>& actions) {
    ::print(actions);
    if (session.auditFailed() && !auditReported) {
      auditReported = true;
      std::cerr << "patter: error: " << *opts.auditPath << ": an audit record could not be written; no sale is registered\n";
    }
  };
  print(session.start(clock.now()));
  std::string line;
  while (!session.finished()) {
    if (!nextReply(replies, line)) {
      std::cout << "[no more replies: hangup]\n";
      clock.pass(1000);
      print(session.feedEvent("hangup", {.now = clock.now()}));
      break;
    }
    const std::string_view reply = trim(line);
    clock.pass(1000);
    if (reply.front() == '~') {
      const auto seconds = parseTime(trim(reply.substr(1)));
      if (!seconds) {
        std::cerr << "patter: error: '" << reply << "': '~' needs a number of seconds\n";
        return 2;
      }
      clock.pass(*seconds * 1000 - 1000);
      continue;
    }
    if (reply.front() == '!') {
      std::string_view event = trim(reply.substr(1));
      patter::EventInfo info{.now = clock.now()};
      if (const auto space = event.find(' '); space != std::string_view::npos) {
        const std::string_view arg = trim(event.substr(space + 1));
        event = event.substr(0, space);
        const auto seconds = arg.starts_with('+') ? parseTime(arg.substr(1)) : std::nullopt;
        if (!seconds) {
          std::cerr << "patter: error: '" << reply << "': an event takes '+SECONDS' (the promised time)\n";
          return 2;
        }
        info.at = clock.now() + *seconds * 1000;
      }
      std::cout << "[event " << event << "]\n";
      print(session.feedEvent(event, info));
    } else {
      std::cout << patter::kCustomerLabel << reply << '\n';
      print(session.feedText(reply, clock.now()));
    }
  }
  std::cout.flush();
  if (!session.finished()) {
    std::cerr << "patter: error: " << opts.flowPath << ": the call did not end when the customer hung up\n";
    return 2;
  }
  return session.auditFailed() ? 2 : 0;
}
