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

/// The diagnostics of one compilation with the sources their positions refer to; several
/// inputs (each its own compilation) render into one document.
struct DiagnosticSet {
  const SourceManager *sources;
  std::vector<Diagnostic> diagnostics;
};

/// One JSON document for several compilations, shaped as above.
std::string renderJson(const std::vector<DiagnosticSet> &sets);

struct SarifOptions {
  std::string toolVersion;             ///< tool.driver.version
  std::string docsBaseUri;             ///< absolute URI of docs/diagnostics/ for helpUri; empty: none
  std::string informationUri;          ///< absolute URI of the tool's documentation (tool.driver)
  std::vector<std::string> unreadable; ///< inputs that could not be read, as tool notifications
};

/// A SARIF 2.1.0 log with one run: a rule descriptor per code that occurs, a result per
/// diagnostic (notes as related locations, `path:` notes also as a code flow, fix-its as
/// fixes), columns in Unicode code points (`run.columnKind`). See docs/DIAGNOSTICS.md.
std::string renderSarif(const std::vector<DiagnosticSet> &sets, const SarifOptions &options);

} // namespace patter
