// `patter check FILE...`: report every diagnostic, write nothing.
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

int checkCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseCompileOptions(args, "check", false);
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter check [options] FILE...\n\n"
               "Checks campaigns and modules and reports every error and warning.\n\n"
               "options:\n"
               "  -I DIR             also look for imports in DIR\n"
               "  --stdlib DIR       the standard library folder (default: {})\n"
               "  --policy MODULE[:NAME]\n"
               "                     allow only this policy (repeatable); a patter.json in the\n"
               "                     campaign's folder or above pins policies too\n"
               "  --format text|json|sarif\n"
               "                     how to print diagnostics: text to stderr; json or sarif as\n"
               "                     one document for all files to stdout\n"
               "  --lang en|zh       the language of the messages (default: from LC_ALL,\n"
               "                     LC_MESSAGES or LANG; English unless it starts with zh)\n"
               "  --docs-url URL     sarif: link each code to URL/CODE.md (where docs/diagnostics\n"
               "                     is published)\n"
               "  --help, --version\n\n"
               "exit status: 0 no errors, 1 errors found, 2 usage or I/O trouble\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  CompileReport report = compileAndReport(*opts, false, stdout);
  return report.ioError ? 2 : report.failed ? 1 : 0;
}
