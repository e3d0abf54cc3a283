// `patter audit`: reads calls' audit logs and answers the dispute question (R20) for each: was
// every clause the flow requires stated, then accepted explicitly, before the sale?
#include "AuditLog.h"
#include "commands.h"

#include "patter/flow.h"
#include "patter/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace patter::cli;
using json = nlohmann::ordered_json;
namespace ak = patter::format::audit::key;
namespace at = patter::format::audit::type;

constexpr std::string_view kUsage =
    "usage: patter audit LOG [--flow FLOW.json] [--session ID] [--format text|json]\n"
    "\n"
    "Reads an audit log (JSON Lines, as written by `patter run --audit` or a dialer's\n"
    "session) and answers the dispute question of R20 for each call in it. For a call that\n"
    "registered a sale: was each clause stated, and did the customer then accept explicitly\n"
    "before the registration? With --flow the clauses are the flow's own mandatory ones (its\n"
    "policy's `require`), else R20's price, content (includes) and end time (term or expiry).\n"
    "Each answer is printed with its evidence (time, log line, words), and every owner check\n"
    "and consent with the words, how they were read and why they counted. A call without a\n"
    "sale is reported as such: there is no consent to prove. A malformed line is reported\n"
    "with its number and the rest of the log is still read.\n"
    "\n"
    "  --flow FLOW     the built flow the calls ran (its hash is checked against the log's)\n"
    "  --session ID    only the call with this session id\n"
    "  --format F      text (default) or json\n"
    "  --help          print this help\n"
    "  --version       print the version\n"
    "\n"
    "exit status: 0 every sale proven (calls without a sale included), 1 a sale not proven,\n"
    "2 usage or I/O trouble, or malformed log lines (the verdicts are still given)\n";

#ifdef PATTER_VERSION
constexpr std::string_view kVersion = PATTER_VERSION;
#else
constexpr std::string_view kVersion = "0.0.0";
#endif

/// One question: was one of `clauses` stated?
struct Question {
  std::string name;
  std::vector<std::string> clauses;
  std::string text; ///< the clause text the flow speaks, when known
};

struct Answer {
  const Question *question;
  std::vector<const AuditRecord *> evidence;
  std::size_t firstAt = 0; ///< order of the first statement; 0: never stated
};

struct Verdict {
  enum class Kind { Proven, NotProven, NoSale } kind = Kind::NoSale;
  std::vector<Answer> answers;
  std::vector<const AuditRecord *> accepted; ///< the consent and the registration it allowed
  std::vector<const AuditRecord *> readings; ///< owner checks and consents
  std::vector<std::string> reasons;          ///< why it is not proven
};

/// Questions from the flow's mandatory clauses.
std::vector<Question> flowQuestions(const patter::Flow &flow) {
  std::vector<Question> out;
  for (std::size_t i = 0; i < flow.clauseCount(); ++i)
    if (flow.isMandatory(i))
      out.push_back({std::string(flow.clauseId(i)), {std::string(flow.clauseId(i))},
                     std::string(flow.clauseText(i))});
  return out;
}

/// R20's question when no flow is given: price, content and end time.
std::vector<Question> fixedQuestions() {
  return {{"price", {"price"}, ""}, {"content", {"includes"}, ""}, {"end time", {"term", "expiry"}, ""}};
}

Verdict judge(const AuditCall &call, const std::vector<Question> &questions,
              const std::vector<std::string> &flowHashes) {
  Verdict v;
  for (const Question &q : questions)
    v.answers.push_back({&q, {}, 0});
  const AuditRecord *sale = nullptr;
  for (const AuditRecord &r : call.records) {
    if (r.type == at::say) {
      const std::string clause = field(r.fields, ak::clause);
      for (Answer &a : v.answers)
        if (std::find(a.question->clauses.begin(), a.question->clauses.end(), clause) !=
            a.question->clauses.end()) {
          a.evidence.push_back(&r);
          if (!a.firstAt)
            a.firstAt = r.order;
        }
    } else if (r.type == at::owner || r.type == at::consent) {
      v.readings.push_back(&r);
    } else if (r.type == at::registerSale && !sale) {
      sale = &r;
    }
  }
  if (!sale)
    return v;
  v.kind = Verdict::Kind::Proven;
  std::size_t stated = 0;
  bool allStated = true;
  for (const Answer &a : v.answers) {
    if (!a.firstAt || a.firstAt > sale->order) {
      v.reasons.push_back(fmt::format("clause '{}' was not stated before the sale",
                                      fmt::join(a.question->clauses, "' or '")));
      v.kind = Verdict::Kind::NotProven;
      allStated = false;
    }
    stated = std::max(stated, a.firstAt);
  }
  // Acceptance counts only after every clause was stated: consent to an offer not yet
  // described is not consent to it (R01, R20).
  for (const AuditRecord *r : v.readings)
    if (allStated && r->type == at::consent && r->order > stated && r->order < sale->order) {
      v.accepted = {r, sale};
      break;
    }
  if (v.accepted.empty()) {
    v.reasons.push_back("no explicit yes at a confirmation after every clause was stated and "
                        "before the sale");
    v.kind = Verdict::Kind::NotProven;
  }
  if (!flowHashes.empty() &&
      std::find(flowHashes.begin(), flowHashes.end(), call.flow) == flowHashes.end()) {
    v.reasons.push_back(fmt::format("the call ran flow '{}', not the given flow '{}'", call.flow,
                                    flowHashes.back()));
    v.kind = Verdict::Kind::NotProven;
  }
  return v;
}

