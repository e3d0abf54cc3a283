// Options shared by the compiling subcommands (`check`, `build`).
#pragma once

#include "Localize.h"
#include "ModuleLoader.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace patter::cli {

enum class OutputFormat { Text, Json, Sarif };

struct CompileOptions {
  std::vector<std::string> inputs;
  std::string output;           ///< `-o`, build only
  OutputFormat format = OutputFormat::Text;
  std::string docsUrl;          ///< `--docs-url`: where docs/diagnostics/ is published (SARIF helpUri)
  Language lang = languageFromEnvironment(); ///< `--lang`: of the diagnostic messages
  SearchPath searchPath;
  bool help = false;
  bool version = false;
};

/// Parses `args`; on a usage error prints it to stderr and returns nullopt.
std::optional<CompileOptions> parseCompileOptions(const std::vector<std::string> &args,
                                                  const char *command, bool allowOutput);

/// The standard library folder: $PATTER_STDLIB, else the installed or source-tree one.
std::string defaultStdlibDir();

void printVersion();

/// What compiling every input produced.
struct CompileReport {
  std::vector<std::optional<std::string>> flows; ///< per input: its flow, when `emit` and no errors
  bool failed = false;                           ///< errors were reported
  bool ioError = false;                          ///< an input could not be read
};

/// Compiles every input, then prints all their diagnostics at once: text to stderr, or JSON or
/// SARIF as one document for all inputs to `machineOut` (stdout for `check`; stderr for a
/// `build` that writes its flow to stdout, so each stream holds one document).
CompileReport compileAndReport(const CompileOptions &opts, bool emit, std::FILE *machineOut);

} // namespace patter::cli
