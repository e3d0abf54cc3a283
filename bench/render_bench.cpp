// Diagnostics on a very long line: check and render a campaign whose one `say` is N MB long with
// a banned phrase at its very end, for growing N. The time per MB must stay flat (linear work):
// the caret line, the quoted hit and the wording pass each read the line once.
//
//   render_bench [--mb 1,2,4,10]
#include "Compiler.h"
#include "Render.h"
#include "measure.h"

#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace patter;
using patter::bench::Stopwatch;

namespace {

std::string campaignWithLine(size_t megabytes) {
  std::string filler;
  const std::string unit = "这次活动优惠力度非常大,很多老用户都已经参与了。"; // 69 bytes
  filler.reserve(megabytes * 1000000 + unit.size());
  while (filler.size() < megabytes * 1000000)
    filler += unit;
  return "policy p {\n  banned \"完全免费\" { rule R09 }\n}\n"
         "campaign c {\n  title \"t\"\n  channel outbound\n  policy p\n"
         "  offer { price 10 yuan per month }\n  start pitch\n"
         "  step pitch {\n    say \"" + filler + "完全免费\"\n    end declined\n  }\n}\n";
}

} // namespace

int main(int argc, char **argv) {
  std::vector<size_t> sizes = {1, 2, 4, 10};
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--mb") {
      sizes.clear();
      for (const char *p = argv[i + 1]; *p;) {
        sizes.push_back(std::strtoul(p, const_cast<char **>(&p), 10));
        if (*p == ',')
          ++p;
      }
    }
  fmt::print("{:>6} {:>12} {:>12} {:>12} {:>10}\n", "MB", "check cpu ms", "render cpu ms", "ms per MB",
             "output KB");
  for (size_t mb : sizes) {
    std::string source = campaignWithLine(mb);
    Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
    Stopwatch check;
    compilation.run("long.patter", source, false);
    double checkMs = check.cpu() * 1000;
    Stopwatch render;
    std::string out =
        renderText(compilation.diagnostics().sorted(), compilation.sources(), TextStyle{});
    double renderMs = render.cpu() * 1000;
    if (out.find("E0601") == std::string::npos) {
      fmt::print(stderr, "the banned phrase at the end of the line was not reported\n");
      return 1;
    }
    fmt::print("{:>6} {:>12.1f} {:>12.1f} {:>12.1f} {:>10}\n", mb, checkMs, renderMs,
               (checkMs + renderMs) / static_cast<double>(mb), out.size() / 1000);
  }
  return 0;
}
