// The scanner: the rules of grammar/Patter.g4's lexer section, over UTF-8 bytes.
#include "Scanner.h"

#include <llvm/ADT/StringSwitch.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace patter {

namespace {

#include "ScannerTables.inc"

constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

/// Whether any of the eight bytes of `word` is `byte`.
bool hasByte(uint64_t word, unsigned char byte) {
  uint64_t x = word ^ (kOnes * byte);
  return (x - kOnes) & ~x & kHighs;
}

bool inRanges(llvm::ArrayRef<CodePointRange> ranges, char32_t c) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), c,
                             [](char32_t v, const CodePointRange &r) { return v < r.first; });
  return it != ranges.begin() && c <= std::prev(it)->last;
}

/// IMPORT : 'import' ; … REQUIRE : 'require' ;   (they win over IDENT at equal length)
TokenKind keywordOrIdent(std::string_view word) {
  llvm::StringSwitch<TokenKind> kind(llvm::StringRef(word.data(), word.size()));
#define KEYWORD(Name, Spelling) kind.Case(Spelling, TokenKind::Name);
#include "TokenKinds.def"
  return kind.Default(TokenKind::IDENT);
}

bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

bool isAsciiIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/// The three-byte spellings of U+3000 (ideographic space) and U+FEFF (byte order mark).
constexpr char kIdeographicSpace[] = "\xE3\x80\x80";
constexpr char kByteOrderMark[] = "\xEF\xBB\xBF";

} // namespace

Scanner::Scanner(std::string_view text) : text_(text) {
  // ANTLRInputStream drops a leading byte order mark: it counts for no index or column.
  if (text_.substr(0, 3) == kByteOrderMark)
    pos_ = 3;
}

bool Scanner::isIdentStart(char32_t c) {
  if (c < 0x80)
    return isAsciiIdentStart(static_cast<unsigned char>(c));
  return inRanges(kIdentStart, c);
}

bool Scanner::isIdentPart(char32_t c) {
  if (c < 0x80)
    return isAsciiIdentStart(static_cast<unsigned char>(c)) || isDigit(static_cast<unsigned char>(c));
  return inRanges(kIdentStart, c) || inRanges(kIdentDigit, c);
}

llvm::ArrayRef<CodePointRange> Scanner::identStartRanges() { return kIdentStart; }
llvm::ArrayRef<CodePointRange> Scanner::identDigitRanges() { return kIdentDigit; }

size_t Scanner::nextCodePoint(size_t at) const {
  const auto lead = static_cast<unsigned char>(text_[at]);
  size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::min(at + length, text_.size());
}

