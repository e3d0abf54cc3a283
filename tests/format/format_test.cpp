// The formatter: the canonical layout, comments kept, idempotence, meaning kept, refusals.
#include "Formatter.h"
#include "../compiler/RepositorySources.h"
#include "../compiler/TestSupport.h"

#include <catch2/catch.hpp>

using patter::formatSource;

namespace {

std::string formatted(const std::string &text) {
  patter::FormatResult result = formatSource(text);
  INFO(result.error);
  REQUIRE(result.ok());
  return result.text;
}

} // namespace

TEST_CASE("fmt indents two spaces per brace and joins tokens with single spaces", "[format]") {
  CHECK(formatted("campaign c {\n      step  a {\n say    \"好\"\n  disclose price ,term\n}\n}\n") ==
        "campaign c {\n  step a {\n    say \"好\"\n    disclose price, term\n  }\n}\n");
}

TEST_CASE("fmt aligns the values of consecutive clauses, counting CJK as two cells", "[format]") {
  CHECK(formatted("campaign c {\n  clauses {\n    price \"每月10元\"\n    downgrade \"不能降档\"\n  }\n}\n") ==
        "campaign c {\n  clauses {\n    price     \"每月10元\"\n    downgrade \"不能降档\"\n  }\n}\n");
  // A key written in Chinese is two cells per character wide.
  CHECK(formatted("policy p {\n  提示 \"a\"\n  wait_phrase \"b\"\n}\n") ==
        "policy p {\n  提示        \"a\"\n  wait_phrase \"b\"\n}\n");
}

TEST_CASE("fmt aligns the arrows of consecutive routes; a blank line starts a new run", "[format]") {
  CHECK(formatted("campaign c {\n  step a {\n    on yes -> b\n    on no, hangup   ->   end x\n\n"
                  "    on busy -> b\n  }\n}\n") ==
        "campaign c {\n  step a {\n    on yes        -> b\n    on no, hangup -> end x\n\n"
        "    on busy -> b\n  }\n}\n");
}

TEST_CASE("fmt aligns invoke results and campaign settings but not statements", "[format]") {
  CHECK(formatted("campaign c {\n  title \"t\"\n  channel outbound\n  step a {\n    ask \"x\"\n"
                  "    verify owner\n    invoke h {\n      done -> a\n      timeout -> end callback\n"
                  "    }\n  }\n}\n") ==
        "campaign c {\n  title   \"t\"\n  channel outbound\n  step a {\n    ask \"x\"\n"
        "    verify owner\n    invoke h {\n      done    -> a\n      timeout -> end callback\n"
        "    }\n  }\n}\n");
}

TEST_CASE("fmt keeps every comment and aligns trailing ones two cells past the widest line",
          "[format]") {
  const std::string source = "// head\npolicy p {\n  /* block\n     kept as written */\n"
                             "  limit retention 2 // 一次起二次止\n  limit retention_angry 1 // angry\n"
                             "  limit wait 2 /* inline */ // trailing\n}\n// tail\n";
  CHECK(formatted(source) == "// head\npolicy p {\n  /* block\n     kept as written */\n"
                             "  limit retention 2          // 一次起二次止\n"
                             "  limit retention_angry 1    // angry\n"
                             "  limit wait 2 /* inline */  // trailing\n}\n// tail\n");
}

TEST_CASE("fmt keeps at most one blank line and drops trailing white space", "[format]") {
  CHECK(formatted("\n\nimport \"std/handlers\"   \n\n\n\ncampaign c {\r\n}\r\n") ==
        "import \"std/handlers\"\n\ncampaign c {\n}\n");
}

TEST_CASE("fmt refuses text it cannot read rather than guessing", "[format][errors]") {
  auto where = [](const char *text) {
    patter::FormatResult r = formatSource(text);
    CHECK(r.text.empty());
    return fmt::format("{}:{}: {}", r.line, r.column, r.error);
  };
  CHECK(where("campaign c {\n  step a {\n") == "2:1: a block is not closed with '}'");
  CHECK(where("campaign c {\n}\n}\n") == "3:1: '}' closes no block");
  CHECK(where("campaign c {\n  say \"unclosed\n}\n").rfind("2:7: ", 0) == 0);
  CHECK(where("campaign c {\n  title \"a\"，\n}\n") ==
        "2:12: '，' is not a token of the language");
  CHECK(where("campaign c \xff {}\n") == "1:12: invalid UTF-8");
}

TEST_CASE("fmt is idempotent and keeps the diagnostics of every repository source",
          "[format][repository]") {
  for (const auto &source : patter::test::repositorySources()) {
    patter::FormatResult once = formatSource(source.text);
    if (!once.ok())
      continue; // files that do not scan are refused, tested above
    INFO(source.name);
    CHECK(formatSource(once.text).text == once.text);
    auto before = patter::test::compileSource(source.name, source.text, false).codes;
    auto after = patter::test::compileSource(source.name, once.text, false).codes;
    CHECK(before == after);
  }
}
