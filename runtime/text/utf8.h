// Small UTF-8 helpers for the runtime: strict decoding, punctuation test, safe error text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace patter::utf8 {

inline constexpr char32_t kInvalid = 0xffffffffu;

/// Decodes the code point at `s[i]` and advances `i`. Returns kInvalid (advancing one byte) for a
/// malformed, overlong, truncated or surrogate sequence.
char32_t decode(std::string_view s, std::size_t& i) noexcept;

/// Whether `s` is well-formed UTF-8.
bool valid(std::string_view s) noexcept;

/// `s` with every byte that is not part of well-formed UTF-8 written as `\xNN`, so that error
/// messages built from hostile input are always printable.
std::string sanitize(std::string_view s);

/// Spaces and punctuation, ASCII and CJK (full-width forms, CJK symbols, general punctuation).
bool isPunctuationOrSpace(char32_t c) noexcept;

/// Number of code points in well-formed UTF-8 (counts lead bytes).
std::size_t length(std::string_view s) noexcept;

} // namespace patter::utf8
