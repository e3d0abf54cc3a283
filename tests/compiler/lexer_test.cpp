// The hand-written lexer against the lexer ANTLR generates from grammar/Patter.g4: the same
// identifier characters, and the same tokens and errors on every .patter source in the
// repository. When the grammar changes, this test says where compiler/syntax/Scanner.cpp must follow.
#include "Tokenizer.h"

#include "RepositorySources.h"

#include "PatterLexer.h"
#include "antlr4-runtime.h"

#include <catch2/catch.hpp>

#include <sstream>

using patter::CodePointRange;
using patter::Scanner;
using patter::Tokenizer;

namespace {

struct LexError {
  size_t line, column;
  std::string message;
  bool operator==(const LexError &) const = default;
};

class Collect : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t line, size_t column,
                   const std::string &msg, std::exception_ptr) override {
    errors.push_back({line, column, msg});
  }
  std::vector<LexError> errors;
};

/// One token as both lexers must agree on it.
std::string describe(antlr4::Token &t) {
  std::ostringstream out;
  out << t.getLine() << ':' << t.getCharPositionInLine() << " type " << t.getType() << " ["
      << t.getStartIndex() << ',' << static_cast<long long>(t.getStopIndex()) << "] channel "
      << t.getChannel() << " '" << t.getText() << "'";
  return out.str();
}

struct Lexed {
  std::vector<std::string> tokens;
  std::vector<LexError> errors;
};

/// Every token a lexer produces up to and including EOF, and the errors it reported.
Lexed drain(antlr4::TokenSource &lexer, const Collect &errors) {
  Lexed out;
  for (;;) {
    auto t = lexer.nextToken();
    out.tokens.push_back(describe(*t));
    if (t->getType() == antlr4::Token::EOF)
      break;
  }
  out.errors = errors.errors;
  return out;
}

Lexed lexGenerated(const std::string &text) {
  antlr4::ANTLRInputStream input(text);
  patter::grammar::PatterLexer lexer(&input);
  Collect errors;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&errors);
  return drain(lexer, errors);
}

Lexed lexOurs(const std::string &text) {
  Collect errors;
  Tokenizer lexer(text, &errors);
  return drain(lexer, errors);
}

void requireSameTokens(const std::string &name, const std::string &text) {
  INFO("source: " << name);
  Lexed expected = lexGenerated(text);
  Lexed actual = lexOurs(text);
  size_t n = std::min(expected.tokens.size(), actual.tokens.size());
  for (size_t i = 0; i < n; ++i) {
    INFO("token " << i);
    REQUIRE(actual.tokens[i] == expected.tokens[i]);
  }
  REQUIRE(actual.tokens.size() == expected.tokens.size());
  REQUIRE(actual.errors.size() == expected.errors.size());
  for (size_t i = 0; i < expected.errors.size(); ++i) {
    INFO("error " << i << ": " << expected.errors[i].message);
    CHECK(actual.errors[i].line == expected.errors[i].line);
    CHECK(actual.errors[i].column == expected.errors[i].column);
    CHECK(actual.errors[i].message == expected.errors[i].message);
  }
}

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

antlr4::misc::IntervalSet toSet(llvm::ArrayRef<CodePointRange> ranges) {
  antlr4::misc::IntervalSet set;
  for (const CodePointRange &r : ranges)
    set.add(static_cast<ssize_t>(r.first), static_cast<ssize_t>(r.last));
  return set;
}

/// The table as compiler/syntax/ScannerTables.inc spells it, to paste when the grammar's sets change.
std::string spell(const antlr4::misc::IntervalSet &set) {
  std::string out, line = "   ";
  char item[48];
  for (const antlr4::misc::Interval &i : set.getIntervals()) {
    std::snprintf(item, sizeof item, " {0x%zX, 0x%zX},", static_cast<size_t>(i.a),
                  static_cast<size_t>(i.b));
    if (line.size() + std::strlen(item) > 100) {
      out += line + "\n";
      line = "   ";
    }
    line += item;
  }
  return out + line + "\n";
}

} // namespace

