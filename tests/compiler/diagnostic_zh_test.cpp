// Every diagnostic code has a zh-CN message with the same replacement fields as its English one,
// and a diagnostic reported in English can be printed in Chinese from the arguments it kept.
#include "Compiler.h"
#include "Localize.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace patter;

namespace {

/// The replacement fields of a fmt template as (argument index, format spec), sorted by index.
std::vector<std::pair<int, std::string>> fields(std::string_view text) {
  std::vector<std::pair<int, std::string>> out;
  int next = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    if (text[i] != '{')
      continue;
    const size_t close = text.find('}', i);
    if (close == std::string_view::npos)
      break;
    std::string_view inside = text.substr(i + 1, close - i - 1);
    const size_t colon = inside.find(':');
    std::string_view index = inside.substr(0, colon);
    const int n = index.empty() ? next++ : std::stoi(std::string(index));
    out.emplace_back(n, colon == std::string_view::npos ? "" : std::string(inside.substr(colon)));
    i = close;
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("every code has a zh-CN message taking the same arguments", "[diagnostics][zh]") {
  for (const DiagInfo &info : allDiagnostics()) {
    INFO(info.code << ": add it to compiler/diag/Diagnostics.zh.def");
    const std::string_view zh = zhTemplate(info.id);
    REQUIRE_FALSE(zh.empty());
    CHECK(fields(zh) == fields(info.text));
    if (info.text != "{}") // a message composed whole by its pass has nothing to translate here
      CHECK(zh != info.text);
  }
}

TEST_CASE("a diagnostic prints in Chinese from the arguments it kept", "[diagnostics][zh]") {
  DiagnosticEngine engine;
  Diagnostic &d = engine.report(DiagId::MissingMandatoryClause, SourceRange{}, "mobile_outbound", "term");
  CHECK(messageIn(d, Language::En) == "policy 'mobile_outbound' requires a 'term' clause, but the clauses block has none");
  CHECK(messageIn(d, Language::Zh) == "政策 'mobile_outbound' 要求 'term' 条款,但 clauses 块中没有");

  // Numbers keep their format spec: the byte of invalid UTF-8 prints in hex in both languages.
  Diagnostic &bad = engine.report(DiagId::InvalidUtf8, SourceRange{}, 0xFF);
  CHECK(messageIn(bad, Language::Zh).find("0xFF") != std::string::npos);

  // Positional fields put the arguments in Chinese word order.
  Diagnostic &claim = engine.report(DiagId::ClaimBeforeClause, SourceRange{}, "就足够您用", "includes");
  CHECK(messageIn(claim, Language::Zh) == "在告知条款 'includes' 之前就说了 \"就足够您用\":没有它,这句话会误导客户");
}

TEST_CASE("a diagnostic made without its arguments keeps its English message", "[diagnostics][zh]") {
  Diagnostic d{DiagId::MissingMandatoryClause, Severity::Error, SourceRange{}, "as written", {}, {}, {}, std::nullopt};
  CHECK(messageIn(d, Language::Zh) == "as written");
}

TEST_CASE("the language comes from --lang or the locale", "[diagnostics][zh]") {
  CHECK(parseLanguage("zh") == Language::Zh);
  CHECK(parseLanguage("zh-CN") == Language::Zh);
  CHECK(parseLanguage("zh_CN.UTF-8") == Language::Zh);
  CHECK(parseLanguage("en") == Language::En);
  CHECK_FALSE(parseLanguage("zhx").has_value());
  CHECK_FALSE(parseLanguage("fr").has_value());
}
