// What the text of a literal token means: the value of a string literal, of a limit. Apart from
// AstBuilder so that every way of building the AST reads literals alike.
#pragma once

#include <string>
#include <string_view>

namespace patter {

/// The value of a string literal: quotes removed, `\"`, `\\`, `\n` and `\t` resolved (any other
/// escaped character stands for itself).
std::string unescape(std::string_view literal);

/// The value of `limit COUNTER NUMBER`: the integer part of the number, clamped to 1 000 000 so
/// that an absurd limit (even one past `unsigned long`) still reaches the range check.
unsigned limitValue(std::string_view number);

} // namespace patter
