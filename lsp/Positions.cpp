// Walks UTF-8 lines code point by code point: a CJK character is one UTF-16 unit, an emoji two.
#include "Positions.h"

namespace patter::lsp {

namespace {

/// The byte length of the UTF-8 sequence a lead byte starts (input is valid UTF-8).
size_t sequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

} // namespace

unsigned utf16Offset(std::string_view line, uint32_t column) {
  unsigned units = 0;
  size_t at = 0;
  for (uint32_t c = 1; c < column && at < line.size(); ++c) {
    size_t n = sequenceLength(static_cast<unsigned char>(line[at]));
    units += n == 4 ? 2 : 1;
    at += n;
  }
  return units;
}

uint32_t codePointColumn(std::string_view line, unsigned offset) {
  uint32_t column = 1;
  unsigned units = 0;
  size_t at = 0;
  while (at < line.size()) {
    size_t n = sequenceLength(static_cast<unsigned char>(line[at]));
    unsigned width = n == 4 ? 2 : 1;
    if (units + width > offset)
      break;
    units += width;
    at += n;
    ++column;
  }
  return column;
}

nlohmann::json lspPosition(const SourceManager &sources, SourceLocation at) {
  if (!at.valid())
    return {{"line", 0}, {"character", 0}};
  std::string_view line = sources.lineText(at.file, at.line);
  return {{"line", at.line - 1}, {"character", utf16Offset(line, at.column)}};
}

nlohmann::json lspRange(const SourceManager &sources, SourceRange range) {
  SourceLocation end = range.end.valid() ? range.end : range.begin;
  return {{"start", lspPosition(sources, range.begin)}, {"end", lspPosition(sources, end)}};
}

SourceLocation sourceLocation(const SourceManager &sources, uint32_t file,
                              const nlohmann::json &position) {
  uint32_t line = position.value("line", 0u) + 1;
  unsigned character = position.value("character", 0u);
  return {file, line, codePointColumn(sources.lineText(file, line), character)};
}

bool contains(SourceRange range, SourceLocation at) {
  auto before = [](SourceLocation a, SourceLocation b) {
    return a.line < b.line || (a.line == b.line && a.column <= b.column);
  };
  return range.begin.file == at.file && range.begin.valid() && before(range.begin, at) &&
         before(at, range.end.valid() ? range.end : range.begin);
}

} // namespace patter::lsp
