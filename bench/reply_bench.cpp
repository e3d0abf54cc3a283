// Replies read per second by the runtime's reply reader, one thread (docs/PERFORMANCE.md).
//
//   reply_bench [--seconds S]
//
// The reader is the one the data-pack example's flow carries (the standard vocabularies plus the
// campaign's objection keywords), built in-process by the compiler; the replies are the labelled
// corpus of tests/runtime/replies/corpus.tsv, read round-robin at their own step's settings.
#include "Compiler.h"
#include "Render.h"
#include "measure.h"
#include "patter/flow.h"
#include "patter/reply_reader.h"

#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef PATTER_SOURCE_DIR
#error "PATTER_SOURCE_DIR must name the source tree (bench/CMakeLists.txt sets it)"
#endif

namespace {

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Reply {
  std::string text;
  bool objections;
};

} // namespace

int main(int argc, char **argv) {
  double seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else {
      fmt::print(stderr, "usage: reply_bench [--seconds S]\n");
      return 2;
    }
  }
  const std::string source = PATTER_SOURCE_DIR "/examples/data_pack_10.patter";
  patter::Compilation compilation(patter::SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  const auto json = compilation.run(source, slurp(source), true);
  if (!json) {
    fmt::print(stderr, "error: the example does not build:\n{}",
               patter::renderText(compilation.diagnostics().sorted(), compilation.sources(), patter::TextStyle{}));
    return 1;
  }
  patter::LoadResult loaded = patter::Flow::load(*json);
  if (!loaded) {
    fmt::print(stderr, "error: the flow does not load: {}\n", loaded.error);
    return 1;
  }
  const patter::ReplyReader &reader = loaded.flow->reader();

  std::vector<Reply> replies;
  std::istringstream corpus(slurp(PATTER_SOURCE_DIR "/tests/runtime/replies/corpus.tsv"));
  std::size_t bytes = 0;
  for (std::string line; std::getline(corpus, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('\t'), b = line.find('\t', a + 1);
    replies.push_back({line.substr(b + 1), line.substr(0, a) == "pitch"});
    bytes += replies.back().text.size();
  }
  if (replies.empty()) {
    fmt::print(stderr, "error: no replies in the corpus\n");
    return 1;
  }

  unsigned checksum = 0;
  std::size_t reads = 0;
  patter::bench::Stopwatch clock;
  do {
    for (const Reply &r : replies) checksum += static_cast<unsigned>(reader.read(r.text, r.objections).kind);
    reads += replies.size();
  } while (clock.cpu() < seconds);
  const double cpu = clock.cpu();
  fmt::print("## Reply reading, one thread\n\n");
  fmt::print("| measure | value |\n|---|---|\n");
  fmt::print("| replies in the corpus | {} (mean {:.1f} bytes) |\n", replies.size(),
             static_cast<double>(bytes) / static_cast<double>(replies.size()));
  fmt::print("| replies read per CPU second | {:.0f} |\n", static_cast<double>(reads) / cpu);
  fmt::print("| ns per reply | {:.0f} |\n", cpu * 1e9 / static_cast<double>(reads));
  fmt::print("\n(checksum {})\n", checksum);
  return 0;
}
