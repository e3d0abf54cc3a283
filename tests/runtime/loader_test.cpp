// Loader tests: every validation error names its JSON path; hostile input never crashes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flows.h"
#include "support.h"

using patter::Flow;
using patter::test::kDataPack;
using patter::test::loadError;
using patter::test::mustLoad;
using patter::test::replaced;

namespace {

/// Whether `s` is well-formed UTF-8 (error messages must be printable whatever the input).
bool wellFormed(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

} // namespace

TEST_CASE("the data-pack flow loads with its facts", "[runtime][loader]") {
  const Flow flow = mustLoad(kDataPack);
  CHECK(flow.campaignId() == "data_pack_10");
  CHECK(flow.product() == "10元5GB流量月包");
  CHECK(flow.startStep() == "greet");
  CHECK(flow.stepCount() == 5);
  CHECK(flow.stepId(3) == "done");
  CHECK(flow.objectionCount() == 3);
  CHECK(flow.objectionId(2) == "declined");
  CHECK(flow.clauseCount() == 6);
  CHECK(flow.clauseId(3) == "term");
  CHECK(flow.clauseText(3) == "活动期为12个月");
  CHECK(flow.isMandatory(5)); // an empty mandatory list means every clause
  CHECK(flow.limits().retention == 2);
  CHECK(flow.limits().retentionAngry == 1);
  CHECK(flow.limits().wait == 2); // default
}

TEST_CASE("the product falls back to the campaign title", "[runtime][loader]") {
  const Flow flow = mustLoad(replaced(kDataPack, R"("product": { "type": "text", "value": "10元5GB流量月包" },)", ""));
  CHECK(flow.product() == "10元5GB流量月包");
  const Flow renamed = mustLoad(replaced(kDataPack, R"("title": "10元5GB流量月包")", R"("title": "流量包")"));
  CHECK(renamed.product() == "10元5GB流量月包");
}

TEST_CASE("unknown keys are ignored (compatibility policy)", "[runtime][loader]") {
  mustLoad(replaced(kDataPack, R"("start": "greet",)", R"("start": "greet", "future_key": {"x": [1, 2]},)"));
  mustLoad(replaced(kDataPack, R"("retention": 2,)", R"("retention": 2, "new_counter": 5,)"));
}

struct Mutation {
  std::string_view from;
  std::string_view to;
  std::string_view error;
};

TEST_CASE("each validation error names its JSON path", "[runtime][loader]") {
  const Mutation cases[] = {
      {R"("format": "patter-flow")", R"("format": "ink")", R"(format: expected "patter-flow", found "ink")"},
      {R"("version": 1)", R"("version": 2)", "version: unsupported version 2 (this runtime reads version 1)"},
      {R"("version": 1)", R"("version": "1")", "version: expected an integer, found a string"},
      {R"("version": 1)", R"("version": 1.0)", "version: expected an integer, found a floating-point number"},
      {R"("format": "patter-flow",)", "", "(root): missing 'format'"},
      {R"("start": "greet",)", "", "(root): missing 'start'"},
      {R"("start": "greet")", R"("start": "nowhere")", "start: unknown step 'nowhere'"},
      {R"("channel": "outbound")", R"("channel": "fax")", "campaign.channel: unknown channel 'fax'"},
      {R"("id": "data_pack_10")", R"("id": "")", "campaign.id: must not be empty"},
      {R"("yes": { "step": "confirm" })", R"("yes": { "step": "confrim" })", "steps[1].routes.yes: unknown step 'confrim'"},
      {R"("no": { "objection": "declined" })", R"("no": { "objection": "nope" })", "steps[1].routes.no: unknown objection 'nope'"},
      {R"("no": { "end": "not_owner" })", R"("no": { "end": "not_owner", "step": "pitch" })",
       "steps[0].routes.no: a target needs exactly one of 'step', 'end', 'objection' or 'resume'"},
      {R"("no": { "end": "not_owner" })", R"("no": { "end": 3 })", "steps[0].routes.no.end: expected a string, found an integer"},
      {R"("yes": { "resume": true })", R"("yes": { "resume": false })", "steps[4].routes.yes.resume: must be true"},
      {R"({ "op": "verify_owner" })", R"({ "op": "verify" })", "steps[0].actions[1].op: unknown op 'verify'"},
      {R"({ "op": "verify_owner" })", R"({ "opp": "verify_owner" })", "steps[0].actions[1]: missing 'op'"},
      {R"("effective", "term")", R"("effective", "trem")", "steps[1].actions[1].clauses[3]: unknown clause 'trem'"},
      {R"(["price", "includes", "effective", "term", "expiry", "downgrade"])", "[]",
       "steps[1].actions[1].clauses: 'disclose' needs at least one clause"},
      {R"({ "op": "say", "text": "已为您登记成功,稍后您会收到短信通知。" })", R"({ "op": "say", "text": 42 })",
       "steps[3].actions[1].text: expected a string, found an integer"},
      {R"({ "id": "still_there",)", R"({ "id": "greet",)", "steps[4].id: duplicate step id 'greet' (also steps[0])"},
      {R"({ "id": "still_there",)", R"({ "id": "",)", "steps[4].id: must not be empty"},
      {R"({ "id": "expiry",)", R"({ "id": "term",)", "clauses[4].id: duplicate clause id 'term'"},
      {R"({ "id": "no_data",)", R"({ "id": "wifi",)", "objections[1].id: duplicate objection id 'wifi' (also objections[0])"},
      {R"("keywords": ["不用流量"])", R"("keywords": ["wifi"])", "objections[1].keywords[0]: keyword 'wifi' already belongs to objection 'wifi'"},
      {R"("keywords": ["不用流量"])", R"("keywords": [""])", "objections[1].keywords[0]: must not be empty"},
      {R"("exhausted": { "end": "declined" })", R"("exhausted": { "objection": "wifi" })",
       "objections[2].exhausted: 'exhausted' must lead to a step or an end, not to another objection or 'resume'"},
      {R"("retry": true },)", R"("retry": "yes" },)", "objections[0].retry: expected a boolean, found a string"},
      {R"("retention": 2,)", R"("retention": -1,)", "policy.limits.retention: must not be negative, found -1"},
      {R"("retention": 2,)", R"("retention": 4,)", "policy.limits.retention: 4 exceeds the rules' cap of 3 (R08)"},
      {R"("retention_angry": 1,)", R"("retention_angry": 9,)", "policy.limits.retention_angry: 9 exceeds the rules' cap of 1 (R08)"},
      {R"("retention": 2,)", R"("retention": 2.5,)", "policy.limits.retention: expected a non-negative integer, found a floating-point number"},
      {R"("retention": 2,)", R"("retention": 99999999999999999999,)", "policy.limits.retention: expected a non-negative integer, found a floating-point number"},
      {R"("retention": 2,)", R"("retention": 18446744073709551615,)", "policy.limits.retention: 18446744073709551615 is out of range (at most 1000)"},
      {R"("not_understood": 3)", R"("not_understood": null)", "policy.limits.not_understood: expected a non-negative integer, found null"},
      {R"("mandatory": [])", R"("mandatory": ["price", "tax"])", "policy.mandatory[1]: unknown clause 'tax'"},
      {R"("mandatory": [])", R"("mandatory": ["price", "price"])", "policy.mandatory[1]: clause 'price' listed twice"},
      {R"("mandatory": [])", R"("mandatory": {})", "policy.mandatory: expected an array, found an object"},
      {R"("type": "duration", "amount": 12, "unit": "month")", R"("type": "duration", "amount": 12, "unit": "fortnight")",
       "offer.term.unit: unknown duration unit 'fortnight'"},
      {R"("type": "money", "amount": 10,)", R"("type": "money", "amount": "10",)", "offer.price.amount: expected a number, found a string"},
      {R"("type": "enum")", R"("type": "set")", "offer.expiry.type: unknown fact type 'set'"},
      {R"({phone.last4})", R"({offer.price})", "steps[0].actions[0].text: unknown template '{offer.price}'"},
      {R"("source": { "file": 0,)", R"("source": { "file": 1,)", "steps[0].source.file: file index 1 but 'sources' has 1 entries"},
      {R"("line": 30,)", R"("line": 0,)", "steps[0].source.line: must be at least 1"},
      {R"({ "op": "end", "outcome": "success" } ])", R"({ "op": "end", "outcome": "success" }, { "op": "register" } ])",
       "steps[3].actions[3]: unreachable: follows 'end'"},
      {R"({ "op": "verify_owner" } ])", R"({ "op": "verify_owner" }, { "op": "say", "text": "x" } ])",
       "steps[0].actions[2]: 'say' follows a waiting action; the action that waits for the reply must come last"},
      {R"({ "op": "end", "outcome": "success" } ])", R"({ "op": "say", "text": "x" } ])",
       "steps[3]: 'done' neither waits, ends, nor has 'next'"},
      {R"("retry": true, "exhausted")", R"("exhausted")", "objections[2]: 'declined' neither waits, ends, retries nor has 'next'"},
      {R"("handlers": { "silence": { "step": "still_there" } })", R"("handlers": { "silence": { "step": "gone" } })",
       "handlers.silence: unknown step 'gone'"},
      {R"("handlers": { "silence": { "step": "still_there" } })", R"("handlers": [])", "handlers: expected an object, found an array"},
      {R"("waivers": [])", R"("waivers": [{ "rule": "R09", "reason": "" }])", "waivers[0].reason: must not be empty"},
      {R"("steps": [)", R"("steps": [], "old": [)", "steps: a flow needs at least one step"},
  };
  for (const auto& c : cases) {
    INFO("mutation: " << c.from << " -> " << c.to);
    const std::string error = loadError(replaced(kDataPack, c.from, c.to));
    CHECK_THAT(error, Catch::StartsWith(std::string(c.error)));
  }
}

TEST_CASE("a chain of next without a wait is rejected as a loop", "[runtime][loader]") {
  const std::string json = replaced(kDataPack, R"({ "id": "still_there",)", R"({ "id": "a", "actions": [], "next": { "step": "b" } },
    { "id": "b", "actions": [ { "op": "say", "text": "x" } ], "next": { "step": "a" } },
    { "id": "still_there",)");
  CHECK(loadError(json) == "steps[4].next: loop without a wait: a -> b -> a");
}

TEST_CASE("a root that is not an object is rejected", "[runtime][loader][hostile]") {
  CHECK(loadError("[]") == "(root): expected an object, found an array");
  CHECK(loadError("null") == "(root): expected an object, found null");
  CHECK(loadError("\"patter-flow\"") == "(root): expected an object, found a string");
}

TEST_CASE("truncated JSON is an error at every cut, never a crash", "[runtime][loader][hostile]") {
  const std::string_view full = kDataPack;
  for (std::size_t n = 0; n < full.size(); n += 7) {
    const auto r = Flow::load(full.substr(0, n));
    INFO("cut at byte " << n);
    REQUIRE_FALSE(r.flow.has_value());
    CHECK_THAT(r.error, Catch::StartsWith("invalid JSON: "));
    CHECK(wellFormed(r.error));
  }
  CHECK(loadError("") == "invalid JSON: parse error at line 1, column 1: syntax error while parsing value - unexpected end of input; "
                         "expected '[', '{', or a literal");
}

TEST_CASE("deep nesting is rejected before parsing", "[runtime][loader][hostile]") {
  CHECK(loadError(std::string(100000, '[')) == "invalid JSON: nested deeper than 64 levels at byte 64");
  CHECK_THAT(loadError(std::string(100000, '[') + std::string(100000, ']')), Catch::StartsWith("invalid JSON: nested deeper"));
  std::string objects;
  for (int i = 0; i < 50000; ++i) objects += R"({"a":)";
  CHECK_THAT(loadError(objects), Catch::StartsWith("invalid JSON: nested deeper than 64 levels"));
  // Brackets inside strings are text, not nesting.
  mustLoad(replaced(kDataPack, R"("title": "10元5GB流量月包")", R"("title": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"{{{{")"));
}

TEST_CASE("numbers out of range are errors", "[runtime][loader][hostile]") {
  CHECK(loadError(replaced(kDataPack, R"("retention": 2,)", R"("retention": 1e400,)")) ==
        "invalid JSON: number overflow parsing '1e400'");
  CHECK_THAT(loadError(replaced(kDataPack, R"("line": 30,)", R"("line": 1e10,)")),
             Catch::StartsWith("steps[0].source.line: expected a non-negative integer"));
  CHECK_THAT(loadError(replaced(kDataPack, R"("amount": 10,)", R"("amount": -10,)")),
             Catch::StartsWith("offer.price.amount: must not be negative"));
}

TEST_CASE("invalid UTF-8 is an error with a printable message", "[runtime][loader][hostile]") {
  for (const std::string_view bad : {std::string_view("\xff"), std::string_view("\xc0\xaf"), std::string_view("\xed\xa0\x80"),
                                     std::string_view("\xe5\x97")}) {
    const std::string error =
        loadError(replaced(kDataPack, R"("text": "次月1日生效")", std::string(R"("text": "次月)") + std::string(bad) + "\""));
    CHECK_THAT(error, Catch::Contains("invalid string: ill-formed UTF-8 byte"));
    CHECK(wellFormed(error));
  }
  CHECK_THAT(loadError(replaced(kDataPack, R"("title": "10元5GB流量月包")", R"("title": "\ud800")")),
             Catch::Contains("surrogate"));
}

TEST_CASE("arbitrary bytes never crash the loader", "[runtime][loader][hostile]") {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  CHECK_THAT(loadError(bytes), Catch::StartsWith("invalid JSON: "));
  CHECK_THAT(loadError(std::string_view("{\"format\":\0}", 12)), Catch::StartsWith("invalid JSON: "));
  // Every single-byte corruption of a valid flow either loads or gives an error.
  std::string flow(kDataPack);
  for (std::size_t i = 0; i < flow.size(); i += 13) {
    std::string broken = flow;
    broken[i] = '}';
    const auto r = Flow::load(broken);
    CHECK((r.flow.has_value() || !r.error.empty()));
  }
}

TEST_CASE("wrong types everywhere give an error naming the key", "[runtime][loader][hostile]") {
  CHECK(loadError(replaced(kDataPack, R"("steps": [)", R"("steps": 7, "x": [)")) == "steps: expected an array, found an integer");
  CHECK(loadError(replaced(kDataPack, R"("clauses": [)", R"("clauses": "all", "x": [)")) == "clauses: expected an array, found a string");
  CHECK(loadError(replaced(kDataPack, R"("campaign": {)", R"("campaign": true, "x": {)")) == "campaign: expected an object, found a boolean");
  CHECK(loadError(replaced(kDataPack, R"("routes": { "yes": { "step": "pitch" }, "no": { "end": "not_owner" } })", R"("routes": [])")) ==
        "steps[0].routes: expected an object, found an array");
  CHECK(loadError(replaced(kDataPack, R"("actions": [ { "op": "ask", "text": "您好,请问您还在听吗?" } ])", R"("actions": [ 1 ])")) ==
        "steps[4].actions[0]: expected an object, found an integer");
}

namespace {

/// `j` with the members of every object written in reverse key order.
nlohmann::ordered_json reversedKeys(const nlohmann::json& j) {
  if (j.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& e : j) out.push_back(reversedKeys(e));
    return out;
  }
  if (!j.is_object()) return j;
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  for (auto k = keys.rbegin(); k != keys.rend(); ++k) out[*k] = reversedKeys(j.at(*k));
  return out;
}

} // namespace

TEST_CASE("the order of keys is not part of a flow: same identity, same flow", "[runtime][loader][identity]") {
  const std::string golden = patter::test::slurp(patter::test::kSource / "tests/golden/examples/data_pack_10.flow.json");
  const std::string reordered = reversedKeys(nlohmann::json::parse(golden)).dump(1);
  REQUIRE(reordered.find(R"("waivers")") < reordered.find(R"("campaign")")); // really in another order
  const auto a = patter::Flow::load(golden);
  const auto b = patter::Flow::load(reordered);
  INFO(b.error);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a.flow->identity() == b.flow->identity());
  CHECK(a.flow->stepCount() == b.flow->stepCount());
}

TEST_CASE("a key given twice in one object is refused", "[runtime][loader][hostile]") {
  CHECK_THAT(loadError(replaced(kDataPack, R"("format": "patter-flow",)", R"("format": "patter-flow", "format": "patter-flow",)")),
             Catch::Contains("key 'format' given twice in one object"));
  // Apart, in an object whose keys come out of order.
  CHECK_THAT(loadError(replaced(kDataPack, R"("format": "patter-flow",)", R"("format": "patter-flow", "campaign": {},)")),
             Catch::Contains("given twice in one object"));
}
