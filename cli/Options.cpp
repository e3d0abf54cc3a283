// Argument parsing and the compile-and-report step shared by `check` and `build`.
#include "Options.h"

#include "Compiler.h"
#include "DataDirs.h"
#include "ModuleCache.h"
#include "Render.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <unistd.h>

namespace patter::cli {

void printVersion() { fmt::print("patter {}\n", PATTER_VERSION); }

std::string defaultStdlibDir() { return dataDirs().stdlib; }

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
      else if (v == "sarif")
        opts.format = OutputFormat::Sarif;
      else
        return usage("--format takes 'text', 'json' or 'sarif'");
    } else if (a.rfind("--lang", 0) == 0) {
      auto v = value("--lang");
      auto lang = v ? parseLanguage(*v) : std::nullopt;
      if (!lang)
        return usage("--lang takes 'en' or 'zh'");
      opts.lang = *lang;
    } else if (a.rfind("--docs-url", 0) == 0) {
      auto v = value("--docs-url");
      if (!v || v->empty())
        return usage("--docs-url needs a URL");
      opts.docsUrl = v->back() == '/' ? *v : *v + "/";
    } else if (a.rfind("-I", 0) == 0) {
      std::string dir = a.size() > 2 ? a.substr(2) : (i + 1 < args.size() ? args[++i] : "");
      if (dir.empty())
        return usage("-I needs a folder");
      opts.searchPath.includeDirs.push_back(dir);
    } else if (a == "--policy" || a.rfind("--policy=", 0) == 0) {
      auto v = value("--policy");
      if (!v || v->empty())
        return usage("--policy needs MODULE or MODULE:NAME");
      opts.searchPath.pinnedPolicies.push_back(*v);
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

/// Where a SARIF viewer sends a reader for the tool: the published diagnostics pages when
/// `--docs-url` names them, else the ones this patter reads (a `file:` URI).
static std::string documentationUri(const CompileOptions &opts) {
  if (!opts.docsUrl.empty())
    return opts.docsUrl;
  std::error_code ec;
  std::string path = std::filesystem::absolute(dataDirs().docs, ec).generic_string();
  std::string uri = "file://";
  for (unsigned char c : path)
    uri += std::isalnum(c) || std::strchr("/-._~", c) ? std::string(1, static_cast<char>(c))
                                                      : fmt::format("%{:02X}", c);
  return uri + "/";
}

CompileReport compileAndReport(const CompileOptions &opts, bool emit, std::FILE *machineOut) {
  CompileReport report;
  // The inputs usually import the same modules: each is parsed once for the whole run.
  ModuleCache cache;
  // Every compilation is kept until the end: the diagnostics refer to its sources.
  std::vector<std::unique_ptr<Compilation>> compilations;
  std::vector<std::string> unreadable;
  for (const std::string &input : opts.inputs) {
    std::string text, why;
    if (!readFile(input, text, &why)) {
      fmt::print(stderr, "patter: error: cannot read '{}': {}\n", input, why);
      report.ioError = true;
      unreadable.push_back(input);
      report.flows.emplace_back();
      continue;
    }
    auto compilation = std::make_unique<Compilation>(opts.searchPath, &cache);
    report.flows.push_back(compilation->run(input, std::move(text), emit));
    report.failed |= compilation->diagnostics().hasErrors();
    compilations.push_back(std::move(compilation));
  }

  std::vector<DiagnosticSet> sets;
  for (const auto &compilation : compilations)
    sets.push_back({&compilation->sources(), compilation->diagnostics().sorted()});
  for (DiagnosticSet &set : sets)
    localize(set.diagnostics, opts.lang);
  switch (opts.format) {
  case OutputFormat::Json:
    fmt::print(machineOut, "{}", renderJson(sets));
    break;
  case OutputFormat::Sarif:
    fmt::print(machineOut, "{}",
               renderSarif(sets, SarifOptions{PATTER_VERSION, opts.docsUrl,
                                              documentationUri(opts), unreadable}));
    break;
  case OutputFormat::Text: {
    const char *noColour = std::getenv("NO_COLOR");
    TextStyle style{isatty(STDERR_FILENO) && !(noColour && *noColour)};
    for (const DiagnosticSet &set : sets)
      fmt::print(stderr, "{}", renderText(set.diagnostics, *set.sources, style));
    break;
  }
  }
  return report;
}

} // namespace patter::cli
