// The direct parser against the grammar: on every source in the repository, on broken variants
// of them and at the corners of the grammar (keywords that may be names), it must accept just
// what the ANTLR parser generated from grammar/Patter.g4 accepts without error, and build the
// very AST that AstBuilder makes from ANTLR's tree, every range included. When the grammar
// changes, this test says where compiler/syntax/DirectParse.cpp must follow.
#include "AstBuilder.h"
#include "DirectParse.h"
#include "Scanner.h"
#include "Tokenizer.h"

#include "AstListing.h"
#include "RepositorySources.h"

#include "PatterParser.h"
#include "antlr4-runtime.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace patter;
using patter::test::listAst;

namespace {

/// Not 0, so that a range left without its file shows.
constexpr uint32_t kFile = 3;

class CountErrors : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t, size_t, const std::string &,
                   std::exception_ptr) override {
    ++count;
  }
  size_t count = 0;
};

struct Reference {
  bool clean = false; ///< no lexical or syntax error
  std::unique_ptr<ast::Module> module;
};

/// What Parse.cpp's error path makes of `text`: our lexer, then ANTLR's parser with full LL
/// prediction and error recovery.
Reference parseWithAntlr(const std::string &text) {
  CountErrors errors;
  Tokenizer lexer(text, &errors);
  antlr4::CommonTokenStream tokens(&lexer);
  grammar::PatterParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&errors);
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::LL);
  grammar::PatterParser::ScriptContext *tree = parser.script();
  return {errors.count == 0, AstBuilder(kFile).build(tree)};
}

/// The first line where two listings differ, and the line before; empty if they are the same.
std::string firstDifference(const std::string &expected, const std::string &actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la, before;
  for (int line = 1;; ++line) {
    bool moreE = static_cast<bool>(std::getline(e, le));
    bool moreA = static_cast<bool>(std::getline(a, la));
    if (!moreE && !moreA)
      return {};
    if (!moreE || !moreA || le != la)
      return "line " + std::to_string(line) + " after: " + before + "\n  ANTLR:  " +
             (moreE ? le : "(end)") + "\n  direct: " + (moreA ? la : "(end)");
    before = le;
  }
}

/// Checks the direct parser against ANTLR on one source; returns whether ANTLR found it clean.
bool checkAgainstAntlr(const std::string &name, const std::string &text) {
  INFO("source: " << name << "\n" << text);
  Reference expected = parseWithAntlr(text);
  std::unique_ptr<ast::Module> actual = parseDirect(text, kFile);
  REQUIRE(static_cast<bool>(actual) == expected.clean);
  if (actual)
    CHECK(firstDifference(listAst(*expected.module), listAst(*actual)) == "");
  return expected.clean;
}

/// The sources' tokens, to break them at token boundaries.
std::vector<Lexeme> tokensOf(const std::string &text) {
  std::vector<Lexeme> out;
  Scanner scanner(text);
  for (Lexeme t = scanner.next(); t.kind != TokenKind::Eof; t = scanner.next())
    out.push_back(t);
  return out;
}

/// Every `stride`-th index below `n`, at most `most` of them, spread over the whole range.
std::vector<size_t> sample(size_t n, size_t most) {
  std::vector<size_t> out;
  size_t stride = std::max<size_t>(1, (n + most - 1) / most);
  for (size_t i = stride / 2; i < n; i += stride)
    out.push_back(i);
  return out;
}

/// The start of the code point that holds byte `at`, so that a cut leaves valid UTF-8.
size_t codePointStart(const std::string &text, size_t at) {
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
    --at;
  return at;
}

