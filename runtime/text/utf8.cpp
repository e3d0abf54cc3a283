// Small UTF-8 helpers for the runtime (see utf8.h).
#include "utf8.h"

#include <fmt/format.h>

namespace patter::utf8 {

char32_t decode(std::string_view s, std::size_t& i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t need;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xe0) == 0xc0) {
    need = 1, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    need = 2, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    need = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kInvalid;
  }
  if (s.size() - i <= need) {
    ++i;
    return kInvalid;
  }
  for (std::size_t k = 1; k <= need; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xc0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    ++i;
    return kInvalid;
  }
  i += need + 1;
  return cp;
}

bool valid(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (decode(s, i) == kInvalid) return false;
  }
  return true;
}

std::string sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t begin = i;
    if (decode(s, i) == kInvalid) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[begin]));
    } else {
      out.append(s.substr(begin, i - begin));
    }
  }
  return out;
}

bool isPunctuationOrSpace(char32_t c) noexcept {
  if (c < 0x80) {
    return c <= 0x20 || c == 0x7f || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
           (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  }
  return c == 0xa0 || (c >= 0x2000 && c <= 0x206f) || // general punctuation: … “ ” ‘ ’ —
         (c >= 0x3000 && c <= 0x303f) ||               // CJK symbols: 、 。 「 」 and U+3000
         (c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
         (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || // full-width forms
         (c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe4f);   // vertical/compat forms
}

std::size_t length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xc0) != 0x80) ++n;
  }
  return n;
}

} // namespace patter::utf8