/// A record as evidence: the words said, or what was done.
std::string words(const AuditRecord &r) {
  if (r.type == at::say)
    return fmt::format("{}{} [{}]", patter::kAgentLabel, field(r.fields, ak::text), field(r.fields, ak::clause));
  if (r.type == at::registerSale)
    return fmt::format("[register {} for {}]", field(r.fields, ak::product), field(r.fields, ak::number));
  return fmt::format("{}{} ({} at '{}')", patter::kCustomerLabel, field(r.fields, ak::reply), r.type,
                     field(r.fields, ak::step));
}

/// How an owner or consent reply was read: every field the runtime recorded beyond the
/// record's frame, as it wrote them.
std::string reading(const AuditRecord &r) {
  std::string out;
  for (const auto &[k, value] : r.fields.items())
    if (k != ak::seq && k != ak::time && k != ak::session && k != ak::type && k != ak::step &&
        k != ak::flow)
      out += fmt::format("{}{}={}", out.empty() ? "" : ", ", k,
                         value.is_string() ? value.get<std::string>() : value.dump());
  return out;
}

json evidenceJson(const AuditRecord &r) {
  return {{"line", r.line}, {"t", r.time}, {"record", r.fields}};
}

const char *kindName(Verdict::Kind k) {
  switch (k) {
  case Verdict::Kind::Proven: return "proven";
  case Verdict::Kind::NotProven: return "not_proven";
  case Verdict::Kind::NoSale: return "no_sale";
  }
  return "";
}

void printText(const AuditCall &c, const Verdict &v, const std::string &questionsFrom) {
  std::cout << fmt::format("session {} (campaign {}, flow {})\n", c.session.empty() ? "(none)" : c.session,
                           c.campaign.empty() ? "?" : c.campaign, c.flow.empty() ? "?" : c.flow);
  if (v.kind == Verdict::Kind::NoSale) {
    std::cout << fmt::format("  no sale was made{}: nothing was registered, so there is no consent "
                             "to prove\n",
                             c.outcome.empty() ? "" : " (outcome " + c.outcome + ")");
  } else {
    std::cout << fmt::format("  questions: {}\n", questionsFrom);
    for (const Answer &a : v.answers) {
      const std::string what = a.question->text.empty()
                                   ? a.question->name
                                   : fmt::format("{} \"{}\"", a.question->name, a.question->text);
      if (a.evidence.empty()) {
        std::cout << fmt::format("  {} stated: NOT PROVEN (no line disclosed the clause '{}')\n",
                                 what, fmt::join(a.question->clauses, "' or '"));
        continue;
      }
      std::cout << fmt::format("  {} stated: proven\n", what);
      for (const AuditRecord *r : a.evidence)
        std::cout << fmt::format("    {}  line {}  {}\n", patter::isoTime(r->time), r->line, words(*r));
    }
    std::cout << fmt::format("  customer accepted: {}\n", v.accepted.empty() ? "NOT PROVEN" : "proven");
    for (const AuditRecord *r : v.accepted)
      std::cout << fmt::format("    {}  line {}  {}\n", patter::isoTime(r->time), r->line, words(*r));
  }
  if (!v.readings.empty()) {
    std::cout << "  how the customer's replies were read:\n";
    for (const AuditRecord *r : v.readings)
      std::cout << fmt::format("    line {}  {} at '{}': {}\n", r->line, r->type,
                               field(r->fields, ak::step), reading(*r));
  }
  for (const std::string &why : v.reasons)
    std::cout << fmt::format("  not proven: {}\n", why);
  if (!c.outcome.empty())
    std::cout << fmt::format("  outcome: {}\n", c.outcome);
  std::cout << fmt::format("  verdict: {}\n", v.kind == Verdict::Kind::Proven    ? "proven"
                                              : v.kind == Verdict::Kind::NoSale ? "no sale"
                                                                                 : "NOT PROVEN");
}

