// Argument parsing and the compile-and-report step shared by `check` and `build`.
#include "Options.h"

#include "Compiler.h"
#include "Render.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace patter::cli {

void printVersion() { fmt::print("patter {}\n", PATTER_VERSION); }

std::string defaultStdlibDir() {
  if (const char *env = std::getenv("PATTER_STDLIB"); env && *env)
    return env;
  // A binary run from its build tree uses the sources' library; an installed one, its own.
  std::error_code ec;
  if (std::filesystem::is_directory(PATTER_SOURCE_STDLIB, ec))
    return PATTER_SOURCE_STDLIB;
  return PATTER_INSTALLED_STDLIB;
}

std::optional<CompileOptions> parseCompileOptions(const std::vector<std::string> &args,
                                                  const char *command, bool allowOutput) {
  CompileOptions opts;
  opts.searchPath.stdlibDir = defaultStdlibDir();
  auto usage = [&](const std::string &why) -> std::optional<CompileOptions> {
    fmt::print(stderr, "patter {}: {}\nTry 'patter {} --help'.\n", command, why, command);
    return std::nullopt;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](const std::string &flag) -> std::optional<std::string> {
      if (a.size() > flag.size() && a.compare(0, flag.size() + 1, flag + "=") == 0)
        return a.substr(flag.size() + 1);
      if (a == flag && i + 1 < args.size())
        return args[++i];
      return std::nullopt;
    };
    if (a == "--help" || a == "-h") {
      opts.help = true;
    } else if (a == "--version") {
      opts.version = true;
    } else if (a.rfind("--format", 0) == 0) {
      auto v = value("--format");
      if (v == "text")
        opts.format = OutputFormat::Text;
      else if (v == "json")
        opts.format = OutputFormat::Json;
      else
        return usage("--format takes 'text' or 'json'");
    } else if (a.rfind("-I", 0) == 0) {
      std::string dir = a.size() > 2 ? a.substr(2) : (i + 1 < args.size() ? args[++i] : "");
      if (dir.empty())
        return usage("-I needs a folder");
      opts.searchPath.includeDirs.push_back(dir);
    } else if (a.rfind("--stdlib", 0) == 0) {
      auto v = value("--stdlib");
      if (!v)
        return usage("--stdlib needs a folder");
      opts.searchPath.stdlibDir = *v;
    } else if (allowOutput && (a == "-o" || a.rfind("--output", 0) == 0)) {
      auto v = a == "-o" ? (i + 1 < args.size() ? std::optional(args[++i]) : std::nullopt)
                         : value("--output");
      if (!v || v->empty())
        return usage("-o needs a file name");
      opts.output = *v;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      opts.inputs.push_back(a);
    }
  }
  if (!opts.help && !opts.version && opts.inputs.empty())
    return usage("no input file");
  return opts;
}

std::optional<std::string> compileAndReport(const std::string &input, const CompileOptions &opts,
                                            bool emit, bool &failed, bool &ioError) {
  std::string text;
  if (!readFile(input, text)) {
    fmt::print(stderr, "patter: error: cannot read '{}'\n", input);
    ioError = true;
    return std::nullopt;
  }
  Compilation compilation(opts.searchPath);
  auto flow = compilation.run(input, std::move(text), emit);
  auto diags = compilation.diagnostics().sorted();
  if (opts.format == OutputFormat::Json) {
    fmt::print("{}", renderJson(diags, compilation.sources()));
  } else {
    const char *noColour = std::getenv("NO_COLOR");
    TextStyle style{isatty(STDERR_FILENO) && !(noColour && *noColour)};
    fmt::print(stderr, "{}", renderText(diags, compilation.sources(), style));
  }
  failed |= compilation.diagnostics().hasErrors();
  return flow;
}

} // namespace patter::cli
