// Filling the tape through nlohmann/json's SAX parser, and writing a value's canonical text.
#include "json_tape.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

namespace patter::detail {

namespace {

using json = nlohmann::json;

} // namespace

void JsonTape::appendString(std::string_view s, std::string &out) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      static constexpr char hex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
      out.append(escape, sizeof escape);
    }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

template <typename T> void appendInteger(T v, std::string &out) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, end);
}

} // namespace

/// The SAX handler: one token a value or key, containers closed on their end event.
struct TapeBuilder {
  JsonTape &tape;
  std::vector<std::uint32_t> open;      ///< the containers not yet closed
  std::vector<std::uint32_t> lastKey;   ///< per open container: its last key token, or none

  static constexpr std::uint32_t kNoKey = 0xffffffffu;

  JsonTape::Token &push(JsonTape::Kind kind) {
    if (!open.empty() && tape.tokens_[open.back()].kind == JsonTape::Kind::Array) ++tape.tokens_[open.back()].count;
    auto &t = tape.tokens_.emplace_back();
    t.kind = kind;
    t.next = static_cast<std::uint32_t>(tape.tokens_.size());
    t.u = 0;
    return t;
  }
  std::uint32_t addText(const std::string &s) {
    const auto offset = static_cast<std::uint32_t>(tape.arena_.size());
    tape.arena_ += s;
    return offset;
  }
  bool fail(std::string message) {
    tape.error_ = std::move(message);
    return false;
  }

  bool null() { push(JsonTape::Kind::Null); return true; }
  bool boolean(bool v) { push(JsonTape::Kind::Boolean).b = v; return true; }
  bool number_integer(json::number_integer_t v) { push(JsonTape::Kind::Integer).i = v; return true; }
  bool number_unsigned(json::number_unsigned_t v) { push(JsonTape::Kind::Unsigned).u = v; return true; }
  bool number_float(json::number_float_t v, const json::string_t &) { push(JsonTape::Kind::Float).d = v; return true; }
  bool string(json::string_t &s) {
    const std::uint32_t offset = addText(s);
    auto &t = push(JsonTape::Kind::String);
    t.offset = offset;
    t.count = static_cast<std::uint32_t>(s.size());
    return true;
  }
  bool binary(json::binary_t &) { return fail("binary values are not JSON"); }

  bool openContainer(JsonTape::Kind kind) {
    if (open.size() >= JsonTape::kMaxDepth) {
      tape.tooDeep_ = true;
      return fail("nested deeper than " + std::to_string(JsonTape::kMaxDepth) + " levels");
    }
    push(kind);
    open.push_back(static_cast<std::uint32_t>(tape.tokens_.size() - 1));
    lastKey.push_back(kNoKey);
    return true;
  }
  bool closeContainer() {
    JsonTape::Token &t = tape.tokens_[open.back()];
    t.next = static_cast<std::uint32_t>(tape.tokens_.size());
    if (t.kind == JsonTape::Kind::Object && !t.sorted && !uniqueKeys(open.back())) return false;
    open.pop_back();
    lastKey.pop_back();
    return true;
  }
  bool start_object(std::size_t) { return openContainer(JsonTape::Kind::Object); }
  bool start_array(std::size_t) { return openContainer(JsonTape::Kind::Array); }
  bool end_object() { return closeContainer(); }
  bool end_array() { return closeContainer(); }

  bool key(json::string_t &k) {
    JsonTape::Token &object = tape.tokens_[open.back()];
    ++object.count;
    if (const std::uint32_t last = lastKey.back(); last != kNoKey) {
      const std::string_view previous = tape.text(tape.tokens_[last]);
      if (k == previous) return fail("key '" + k + "' given twice in one object");
      if (std::string_view(k) < previous) object.sorted = false;
    }
    const std::uint32_t offset = addText(k);
    auto &t = tape.tokens_.emplace_back();
    t.kind = JsonTape::Kind::Key;
    t.next = static_cast<std::uint32_t>(tape.tokens_.size());
    t.offset = offset;
    t.count = static_cast<std::uint32_t>(k.size());
    lastKey.back() = static_cast<std::uint32_t>(tape.tokens_.size() - 1);
    return true;
  }

