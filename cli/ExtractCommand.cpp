// `patter extract FILE`: every line the call can speak, with a stable id, for sign-off sheets
// and recording scripts.
#include "Options.h"
#include "ReviewInput.h"
#include "commands.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace {

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csvField(const std::string &s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

} // namespace

int extractCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseReviewOptions(args, "extract", {"csv", "json"}, {});
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter extract [options] FILE\n\n"
               "Lists every line the call can speak: each say and ask of every step, objection\n"
               "and handler step, each clause where it is disclosed, and the runtime's own lines\n"
               "when the flow lists them. Each has a stable id, NODE.KIND.N or NODE.clause.ID\n"
               "(runtime.NAME for the runtime's), which an edit elsewhere in the file leaves\n"
               "unchanged. FILE is a campaign or a built flow.\n\n"
               "columns: id, step, kind (say, ask, clause, runtime), clauses, text, file, line\n\n"
               "options:\n"
               "  --format csv|json     default csv (RFC 4180, UTF-8)\n"
               "  -o FILE               write to FILE (atomically) instead of stdout\n"
               "  -I DIR, --stdlib DIR  where imports are found (default stdlib: {})\n"
               "  --help, --version\n\n"
               "exit status: 0 listed, 2 usage or I/O trouble, or no campaign\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  if (opts->inputs.size() != 1) {
    fmt::print(stderr, "patter extract: give exactly one campaign or flow file\n");
    return 2;
  }
  std::string error;
  auto input = loadReviewInput(opts->inputs.front(), opts->searchPath, error);
  if (!input) {
    fmt::print(stderr, "patter extract: error: {}\n", error);
    return 2;
  }
  if (input->draft)
    fmt::print(stderr, "patter extract: warning: {} has errors; these lines are of a draft\n",
               input->path);
  std::string out;
  if (opts->format == "json") {
    nlohmann::ordered_json lines = nlohmann::ordered_json::array();
    for (const SpokenLine &l : input->model.lines)
      lines.push_back({{"id", l.id}, {"step", l.node}, {"kind", l.kind},
                       {"clauses", l.clause.empty() ? nlohmann::ordered_json::array()
                                                    : nlohmann::ordered_json::array({l.clause})},
                       {"text", l.text}, {"file", l.source.file}, {"line", l.source.line}});
    out = lines.dump(2) + "\n";
  } else {
    out = "id,step,kind,clauses,text,file,line\r\n";
    for (const SpokenLine &l : input->model.lines)
      out += fmt::format("{},{},{},{},{},{},{}\r\n", csvField(l.id), csvField(l.node), l.kind,
                         csvField(l.clause), csvField(l.text), csvField(l.source.file),
                         l.source.known() ? std::to_string(l.source.line) : "");
  }
  return writeOutput(opts->output, out, "extract") ? 0 : 2;
}
