// `patter build FILE -o FLOW.json`: check, then write the call flow atomically.
#include "AtomicFile.h"
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <sys/stat.h>

namespace {

/// Why the flow may not be written to `output`, or empty: a failed or mistaken build must never
/// destroy what is there. Only a regular file (or nothing) is replaced, and never an input.
std::string refusedOutput(const std::string &output, const std::vector<std::string> &inputs) {
  struct stat target;
  if (::lstat(output.c_str(), &target) != 0)
    return {}; // nothing there yet (or not reachable: the write says why)
  if (S_ISLNK(target.st_mode))
    return "is a symbolic link; give the file it points to";
  if (!S_ISREG(target.st_mode))
    return "is not a regular file (use '-o -' for standard output)";
  for (const std::string &input : inputs) {
    struct stat source;
    if (::stat(input.c_str(), &source) == 0 && source.st_dev == target.st_dev &&
        source.st_ino == target.st_ino)
      return fmt::format("is the input '{}'", input);
  }
  return {};
}

} // namespace

int buildCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseCompileOptions(args, "build", true);
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter build [options] FILE [-o FLOW.json]\n\n"
               "Checks a campaign and writes its JSON call flow (to stdout without -o).\n"
               "The file is written atomically and only when the build succeeds; a failed build\n"
               "leaves whatever was at FLOW.json untouched. Only a regular file is replaced:\n"
               "never an input, a symbolic link or a device.\n\n"
               "options:\n"
               "  -o, --output FILE  where to write the flow ('-' for standard output)\n"
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
  if (opts->output == "-")
    opts->output.clear();
  if (!opts->output.empty()) {
    if (const std::string why = refusedOutput(opts->output, opts->inputs); !why.empty()) {
      fmt::print(stderr, "patter: error: will not write the flow to '{}': it {}\n", opts->output,
                 why);
      return 2;
    }
  }
  // Without -o the flow is stdout's one document, so machine-readable diagnostics go to stderr.
  CompileReport report = compileAndReport(*opts, true, opts->output.empty() ? stderr : stdout);
  const std::optional<std::string> &flow = report.flows.front();
  if (!flow)
    return report.ioError ? 2 : 1;
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