void Scanner::advanceTo(size_t to) {
  while (pos_ < to) {
    // Most of a script is Chinese text inside strings: eight bytes at a time, when none of
    // them is a line break, counting the bytes that start a code point (all but 10xxxxxx).
    if (pos_ + 8 <= to) {
      uint64_t word;
      std::memcpy(&word, text_.data() + pos_, 8);
      if (!hasByte(word, '\n')) {
        index_ += 8 - static_cast<size_t>(std::popcount(word & ~(word << 1) & kHighs));
        pos_ += 8;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text_[pos_++]);
    if ((byte & 0xC0) != 0x80)
      ++index_;
    // ANTLR counts a line at every '\n' (a lone '\r' is an ordinary character).
    if (byte == '\n') {
      ++line_;
      lineStart_ = index_;
    }
  }
}

Lexeme Scanner::token(TokenKind kind, size_t start) const {
  return {.kind = kind,
          .line = static_cast<uint32_t>(startLine_),
          .column = static_cast<uint32_t>(startColumn_),
          .index = startIndex_,
          .width = index_ - startIndex_,
          .begin = start,
          .end = pos_};
}

Lexeme Scanner::error(size_t start, size_t offending) {
  // ANTLR's lexer consumes up to the character that has no transition, reports the text from
  // the token's start through that character, then skips that character too.
  advanceTo(offending < text_.size() ? nextCodePoint(offending) : text_.size());
  return token(TokenKind::LexError, start);
}

Lexeme Scanner::next() {
  const size_t size = text_.size();
  auto byteAt = [&](size_t at) -> unsigned char {
    return at < size ? static_cast<unsigned char>(text_[at]) : 0;
  };
  auto startsWith = [&](size_t at, const char *bytes) {
    return text_.compare(at, std::strlen(bytes), bytes) == 0;
  };
  while (pos_ < size) {
    const size_t start = pos_;
    startIndex_ = index_;
    startLine_ = line_;
    startColumn_ = index_ - lineStart_;
    const unsigned char c = byteAt(pos_);

    // WS : [ \t\r\n\u3000\uFEFF]+ -> skip ;
    auto isSpace = [&](size_t at) -> size_t {
      unsigned char b = byteAt(at);
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n')
        return 1;
      if ((b == 0xE3 && startsWith(at, kIdeographicSpace)) ||
          (b == 0xEF && startsWith(at, kByteOrderMark)))
        return 3;
      return 0;
    };
    if (size_t width = isSpace(pos_)) {
      size_t p = pos_ + width;
      while (size_t more = isSpace(p))
        p += more;
      advanceTo(p);
      continue;
    }

    switch (c) {
    case '{':
      advanceTo(pos_ + 1);
      return token(TokenKind::LBRACE, start);
    case '}':
      advanceTo(pos_ + 1);
      return token(TokenKind::RBRACE, start);
    case ',':
      advanceTo(pos_ + 1);
      return token(TokenKind::COMMA, start);
    case '-': // ARROW : '->' ;
      if (byteAt(pos_ + 1) == '>') {
        advanceTo(pos_ + 2);
        return token(TokenKind::ARROW, start);
      }
      return error(start, pos_ + 1);
    case '/':
      if (byteAt(pos_ + 1) == '/') { // LINE_COMMENT : '//' ~[\r\n]* -> skip ;
        size_t end = text_.find_first_of("\r\n", pos_ + 2);
        advanceTo(end == std::string_view::npos ? size : end);
        continue;
      }
      if (byteAt(pos_ + 1) == '*') { // BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
        size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos)
          return error(start, size);
        advanceTo(close + 2);
        continue;
      }
      return error(start, pos_ + 1);
    case '"': { // STRING : '"' ( ~["\\\r\n] | '\\' . )* '"' ;
      // '"', '\\', '\r' and '\n' never occur inside a multi-byte sequence, so bytes will do.
      size_t p = pos_ + 1;
      for (;;) {
        if (p + 8 <= size) { // eight bytes at a time past the text between the quotes
          uint64_t word;
          std::memcpy(&word, text_.data() + p, 8);
          if (!hasByte(word, '"') && !hasByte(word, '\\') && !hasByte(word, '\r') &&
              !hasByte(word, '\n')) {
            p += 8;
            continue;
          }
        }
        if (p >= size)
          return error(start, size);
        unsigned char b = byteAt(p);
        if (b == '"') {
          advanceTo(p + 1);
          return token(TokenKind::STRING, start);
        }
        if (b == '\r' || b == '\n')
          return error(start, p);
        if (b == '\\') {
          if (p + 1 >= size)
            return error(start, size);
          p = nextCodePoint(p + 1); // `.` takes any character, a line break too
          continue;
        }
        ++p;
      }
    }
    default:
      break;
    }

    // NUMBER : [0-9]+ ('.' [0-9]+)? ;
    if (isDigit(c)) {
      size_t p = pos_ + 1;
      while (isDigit(byteAt(p)))
        ++p;
      if (byteAt(p) == '.' && isDigit(byteAt(p + 1))) {
        p += 2;
        while (isDigit(byteAt(p)))
          ++p;
      }
      advanceTo(p);
      return token(TokenKind::NUMBER, start);
    }

    // IDENT : [\p{Alpha}_] [\p{Alnum}_]* ;  and the keywords, which win at equal length.
    auto decode = [&](size_t at, size_t &next) -> char32_t {
      unsigned char lead = byteAt(at);
      next = nextCodePoint(at);
      if (lead < 0x80)
        return lead;
      char32_t cp = lead & (lead < 0xE0 ? 0x1F : lead < 0xF0 ? 0x0F : 0x07);
      for (size_t i = at + 1; i < next; ++i)
        cp = (cp << 6) | (byteAt(i) & 0x3F);
      return cp;
    };
    size_t p = 0;
    if (isIdentStart(decode(pos_, p))) {
      bool ascii = c < 0x80;
      while (p < size) {
        size_t next = 0;
        unsigned char b = byteAt(p);
        if (b < 0x80) {
          if (!isAsciiIdentStart(b) && !isDigit(b))
            break;
          ++p;
          continue;
        }
        if (!isIdentPart(decode(p, next)))
          break;
        ascii = false;
        p = next;
      }
      advanceTo(p);
      return token(ascii ? keywordOrIdent(text_.substr(start, p - start)) : TokenKind::IDENT,
                   start);
    }

    return error(start, start);
  }
  startIndex_ = index_;
  startLine_ = line_;
  startColumn_ = index_ - lineStart_;
  return token(TokenKind::Eof, size);
}

} // namespace patter
