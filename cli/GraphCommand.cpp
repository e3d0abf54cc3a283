// `patter graph FILE`: the call flow as a picture (DOT, Mermaid or SVG), optionally with a
// diagnostic's counterexample path highlighted.
#include "FlowPicture.h"
#include "Options.h"
#include "ReviewInput.h"
#include "commands.h"

#include <fmt/format.h>

int graphCommand(const std::vector<std::string> &args) {
  using namespace patter::cli;
  auto opts = parseReviewOptions(args, "graph", {"dot", "mermaid", "svg"}, {"--path"});
  if (!opts)
    return 2;
  if (opts->help) {
    fmt::print("usage: patter graph [options] FILE\n\n"
               "Draws the call flow of a campaign (or of a built flow): steps, objections, handler\n"
               "steps, outcomes; edges labelled by event; the owner check, disclosures, the\n"
               "confirmation and the sale marked. A campaign with errors is drawn as a draft.\n\n"
               "options:\n"
               "  --format dot|mermaid|svg  the picture's language (default dot; svg runs\n"
               "                            Graphviz `dot`)\n"
               "  --path CODE@LINE          highlight the counterexample path of diagnostic CODE\n"
               "                            reported at LINE of FILE (e.g. E0502@51)\n"
               "  -o FILE                   write to FILE (atomically) instead of stdout\n"
               "  -I DIR, --stdlib DIR      where imports are found (default stdlib: {})\n"
               "  --help, --version\n\n"
               "exit status: 0 drawn, 2 usage or I/O trouble, no campaign, or no such diagnostic\n",
               defaultStdlibDir());
    return 0;
  }
  if (opts->version) {
    printVersion();
    return 0;
  }
  if (opts->inputs.size() != 1) {
    fmt::print(stderr, "patter graph: give exactly one campaign or flow file\n");
    return 2;
  }
  std::string error;
  auto input = loadReviewInput(opts->inputs.front(), opts->searchPath, error);
  if (!input) {
    fmt::print(stderr, "patter graph: error: {}\n", error);
    return 2;
  }
  Highlight highlight;
  if (auto path = opts->value("--path")) {
    const patter::Diagnostic *d = input->findDiagnostic(*path);
    if (!d) {
      fmt::print(stderr, "patter graph: error: {}: no diagnostic '{}' (give CODE@LINE, as in "
                         "`patter check`'s {}:LINE:COLUMN: error[CODE])\n",
                 input->path, *path, input->path);
      return 2;
    }
    std::vector<std::string> nodes = input->pathNodes(*d);
    if (nodes.empty()) {
      fmt::print(stderr, "patter graph: error: {}: diagnostic {} has no path to draw\n",
                 input->path, *path);
      return 2;
    }
    highlight = highlightOf(nodes, fmt::format("{}: {}", d->code(), d->message));
  } else if (input->draft) {
    highlight.caption = "草稿: 该话术有错误,不能生成流程";
  }
  const std::string dot = dotOf(input->model, highlight);
  std::string out = dot;
  if (opts->format == "mermaid") {
    out = mermaidOf(input->model, highlight);
  } else if (opts->format == "svg") {
    auto svg = svgOf(dot, error);
    if (!svg) {
      fmt::print(stderr, "patter graph: error: {}\n", error);
      return 2;
    }
    out = *svg;
  }
  return writeOutput(opts->output, out, "graph") ? 0 : 2;
}
