// The lexical grammar of patter: UTF-8 source to tokens that point into the source text.
// No ANTLR and no allocation per token: the direct parser reads these, Tokenizer wraps them.
#pragma once

#include <llvm/ADT/ArrayRef.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace patter {

/// What a token is: the tokens of grammar/Patter.g4 under their grammar names, then the end of
/// the input and a stretch of text no lexer rule matches.
enum class TokenKind : uint8_t {
#define TOKEN(Name) Name,
#include "TokenKinds.def"
  Eof,
  LexError,
};

/// One token, as plain data: where its text lies in the source and where it starts in the
/// terms ANTLR uses (1-based line, 0-based column and index in code points).
struct Lexeme {
  TokenKind kind = TokenKind::Eof;
  uint32_t line = 1;
  uint32_t column = 0;
  size_t index = 0;   ///< code points before the token (a leading byte order mark not counted)
  size_t width = 0;   ///< code points in the token; 0 for Eof
  size_t begin = 0;   ///< byte offset of the text in the source
  size_t end = 0;     ///< byte offset just past the text
};

/// A closed range of Unicode code points.
struct CodePointRange {
  char32_t first, last;
};

/// Scans UTF-8 source into the tokens of grammar/Patter.g4's lexer section, skipping comments
/// and white space. Text no rule matches comes back as one LexError token holding what ANTLR's
/// lexer would report (the text from the token's start through the offending character, which
/// it then skips); scanning goes on after it, as ANTLR's lexer recovers.
class Scanner {
public:
  /// `text` must be valid UTF-8 (Parse.cpp checks first) and outlive the scanner.
  explicit Scanner(std::string_view text);

  /// The next token; Eof at the end, again on every later call.
  Lexeme next();

  /// The text of a token this scanner returned.
  std::string_view text(const Lexeme &token) const {
    return text_.substr(token.begin, token.end - token.begin);
  }
  /// Where the next character is: its line, and its column in code points.
  size_t line() const { return line_; }
  size_t column() const { return index_ - lineStart_; }

  /// `[\p{Alpha}_]`: whether `c` may begin an identifier.
  static bool isIdentStart(char32_t c);
  /// `[\p{Alnum}_]`: whether `c` may continue an identifier.
  static bool isIdentPart(char32_t c);
  /// The tables behind the two predicates, sorted and disjoint: the lexer test compares them
  /// with the sets in the generated lexer.
  static llvm::ArrayRef<CodePointRange> identStartRanges();
  static llvm::ArrayRef<CodePointRange> identDigitRanges();

private:
  /// Moves to byte `to`, counting code points and lines on the way.
  void advanceTo(size_t to);
  /// The byte just past the code point at `at`.
  size_t nextCodePoint(size_t at) const;
  /// The token of `kind` from `start` to the current position.
  Lexeme token(TokenKind kind, size_t start) const;
  /// The LexError token from `start` through the code point at `offending` (if any), having
  /// moved past both.
  Lexeme error(size_t start, size_t offending);

  std::string_view text_;
  size_t pos_ = 0;        ///< byte offset of the next character
  size_t index_ = 0;      ///< code point index of the next character
  size_t line_ = 1;       ///< line of the next character
  size_t lineStart_ = 0;  ///< code point index where that line begins
  // Where the current token began.
  size_t startIndex_ = 0, startLine_ = 1, startColumn_ = 0;
};

} // namespace patter
