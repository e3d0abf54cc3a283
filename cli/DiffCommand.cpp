// `patter diff OLD NEW`: what changed between two versions of a campaign in compliance terms.
#include "FlowDiff.h"
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

int diffCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseReviewOptions(args, "diff", {"text", "json"}, {});
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter diff [options] OLD NEW\n\n"
               "Compares two versions of a campaign (sources or built flows, in any mix) in\n"
               "compliance terms: clauses added, removed or reworded; mandatory clauses; paths to\n"
               "a sale gained or lost (by the clauses spoken on them); the confirmation and\n"
               "closing text; ceilings and timing; waivers; the policy's lexicon entries (sources\n"
               "only); every other spoken line by its stable id (see `patter extract`).\n\n"
               "options:\n"
               "  --format text|json    default text\n"
               "  -o FILE               write to FILE (atomically) instead of stdout\n"
               "  -I DIR, --stdlib DIR  where imports are found (default stdlib: {})\n"
               "  --help, --version\n\n"
               "exit status: 0 no change, 1 changes found, 2 usage or I/O trouble, or no campaign\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  if (opts->inputs.size() != 2) {
    fmt::print(stderr, "patter diff: give the old and the new version\n");
    return 2;
  }
  std::string error;
  auto before = loadReviewInput(opts->inputs[0], opts->searchPath, error);
  auto after = before ? loadReviewInput(opts->inputs[1], opts->searchPath, error) : std::nullopt;
  if (!before || !after) {
    fmt::print(stderr, "patter diff: error: {}\n", error);
    return 2;
  }
  for (const ReviewInput *in : {&*before, &*after})
    if (in->draft)
      fmt::print(stderr, "patter diff: warning: {} has errors; compared as a draft\n", in->path);
  FlowDiff diff = diffOf(*before, *after);
  if (!writeOutput(opts->output, opts->format == "json" ? diffJson(diff) : diffText(diff), "diff"))
    return 2;
  return diff.changes.empty() ? 0 : 1;
}
