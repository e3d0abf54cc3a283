// Splits source text into lines of tokens (from the compiler's scanner) and comments (from the
// white space between tokens, which is all the scanner skips).
#include "SourceLines.h"

#include <fmt/format.h>
#include <llvm/Support/ConvertUTF.h>

#include <algorithm>

namespace patter::format {

namespace {

/// Collects pieces into lines as the newlines between them are seen.
class LineBuilder {
public:
  void add(Piece piece) {
    if (newlines_ > 0 && !lines_.empty() && !lines_.back().pieces.empty()) {
      SourceLine line;
      line.blankBefore = newlines_ > 1;
      line.number = number_;
      lines_.push_back(std::move(line));
    } else if (lines_.empty()) {
      lines_.emplace_back();
      lines_.back().number = number_;
    }
    newlines_ = 0;
    lines_.back().pieces.push_back(piece);
  }
  void newline() {
    ++newlines_;
    ++number_;
  }
  /// A block comment's own line breaks count for line numbers, not as breaks between pieces.
  void skipLines(unsigned n) { number_ += n; }
  std::vector<SourceLine> take() { return std::move(lines_); }

private:
  std::vector<SourceLine> lines_;
  unsigned newlines_ = 0;
  unsigned number_ = 1;
};

/// Adds the comments in `gap`, white space and comments only, and counts its line breaks.
void readGap(std::string_view gap, LineBuilder &out) {
  size_t i = 0;
  while (i < gap.size()) {
    if (gap[i] == '\n') {
      out.newline();
      ++i;
    } else if (gap.substr(i, 2) == "//") {
      size_t end = gap.find('\n', i);
      if (end == std::string_view::npos)
        end = gap.size();
      std::string_view text = gap.substr(i, end - i);
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
      out.add({Piece::Kind::LineComment, TokenKind::Eof, text});
      i = end;
    } else if (gap.substr(i, 2) == "/*") {
      size_t end = gap.find("*/", i + 2); // the scanner has seen it closed
      end = end == std::string_view::npos ? gap.size() : end + 2;
      std::string_view comment = gap.substr(i, end - i);
      out.add({Piece::Kind::BlockComment, TokenKind::Eof, comment});
      out.skipLines(std::count(comment.begin(), comment.end(), '\n'));
      i = end;
    } else {
      ++i; // white space: ASCII, or a byte of U+3000 or U+FEFF
    }
  }
}

} // namespace

SourceLines splitLines(std::string_view text) {
  SourceLines result;
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const llvm::UTF8 *at = begin;
  if (!llvm::isLegalUTF8String(&at, begin + text.size())) {
    std::string_view before = text.substr(0, at - begin);
    size_t lineStart = before.rfind('\n') + 1; // 0 on the first line
    unsigned column = 1 + std::count_if(before.begin() + lineStart, before.end(), [](char c) {
                      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                    });
    result.error = "invalid UTF-8";
    result.line = 1 + std::count(before.begin(), before.end(), '\n');
    result.column = column;
    return result;
  }
  Scanner scanner(text);
  LineBuilder lines;
  size_t previousEnd = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (;;) {
    Lexeme token = scanner.next();
    readGap(text.substr(previousEnd, token.begin - previousEnd), lines);
    if (token.kind == TokenKind::Eof)
      break;
    if (token.kind == TokenKind::LexError) {
      result.error = fmt::format("'{}' is not a token of the language", scanner.text(token));
      result.line = token.line;
      result.column = token.column + 1;
      return result;
    }
    lines.add({Piece::Kind::Token, token.kind, scanner.text(token)});
    previousEnd = token.end;
  }
  result.lines = lines.take();
  return result;
}

} // namespace patter::format
