// Positions the compiler counts (1-based lines, code-point columns) as LSP positions (0-based
// lines, UTF-16 code units, the protocol's default encoding) and back.
#pragma once

#include "SourceManager.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace patter::lsp {

/// UTF-16 code units before the code point `column` (1-based) of a UTF-8 line.
unsigned utf16Offset(std::string_view line, uint32_t column);

/// The 1-based code-point column at `offset` UTF-16 units into a UTF-8 line; a position in
/// the middle of a surrogate pair or past the end is clamped.
uint32_t codePointColumn(std::string_view line, unsigned offset);

/// `{"line", "character"}` of a location in `sources`; an invalid one is the file's start.
nlohmann::json lspPosition(const SourceManager &sources, SourceLocation at);

/// `{"start", "end"}` of a range in `sources`.
nlohmann::json lspRange(const SourceManager &sources, SourceRange range);

/// The compiler location in file `file` of an LSP `{"line", "character"}`.
SourceLocation sourceLocation(const SourceManager &sources, uint32_t file,
                              const nlohmann::json &position);

/// Whether `at` lies in [begin, end] of `range` (the end included, as a cursor just past a
/// word is still on it).
bool contains(SourceRange range, SourceLocation at);

} // namespace patter::lsp
