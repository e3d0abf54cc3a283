// A parsed JSON document as one flat tape of tokens and one string arena, filled through
// nlohmann/json's SAX interface: what the loader reads a flow from, without a tree of nodes to
// allocate and free. Values are read through JsonTape::Value, whose names follow nlohmann::json.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace patter::detail {

class JsonTape {
public:
  enum class Kind : std::uint8_t { Null, Boolean, Integer, Unsigned, Float, String, Array, Object, Key };

  /// Parses `text`; on failure error() says why (nlohmann/json's message, prefix dropped) and
  /// the tape is empty. Keys repeated in one object are an error: a flow never has them, and
  /// which of the two a reader would take is not a question worth leaving open.
  explicit JsonTape(std::string_view text);

  /// Real flows nest about six levels deep; anything far deeper is hostile or broken, and is
  /// refused (it also bounds the recursion of the canonical writer).
  static constexpr std::size_t kMaxDepth = 64;

  const std::string &error() const { return error_; }
  /// The bytes of all strings and keys: most of a canonical text.
  std::size_t arenaSize() const { return arena_.size(); }
  /// Whether the document was refused for nesting deeper than kMaxDepth.
  bool tooDeep() const { return tooDeep_; }

  class Value;
  /// The document; only when error() is empty.
  Value root() const;

  /// The canonical text of `v`: sorted keys, no whitespace, UTF-8 as is, strings escaped and
  /// numbers spelt as nlohmann/json's dump() spells them.
  void canonical(const Value &v, std::string &out) const;

  /// `s` as a JSON string, escaped as the canonical text escapes it.
  static void appendString(std::string_view s, std::string &out);

private:
  struct Token {
    Kind kind;
    bool sorted = true;        ///< Object: its keys came in order
    std::uint32_t next = 0;    ///< Array, Object: the token after the value; others: index + 1
    std::uint32_t count = 0;   ///< Array: elements; Object: members; String, Key: length
    union {
      std::uint64_t u;
      std::int64_t i;
      double d;
      bool b;
      std::uint32_t offset;    ///< String, Key: into arena_
    };
  };
  friend class Value;
  friend struct TapeBuilder;

  std::string_view text(const Token &t) const { return {arena_.data() + t.offset, t.count}; }
  void canonical(std::uint32_t at, std::string &out) const;

  std::vector<Token> tokens_;
  std::string arena_;
  std::string error_;
  bool tooDeep_ = false;
};

/// One value of a tape; cheap to copy, valid while the tape lives.
class JsonTape::Value {
public:
  Value(const JsonTape *tape, std::uint32_t at) : tape_(tape), at_(at) {}

  Kind kind() const { return token().kind; }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_boolean() const { return kind() == Kind::Boolean; }
  bool is_string() const { return kind() == Kind::String; }
  bool is_array() const { return kind() == Kind::Array; }
  bool is_object() const { return kind() == Kind::Object; }
  bool is_number_unsigned() const { return kind() == Kind::Unsigned; }
  bool is_number_integer() const { return kind() == Kind::Integer || kind() == Kind::Unsigned; }
  bool is_number() const { return is_number_integer() || kind() == Kind::Float; }

  bool boolean() const { return token().b; }
  std::uint64_t unsignedValue() const { return token().u; }
  std::int64_t integerValue() const { return token().i; }
  double number() const;
  std::string_view string() const { return tape_->text(token()); }
  /// A number as nlohmann/json's dump() writes it.
  std::string dumpNumber() const;

  /// Array elements or object members.
  std::size_t size() const { return is_array() || is_object() ? token().count : 0; }

  /// The elements of an array in the document's order, and the members of an object in key
  /// order (as nlohmann/json's objects and the canonical text have them).
  std::vector<Value> elements() const {
    std::vector<Value> out;
    out.reserve(size());
    forEachElement([&](std::size_t, const Value &v) { out.push_back(v); });
    return out;
  }
  std::vector<std::pair<std::string_view, Value>> members() const {
    std::vector<std::pair<std::string_view, Value>> out;
    out.reserve(size());
    forEachMember([&](std::string_view k, const Value &v) { out.emplace_back(k, v); });
    if (!token().sorted)
      std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
  }

  /// The member `key` of an object, or none.
  std::optional<Value> find(std::string_view key) const;

  /// Visits each element of an array as (index, value), or each member of an object as
  /// (key, value), in the document's order.
  template <typename F> void forEachElement(F &&f) const {
    if (!is_array()) return;
    std::uint32_t at = at_ + 1;
    for (std::uint32_t i = 0; i < size(); ++i) {
      f(std::size_t{i}, Value(tape_, at));
      at = next(at);
    }
  }
  template <typename F> void forEachMember(F &&f) const {
    if (!is_object()) return;
    std::uint32_t at = at_ + 1;
    for (std::uint32_t i = 0; i < size(); ++i) {
      f(tape_->text(tape_->tokens_[at]), Value(tape_, at + 1));
      at = next(at + 1);
    }
  }

  std::uint32_t index() const { return at_; }

private:
  const Token &token() const { return tape_->tokens_[at_]; }
  std::uint32_t next(std::uint32_t at) const { return tape_->tokens_[at].next; }

  const JsonTape *tape_;
  std::uint32_t at_;
};

} // namespace patter::detail
