// The SARIF renderer and the rule registry: what a code-scanning service reads from a check.
#include "Render.h"
#include "Rules.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace patter;
using nlohmann::json;

namespace {

json sarifOf(const std::vector<DiagnosticSet> &sets, SarifOptions options = {"1.2.3", "", "https://example.org/patter/", {}}) {
  return json::parse(renderSarif(sets, options));
}

const json &onlyRun(const json &log) {
  REQUIRE(log.at("runs").size() == 1);
  return log["runs"][0];
}

} // namespace

TEST_CASE("every rule R01..R21 is in the registry with its text, seed and example",
          "[rules][compiler]") {
  REQUIRE(allRules().size() == 21);
  for (size_t i = 0; i < allRules().size(); ++i) {
    const RuleInfo &rule = allRules()[i];
    INFO(rule.id);
    CHECK(rule.id == fmt::format("R{:02}", i + 1));
    CHECK(findRule(rule.id) == &rule);
    CHECK_FALSE(rule.title.empty());
    CHECK_FALSE(rule.text.empty());
    CHECK_FALSE(rule.source.empty());
    CHECK_FALSE(rule.where.empty());
    CHECK_FALSE(rule.example.empty());
  }
  CHECK(findRule("R22") == nullptr);
  CHECK(findRule("r01") == nullptr);
  CHECK(findRule("R01")->source == "000#Q1, Q6");
}

TEST_CASE("every rule a diagnostic cites is in the registry", "[rules][diagnostics][compiler]") {
  for (const DiagInfo &info : allDiagnostics()) {
    INFO(info.code);
    if (!info.rule.empty())
      CHECK(findRule(info.rule) != nullptr);
    CHECK(findDiagnostic(info.code) == &info);
  }
  auto r02 = diagnosticsForRule("R02");
  REQUIRE_FALSE(r02.empty());
  CHECK(r02.front()->code == "E0501");
}

TEST_CASE("message templates read as sentences", "[rules][compiler]") {
  CHECK(readableTemplate("policy '{}' requires a '{}' clause") == "policy '…' requires a '…' clause");
  CHECK(readableTemplate("unknown template variable '{{{}}}'{}") ==
        "unknown template variable '{…}'…");
  CHECK(readableTemplate("byte 0x{:02X}") == "byte 0x…");
  CHECK(diagnosticName(DiagId::MissingMandatoryClause) == "MissingMandatoryClause");
}