  /// An object whose keys came out of order may still repeat one far apart.
  bool uniqueKeys(std::uint32_t object) {
    std::vector<std::string_view> keys;
    JsonTape::Value(&tape, object).forEachMember([&](std::string_view k, const JsonTape::Value &) { keys.push_back(k); });
    std::sort(keys.begin(), keys.end());
    const auto twice = std::adjacent_find(keys.begin(), keys.end());
    return twice == keys.end() || fail("key '" + std::string(*twice) + "' given twice in one object");
  }

  bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep line and column.
    std::string_view what = e.what();
    if (const auto close = what.find("] "); what.starts_with("[json.exception.") && close != std::string_view::npos) {
      what.remove_prefix(close + 2);
    }
    return fail(std::string(what));
  }
};

JsonTape::JsonTape(std::string_view text) {
  // About one token per 12 bytes of a flow and a third of its bytes in strings.
  tokens_.reserve(text.size() / 12 + 16);
  arena_.reserve(text.size() / 3 + 16);
  TapeBuilder builder{*this, {}, {}};
  if (!json::sax_parse(text.begin(), text.end(), &builder)) {
    if (error_.empty()) error_ = "not a JSON document";
    tokens_.clear();
  }
}

JsonTape::Value JsonTape::root() const { return Value(this, 0); }

double JsonTape::Value::number() const {
  switch (kind()) {
  case Kind::Integer: return static_cast<double>(token().i);
  case Kind::Unsigned: return static_cast<double>(token().u);
  default: return token().d;
  }
}

std::string JsonTape::Value::dumpNumber() const {
  std::string out;
  switch (kind()) {
  case Kind::Integer: appendInteger(token().i, out); break;
  case Kind::Unsigned: appendInteger(token().u, out); break;
  default: out = json(token().d).dump(); break;
  }
  return out;
}

std::optional<JsonTape::Value> JsonTape::Value::find(std::string_view key) const {
  if (!is_object()) return std::nullopt;
  std::uint32_t at = at_ + 1;
  for (std::uint32_t i = 0; i < size(); ++i) {
    if (tape_->text(tape_->tokens_[at]) == key) return Value(tape_, at + 1);
    at = next(at + 1);
  }
  return std::nullopt;
}

void JsonTape::canonical(const Value &v, std::string &out) const { canonical(v.index(), out); }

void JsonTape::canonical(std::uint32_t at, std::string &out) const {
  const Token &t = tokens_[at];
  switch (t.kind) {
  case Kind::Null: out += "null"; return;
  case Kind::Boolean: out += t.b ? "true" : "false"; return;
  case Kind::Integer:
  case Kind::Unsigned:
  case Kind::Float: out += Value(this, at).dumpNumber(); return;
  case Kind::String:
  case Kind::Key: appendString(text(t), out); return;
  case Kind::Array: {
    out += '[';
    std::uint32_t e = at + 1;
    for (std::uint32_t i = 0; i < t.count; ++i) {
      if (i) out += ',';
      canonical(e, out);
      e = tokens_[e].next;
    }
    out += ']';
    return;
  }
  case Kind::Object: break;
  }
  std::vector<std::uint32_t> keys; // the key tokens, in sorted order
  keys.reserve(t.count);
  for (std::uint32_t k = at + 1, i = 0; i < t.count; ++i, k = tokens_[k + 1].next) keys.push_back(k);
  if (!t.sorted) std::sort(keys.begin(), keys.end(), [&](auto a, auto b) { return text(tokens_[a]) < text(tokens_[b]); });
  out += '{';
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += ',';
    canonical(keys[i], out);
    out += ':';
    canonical(keys[i] + 1, out);
  }
  out += '}';
}

} // namespace patter::detail
