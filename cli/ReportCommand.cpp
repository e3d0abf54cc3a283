// `patter report FILE -o report.html`: the reviewer's page for one campaign.
#include "FlowPicture.h"
#include "Options.h"
#include "ReportHtml.h"
#include "commands.h"

#include <fmt/format.h>

int reportCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseReviewOptions(args, "report", {}, {"--against"});
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter report [options] FILE -o REPORT.html\n\n"
               "Writes one self-contained HTML page in Chinese for a compliance reviewer: the\n"
               "campaign, offer and policy; the flow picture; every kind of path to a sale with\n"
               "its clauses in the order spoken; every line that can be spoken with its step,\n"
               "clause, wording verdict and line id; the waivers with their reasons; the\n"
               "diagnostics with their paths; the flow identity. It opens offline and prints.\n"
               "FILE is a campaign (a draft report when it has errors) or a built flow.\n\n"
               "options:\n"
               "  -o FILE               where to write the page (atomically; stdout without)\n"
               "  --against OLD         add what changed since OLD (see `patter diff`)\n"
               "  -I DIR, --stdlib DIR  where imports are found (default stdlib: {})\n"
               "  --help, --version\n\n"
               "Needs Graphviz `dot` for the picture.\n"
               "exit status: 0 written, 2 usage or I/O trouble, or no campaign\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  if (opts->inputs.size() != 1) {
    fmt::print(stderr, "patter report: give exactly one campaign or flow file\n");
    return 2;
  }
  std::string error;
  auto input = loadReviewInput(opts->inputs.front(), opts->searchPath, error);
  std::optional<FlowDiff> diff;
  if (input)
    if (auto against = opts->value("--against")) {
      auto before = loadReviewInput(*against, opts->searchPath, error);
      if (before)
        diff = diffOf(*before, *input);
      else
        input.reset();
    }
  if (!input) {
    fmt::print(stderr, "patter report: error: {}\n", error);
    return 2;
  }
  auto svg = svgOf(dotOf(input->model, {}), error);
  if (!svg) {
    fmt::print(stderr, "patter report: error: the flow picture: {}\n", error);
    return 2;
  }
  return writeOutput(opts->output, reportHtml(*input, *svg, diff), "report") ? 0 : 2;
}
