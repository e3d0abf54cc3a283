// `patter audit`: reads a call's audit log and answers the dispute question of seed 004 (R20).
#include "commands.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "patter/action.h"
#include "patter/format.h"

namespace {

using json = nlohmann::json;
namespace ak = patter::format::audit::key;
namespace at = patter::format::audit::type;

constexpr std::string_view kUsage =
    "usage: patter audit LOG [--session ID]\n"
    "\n"
    "Reads an audit log (JSON Lines, as written by `patter run --audit` or a dialer's\n"
    "session) and answers the dispute question of R20 for each call in it: were the\n"
    "price, the content (includes) and the end time (term or expiry) stated, and did\n"
    "the customer then accept explicitly? Each answer is printed with its evidence:\n"
    "the time, the log line and the words.\n"
    "\n"
    "  --session ID   only the call with this session id\n"
    "  --help         print this help\n"
    "  --version      print the version\n"
    "\n"
    "exit status: 0 every question proven for every call, 1 something not proven,\n"
    "2 usage or I/O trouble, or malformed log lines (reported with their line numbers)\n";

#ifdef PATTER_VERSION
constexpr std::string_view kVersion = PATTER_VERSION;
#else
constexpr std::string_view kVersion = "0.0.0";
#endif

/// One record of the log that matters to the verdict.
struct Evidence {
  std::size_t line = 0;
  patter::Millis time = 0;
  std::string text;
};

/// What one call's records prove.
struct Call {
  std::string session;
  std::string campaign;
  std::string flow;
  std::vector<Evidence> price, content, endTime;
  /// Consent records and registrations, in log order, with the position of each statement.
  struct Consent {
    Evidence evidence;
    std::size_t order;
  };
  std::vector<Consent> consents;
  std::vector<Consent> registrations;
  std::size_t order = 0; ///< records seen so far
  std::size_t priceAt = 0, contentAt = 0, endAt = 0; ///< order of the first statement (0: none)
  std::string outcome;
};

std::string str(const json& j, std::string_view key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void printEvidence(const std::vector<Evidence>& list) {
  for (const Evidence& e : list) std::cout << fmt::format("    {}  line {}  {}\n", patter::isoTime(e.time), e.line, e.text);
}

/// Prints one question's verdict; returns whether it is proven.
bool question(std::string_view what, const std::vector<Evidence>& evidence, std::string_view missing) {
  if (evidence.empty()) {
    std::cout << fmt::format("  {}: NOT PROVEN ({})\n", what, missing);
    return false;
  }
  std::cout << fmt::format("  {}: proven\n", what);
  printEvidence(evidence);
  return true;
}

bool verdict(const Call& c) {
  std::cout << fmt::format("session {} (campaign {}, flow {})\n", c.session.empty() ? "(none)" : c.session,
             c.campaign.empty() ? "?" : c.campaign, c.flow.empty() ? "?" : c.flow);
  bool ok = question("price stated", c.price, "no line disclosed the clause 'price'");
  ok = question("content stated", c.content, "no line disclosed the clause 'includes'") && ok;
  ok = question("end time stated", c.endTime, "no line disclosed the clause 'term' or 'expiry'") && ok;
  // Acceptance counts only after all three were stated: consent to an offer not yet described
  // is not consent to it (R01, R20).
  const std::size_t stated = std::max({c.priceAt, c.contentAt, c.endAt});
  std::vector<Evidence> accepted;
  if (c.priceAt && c.contentAt && c.endAt) {
    for (const auto& consent : c.consents) {
      if (consent.order > stated) {
        accepted.push_back(consent.evidence);
        for (const auto& r : c.registrations) {
          if (r.order > consent.order) {
            accepted.push_back(r.evidence);
            break;
          }
        }
        break;
      }
    }
  }
  ok = question("customer accepted", accepted,
                c.consents.empty() ? "no explicit yes at a confirmation"
                                   : "no explicit yes at a confirmation after price, content and end time were stated") &&
       ok;
  if (!c.outcome.empty()) std::cout << fmt::format("  outcome: {}\n", c.outcome);
  std::cout << fmt::format("  verdict: {}\n", ok ? "proven" : "NOT PROVEN");
  return ok;
}

} // namespace

int auditCommand(const std::vector<std::string>& args) {
  std::string path;
  std::optional<std::string> only;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (a == "--version") {
      std::cout << "patter " << kVersion << '\n';
      return 0;
    }
    if (a == "--session") {
      if (i + 1 >= args.size()) {
        std::cerr << "patter: error: --session needs a value\n" << kUsage;
        return 2;
      }
      only = args[++i];
    } else if (a.rfind("--session=", 0) == 0) {
      only = a.substr(10);
    } else if (a.size() > 1 && a.front() == '-') {
      std::cerr << "patter: error: unknown option '" << a << "'\n" << kUsage;
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::cerr << "patter: error: more than one log ('" << path << "', '" << a << "')\n" << kUsage;
      return 2;
    }
  }
  if (path.empty()) {
    std::cerr << "patter: error: missing the audit log\n" << kUsage;
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "patter: error: " << path << ": cannot open: " << std::strerror(errno) << '\n';
    return 2;
  }