TEST_CASE("identifier characters are the generated lexer's \\p{Alpha} and \\p{Alnum}",
          "[lexer][compiler]") {
  antlr4::ANTLRInputStream input("");
  patter::grammar::PatterLexer lexer(&input);
  const auto &rules = lexer.getRuleNames();
  size_t ident = std::find(rules.begin(), rules.end(), "IDENT") - rules.begin();
  REQUIRE(ident < rules.size());
  // IDENT : [\p{Alpha}_] [\p{Alnum}_]* ; has two set transitions: the first character's and
  // the loop's. The loop's set holds the digits.
  std::vector<antlr4::misc::IntervalSet> sets;
  for (antlr4::atn::ATNState *state : lexer.getATN().states)
    if (state && state->ruleIndex == ident)
      for (antlr4::atn::Transition *t : state->transitions)
        if (t->getSerializationType() == antlr4::atn::Transition::SET)
          sets.push_back(t->label());
  REQUIRE(sets.size() == 2);
  if (sets[0].contains(ssize_t('0')))
    std::swap(sets[0], sets[1]);
  antlr4::misc::IntervalSet start = sets[0], digits = sets[1].subtract(sets[0]);
  INFO("kIdentStart should be:\n" << spell(start));
  CHECK(toSet(Scanner::identStartRanges()) == start);
  INFO("kIdentDigit should be:\n" << spell(digits));
  CHECK(toSet(Scanner::identDigitRanges()) == digits);
  CHECK(sets[1] == start.Or(digits));
}

TEST_CASE("both lexers tokenize every .patter source in the repository alike",
          "[lexer][compiler]") {
  std::vector<patter::test::NamedSource> sources = patter::test::repositorySources();
  for (const patter::test::NamedSource &source : sources)
    requireSameTokens(source.name, source.text);
  CHECK(sources.size() > 30);
}

TEST_CASE("both lexers agree on the corners of the lexical grammar", "[lexer][compiler]") {
  const char *cases[] = {
      "",
      "   \t\r\n ",
      "\xEF\xBB\xBF" "campaign c {}",
      "step\xE3\x80\x80" "a\xE3\x80\x80\xE3\x80\x80{ }",
      "import importx import_ import1 _import Import onon on o",
      "steps step. \xC3\xA9step step\xC3\xA9 st\xE9\x97\xAE",
      "\"plain\" \"esc \\\" \\\\ \\n \\t \\\xE4\xB8\xAD\" \"\"",
      "\"line one\\\nline two\" after",
      "\"unterminated\n say \"next\"",
      "\"unterminated\r\n x",
      "\"at the end",
      "\"backslash at the end\\",
      "/x /\xE4\xB8\xAD / \n//c\r\n// \xE4\xB8\xAD\n/**/ /* \xE4\xB8\xAD\n*/ /*/ */ x",
      "/* never closed\n\t step",
      "a -> b - > c -x -\xE4\xB8\xAD ->-> -",
      "1 12 1.5 1. 1.x 1..2 0.0.0 12abc 007",
      "@ # $ % ; : . \xEF\xBC\x8C \xE3\x80\x82 x",
      "\xD9\xA3 a\xD9\xA3 \xE2\x85\xAB \xC7\x85 \xC2\xAA \xEF\xBC\xA1 \xEF\xBC\x90 a\xEF\xBC\x90",
      "\xF0\x9F\x98\x80 \"\xF0\x9F\x98\x80\" \xF0\xA0\x80\x80 a\xF0\xA0\x80\x80" "b",
      "\xCE\xB1\xCE\xB2 \xD0\xB4\xD0\xB0 \xE3\x81\x82\xE3\x82\xA2 \xED\x95\x9C\xEA\xB8\x80",
      "x\ry\r\nz\n\n  w",
      "{,}{},,",
  };
  for (const char *text : cases)
    requireSameTokens(std::string("case ") + text, text);
}

TEST_CASE("both lexers agree at the edges of every identifier range", "[lexer][compiler]") {
  // Each range's first and last code point and their neighbours, alone, after a letter and
  // inside a string: a sampled end-to-end check of the tables.
  std::string text;
  for (auto ranges : {Scanner::identStartRanges(), Scanner::identDigitRanges()})
    for (const CodePointRange &r : ranges)
      for (char32_t c : {char32_t(r.first - 1), r.first, r.last, char32_t(r.last + 1)}) {
        if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || c == '"' ||
            c == '\\' || c == '/' || c == '-')
          continue;
        std::string s = utf8(c);
        text += s + " a" + s + " \"" + s + "\"\n";
      }
  requireSameTokens("identifier range edges", text);
}
