// The flow the compiler proves is the flow the runtime runs: every campaign of the repository
// that builds (examples, goldens, the docs' and stdlib's patter blocks) is lowered, emitted,
// loaded and decoded back, and must equal what was lowered; every golden flow file decodes and
// is written again byte for byte.
#include "Compiler.h"
#include "FlowEmitter.h"
#include "RepositorySources.h"
#include "TestSupport.h"

#include "decode.h"
#include "patter/flow.h"
#include "patter/identity.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
namespace cf = patter::callflow;

namespace {

std::vector<fs::path> filesIn(const fs::path &dir, std::string_view suffix) {
  std::vector<fs::path> out;
  for (const auto &entry : fs::directory_iterator(dir))
    if (entry.path().string().ends_with(suffix))
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

cf::CallFlow decode(const std::string &text) {
  return patter::detail::decodeFlow(patter::detail::JsonTape(text));
}

/// Where two flows first differ, for the failure message: the member, and the node by id.
std::string firstDifference(const cf::CallFlow &a, const cf::CallFlow &b) {
  if (a.campaign != b.campaign) return "campaign";
  if (a.policy != b.policy) return "policy";
  if (a.offer != b.offer) return "offer";
  if (a.clauses != b.clauses) return "clauses";
  if (a.start != b.start) return "start";
  for (auto [list, name] : {std::pair{&cf::CallFlow::steps, "steps"}, {&cf::CallFlow::objections, "objections"}}) {
    const auto &x = a.*list, &y = b.*list;
    if (x.size() != y.size()) return std::string(name) + " (count)";
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i] != y[i]) return std::string(name) + " '" + x[i].id + "'";
  }
  if (a.handlers != b.handlers) return "handlers";
  if (a.identity != b.identity) return "identity";
  if (a.replies != b.replies) return "replies";
  if (a.waivers != b.waivers) return "waivers";
  if (a.sources != b.sources) return "sources";
  return "nothing";
}

} // namespace

TEST_CASE("lower, emit, load and decode give back the lowered flow", "[callflow]") {
  size_t built = 0;
  for (const patter::test::NamedSource &source : patter::test::repositorySources()) {
    patter::Compilation compilation(patter::SearchPath{{}, PATTER_SOURCE_DIR "/stdlib", {}});
    std::optional<std::string> json = compilation.run(source.name, source.text, true);
    if (!json)
      continue; // a module without a campaign, or a campaign that shows an error
    ++built;
    INFO(source.name);
    REQUIRE(compilation.lowered());
    cf::CallFlow lowered = *compilation.lowered();

    patter::LoadResult loaded = patter::Flow::load(*json);
    INFO(loaded.error);
    CHECK(loaded);
    if (!loaded)
      continue;
    cf::CallFlow decoded = decode(*json);
    // The identity hashes the written flow, which the lowered flow cannot hold before it is
    // written; the runtime's is the one the file claims.
    REQUIRE(decoded.identity);
    CHECK(decoded.identity->flow == loaded.flow->identity());
    decoded.identity->flow.clear();
    INFO("first difference: " << firstDifference(lowered, decoded));
    CHECK(decoded == lowered);
    CHECK(patter::emitFlow(decoded) == *json);
  }
  // The six examples, the golden flows and the docs' clean campaigns: fewer means the test
  // lost its inputs.
  CHECK(built >= 30);
}

TEST_CASE("every golden flow file decodes and is written again byte for byte", "[callflow]") {
  std::vector<fs::path> flows = filesIn("tests/golden", ".flow.json");
  for (const fs::path &p : filesIn("tests/golden/examples", ".flow.json"))
    flows.push_back(p);
  REQUIRE(flows.size() >= 10);
  for (const fs::path &path : flows) {
    INFO(path.string());
    const std::string text = patter::test::readSource(path);
    REQUIRE(patter::Flow::load(text));
    CHECK(patter::emitFlow(decode(text)) == text);
  }
}

TEST_CASE("a flow that differs in one route does not compare equal", "[callflow]") {
  const std::string text = patter::test::readSource("tests/golden/examples/data_pack_10.flow.json");
  const cf::CallFlow flow = decode(text);
  cf::CallFlow changed = flow;
  auto step = std::find_if(changed.steps.begin(), changed.steps.end(),
                           [](const cf::Node &n) { return !n.routes.empty(); });
  REQUIRE(step != changed.steps.end());
  step->routes.front().target = {cf::Target::Kind::End, cf::kUnresolved, "declined"};
  CHECK_FALSE(changed == flow);
  CHECK(patter::emitFlow(changed) != text);
}

TEST_CASE("the identity the emitter seals is the one the loader computes", "[callflow]") {
  // The emitter hashes the canonical text it writes beside the flow; the loader parses the
  // file and writes that text again. Amounts spelt with a trailing zero and strings that need
  // escapes are where two spellings of one document could part.
  std::string text = patter::test::readSource("examples/data_pack_10.patter");
  const auto replace = [&](std::string_view what, std::string_view with) {
    const size_t at = text.find(what);
    REQUIRE(at != std::string::npos);
    text.replace(at, what.size(), with);
  };
  replace("price     10 yuan per month", "price     10.50 yuan per month");
  for (size_t at; (at = text.find("10元")) != std::string::npos;)
    text.replace(at, 5, "10.50元"); // the title, the product, the clauses
  replace("step pitch {\n", "step pitch {\n    say \"\\\"好消息\\\"\\t\\\\ 活动\"\n");
  const patter::test::Compiled compiled = patter::test::compileSource("amounts.patter", text);
  INFO(compiled.diagnostics);
  const std::optional<std::string> &json = compiled.flow;
  REQUIRE(json);
  REQUIRE(json->find("10.50") != std::string::npos);
  REQUIRE(json->find("\\\"好消息\\\"\\t\\\\") != std::string::npos);
  const cf::CallFlow decoded = decode(*json);
  REQUIRE(decoded.identity);
  CHECK(patter::flowIdentity(*json) == decoded.identity->flow);
  patter::LoadResult loaded = patter::Flow::load(*json);
  INFO(loaded.error);
  CHECK(loaded);

  // The compiler spells amounts as the loader does (10.5); a flow decoded from a file keeps
  // the spelling it was written with, and is sealed as the loader will read it.
  cf::CallFlow written = decoded;
  auto price = std::find_if(written.offer->begin(), written.offer->end(),
                            [](const auto &fact) { return fact.second.amount == "10.5"; });
  REQUIRE(price != written.offer->end());
  price->second.amount = "10.50";
  const std::string rewritten = patter::emitFlow(written);
  REQUIRE(rewritten.find("\"amount\": 10.50") != std::string::npos);
  CHECK(patter::flowIdentity(rewritten) == decode(rewritten).identity->flow);
  CHECK(patter::Flow::load(rewritten));
}