/// Corners of the grammar: keywords that may be names, where the parser must choose as ANTLR
/// does; files without declarations; escapes and CJK names; an error of each kind.
const char *const kCorners[] = {
    "",
    "\xEF\xBB\xBF",
    "// only a comment\n/* and a block\n comment */",
    "\xEF\xBB\xBF" "campaign c { start s step s { say \"\xE4\xBD\xA0\xE5\xA5\xBD\" } }",
    "campaign c { step confirm { confirm } step verify { verify owner } }",
    "campaign c { step s { on verify -> end x on say, ask -> confirm on a -> resume } }",
    "campaign c { step s { goto objection o goto end x goto retry invoke register { ok -> "
    "start no -> end x err -> objection o } } }",
    "campaign c { offer { price 10 yuan per month fee 5 yuan per \"text\" } }",
    "campaign c { offer { a 1 b per 2 c d 3 e per per } }",
    "campaign c { offer { a 1 b per f 2 g per 3 h } }",
    "campaign c { offer { a 1.5 b per c per x } }",
    "campaign c { clauses { a \"x\" allow R01 \"why\" allow \"text\" b \"y\" } }",
    "campaign c { clauses { allow \"x\" allow allow \"y\" } }",
    "campaign c { clauses { a \"x\" allow \"y\" allow \"z\" allow R1 \"w\" } }",
    "campaign c { step s { say \"x\" allow R09 \"r\" allow R10 \"s\" ask \"y\" allow R1 \"t\" } }",
    "campaign c { step s { allow R09 \"r\" say \"x\" } }",
    "campaign c { objection when when \"a\", \"b\" { retry exhausted -> end x } }",
    "campaign c { title \"t\" channel voice policy p start s on when -> s }",
    "policy p { banned \"x\" { rule R09 suggest \"y\" } recording \"on\", \"off\" }",
    "policy p { limit calls 3 limit x limit 5 limit x, 5 limit \"y\" { k v } "
    "limit limit 99999999999999999999999 limit n 1.5 }",
    "policy p { require a, b require a, \"b\" require 5 require \"x\" { } require require }",
    "policy p { require a, b, c k v }",
    "policy p { per \"x\" { per per, 1, \"s\" } policy title, start limit per 1.5 }",
    "policy p { k \"x\" k2 \"y\" { } k3 \"z\", w }",
    "policy p extends q { extends extends } policy extends extends extends { }",
    "policy p extends { } policy q extends r s { }",
    "handlers h { step s { end x } on a, b -> s on c -> end d }",
    "import \"a\" import \"b\" handlers h { }",
    "campaign c { } policy p { } handlers h { } campaign d { }",
    "campaign c { step s { say \"esc \\\" \\\\ \\n \\t \\x\" say \"line\\\nbreak\" } }",
    "campaign \xE8\xA1\x8C\xE9\x94\x80 { step \xE9\x97\xAE\xE5\x80\x99 { say \"\xE2\x82\xAC\" } }",
    "campaign c { step s { say \"unterminated } }",
    "campaign c { step s { say \"x\" } } @",
    "campaign c { step s { say \"x\" } } /* never closed",
    "campaign c { step s { goto } }",
    "campaign c { step s { on -> s } }",
    "policy p { limit x 5 6 }",
    "import \"a\" campaign c { } import \"b\"",
};

/// Tokens to insert: keywords that may be names and ones that may not, and the other kinds.
const char *const kInserted[] = {"per", "allow", "require", "limit", "extends", "when", "say",
                                 "end", "on", "x", "\"s\"", "5", "}"};

} // namespace

TEST_CASE("the direct parser reads every source in the repository as ANTLR does",
          "[parser][compiler]") {
  size_t clean = 0;
  std::vector<test::NamedSource> sources = test::repositorySources();
  for (const test::NamedSource &source : sources)
    clean += checkAgainstAntlr(source.name, source.text);
  CHECK(sources.size() > 30);
  CHECK(clean > 30);
}

TEST_CASE("the direct parser rejects broken sources as ANTLR does and reads the others alike",
          "[parser][compiler]") {
  // Each source (and each corner case above) with one token deleted, two neighbours swapped, a
  // token inserted, or cut after a token or in the middle of one (an unterminated string, a half
  // keyword): a sample of positions per source, so that the test stays quick.
  std::vector<test::NamedSource> sources = test::repositorySources();
  for (const char *corner : kCorners)
    sources.push_back({"corner case", corner});
  size_t variants = 0, clean = 0;
  for (const test::NamedSource &source : sources) {
    const std::string &text = source.text;
    std::vector<Lexeme> tokens = tokensOf(text);
    auto check = [&](const std::string &how, const std::string &variant) {
      clean += checkAgainstAntlr(source.name + " " + how, variant);
      ++variants;
    };
    for (size_t i : sample(tokens.size(), 24)) {
      const Lexeme &t = tokens[i];
      check("without token " + std::to_string(i), text.substr(0, t.begin) + text.substr(t.end));
    }
    for (size_t i : sample(tokens.size() > 0 ? tokens.size() - 1 : 0, 12)) {
      const Lexeme &a = tokens[i], &b = tokens[i + 1];
      check("with tokens " + std::to_string(i) + " and " + std::to_string(i + 1) + " swapped",
            text.substr(0, a.begin) + text.substr(b.begin, b.end - b.begin) +
                text.substr(a.end, b.begin - a.end) + text.substr(a.begin, a.end - a.begin) +
                text.substr(b.end));
    }
    for (size_t i : sample(tokens.size(), 3))
      for (const char *word : kInserted)
        check(std::string("with '") + word + "' before token " + std::to_string(i),
              text.substr(0, tokens[i].begin) + word + " " + text.substr(tokens[i].begin));
    for (size_t i : sample(tokens.size(), 10)) {
      const Lexeme &t = tokens[i];
      check("cut after token " + std::to_string(i), text.substr(0, t.end));
      check("cut inside token " + std::to_string(i),
            text.substr(0, codePointStart(text, (t.begin + t.end) / 2)));
    }
  }
  INFO(variants << " variants, " << clean << " clean");
  CHECK(variants > 10000);
  // Both outcomes must be well represented, or the test proves little.
  CHECK(clean > 500);
  CHECK(variants - clean > 10000);
}

