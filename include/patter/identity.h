// Content identities and message authentication (SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace patter {

/// The prefix of every identity: `sha256:` then 64 lower-case hex digits.
inline constexpr std::string_view kIdentityPrefix = "sha256:";

/// `sha256:<hex>` of `bytes`.
std::string sha256Identity(std::string_view bytes);

/// The identity of a flow file's content (docs/FLOW_FORMAT.md, "Identity"): the SHA-256 of the
/// flow in canonical form (sorted keys, no whitespace, without `identity` and `sources`), so it
/// does not depend on indentation or on how the source paths were typed. Empty when `json` is not
/// a JSON object; `Flow::load` gives the reason.
std::optional<std::string> flowIdentity(std::string_view json);

/// A JSON number as the canonical form spells it (as nlohmann/json's dump() does: `10.50` is
/// `10.5`); `spelt` itself when it is not one JSON number.
std::string canonicalNumber(std::string_view spelt);

} // namespace patter
