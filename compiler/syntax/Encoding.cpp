// UTF-8 validation and the recognition of UTF-16 and GBK files.
#include "Encoding.h"

#include <algorithm>
#include <cstring>

namespace patter {

namespace {

/// The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode
/// table 3-7: no overlong forms, surrogates or code points past U+10FFFF), or npos. Runs of
/// ASCII go eight bytes at a time: most of a script's bytes are ASCII or three-byte CJK.
size_t firstInvalidUtf8(std::string_view text) {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char lead = s[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    auto continuation = [&](size_t at, unsigned char low = 0x80, unsigned char high = 0xBF) {
      return at < n && s[at] >= low && s[at] <= high;
    };
    size_t length = 0;
    if (lead >= 0xC2 && lead <= 0xDF)
      length = continuation(i + 1) ? 2 : 0;
    else if (lead >= 0xE0 && lead <= 0xEF)
      length = continuation(i + 1, lead == 0xE0 ? 0xA0 : 0x80, lead == 0xED ? 0x9F : 0xBF) &&
                       continuation(i + 2)
                   ? 3
                   : 0;
    else if (lead >= 0xF0 && lead <= 0xF4)
      length = continuation(i + 1, lead == 0xF0 ? 0x90 : 0x80, lead == 0xF4 ? 0x8F : 0xBF) &&
                       continuation(i + 2) && continuation(i + 3)
                   ? 4
                   : 0;
    if (length == 0)
      return i;
    i += length;
  }
  return std::string_view::npos;
}

/// Whether the text is UTF-16: a byte order mark, or the NUL bytes of ASCII in UTF-16 (a
/// quarter of the first 4 KiB or more), which may well be valid UTF-8 byte by byte.
bool looksLikeUtf16(std::string_view text) {
  if (text.size() < 2)
    return false;
  if ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))
    return true;
  std::string_view head = text.substr(0, 4096);
  return static_cast<size_t>(std::count(head.begin(), head.end(), '\0')) * 4 >= head.size();
}

/// Whether every byte past ASCII pairs up as a GBK (GB18030 two-byte) character.
bool decodesAsGbk(std::string_view text) {
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80)
      continue;
    if (lead == 0x80 || lead == 0xFF || i + 1 >= text.size())
      return false;
    auto trail = static_cast<unsigned char>(text[i + 1]);
    if (trail < 0x40 || trail == 0x7F || trail == 0xFF)
      return false;
    any = true;
    ++i;
  }
  return any;
}

/// The line and column of byte `offset`; a lone CR ends a line as '\n' does.
SourceLocation locationOf(std::string_view text, uint32_t file, size_t offset) {
  SourceLocation at{file, 1, 1};
  for (size_t p = 0; p < offset; ++p) {
    bool lineEnd = text[p] == '\n' || (text[p] == '\r' && text[p + 1] != '\n');
    if (lineEnd) {
      ++at.line;
      at.column = 1;
    } else if ((text[p] & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

} // namespace

bool checkEncoding(const SourceManager &sources, uint32_t file, DiagnosticEngine &diags) {
  std::string_view text = sources.text(file);
  SourceLocation start{file, 1, 1};
  if (looksLikeUtf16(text)) {
    diags.report(DiagId::ForeignEncoding, {start, {file, 1, 2}}, "UTF-16", "UTF-16");
    return false;
  }
  size_t bad = firstInvalidUtf8(text);
  if (bad == std::string_view::npos)
    return true;
  // `bad` is the start of the offending sequence; the column counts code points before.
  SourceLocation at = locationOf(text, file, bad);
  SourceRange range{at, {file, at.line, at.column + 1}};
  if (decodesAsGbk(text))
    diags.report(DiagId::ForeignEncoding, range, "GBK", "GB18030");
  else
    diags.report(DiagId::InvalidUtf8, range,
                 static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
  return false;
}

} // namespace patter
