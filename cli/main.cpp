// The `patter` command: dispatches to its subcommands.
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

#include <map>

namespace {

void printUsage() {
  fmt::print("usage: patter <command> [options] [args]\n\n"
             "commands:\n"
             "  check FILE...          report errors and warnings in campaigns and modules\n"
             "  build FILE -o FLOW     check a campaign and write its JSON call flow\n"
             "  run FLOW [--replies F] simulate a call on a flow\n"
             "  audit LOG              prove from an audit log what was said and accepted (R20)\n"
             "  test FILE...           run conversation scenarios against their flows\n"
             "  explain CODE|RULE      what a diagnostic (E0501) or rule (R08) means, with an example\n"
             "  graph FILE             draw the call flow (DOT, Mermaid, SVG)\n"
             "  report FILE -o HTML    a reviewer's page: lines, clauses, paths, waivers, diagnostics\n"
             "  extract FILE           every line that can be spoken, with stable ids (CSV, JSON)\n"
             "  diff OLD NEW           what changed in compliance terms between two versions\n"
             "  fmt [--check] FILE...  lay out campaigns and modules canonically\n\n"
             "Every command takes --help and --version.\n"
             "exit status: 0 success, 1 errors in the input, 2 usage or I/O trouble\n");
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printUsage();
    return 2;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    printUsage();
    return 0;
  }
  if (command == "--version") {
    patter::cli::printVersion();
    return 0;
  }
  static const std::map<std::string, int (*)(const std::vector<std::string> &)> commands = {
      {"check", checkCommand},
      {"build", buildCommand},
      {"run", runCommand},
      {"audit", auditCommand},
      {"test", testCommand},
      {"explain", explainCommand},
      {"graph", graphCommand},
      {"report", reportCommand},
      {"extract", extractCommand},
      {"diff", diffCommand},
      {"fmt", fmtCommand}};
  auto it = commands.find(command);
  if (it == commands.end()) {
    fmt::print(stderr, "patter: unknown command '{}'\nTry 'patter --help'.\n", command);
    return 2;
  }
  return it->second(args);
}
