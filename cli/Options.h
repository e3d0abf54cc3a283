// Options shared by the compiling subcommands (`check`, `build`).
#pragma once

#include "ModuleLoader.h"

#include <optional>
#include <string>
#include <vector>

namespace patter::cli {

enum class OutputFormat { Text, Json };

struct CompileOptions {
  std::vector<std::string> inputs;
  std::string output;           ///< `-o`, build only
  OutputFormat format = OutputFormat::Text;
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

/// Runs the compiler on one input and prints its diagnostics to stderr; returns the flow when
/// `emit` is set and there were no errors, and sets `failed` when errors were reported.
std::optional<std::string> compileAndReport(const std::string &input, const CompileOptions &opts,
                                            bool emit, bool &failed, bool &ioError);

} // namespace patter::cli
