// Templates: checked against the offer, expanded at build time, runtime ones kept.
#include "Templates.h"

#include <catch2/catch.hpp>

using namespace patter;

namespace {

TypedFact money() {
  TypedFact f;
  f.name = "price";
  f.type = TypedFact::Type::Money;
  f.amount = "10";
  f.unit = "yuan";
  f.per = "month";
  return f;
}

} // namespace

TEST_CASE("build-time templates expand and runtime ones stay", "[templates][compiler]") {
  TemplateScope scope("流量包", {money()});
  CHECK(scope.expand("{campaign.title}每月{offer.price},号码{phone.masked}{{x}}") ==
        "流量包每月10元/月,号码{phone.masked}{x}");
}

TEST_CASE("expanding into a buffer copies only text that has braces", "[templates][compiler]") {
  TemplateScope scope("流量包", {money()});
  std::string buffer = "left over";
  std::string plain = "每月十元";
  CHECK(scope.expand(plain, buffer).data() == plain.data());
  CHECK(scope.expand("{offer.price}}}{{", buffer) == "10元/月}{");
  CHECK(scope.expand("价格{offer.price", buffer) == "价格");
}

TEST_CASE("unknown variables and unclosed braces are reported", "[templates][compiler]") {
  TemplateScope scope("t", {money()});
  SourceManager sources;
  uint32_t f = sources.add("t.patter", "say \"价格{offer.prise}\"\nsay \"{phone.first3\"");
  DiagnosticEngine diags;
  scope.check({"价格{offer.prise}", {{f, 1, 5}, {f, 1, 21}}}, diags);
  scope.check({"{phone.first3", {{f, 2, 5}, {f, 2, 20}}}, diags);
  auto sorted = diags.sorted();
  REQUIRE(sorted.size() == 2);
  CHECK(sorted[0].code() == "E0108");
  CHECK(sorted[0].range.begin.column == 8);
  CHECK(sorted[0].message == "unknown template variable '{offer.prise}', did you mean 'offer.price'?");
  CHECK(sorted[1].code() == "E0109");
}

TEST_CASE("offer facts read aloud in Chinese", "[templates][offer][compiler]") {
  CHECK(spokenFact(money()) == "10元/月");
  TypedFact term;
  term.type = TypedFact::Type::Duration;
  term.amount = "12";
  term.unit = "month";
  CHECK(spokenFact(term) == "12个月");
}
