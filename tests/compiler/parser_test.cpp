// The parser: what it builds, and how it recovers from syntax errors.
#include "Parse.h"

#include <catch2/catch.hpp>

using namespace patter;

namespace {

struct Parsed {
  SourceManager sources;
  DiagnosticEngine diags;
  std::unique_ptr<ast::Module> module;
};

std::unique_ptr<Parsed> parseText(std::string text) {
  auto p = std::make_unique<Parsed>();
  uint32_t file = p->sources.add("t.patter", std::move(text));
  p->module = parse(p->sources, file, p->diags);
  return p;
}

std::vector<std::string> codes(const DiagnosticEngine &diags) {
  std::vector<std::string> out;
  for (const auto &d : diags.sorted())
    out.emplace_back(d.code());
  return out;
}

} // namespace

TEST_CASE("a campaign parses into the AST with positions", "[parser][compiler]") {
  auto p = parseText(R"(import "std/handlers"
campaign c {
  title "标题"
  start greet
  step greet {
    ask "您好,请问您是{phone.first3}尾号{phone.last4}的机主吗?"
    verify owner
    on yes, ok -> confirm
    on no -> end not_owner
  }
  step confirm { confirm on yes -> end success }
  objection wifi when "WiFi", "无线网" { say "x" retry exhausted -> end declined }
}
)");
  CHECK(p->diags.sorted().empty());
  CHECK(p->module->dump(p->sources) == R"(module t.patter
  import "std/handlers" @1:8
  campaign c @2:1
    title "标题"
    start greet
    step greet @5:3
      ask "您好,请问您是{phone.first3}尾号{phone.last4}的机主吗?" @6:5
      verify owner @7:5
      on yes, ok -> confirm @8:5
      on no -> end not_owner @9:5
    step confirm @11:3
      confirm @11:18
      on yes -> end success @11:26
    objection wifi "WiFi" "无线网" @12:3
      say "x" @12:39
      retry @12:47
      exhausted -> end declined @12:53
)");
}

TEST_CASE("keywords can name steps", "[parser][compiler]") {
  auto p = parseText("campaign c { start confirm step confirm { confirm on yes -> register } "
                     "step register { register end success } }");
  CHECK(p->diags.sorted().empty());
  REQUIRE(p->module->campaigns.size() == 1);
  CHECK(p->module->campaigns[0].steps.size() == 2);
}

TEST_CASE("columns count code points, not bytes", "[parser][compiler]") {
  auto p = parseText("campaign c { title \"中文\" step 问候 { say \"好\" end x } }");
  REQUIRE(p->module->campaigns.size() == 1);
  const ast::Step &step = p->module->campaigns[0].steps[0];
  CHECK(step.name.text == "问候");
  CHECK(step.name.range.begin.column == 30);
  CHECK(step.name.range.end.column == 32);
}

TEST_CASE("syntax errors recover and several are reported", "[parser][compiler][recovery]") {
  auto p = parseText(R"(campaign c {
  step a { say "x" on yes -> }
  step b { say end x }
  step c { ask "ok" on no -> end declined }
}
)");
  auto found = codes(p->diags);
  CHECK(found.size() >= 2);
  CHECK(std::all_of(found.begin(), found.end(), [](auto &c) { return c == "E0002"; }));
  // The step after the errors is still built.
  REQUIRE(p->module->campaigns.size() == 1);
  bool hasC = false;
  for (const auto &s : p->module->campaigns[0].steps)
    hasC |= s.name.text == "c";
  CHECK(hasC);
}

TEST_CASE("an unterminated string is reported as such", "[parser][compiler]") {
  auto p = parseText("campaign c { title \"no end\n }");
  auto sorted = p->diags.sorted();
  REQUIRE_FALSE(sorted.empty());
  CHECK(sorted[0].message == "unterminated string literal");
  CHECK(sorted[0].range.begin.line == 1);
  CHECK(sorted[0].range.begin.column == 20);
}

TEST_CASE("invalid UTF-8 is reported with its position", "[parser][compiler][utf8]") {
  auto p = parseText("campaign c {\n  title \"ab\xC3\x28\"\n}");
  auto sorted = p->diags.sorted();
  REQUIRE(sorted.size() == 1);
  CHECK(sorted[0].code() == "E0001");
  CHECK(sorted[0].range.begin.line == 2);
  CHECK(sorted[0].range.begin.column == 12);
  CHECK(sorted[0].message == "source is not valid UTF-8 (byte 0xC3)");
}
