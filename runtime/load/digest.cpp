// SHA-256, HMAC-SHA256 (OpenSSL libcrypto) and flow identities.
#include "digest.h"

#include <array>
#include <stdexcept>

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

CanonicalFlow canonicalFlow(const JsonTape& tape, bool withParts) {
  // The members are written one by one, in key order, as the canonical text of the whole
  // object has them, leaving out two of them.
  CanonicalFlow c;
  const JsonTape::Value root = tape.root();
  if (!root.is_object()) {
    tape.canonical(root, c.text);
    return c;
  }
  c.text.reserve(tape.arenaSize() * 5 / 4 + 1024);
  c.text += '{';
  std::string member;
  for (const auto& [k, value] : root.members()) {
    if (k == format::key::identity || k == format::key::sources) continue;
    if (c.text.size() > 1) c.text += ',';
    member.clear();
    tape.canonical(value, member);
    if (withParts) c.parts.emplace_back(std::string(k), sha256Hex(member));
    JsonTape::appendString(k, c.text);
    c.text += ':';
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
    const detail::JsonTape tape(json);
    if (!tape.error().empty() || !tape.root().is_object()) return std::nullopt;
    return sha256Identity(detail::canonicalFlow(tape, false).text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string canonicalNumber(std::string_view spelt) {
  try {
    const detail::JsonTape tape(spelt);
    if (!tape.error().empty() || !tape.root().is_number()) return std::string(spelt);
    std::string out;
    tape.canonical(tape.root(), out);
    return out;
  } catch (const std::exception&) {
    return std::string(spelt);
  }
}

} // namespace patter