json callJson(const AuditCall &c, const Verdict &v) {
  json questions = json::array();
  for (const Answer &a : v.answers) {
    json evidence = json::array();
    for (const AuditRecord *r : a.evidence)
      evidence.push_back(evidenceJson(*r));
    questions.push_back({{"question", a.question->name}, {"clauses", a.question->clauses},
                         {"stated", !a.evidence.empty()}, {"evidence", std::move(evidence)}});
  }
  json accepted = json::array(), readings = json::array();
  for (const AuditRecord *r : v.accepted)
    accepted.push_back(evidenceJson(*r));
  for (const AuditRecord *r : v.readings)
    readings.push_back(evidenceJson(*r));
  return {{"session", c.session}, {"campaign", c.campaign}, {"flow", c.flow},
          {"outcome", c.outcome}, {"verdict", kindName(v.kind)},
          {"sale", v.kind != Verdict::Kind::NoSale}, {"questions", std::move(questions)},
          {"accepted", std::move(accepted)}, {"readings", std::move(readings)},
          {"not_proven_because", v.reasons}};
}

} // namespace

int auditCommand(const std::vector<std::string> &args) {
  std::string path, flowPath, format = "text";
  std::optional<std::string> only;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](const std::string &flag, std::string &out) {
      if (a.rfind(flag + "=", 0) == 0)
        out = a.substr(flag.size() + 1);
      else if (i + 1 < args.size())
        out = args[++i];
      else
        return false;
      return !out.empty();
    };
    std::string v;
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (a == "--version") {
      std::cout << "patter " << kVersion << '\n';
      return 0;
    }
    if (a == "--session" || a.rfind("--session=", 0) == 0) {
      if (!value("--session", v)) {
        std::cerr << "patter: error: --session needs a value\n" << kUsage;
        return 2;
      }
      only = v;
    } else if (a == "--flow" || a.rfind("--flow=", 0) == 0) {
      if (!value("--flow", flowPath)) {
        std::cerr << "patter: error: --flow needs a file\n" << kUsage;
        return 2;
      }
    } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
      if (!value("--format", format) || (format != "text" && format != "json")) {
        std::cerr << "patter: error: --format takes 'text' or 'json'\n" << kUsage;
        return 2;
      }
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

  std::vector<Question> questions = fixedQuestions();
  std::string questionsFrom = "R20's price, content and end time (give --flow for the flow's own clauses)";
  std::vector<std::string> flowHashes; ///< empty: no flow given
  if (!flowPath.empty()) {
    std::ifstream file(flowPath, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    if (!file) {
      std::cerr << "patter: error: " << flowPath << ": cannot open: " << std::strerror(errno) << '\n';
      return 2;
    }
    patter::LoadResult loaded = patter::Flow::load(text.str());
    if (!loaded) {
      std::cerr << "patter: error: " << flowPath << ": not a valid call flow: " << loaded.error << '\n';
      return 2;
    }
    questions = flowQuestions(*loaded.flow);
    questionsFrom = fmt::format("the mandatory clauses of {} (its policy's `require`)", flowPath);
    // The log names its flow by the flow's identity (Flow::identity), as every record does.
    flowHashes = {std::string(loaded.flow->identity())};
  }

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "patter: error: " << path << ": cannot open: " << std::strerror(errno) << '\n';
    return 2;
  }
  AuditLog log = readAuditLog(in, only);
  if (in.bad()) {
    std::cerr << "patter: error: " << path << ": cannot read\n";
    return 2;
  }
  for (const AuditProblem &p : log.problems)
    std::cerr << fmt::format("patter: error: {}:{}: malformed audit record: {}\n", path, p.line, p.reason);
  if (log.calls.empty()) {
    std::cerr << "patter: error: " << path << ": no audit records"
              << (only ? " for session '" + *only + "'" : "") << '\n';
    return 2;
  }
  bool allProven = true;
  json calls = json::array();
  for (std::size_t i = 0; i < log.calls.size(); ++i) {
    const Verdict v = judge(log.calls[i], questions, flowHashes);
    allProven &= v.kind != Verdict::Kind::NotProven;
    if (format == "json") {
      calls.push_back(callJson(log.calls[i], v));
    } else {
      if (i > 0)
        std::cout << '\n';
      printText(log.calls[i], v, questionsFrom);
    }
  }
  if (format == "json") {
    json problems = json::array();
    for (const AuditProblem &p : log.problems)
      problems.push_back({{"line", p.line}, {"reason", p.reason}});
    std::cout << json{{"log", path}, {"calls", std::move(calls)}, {"malformed", std::move(problems)}}
                     .dump(2, ' ', false, json::error_handler_t::replace)
              << '\n';
  }
  std::cout.flush();
  if (!log.problems.empty()) {
    std::cerr << fmt::format("patter: error: {}: {} malformed line{}\n", path, log.problems.size(),
                             log.problems.size() == 1 ? "" : "s");
    return 2;
  }
  return allProven ? 0 : 1;
}
