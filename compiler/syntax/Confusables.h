// Punctuation a Chinese input method types in place of patter's: `，` for `,`, `“…”` for
// `"…"`, `→` for `->`, the full-width space. Each is one error with a fix-it, and the parsers
// read the text with it repaired, so one slip does not become a cascade of syntax errors.
#pragma once

#include "Diagnostic.h"

#include <optional>
#include <string>

namespace patter {

/// Reports (E0008) every confusable character outside strings and comments of `file`, and
/// returns the text the parsers should read instead: each one replaced by its ASCII form (or a
/// space where patter has none), code point for code point wherever the form allows, so that
/// every column still points into the source as written; lone carriage returns (old Mac line
/// endings) become line feeds. Nothing when the text needs no repair.
std::optional<std::string> repairConfusables(const SourceManager &sources, uint32_t file,
                                             DiagnosticEngine &diags);

} // namespace patter
