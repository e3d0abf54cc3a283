// The one door to the parser: source text in, our own AST out. Nothing from ANTLR leaks here.
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include <memory>

namespace patter {

/// Parses one source file already added to `sources`. Syntax errors are reported to `diags`
/// and parsing recovers, so one run reports several; the returned module holds whatever could
/// be built. A file that is not UTF-8 is reported (Encoding.h) and yields an empty module;
/// full-width punctuation is reported and read as patter's own (Confusables.h).
///
/// A file without errors is read by the hand-written parser (DirectParse.h), which builds the
/// same AST without ANTLR's objects for every token and rule. A file it rejects is parsed
/// again by the parser ANTLR generates from grammar/Patter.g4, which stays the definition of
/// the language and reports every error; tests/compiler/direct_parse_test.cpp holds the two
/// parsers to the same language and the same trees.
std::unique_ptr<ast::Module> parse(const SourceManager &sources, uint32_t file,
                                   DiagnosticEngine &diags);

} // namespace patter
