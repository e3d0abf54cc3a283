// The fast path of parsing: the language of grammar/Patter.g4 read straight into our AST.
#pragma once

#include "AST.h"

#include <memory>
#include <string_view>

namespace patter {

/// Parses the source `text` (valid UTF-8) of `file` by recursive descent over the scanner's
/// tokens, into the very AST that AstBuilder makes from ANTLR's parse tree of the same text.
/// Returns null at the first lexical or syntax error and reports nothing: reporting errors and
/// recovering from them is the ANTLR parser's job (Parse.cpp). The grammar stays normative;
/// tests/compiler/direct_parse_test.cpp holds this parser to it.
std::unique_ptr<ast::Module> parseDirect(std::string_view text, uint32_t file);

} // namespace patter