TEST_CASE("the direct parser agrees with ANTLR at the corners of the grammar",
          "[parser][compiler]") {
  for (const char *text : kCorners)
    checkAgainstAntlr("corner case", text);
}

TEST_CASE("keywords name steps, events and outcomes", "[parser][compiler]") {
  auto module = parseDirect("campaign c {\n"
                            "  step confirm { confirm }\n"
                            "  step s { on verify -> end x }\n"
                            "}\n",
                            kFile);
  REQUIRE(module);
  const ast::Campaign &c = module->campaigns.at(0);
  CHECK(c.steps.at(0).name.text == "confirm");
  CHECK(llvm::isa<ast::ConfirmStmt>(c.steps.at(0).body.at(0).get()));
  const auto *route = llvm::dyn_cast<ast::RouteStmt>(c.steps.at(1).body.at(0).get());
  REQUIRE(route);
  CHECK(route->events.at(0).text == "verify");
  CHECK(route->target.kind == ast::Target::Kind::End);
  CHECK(route->target.name.text == "x");
  CHECK(route->range().begin.column == 12);
  CHECK(route->range().end.column == 30);
}

TEST_CASE("a policy item is an entry when a string and a brace follow its name and otherwise a "
          "setting",
          "[parser][compiler]") {
  auto module = parseDirect("policy p {\n"
                            "  banned \"x\" { rule R09 }\n"
                            "  banned \"y\", \"z\"\n"
                            "  limit calls 3\n"
                            "  require a, b\n"
                            "  require a, \"b\"\n"
                            "}\n",
                            kFile);
  REQUIRE(module);
  const ast::Policy &p = module->policies.at(0);
  REQUIRE(p.entries.size() == 1);
  CHECK(p.entries[0].phrase.value == "x");
  CHECK(p.entries[0].fields.at(0).key.text == "rule");
  REQUIRE(p.settings.size() == 2);
  CHECK(p.settings[0].key.text == "banned");
  CHECK(p.settings[0].values.size() == 2);
  CHECK(p.settings[1].key.text == "require");
  CHECK(p.limits.at(0).value == 3);
  CHECK(p.required.size() == 2);
}

TEST_CASE("an empty file, a byte order mark and comments parse to an empty module",
          "[parser][compiler]") {
  for (const char *text : {"", "\xEF\xBB\xBF", "// a comment\n/* a block\n comment */\n"}) {
    auto module = parseDirect(text, kFile);
    REQUIRE(module);
    CHECK(module->file == kFile);
    CHECK(module->campaigns.empty());
    CHECK(module->policies.empty());
    CHECK(module->handlers.empty());
    CHECK(module->imports.empty());
  }
}

TEST_CASE("a byte order mark takes no column", "[parser][compiler]") {
  auto module = parseDirect("\xEF\xBB\xBF" "campaign c { }", kFile);
  REQUIRE(module);
  CHECK(module->campaigns.at(0).range.begin.column == 1);
  CHECK(module->campaigns.at(0).name.range.begin.column == 10);
}

TEST_CASE("the direct parser gives up at the first error, lexical or syntactic",
          "[parser][compiler]") {
  CHECK_FALSE(parseDirect("campaign c { step s { say \"x } }", kFile));
  CHECK_FALSE(parseDirect("campaign c { } #", kFile));
  CHECK_FALSE(parseDirect("campaign c { step s { goto } }", kFile));
  CHECK_FALSE(parseDirect("campaign c {", kFile));
  CHECK_FALSE(parseDirect("campaign c { } import \"x\"", kFile));
}
