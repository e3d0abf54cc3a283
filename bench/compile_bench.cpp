// Compiler throughput, linearity and peak memory over a generated corpus (docs/PERFORMANCE.md).
//
//   compile_bench [--campaigns N] [--reps R] [--factors 1,4,16] [--no-memory] [--ascii]
//                 [--no-cache]
//
// For each size factor it generates N campaigns in memory, compiles each one with check and
// build (Compilation::run with emit) on one thread, and reports source MB/s; then it measures
// the peak memory of the largest single compilation in fresh child processes. The compilations
// of one size share a ModuleCache, as those of one `patter check` run do, so the stdlib imports
// are parsed once; `--no-cache` parses them in every compilation (the figures before the cache).
#include "Compiler.h"
#include "ModuleCache.h"
#include "Render.h"
#include "corpus.h"
#include "measure.h"

#include <fmt/format.h>

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <vector>

#ifndef PATTER_SOURCE_DIR
#error "PATTER_SOURCE_DIR must name the source tree (bench/CMakeLists.txt sets it)"
#endif

// ---- heap accounting ------------------------------------------------------------------------
//
// A second opinion beside RSS: the peak of bytes live through operator new during one
// compilation. It counts only while a child process measures (one branch otherwise), and it
// misses what libraries take straight from malloc (LLVM's SmallVector growth, for one), so it is
// a lower bound; the RSS figures are the honest upper bound.

namespace {
bool gCountHeap = false;
long long gHeapLive = 0;
long long gHeapPeak = 0;
} // namespace

void *operator new(std::size_t size) {
  void *p = std::malloc(size ? size : 1);
  if (!p)
    throw std::bad_alloc();
  if (gCountHeap) {
    gHeapLive += static_cast<long long>(malloc_usable_size(p));
    gHeapPeak = std::max(gHeapPeak, gHeapLive);
  }
  return p;
}

void operator delete(void *p) noexcept {
  if (gCountHeap && p)
    gHeapLive -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}

void operator delete(void *p, std::size_t) noexcept { operator delete(p); }

