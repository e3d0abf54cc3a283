// String literal escapes and limit numbers.
#include "Literals.h"

#include <algorithm>
#include <charconv>

namespace patter {

std::string unescape(std::string_view literal) {
  std::string value;
  if (literal.size() < 2)
    return value;
  std::string_view body = literal.substr(1, literal.size() - 2);
  value.reserve(body.size());
  // Copy the runs between backslashes whole; a backslash before the closing quote (only in a
  // token conjured by error recovery) stays as written.
  for (size_t at = 0;;) {
    size_t backslash = body.find('\\', at);
    if (backslash == std::string_view::npos || backslash + 1 == body.size()) {
      value.append(body.substr(at));
      return value;
    }
    value.append(body.substr(at, backslash - at));
    char escaped = body[backslash + 1];
    value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
    at = backslash + 2;
  }
}

unsigned limitValue(std::string_view number) {
  constexpr unsigned long kMost = 1000000;
  unsigned long value = 0;
  // As std::stoul reads it: the leading digits count, so "1.5" is 1. A number past
  // `unsigned long`, or no digits at all (a token conjured by error recovery), is absurdly large.
  auto read = std::from_chars(number.data(), number.data() + number.size(), value);
  if (read.ec != std::errc())
    return kMost;
  return static_cast<unsigned>(std::min(value, kMost));
}

} // namespace patter
