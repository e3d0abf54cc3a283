// Prints diagnostics for people (clang-style text) or machines (JSON).
#pragma once

#include "Diagnostic.h"

#include <string>
#include <vector>

namespace patter {

struct TextStyle {
  bool colour = false;
};

/// `file:line:col: error[E0102]: message`, the source line, and a caret under the span
/// aligned for double-width characters; then notes and fix-its the same way.
std::string renderText(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                       TextStyle style);

/// One JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
std::string renderJson(const std::vector<Diagnostic> &diags, const SourceManager &sources);

} // namespace patter
