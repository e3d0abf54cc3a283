// The source as the formatter sees it: lines of tokens and comments, white space dropped.
#pragma once

#include "Scanner.h"

#include <string>
#include <string_view>
#include <vector>

namespace patter::format {

/// A token, or a comment with its delimiters.
struct Piece {
  enum class Kind { Token, LineComment, BlockComment };
  Kind kind = Kind::Token;
  TokenKind token = TokenKind::Eof; ///< for Kind::Token
  std::string_view text;

  bool is(TokenKind k) const { return kind == Kind::Token && token == k; }
  bool isComment() const { return kind != Kind::Token; }
};

/// The pieces that start on one source line (a block comment may run over later lines).
struct SourceLine {
  std::vector<Piece> pieces;
  unsigned number = 1;      ///< the source line of the first piece, 1-based
  bool blankBefore = false; ///< at least one empty line separates it from the previous line
};

/// The lines of `text`, or an `error` and where it is when it does not scan.
struct SourceLines {
  std::vector<SourceLine> lines;
  std::string error;
  unsigned line = 0, column = 0;
};

SourceLines splitLines(std::string_view text);

} // namespace patter::format
