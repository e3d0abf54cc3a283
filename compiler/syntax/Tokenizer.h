// The scanner's tokens as an ANTLR token source, for the generated parser on the error path.
// Only Parse.cpp (and the tests that hold it to the grammar) includes this header.
#pragma once

#include "Scanner.h"

#include "ANTLRErrorListener.h"
#include "TokenSource.h"

#include <string_view>

namespace patter {

/// Turns UTF-8 source into `antlr4::CommonToken`s exactly as the lexer ANTLR generates from
/// `grammar/Patter.g4` would: the same token types, text, line, column in code points, and
/// start/stop indices in code points (as an `ANTLRInputStream` counts them); comments and
/// white space are skipped. Lexical errors go to the listener with ANTLR's own messages
/// (`token recognition error at: '…'`) and the same recovery.
///
/// Why not the generated lexer: ANTLR 4.9's C++ lexer caches DFA edges for code points below
/// 128 only, so every Chinese character ran a full ATN closure (three quarters of compile time,
/// docs/PERFORMANCE.md). The token set is small; tests/compiler/lexer_test.cpp checks this
/// lexer against the generated one on every `.patter` file in the repository.
class Tokenizer final : public antlr4::TokenSource {
public:
  /// `text` must be valid UTF-8 (Parse.cpp checks first) and outlive the lexer.
  Tokenizer(std::string_view text, antlr4::ANTLRErrorListener *errors);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return scanner_.line(); }
  size_t getCharPositionInLine() override { return scanner_.column(); }
  /// There is no character stream: every token carries its text.
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override;
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override;

private:
  /// Reports a token recognition error for the text of `error`, as ANTLR's lexer words it.
  void recognitionError(const Lexeme &error);

  Scanner scanner_;
  antlr4::ANTLRErrorListener *errors_;
};

} // namespace patter
