// The hand-written lexer: patter source (UTF-8) to the tokens the generated parser reads.
// Only Parse.cpp (and the test that holds it to the grammar) includes this header.
#pragma once

#include "ANTLRErrorListener.h"
#include "TokenSource.h"

#include <llvm/ADT/ArrayRef.h>

#include <cstddef>
#include <string_view>

namespace patter {

/// A closed range of Unicode code points.
struct CodePointRange {
  char32_t first, last;
};

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
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return index_ - lineStart_; }
  /// There is no character stream: every token carries its text.
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override;
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override;

  /// `[\p{Alpha}_]`: whether `c` may begin an identifier.
  static bool isIdentStart(char32_t c);
  /// `[\p{Alnum}_]`: whether `c` may continue an identifier.
  static bool isIdentPart(char32_t c);
  /// The tables behind the two predicates, sorted and disjoint: the test compares them with
  /// the sets in the generated lexer.
  static llvm::ArrayRef<CodePointRange> identStartRanges();
  static llvm::ArrayRef<CodePointRange> identDigitRanges();

private:
  /// Moves to byte `to`, counting code points and lines on the way.
  void advanceTo(size_t to);
  /// The byte just past the code point at `at`.
  size_t nextCodePoint(size_t at) const;
  /// Reports a token recognition error for the text from `start` through the code point at
  /// `offending` (if any), then skips both, as ANTLR's lexer recovers.
  void recognitionError(size_t start, size_t offending);
  std::unique_ptr<antlr4::Token> token(size_t type, size_t start);

  std::string_view text_;
  antlr4::ANTLRErrorListener *errors_;
  size_t pos_ = 0;        ///< byte offset of the next character
  size_t index_ = 0;      ///< code point index of the next character
  size_t line_ = 1;       ///< line of the next character
  size_t lineStart_ = 0;  ///< code point index where that line begins
  // Where the current token began.
  size_t startIndex_ = 0, startLine_ = 1, startColumn_ = 0;
};

} // namespace patter
