// A tiny writer for one flat JSON object on one line: the audit log's records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "utf8.h"

namespace patter::detail {

/// Builds `{"k":v,...}` with keys in call order. Strings are escaped for JSON; bytes that are not
/// well-formed UTF-8 are written as `\xNN` text first, so the line is always valid JSON.
class JsonLine {
public:
  JsonLine& str(std::string_view key, std::string_view value) {
    this->key(key);
    quoted(value);
    return *this;
  }
  JsonLine& num(std::string_view key, std::int64_t value) {
    this->key(key);
    out_ += std::to_string(value);
    return *this;
  }
  JsonLine& boolean(std::string_view key, bool value) {
    this->key(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  /// The finished line, without a line break.
  std::string take() {
    out_ += out_.empty() ? "{}" : "}";
    return std::move(out_);
  }

private:
  void key(std::string_view k) {
    out_ += out_.empty() ? '{' : ',';
    quoted(k);
    out_ += ':';
  }
  void quoted(std::string_view s) {
    if (!utf8::valid(s)) {
      const std::string clean = utf8::sanitize(s);
      quotedValid(clean);
    } else {
      quotedValid(s);
    }
  }
  void quotedValid(std::string_view s) {
    out_ += '"';
    for (const char c : s) {
      switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[(c >> 4) & 0xf];
          out_ += kHex[c & 0xf];
        } else {
          out_ += c;
        }
      }
    }
    out_ += '"';
  }

  std::string out_;
};

} // namespace patter::detail