TEST_CASE("a SARIF log has one run with rule descriptors and code-point columns",
          "[sarif][render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("campaigns/c.patter", "policy p { limit retention 5 }\n  say \"您好\"\n");
  DiagnosticEngine diags;
  diags.report(DiagId::RetentionAboveCap, {{f, 1, 12}, {f, 1, 29}}, "retention", 5u, 3u);
  diags.report(DiagId::UndefinedStep, {{f, 2, 3}, {f, 2, 6}}, "b", "");
  json log = sarifOf({{&sources, diags.sorted()}});

  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  const json &run = onlyRun(log);
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(run["tool"]["driver"]["name"] == "patter");
  CHECK(run["tool"]["driver"]["version"] == "1.2.3");
  CHECK(run["tool"]["driver"]["informationUri"] == "https://example.org/patter/");
  CHECK(run["invocations"][0]["executionSuccessful"] == true);

  const json &rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]["id"] == "E0102"); // in code order
  CHECK(rules[1]["id"] == "E0207");
  CHECK(rules[1]["name"] == "RetentionAboveCap");
  CHECK(rules[1]["shortDescription"]["text"] == "'…' ceiling … is above …: more is forced marketing");
  CHECK(rules[1]["fullDescription"]["text"].get<std::string>().rfind("R08 ", 0) == 0);
  CHECK(rules[1]["properties"]["rule"] == "R08");
  CHECK(rules[1]["defaultConfiguration"]["level"] == "error");
  CHECK(rules[1]["help"]["text"].get<std::string>().find("docs/diagnostics/E0207.md") !=
        std::string::npos);
  CHECK_FALSE(rules[1].contains("helpUri")); // no published docs given
  CHECK_FALSE(rules[0]["properties"].contains("rule"));
  // A code that cites no rule is described and helped all the same (code-scanning services
  // show both beside every result).
  CHECK(rules[0]["fullDescription"]["text"].get<std::string>().rfind("error E0102: ", 0) == 0);
  CHECK(rules[0]["help"]["text"].get<std::string>().find("patter explain E0102") !=
        std::string::npos);

  const json &results = run["results"];
  REQUIRE(results.size() == 2);
  const json &r = results[0];
  CHECK(r["ruleId"] == "E0207");
  CHECK(r["ruleIndex"] == 1);
  CHECK(r["level"] == "error");
  CHECK(r["message"]["text"] == "'retention' ceiling 5 is above 3: more is forced marketing [R08]");
  CHECK(r["properties"]["rule"] == "R08");
  const json &where = r["locations"][0]["physicalLocation"];
  CHECK(where["artifactLocation"]["uri"] == "campaigns/c.patter");
  CHECK(where["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(where["region"] == json{{"startLine", 1}, {"startColumn", 12}, {"endLine", 1}, {"endColumn", 29}});
  CHECK(results[1]["message"]["text"] == "no step named 'b'");
  CHECK_FALSE(results[1].contains("properties"));
}

TEST_CASE("notes become related locations and path notes a code flow", "[sarif][render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("c.patter", "step a {\n  register\n}\nstep b {\n}\n");
  DiagnosticEngine diags;
  Diagnostic &d = diags.report(DiagId::UndisclosedClause, {{f, 2, 3}, {f, 2, 11}}, "clause 'term'");
  d.notes.push_back({{{f, 1, 6}, {f, 1, 7}}, "path: step 'a', then on yes"});
  d.notes.push_back({{{f, 4, 6}, {f, 4, 7}}, "path: step 'b'"});
  d.notes.push_back({{{f, 1, 6}, {f, 1, 7}}, "path: step 'a', then on yes"}); // a loop: same place
  d.notes.push_back({{{f, 4, 1}, {f, 4, 5}}, "required here"});
  json r = onlyRun(sarifOf({{&sources, diags.sorted()}}))["results"][0];

  const json &related = r["relatedLocations"];
  REQUIRE(related.size() == 4);
  CHECK(related[0]["id"] == 1);
  CHECK(related[2]["id"] == 3); // ids keep the repeated place distinct (the schema wants unique items)
  CHECK(related[3]["message"]["text"] == "required here");
  CHECK(related[1]["physicalLocation"]["region"]["startLine"] == 4);

  REQUIRE(r["codeFlows"].size() == 1);
  const json &steps = r["codeFlows"][0]["threadFlows"][0]["locations"];
  REQUIRE(steps.size() == 3); // only the path notes, in order
  CHECK(steps[0]["location"]["message"]["text"] == "path: step 'a', then on yes");
  CHECK(steps[1]["location"]["physicalLocation"]["region"]["startLine"] == 4);
  CHECK(steps[2]["executionOrder"] == 3);
}

TEST_CASE("a diagnostic without path notes has no code flow", "[sarif][render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("c.patter", "clauses {\n}\n");
  DiagnosticEngine diags;
  Diagnostic &d =
      diags.report(DiagId::MissingMandatoryClause, {{f, 1, 1}, {f, 1, 8}}, "mobile_outbound", "term");
  d.notes.push_back({{{f, 2, 1}, {f, 2, 2}}, "required here"});
  json r = onlyRun(sarifOf({{&sources, diags.sorted()}}))["results"][0];
  CHECK(r["relatedLocations"].size() == 1);
  CHECK_FALSE(r.contains("codeFlows"));
  CHECK_FALSE(r.contains("fixes"));
}

TEST_CASE("fix-its become one fix with replacements", "[sarif][render][compiler]") {
  SourceManager sources;
  uint32_t f = sources.add("c.patter", "  say \"完全免费\"\n");
  DiagnosticEngine diags;
  Diagnostic &d = diags.report(DiagId::SyntaxError, {{f, 1, 8}, {f, 1, 12}}, "banned");
  d.fixIts.push_back({{{f, 1, 8}, {f, 1, 12}}, "优惠力度很大"});
  json r = onlyRun(sarifOf({{&sources, diags.sorted()}}))["results"][0];
  REQUIRE(r["fixes"].size() == 1);
  const json &change = r["fixes"][0]["artifactChanges"][0];
  CHECK(change["artifactLocation"]["uri"] == "c.patter");
  const json &replacement = change["replacements"][0];
  CHECK(replacement["deletedRegion"] ==
        json{{"startLine", 1}, {"startColumn", 8}, {"endLine", 1}, {"endColumn", 12}});
  CHECK(replacement["insertedContent"]["text"] == "优惠力度很大");
  CHECK(r["fixes"][0]["description"]["text"] == "replace with '优惠力度很大'");
}

TEST_CASE("file names become URIs that work on every machine", "[sarif][render][compiler]") {
  SourceManager sources;
  uint32_t lib = sources.add("<stdlib>/std/policy/mobile_outbound.patter", "x\n");
  uint32_t abs = sources.add("/srv/营销 脚本/c.patter", "x\n");
  DiagnosticEngine diags;
  diags.report(DiagId::SyntaxError, {{lib, 1, 1}, {lib, 1, 2}}, "a");
  diags.report(DiagId::SyntaxError, {{abs, 1, 1}, {abs, 1, 2}}, "b");
  json results = onlyRun(sarifOf({{&sources, diags.sorted()}}))["results"];
  json libLocation = results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(libLocation == json{{"uri", "std/policy/mobile_outbound.patter"}, {"uriBaseId", "PATTER_STDLIB"}});
  json absLocation = results[1]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(absLocation == json{{"uri", "file:///srv/%E8%90%A5%E9%94%80%20%E8%84%9A%E6%9C%AC/c.patter"}});
}

TEST_CASE("several compilations make one run; unreadable inputs are notifications",
          "[sarif][json][render][compiler]") {
  SourceManager first, second;
  uint32_t a = first.add("a.patter", "x\n");
  uint32_t b = second.add("b.patter", "x\n");
  DiagnosticEngine da, db;
  da.report(DiagId::SyntaxError, {{a, 1, 1}, {a, 1, 2}}, "a");
  db.report(DiagId::UnreachableStep, {{b, 1, 1}, {b, 1, 2}}, "step", "s");
  std::vector<DiagnosticSet> sets = {{&first, da.sorted()}, {&second, db.sorted()}};

  json log = sarifOf(sets, {"1.2.3", "https://example.org/docs/diagnostics/",
                                  "https://example.org/docs/diagnostics/", {"gone.patter"}});
  const json &run = onlyRun(log);
  REQUIRE(run["results"].size() == 2);
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.patter");
  CHECK(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "b.patter");
  CHECK(run["results"][1]["level"] == "warning");
  CHECK(run["tool"]["driver"]["rules"][0]["helpUri"] ==
        "https://example.org/docs/diagnostics/E0002.md");
  const json &invocation = run["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] == "cannot read 'gone.patter'");

  json doc = json::parse(renderJson(sets));
  CHECK(doc["diagnostics"].size() == 2);
  CHECK(doc["errors"] == 1);
  CHECK(doc["warnings"] == 1);
  CHECK(doc["diagnostics"][1]["location"]["file"] == "b.patter");
}

TEST_CASE("an empty check is still a valid log", "[sarif][render][compiler]") {
  json log = sarifOf({});
  const json &run = onlyRun(log);
  CHECK(run["results"].empty());
  CHECK(run["tool"]["driver"]["rules"].empty());
}

TEST_CASE("the counterexample paths of a real check reach the SARIF log", "[sarif][golden][compiler]") {
  std::string text;
  const std::string path = "examples/violations/skipped_clause_and_owner_check.patter";
  REQUIRE(readFile(path, text));
  Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  compilation.run(path, std::move(text), false);
  json run = onlyRun(sarifOf({{&compilation.sources(), compilation.diagnostics().sorted()}}));
  bool sawFlow = false;
  for (const json &r : run["results"]) {
    CHECK(r["properties"]["rule"].get<std::string>().rfind("R", 0) == 0);
    sawFlow |= r.contains("codeFlows");
  }
  CHECK(sawFlow);
}

TEST_CASE("a waived finding is a suppressed result with the waiver's reason",
          "[sarif][waiver][compiler]") {
  std::string text;
  const std::string path = "tests/golden/waivers.patter";
  REQUIRE(readFile(path, text));
  Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  compilation.run(path, std::move(text), false);
  CHECK_FALSE(compilation.diagnostics().hasErrors());
  json run = onlyRun(sarifOf({{&compilation.sources(), compilation.diagnostics().sorted()}}));
  int suppressed = 0;
  for (const json &r : run["results"])
    if (r.contains("suppressions")) {
      ++suppressed;
      CHECK(r["ruleId"] == "E0511");
      CHECK(r["suppressions"][0]["kind"] == "inSource");
      CHECK(r["suppressions"][0]["justification"].get<std::string>().rfind("the BOSS system", 0) ==
            0);
      CHECK(r["suppressions"][0]["location"]["physicalLocation"]["region"]["startLine"] == 34);
    }
  CHECK(suppressed == 1);
}
