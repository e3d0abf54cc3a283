// The text renderer: carets under the right cells, also after double-width characters.
#include "Render.h"

#include <catch2/catch.hpp>

using namespace patter;

TEST_CASE("the caret lines up under Chinese text", "[render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("t.patter", "  say \"您好{offer.prise}元\"\n");
  DiagnosticEngine diags;
  // `{offer.prise}` starts at code point 10, after 7 narrow cells and 您好 (two cells each), so
  // the caret sits under cell 12 (plus the two-space snippet indent).
  diags.report(DiagId::UndefinedTemplate, {{f, 1, 10}, {f, 1, 23}}, "offer.prise", "");
  std::string text = renderText(diags.sorted(), sources, TextStyle{false});
  CHECK(text == "t.patter:1:10: error[E0108]: unknown template variable '{offer.prise}'\n"
                "    say \"您好{offer.prise}元\"\n"
                "             ^~~~~~~~~~~~~\n"
                "1 error and 0 warnings generated.\n");
}

TEST_CASE("tabs before the span are kept so the caret lines up", "[render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("t.patter", "\tend\n");
  DiagnosticEngine diags;
  diags.report(DiagId::SyntaxError, {{f, 1, 2}, {f, 1, 5}}, "oops");
  std::string text = renderText(diags.sorted(), sources, TextStyle{false});
  CHECK(text.find("  \tend\n  \t^~~\n") != std::string::npos);
}

TEST_CASE("rule ids are shown and colour is only on request", "[render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("t.patter", "policy p { limit retention 5 }\n");
  DiagnosticEngine diags;
  diags.report(DiagId::RetentionAboveCap, {{f, 1, 12}, {f, 1, 29}}, "retention", 5u, 3u);
  auto plain = renderText(diags.sorted(), sources, TextStyle{false});
  CHECK(plain.find("error[E0207]: 'retention' ceiling 5 is above 3: more is forced marketing [R08]") !=
        std::string::npos);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(renderText(diags.sorted(), sources, TextStyle{true}).find('\x1b') != std::string::npos);
}

TEST_CASE("JSON diagnostics carry code, rule and location", "[render][compiler][json]") {
  SourceManager sources;
  uint32_t f = sources.add("t.patter", "policy p { limit retention 5 }\n");
  DiagnosticEngine diags;
  diags.report(DiagId::RetentionAboveCap, {{f, 1, 12}, {f, 1, 29}}, "retention", 5u, 3u);
  std::string json = renderJson(diags.sorted(), sources);
  CHECK(json.find("\"code\": \"E0207\"") != std::string::npos);
  CHECK(json.find("\"rule\": \"R08\"") != std::string::npos);
  CHECK(json.find("\"line\": 1") != std::string::npos);
  CHECK(json.find("\"errors\": 1") != std::string::npos);
}
