// The error of a flow that does not load: its JSON path and what is wrong there.
#pragma once

#include <iterator>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace patter::detail {

/// Thrown inside the decoder and the loader only; Flow::load turns it into LoadResult::error.
struct LoadError {
  std::string message;
};

/// A JSON path, spelt out only when an error is reported: `parent.key` or `parent[index]`.
/// A Path refers to its parent, so it lives no longer than the full expression or scope that
/// holds the parent.
class Path {
public:
  Path() = default;
  Path(std::string_view k) : key_(k) {} // NOLINT: a top-level key; "" is the root
  Path(const char* k) : key_(k) {}      // NOLINT
  Path(const Path* parent, std::string_view k) : parent_(parent), key_(k) {}
  Path(const Path* parent, std::size_t i) : parent_(parent), index_(i), isIndex_(true) {}

  std::string str() const {
    std::string r;
    append(r);
    return r;
  }

private:
  void append(std::string& r) const {
    if (parent_ != nullptr) parent_->append(r);
    if (isIndex_) {
      fmt::format_to(std::back_inserter(r), "[{}]", index_);
    } else {
      if (!r.empty()) r += '.';
      r += key_;
    }
  }

  const Path* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool isIndex_ = false;
};

[[noreturn]] inline void fail(const Path& at, std::string_view message) {
  const std::string path = at.str();
  throw LoadError{path.empty() ? fmt::format("(root): {}", message) : fmt::format("{}: {}", path, message)};
}

inline Path at(const Path& path, std::string_view k) { return Path(&path, k); }
inline Path at(const Path& path, std::size_t i) { return Path(&path, i); }

} // namespace patter::detail