namespace patter::bench {
namespace {

constexpr std::uint64_t kSeed = 10085;

struct Options {
  unsigned campaigns = 1000;
  unsigned reps = 3;
  std::vector<unsigned> factors = {1, 4, 16};
  bool memory = true;
  bool ascii = false; ///< spell the corpus in ASCII: separates the cost of CJK text
  bool cache = true;  ///< share parsed imports between the compilations of a size
};

/// The stdlib is read from disk by every compilation, as `patter build` does (with a cache,
/// still read, to see whether it changed, but parsed once).
SearchPath searchPath() { return SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"}; }

/// Bytes seen by the compiler over a run: the main files, the stdlib modules they import, the
/// JSON written; and how many campaigns did not compile cleanly.
struct Totals {
  std::size_t mainBytes = 0;
  std::size_t importBytes = 0;
  std::size_t jsonBytes = 0;
  unsigned failures = 0;
};

/// Checks and builds one campaign, as `patter build` does. A campaign that reports anything
/// counts as a failure, and the first one is printed: the generator promises clean campaigns.
void compileOne(const CampaignSource &campaign, Totals &totals, ModuleCache *cache) {
  Compilation compilation(searchPath(), cache);
  std::optional<std::string> json = compilation.run(campaign.path, campaign.text, true);
  const DiagnosticEngine &diags = compilation.diagnostics();
  totals.mainBytes += campaign.text.size();
  for (std::size_t file = 1; file < compilation.sources().fileCount(); ++file)
    totals.importBytes += compilation.sources().text(static_cast<std::uint32_t>(file)).size();
  if (json)
    totals.jsonBytes += json->size();
  if (!json || diags.errorCount() + diags.warningCount() > 0) {
    if (totals.failures++ == 0)
      fmt::print(stderr, "{} did not compile cleanly:\n{}", campaign.path,
                 renderText(diags.sorted(), compilation.sources(), TextStyle{}));
  }
}

/// One timed pass over the corpus.
struct Pass {
  Totals totals;
  double wall = 0;
  double cpu = 0;
};

Pass compileCorpus(const std::vector<CampaignSource> &corpus, ModuleCache *cache) {
  Pass pass;
  Stopwatch watch;
  for (const CampaignSource &campaign : corpus)
    compileOne(campaign, pass.totals, cache);
  pass.cpu = watch.cpu();
  pass.wall = watch.wall();
  return pass;
}

/// The best of `reps` passes at one size, and its largest campaign (for the memory runs).
struct SizeResult {
  unsigned factor = 0;
  std::size_t campaigns = 0;
  Pass best;
  unsigned largestIndex = 0;
};

/// Replaces every byte of a multi-byte UTF-8 sequence by an ASCII letter: the same campaign,
/// the same length in bytes, but only ASCII for the lexer. The letter depends on the byte, so
/// distinct keywords stay distinct. A diagnostic run, not a figure to report.
void spellInAscii(std::vector<CampaignSource> &corpus) {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (CampaignSource &campaign : corpus)
    for (char &c : campaign.text)
      if (const auto byte = static_cast<unsigned char>(c); byte >= 0x80)
        c = kLetters[(byte - 0x80) % (sizeof kLetters - 1)];
}

SizeResult measureThroughput(const Options &options, unsigned factor) {
  SizeResult result;
  result.factor = factor;
  std::vector<CampaignSource> corpus = generateCorpus(kSeed, options.campaigns, factor);
  if (options.ascii)
    spellInAscii(corpus);
  result.campaigns = corpus.size();
  for (unsigned i = 0; i < corpus.size(); ++i)
    if (corpus[i].text.size() > corpus[result.largestIndex].text.size())
      result.largestIndex = i;
  // Warm up: page in the code and fill the parser's shared caches (and the module cache)
  // before timing.
  ModuleCache moduleCache;
  ModuleCache *cache = options.cache ? &moduleCache : nullptr;
  Totals warmup;
  for (std::size_t i = 0; i < std::min<std::size_t>(20, corpus.size()); ++i)
    compileOne(corpus[i], warmup, cache);
  for (unsigned rep = 0; rep < options.reps; ++rep) {
    Pass pass = compileCorpus(corpus, cache);
    fmt::print(stderr, "  {:>3}x pass {}: {:.3f} s CPU, {:.3f} s wall\n", factor, rep + 1,
               pass.cpu, pass.wall);
    if (rep == 0 || pass.cpu < result.best.cpu)
      result.best = pass;
  }
  if (result.best.totals.failures > 0) {
    fmt::print(stderr, "error: {} of {} campaigns at {}x did not compile cleanly\n",
               result.best.totals.failures, corpus.size(), factor);
    std::exit(1);
  }
  return result;
}

constexpr double kMB = 1e6;

void printThroughput(const std::vector<SizeResult> &results) {
  fmt::print("\n## Throughput: check + build on one thread (best of the passes, CPU time)\n\n");
  fmt::print("| size | campaigns | avg bytes | source MB | stdlib imports MB | CPU s | wall s "
             "| MB/s source | MB/s source+imports | ns/byte | time/byte vs {}x |\n",
             results.front().factor);
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|\n");
  const SizeResult &base = results.front();
  const double basePerByte = base.best.cpu / static_cast<double>(base.best.totals.mainBytes);
  for (const SizeResult &r : results) {
    const Totals &t = r.best.totals;
    const double perByte = r.best.cpu / static_cast<double>(t.mainBytes);
    fmt::print("| {}x | {} | {} | {:.2f} | {:.2f} | {:.3f} | {:.3f} | {:.1f} | {:.1f} | {:.1f} "
               "| {:.2f} |\n",
               r.factor, r.campaigns, t.mainBytes / r.campaigns, t.mainBytes / kMB,
               t.importBytes / kMB, r.best.cpu, r.best.wall, t.mainBytes / kMB / r.best.cpu,
               (t.mainBytes + t.importBytes) / kMB / r.best.cpu, perByte * 1e9,
               perByte / basePerByte);
  }
}

// ---- peak memory --------------------------------------------------------------------------

/// Child entry, `--child idle|compile FACTOR INDEX`: generates campaign INDEX at FACTOR and,
/// for `compile`, checks and builds it once. Prints `main-bytes all-bytes heap-peak rss-peak`.
/// The idle child is the baseline: the same program, the same generated text, no compilation.
int childMain(const std::string &mode, unsigned factor, unsigned index) {
  CampaignSource campaign{"corpus/c" + std::to_string(index) + ".patter",
                          generateCampaign(kSeed, index, factor)};
  if (mode == "idle") {
    fmt::print("{} 0 0 {}\n", campaign.text.size(), peakResidentBytes());
    return 0;
  }
  Totals totals;
  gHeapLive = gHeapPeak = 0;
  gCountHeap = true;
  compileOne(campaign, totals, nullptr); // one compilation: nothing to share
  gCountHeap = false;
  fmt::print("{} {} {} {}\n", totals.mainBytes, totals.mainBytes + totals.importBytes, gHeapPeak,
             peakResidentBytes());
  return totals.failures == 0 ? 0 : 1;
}

/// The peak memory of one compilation, from child processes.
struct MemoryResult {
  unsigned factor = 0;
  unsigned index = 0;
  std::size_t mainBytes = 0;
  std::size_t allBytes = 0;
  long idleRss = 0;
  long compileRss = 0;
  long long heapPeak = 0;

  long rssDelta() const { return compileRss - idleRss; }
};

/// Runs the idle and compiling children three times each and keeps the smallest peaks: RSS
/// only ever gains noise (a stray page), never loses it.
MemoryResult measureMemory(unsigned factor, unsigned index) {
  MemoryResult m;
  m.factor = factor;
  m.index = index;
  const std::vector<std::string> args = {std::to_string(factor), std::to_string(index)};
  for (int run = 0; run < 3; ++run) {
    ChildReport idle = runSelf({"--child", "idle", args[0], args[1]});
    ChildReport compile = runSelf({"--child", "compile", args[0], args[1]});
    std::size_t ignored = 0;
    long long heap = 0;
    long idleRss = -1, compileRss = -1;
    if (!idle.ok || !compile.ok ||
        std::sscanf(idle.output.c_str(), "%zu %zu %lld %ld", &ignored, &ignored, &heap,
                    &idleRss) != 4 ||
        std::sscanf(compile.output.c_str(), "%zu %zu %lld %ld", &m.mainBytes, &m.allBytes,
                    &m.heapPeak, &compileRss) != 4 ||
        idleRss < 0 || compileRss < 0) {
      fmt::print(stderr, "error: memory child for {}x #{} failed\n", factor, index);
      std::exit(1);
    }
    m.idleRss = run == 0 ? idleRss : std::min(m.idleRss, idleRss);
    m.compileRss = run == 0 ? compileRss : std::min(m.compileRss, compileRss);
  }
  return m;
}

void printMemory(const std::vector<MemoryResult> &results) {
  fmt::print("\n## Peak memory of the largest single compilation (fresh child processes)\n\n");
  fmt::print("| campaign | source bytes | +imports | idle child RSS KiB | compiling child RSS KiB "
             "| RSS delta KiB | delta / source byte | marginal / byte vs {}x | heap peak KiB "
             "(operator new) | heap / source byte |\n",
             results.front().factor);
  fmt::print("|---|---|---|---|---|---|---|---|---|---|\n");
  const MemoryResult &base = results.front();
  for (const MemoryResult &m : results) {
    std::string marginal = "-";
    if (m.mainBytes > base.mainBytes)
      marginal = fmt::format("{:.1f}", static_cast<double>(m.rssDelta() - base.rssDelta()) /
                                           static_cast<double>(m.mainBytes - base.mainBytes));
    fmt::print("| {}x #{} | {} | {} | {} | {} | {} | {:.1f} | {} | {} | {:.1f} |\n", m.factor,
               m.index, m.mainBytes, m.allBytes - m.mainBytes, m.idleRss / 1024,
               m.compileRss / 1024, m.rssDelta() / 1024,
               static_cast<double>(m.rssDelta()) / static_cast<double>(m.mainBytes), marginal,
               m.heapPeak / 1024,
               static_cast<double>(m.heapPeak) / static_cast<double>(m.mainBytes));
  }
}

std::vector<unsigned> parseList(const char *text) {
  std::vector<unsigned> out;
  for (const char *p = text; *p;) {
    out.push_back(static_cast<unsigned>(std::strtoul(p, const_cast<char **>(&p), 10)));
    if (*p == ',')
      ++p;
    else
      break;
  }
  return out;
}

} // namespace
} // namespace patter::bench

int main(int argc, char **argv) {
  using namespace patter::bench;
  if (argc == 5 && std::strcmp(argv[1], "--child") == 0)
    return childMain(argv[2], static_cast<unsigned>(std::atoi(argv[3])),
                     static_cast<unsigned>(std::atoi(argv[4])));

  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--campaigns" && i + 1 < argc)
      options.campaigns = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (arg == "--reps" && i + 1 < argc)
      options.reps = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (arg == "--factors" && i + 1 < argc)
      options.factors = parseList(argv[++i]);
    else if (arg == "--no-memory")
      options.memory = false;
    else if (arg == "--ascii")
      options.ascii = true;
    else if (arg == "--no-cache")
      options.cache = false;
    else {
      fmt::print(stderr, "usage: compile_bench [--campaigns N] [--reps R] [--factors 1,4,16] "
                         "[--no-memory] [--ascii] [--no-cache]\n");
      return 2;
    }
  }
  if (options.campaigns == 0 || options.reps == 0 || options.factors.empty()) {
    fmt::print(stderr, "error: need at least one campaign, one pass and one size\n");
    return 2;
  }

  std::vector<SizeResult> sizes;
  for (unsigned factor : options.factors)
    sizes.push_back(measureThroughput(options, factor));
  printThroughput(sizes);

  if (options.memory) {
    // The largest campaign of each corpus, then two single large campaigns so that the
    // per-byte slope is read well above the fixed cost of code pages and parser tables.
    std::vector<MemoryResult> memory;
    for (const SizeResult &s : sizes)
      memory.push_back(measureMemory(s.factor, s.largestIndex));
    for (unsigned factor : {64u, 256u})
      memory.push_back(measureMemory(factor, 0));
    printMemory(memory);
  }
  return 0;
}
