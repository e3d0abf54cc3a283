// SHA-256 and HMAC-SHA256 over byte strings, and the canonical form of a flow document.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_tape.h"

namespace patter::detail {

/// 64 lower-case hex digits of SHA-256 of `bytes`.
std::string sha256Hex(std::string_view bytes);
/// 64 lower-case hex digits of HMAC-SHA256 of `data` under `key`.
std::string hmacSha256Hex(std::string_view key, std::string_view data);
/// Compares two MACs in time independent of where they differ.
bool sameMac(std::string_view a, std::string_view b) noexcept;

/// A flow in canonical form: `flow` without `identity` and `sources`, sorted keys, no whitespace,
/// UTF-8 as is; and the SHA-256 of each top-level member, so that two versions of a flow can say
/// which parts differ.
struct CanonicalFlow {
  std::string text;
  std::vector<std::pair<std::string, std::string>> parts; ///< top-level key, SHA-256 hex of its value
};
/// The canonical form of the document of `tape` (a parsed one); `parts` left empty unless
/// `withParts`.
CanonicalFlow canonicalFlow(const JsonTape& tape, bool withParts);

} // namespace patter::detail
