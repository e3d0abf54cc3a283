// The linear search that decides whether a campaign breaks a path rule must agree with the
// search that finds the paths: a miss would let a violation through without a word.
#include "FlowGraph.h"
#include "ModuleLoader.h"
#include "Offer.h"
#include "PathChecks.h"
#include "PolicySettings.h"
#include "RepositorySources.h"
#include "Resolve.h"
#include "Templates.h"
#include "Wording.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace patter;

namespace {

/// What the two searches say about one campaign: nullopt if the text declares none.
struct Verdicts {
  bool probe;
  bool exact;
};

std::optional<Verdicts> verdicts(const std::string &path, std::string text) {
  SourceManager sources;
  DiagnosticEngine diags;
  ModuleLoader loader(sources, diags, SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  LoadedModules loaded;
  loader.load(path, std::move(text), loaded);
  if (loaded.size() == 0 || loaded[0].campaigns.empty())
    return std::nullopt;
  resolveModules(loaded.modules(), diags);
  Program program = resolveCampaign(loaded[0].campaigns.front(), loaded.modules(), diags);
  std::vector<TypedFact> offer = checkOffer(program, diags);
  TemplateScope templates(program.title.str(), offer);
  FlowGraph graph(program);
  PolicySettings settings = readPolicySettings(program.policy, nullptr);
  std::string product;
  for (const TypedFact &f : offer)
    if (f.name == "product")
      product = spokenFact(f);
  Lexicon lexicon = program.policy ? Lexicon::load(*program.policy, nullptr) : Lexicon();
  ClauseClaims claims = checkWording(program, lexicon, offer, templates, sources, diags);
  ComplianceInputs in{program, graph, settings, templates, product, claims};
  DiagnosticEngine found;
  reportCallPaths(in, found);
  return Verdicts{callPathsBreakRules(in), !found.sorted().empty()};
}

/// The text without its line `drop` (0-based).
std::string withoutLine(const std::string &text, size_t drop) {
  std::istringstream in(text);
  std::string line, out;
  for (size_t n = 0; std::getline(in, line); ++n)
    if (n != drop)
      out += line + "\n";
  return out;
}

bool isStatementLine(const std::string &line) {
  for (const char *keyword : {"disclose ", "verify owner", "confirm", "say ", "ask ", "on ",
                              "goto ", "retry", "exhausted ", "register", "invoke "})
    if (line.find(keyword) != std::string::npos)
      return true;
  return false;
}

} // namespace

TEST_CASE("the linear path search agrees with the exact one on every campaign and on each "
          "with one statement line deleted",
          "[paths][compiler]") {
  size_t breaking = 0, clean = 0;
  auto compare = [&](const std::string &name, const std::string &text) {
    std::optional<Verdicts> v = verdicts(name, text);
    if (!v)
      return;
    INFO(name << "\n" << text);
    REQUIRE(v->probe == v->exact);
    ++(v->exact ? breaking : clean);
  };
  for (const test::NamedSource &source : test::repositorySources()) {
    if (source.text.find("campaign") == std::string::npos)
      continue;
    compare(source.name, source.text);
    std::istringstream in(source.text);
    std::string line;
    for (size_t n = 0; std::getline(in, line); ++n)
      if (isStatementLine(line))
        compare(source.name + " without line " + std::to_string(n + 1),
                withoutLine(source.text, n));
  }
  // Both answers must be well represented, or the agreement proves little.
  CHECK(breaking > 100);
  CHECK(clean > 100);
}