  std::vector<Call> calls;
  const auto callOf = [&](const std::string& session) -> Call& {
    for (Call& c : calls) {
      if (c.session == session) return c;
    }
    calls.emplace_back().session = session;
    return calls.back();
  };
  int malformed = 0;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json r;
    std::string problem;
    try {
      r = json::parse(line);
      if (!r.is_object()) problem = "not a JSON object";
      else if (!r.contains(ak::type) || !r[ak::type].is_string()) problem = "no 'type'";
      else if (!r.contains(ak::session) || !r[ak::session].is_string()) problem = "no 'session'";
      else if (!r.contains(ak::time) || !r[ak::time].is_number_integer()) problem = "no time 't'";
    } catch (const json::exception&) {
      problem = "not valid JSON";
    }
    if (!problem.empty()) {
      std::cerr << "patter: error: " << path << ":" << number << ": malformed audit record: " << problem << '\n';
      ++malformed;
      continue;
    }
    const std::string session = r[ak::session].get<std::string>();
    if (only && session != *only) continue;
    Call& c = callOf(session);
    const std::string type = r[ak::type].get<std::string>();
    const Evidence e{number, r[ak::time].get<patter::Millis>(), {}};
    ++c.order;
    if (type == at::start) {
      if (str(r, ak::format) != patter::format::audit::formatName) {
        std::cerr << "patter: error: " << path << ":" << number << ": malformed audit record: not a patter audit log\n";
        ++malformed;
        continue;
      }
      c.campaign = str(r, ak::campaign);
      c.flow = str(r, ak::flow);
    } else if (type == at::say) {
      const std::string clause = str(r, ak::clause);
      Evidence said = e;
      said.text = fmt::format("坐席: {} [{}]", str(r, ak::text), clause);
      if (clause == "price") {
        c.price.push_back(said);
        if (!c.priceAt) c.priceAt = c.order;
      } else if (clause == "includes") {
        c.content.push_back(said);
        if (!c.contentAt) c.contentAt = c.order;
      } else if (clause == "term" || clause == "expiry") {
        c.endTime.push_back(said);
        if (!c.endAt) c.endAt = c.order;
      }
    } else if (type == at::consent) {
      Evidence yes = e;
      yes.text = fmt::format("客户: {} (explicit consent at '{}')", str(r, ak::reply), str(r, ak::step));
      c.consents.push_back({yes, c.order});
    } else if (type == at::registerSale) {
      Evidence sale = e;
      sale.text = fmt::format("[register {} for {}]", str(r, ak::product), str(r, ak::number));
      c.registrations.push_back({sale, c.order});
    } else if (type == at::end) {
      c.outcome = str(r, ak::outcome);
    }
  }
  if (in.bad()) {
    std::cerr << "patter: error: " << path << ": cannot read\n";
    return 2;
  }
  if (malformed > 0) {
    std::cerr << "patter: error: " << path << ": " << malformed << " malformed line" << (malformed == 1 ? "" : "s")
              << "; no verdict\n";
    return 2;
  }
  if (calls.empty()) {
    std::cerr << "patter: error: " << path << ": no audit records" << (only ? " for session '" + *only + "'" : "")
              << '\n';
    return 2;
  }
  bool all = true;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (i > 0) std::cout << fmt::format("\n");
    all = verdict(calls[i]) && all;
  }
  std::cout.flush();
  return all ? 0 : 1;
}
