// Punctuation a Chinese input method types in place of patter's: `，` for `,`, `“…”` for
// `"…"`, `→` for `->`, the full-width space. Each is one error with a fix-it, and the parsers
// read the text with it repaired, so one slip does not become a cascade of syntax errors.
#pragma once

#include "Diagnostic.h"

#include <optional>
#include <string>
#include <vector>

namespace patter {

/// One confusable mark (or curly-quoted string) and its repair, reported once the parser has
/// read the repaired text (reportRepairs).
struct PunctuationRepair {
  DiagId id;            ///< ConfusablePunctuation (E0008) or UnneededPunctuation (E0010)
  SourceRange range;
  std::string spelled;  ///< the mark as the message quotes it
  std::string instead;  ///< E0008: what to use; E0010: the punctuation patter does not have
  std::vector<FixIt> fixIts;
  /// Set by the parser when the repaired text is itself out of place (`title "促销"，`): no
  /// `,` belongs there either, and the advice is to remove the mark (E0011).
  bool misplaced = false;
};

struct RepairedText {
  std::optional<std::string> text; ///< none when the text needs no repair
  std::vector<PunctuationRepair> repairs;
};

/// Finds every confusable character outside strings and comments of `file`, and the text the
/// parsers should read instead: each one replaced by its ASCII form (or a space where patter
/// has none), code point for code point wherever the form allows, so that every column still
/// points into the source as written; lone carriage returns (old Mac line endings) become line
/// feeds.
RepairedText repairConfusables(const SourceManager &sources, uint32_t file);

/// Reports each repair once: E0008 or E0010, or E0011 where the parser found it misplaced.
void reportRepairs(const std::vector<PunctuationRepair> &repairs, DiagnosticEngine &diags);

} // namespace patter
