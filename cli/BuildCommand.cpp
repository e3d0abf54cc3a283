// `patter build FILE -o FLOW.json`: check, then write the call flow atomically.
#include "AtomicFile.h"
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

#include <cstdio>

int buildCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseCompileOptions(args, "build", true);
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter build [options] FILE [-o FLOW.json]\n\n"
               "Checks a campaign and writes its JSON call flow (to stdout without -o).\n"
               "The file is written atomically; when the build fails no output file is left,\n"
               "so a dialer never picks up a stale flow.\n\n"
               "options:\n"
               "  -o, --output FILE  where to write the flow\n"
               "  -I DIR             also look for imports in DIR\n"
               "  --stdlib DIR       the standard library folder (default: {})\n"
               "  --policy MODULE[:NAME]\n"
               "                     allow only this policy (repeatable); a patter.json in the\n"
               "                     campaign's folder or above pins policies too\n"
               "  --format text|json|sarif\n"
               "                     how to print diagnostics: text to stderr; json or sarif to\n"
               "                     stdout with -o, to stderr without (the flow takes stdout)\n"
               "  --lang en|zh       the language of the messages (default: from LC_ALL,\n"
               "                     LC_MESSAGES or LANG; English unless it starts with zh)\n"
               "  --docs-url URL     sarif: link each code to URL/CODE.md\n"
               "  --help, --version\n\n"
               "exit status: 0 built, 1 errors found, 2 usage or I/O trouble\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  if (opts->inputs.size() != 1) {
    fmt::print(stderr, "patter build: give exactly one campaign file\n");
    return 2;
  }
  // Without -o the flow is stdout's one document, so machine-readable diagnostics go to stderr.
  CompileReport report = compileAndReport(*opts, true, opts->output.empty() ? stderr : stdout);
  const std::optional<std::string> &flow = report.flows.front();
  if (!flow) {
    if (!opts->output.empty())
      std::remove(opts->output.c_str());
    return report.ioError ? 2 : 1;
  }
  if (opts->output.empty()) {
    fmt::print("{}", *flow);
    return 0;
  }
  std::string error;
  if (!writeFileAtomically(opts->output, *flow, error)) {
    fmt::print(stderr, "patter: error: cannot write '{}': {}\n", opts->output, error);
    return 2;
  }
  return 0;
}
