// The compiler driver: the passes in order, from source text to diagnostics and a JSON flow.
#pragma once

#include "Diagnostic.h"
#include "ModuleLoader.h"

#include <optional>
#include <string>

namespace patter {

/// One compilation of one main file: owns its sources and diagnostics.
class Compilation {
public:
  explicit Compilation(SearchPath path) : path_(std::move(path)) {}

  /// Runs every pass over `mainPath` (read from `text`); returns the JSON flow of its campaign
  /// when `emit` is set and no error was reported.
  std::optional<std::string> run(const std::string &mainPath, std::string text, bool emit);

  const SourceManager &sources() const { return sources_; }
  const DiagnosticEngine &diagnostics() const { return diags_; }

private:
  SearchPath path_;
  SourceManager sources_;
  DiagnosticEngine diags_;
};

} // namespace patter
