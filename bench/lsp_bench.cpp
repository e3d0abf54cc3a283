// How long `patter lsp` takes from a change of a 3,000-line campaign to its diagnostics.
//
//   lsp_bench [--lines N] [--changes C]
//
// Generates a campaign of at least N lines (default 3000) from the benchmark corpus, opens it
// once (which fills the module cache with the standard library, as the first open in an editor
// does), then applies C changes (default 200) alternating between a clean edit and one that
// puts banned wording into a pitch. Each change is timed the way the server handles a
// `didChange`: parse the JSON notification holding the whole text, compile and index the
// document (lsp::Analysis), turn the diagnostics into the publishDiagnostics JSON and serialise
// it. Prints the median, 95th percentile and maximum wall time per change.
#include "Analysis.h"
#include "Features.h"
#include "ModuleCache.h"
#include "corpus.h"
#include "measure.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

using namespace patter;

int main(int argc, char **argv) {
  unsigned lines = 3000, changes = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--lines"))
      lines = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--changes"))
      changes = static_cast<unsigned>(std::stoul(argv[i + 1]));
  }
  std::string text;
  unsigned factor = 1;
  for (;; ++factor) {
    text = bench::generateCampaign(7, 0, factor);
    if (std::count(text.begin(), text.end(), '\n') >= static_cast<long>(lines))
      break;
  }
  const std::string path = PATTER_SOURCE_DIR "/bench/generated.patter"; // never written
  const SearchPath search{{}, PATTER_SOURCE_DIR "/stdlib"};
  const lsp::Workspace workspace{"file://" + path, search.stdlibDir, ""};
  ModuleCache cache;
  { lsp::Analysis first(path, text, search, cache); }

  // A clean edit (one more character in the first `say`) and a violating one.
  size_t say = text.find("say \"");
  std::string clean = text, banned = text;
  clean.insert(say + 5, "好");
  banned.insert(say + 5, "完全免费,");

  std::vector<double> times;
  size_t published = 0;
  for (unsigned i = 0; i < changes; ++i) {
    const std::string &version = i % 2 ? banned : clean;
    std::string message = nlohmann::json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                                         {"params", {{"textDocument", {{"uri", workspace.mainUri}, {"version", i}}},
                                                     {"contentChanges", {{{"text", version}}}}}}}
                              .dump();
    bench::Stopwatch clock;
    nlohmann::json change = nlohmann::json::parse(message);
    lsp::Analysis analysis(path, change["params"]["contentChanges"][0]["text"], search, cache);
    for (auto &[uri, list] : lsp::diagnosticsByUri(analysis, workspace))
      published += nlohmann::json{{"method", "textDocument/publishDiagnostics"},
                                  {"params", {{"uri", uri}, {"diagnostics", list}}}}
                       .dump()
                       .size() + list.size();
    times.push_back(clock.wall() * 1e3);
  }
  std::sort(times.begin(), times.end());
  auto at = [&](double q) { return times[std::min(times.size() - 1, size_t(q * times.size()))]; };
  fmt::print("campaign: {} lines, {} bytes (corpus factor {}); {} changes; {} bytes published\n",
             std::count(text.begin(), text.end(), '\n'), text.size(), factor, changes, published);
  fmt::print("change to diagnostics: median {:.1f} ms, p95 {:.1f} ms, max {:.1f} ms\n", at(0.5),
             at(0.95), times.back());
  return 0;
}
