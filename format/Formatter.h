// `patter fmt`: the one canonical layout of a source file, every comment kept.
#pragma once

#include <string>
#include <string_view>

namespace patter {

/// A formatted file, or why the file cannot be formatted.
struct FormatResult {
  std::string text;
  std::string error; ///< why the file cannot be formatted (text is then empty), or empty
  unsigned line = 0, column = 0; ///< where, 1-based, the column in code points

  bool ok() const { return error.empty(); }
};

/// Lays `text` out canonically (docs/EDITORS.md, "The canonical layout"): two spaces of
/// indentation per open brace; one space between tokens, none before a comma; the values of
/// consecutive offer facts, clauses, campaign settings, policy settings, entry fields and
/// invoke results aligned; the `->` of consecutive `on` routes aligned; trailing comments of
/// consecutive lines aligned two cells past the longest line; at most one blank line in a row.
/// Widths count CJK characters as two cells. Line breaks between tokens are kept, so
/// formatting never joins or splits statements; formatting formatted text changes nothing.
/// Text that does not scan (invalid UTF-8, a stray character, an unclosed string or comment)
/// or whose braces do not balance is refused rather than guessed at.
FormatResult formatSource(std::string_view text);

} // namespace patter
