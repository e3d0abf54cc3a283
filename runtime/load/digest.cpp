// SHA-256, HMAC-SHA256 (OpenSSL libcrypto) and flow identities.
#include "digest.h"

#include <array>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "patter/format.h"
#include "patter/identity.h"

namespace patter {
namespace detail {
namespace {

std::string hex(const unsigned char* bytes, unsigned length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string r(2 * std::size_t{length}, '0');
  for (unsigned i = 0; i < length; ++i) {
    r[2 * i] = kHex[bytes[i] >> 4];
    r[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return r;
}

} // namespace

std::string sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(md.data(), length);
}

std::string hmacSha256Hex(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned length = 0;
  // OpenSSL wants a non-null key pointer even for an empty key.
  static constexpr unsigned char kEmpty = 0;
  const void* k = key.empty() ? static_cast<const void*>(&kEmpty) : key.data();
  if (HMAC(EVP_sha256(), k, static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), md.data(), &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return hex(md.data(), length);
}

bool sameMac(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

CanonicalFlow canonicalFlow(const nlohmann::json& flow) {
  // The members are written one by one, in the object's (sorted) key order, exactly as
  // `dump()` writes the whole object, without copying the document to drop two of them.
  CanonicalFlow c;
  c.text += '{';
  for (const auto& [k, value] : flow.items()) {
    if (k == format::key::identity || k == format::key::sources) continue;
    if (c.text.size() > 1) c.text += ',';
    c.text += nlohmann::json(k).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    c.text += ':';
    const std::string member = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    c.parts.emplace_back(k, sha256Hex(member));
    c.text += member;
  }
  c.text += '}';
  return c;
}

} // namespace detail

std::string sha256Identity(std::string_view bytes) {
  return std::string(kIdentityPrefix) + detail::sha256Hex(bytes);
}

std::optional<std::string> flowIdentity(std::string_view json) {
  try {
    const nlohmann::json root = nlohmann::json::parse(json.begin(), json.end());
    if (!root.is_object()) return std::nullopt;
    return sha256Identity(detail::canonicalFlow(root).text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace patter
