// `patter run`: simulates a call on a JSON call flow and prints the transcript.
#include "commands.h"

#include <cerrno>
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
    "usage: patter run FLOW.json [--phone NUMBER] [--replies FILE]\n"
    "\n"
    "Simulates a call on a JSON call flow and prints the transcript: agent lines as\n"
    "'坐席: ...', customer replies as '客户: ...', other actions in brackets.\n"
    "\n"
    "  --phone NUMBER   the called number (default 13512347754)\n"
    "  --replies FILE   the customer's replies, one per line (default: standard input);\n"
    "                   blank lines and lines starting with '#' are skipped; a line\n"
    "                   starting with '!' is an event (!hangup, !silence, !ok, ...)\n"
    "  --help           print this help\n"
    "  --version        print the version\n"
    "\n"
    "When the replies run out before the call ends, the customer hangs up.\n"
    "exit status: 0 the call ended, 2 usage or I/O trouble\n";

struct RunOptions {
  std::string flowPath;
  std::string phone = "13512347754";
  std::optional<std::string> repliesPath;
  bool help = false;
  bool version = false;
};

int usageError(std::string_view message) {
  std::cerr << "patter: error: " << message << "\n" << kUsage;
  return 2;
}

std::optional<std::string> readFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = "cannot read";
    return std::nullopt;
  }
  return std::move(text).str();
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

} // namespace

int runCommand(const std::vector<std::string>& args) {
  RunOptions opts;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      opts.help = true;
    } else if (a == "--version") {
      opts.version = true;
    } else if (a == "--phone" || a == "--replies") {
      if (i + 1 >= args.size()) return usageError(a + " needs a value");
      (a == "--phone" ? opts.phone : opts.repliesPath.emplace()) = args[++i];
    } else if (a.rfind("--phone=", 0) == 0) {
      opts.phone = a.substr(8);
    } else if (a.rfind("--replies=", 0) == 0) {
      opts.repliesPath = a.substr(10);
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

  patter::Session session(*loaded.flow, patter::CallContext{opts.phone});
  print(session.start());
  std::string line;
  while (!session.finished()) {
    if (!nextReply(replies, line)) {
      std::cout << "[no more replies: hangup]\n";
      print(session.feedEvent("hangup"));
      break;
    }
    const std::string_view reply = trim(line);
    if (reply.front() == '!') {
      const std::string_view event = trim(reply.substr(1));
      std::cout << "[event " << event << "]\n";
      print(session.feedEvent(event));
    } else {
      std::cout << "客户: " << reply << '\n';
      print(session.feedText(reply));
    }
  }
  std::cout.flush();
  if (!session.finished()) {
    std::cerr << "patter: error: " << opts.flowPath << ": the call did not end when the customer hung up\n";
    return 2;
  }
  return 0;
}
