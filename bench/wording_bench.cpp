// Wording-check throughput: normalise + match a generated Chinese script corpus against a
// 300-phrase lexicon, timed in the same run as `grep -F -f` over the same files.
//
//   wording_bench [--mb 5] [--phrases 300] [--factors 1,4,16] [--reps 3]
//
// Then the whole process: `patter check` of the data-pack example holding the corpus as the
// pitch's lines, under a policy banning the same phrases, beside grep over the corpus.
//
// The corpus is one spoken text per line, written like the seeds' scripts: simplified text with
// some traditional characters, full-width punctuation and stray spaces, and now and then a
// lexicon phrase (sometimes spelt in traditional characters or spaced out, which grep cannot
// see and the check must). Everything is generated from a fixed seed, so every run and machine
// sees the same bytes.
#include "Normalize.h"
#include "WordingMatcher.h"
#include "measure.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#if !defined(PATTER_SOURCE_DIR) || !defined(PATTER_CLI)
#error "PATTER_SOURCE_DIR and PATTER_CLI must be set (bench/CMakeLists.txt sets them)"
#endif

using namespace patter;
using patter::bench::Stopwatch;

namespace {

/// A small deterministic generator (xorshift64*): std::*_distribution is not portable.
struct Rng {
  uint64_t s = 0x9E3779B97F4A7C15ull;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

std::vector<std::string> splitUtf8(const std::string &s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

// Phrasing from the seeds, approved and not, for realistic text and lexicon phrases.
const char *kSentences[] = {
    "这次活动优惠力度非常大,很多老用户都已经参与了", "为回馈老用户,我们推出了流量月包",
    "WiFi覆盖是有区域限制的,出门在外还是需要流量", "平时单独订购都是八块钱一个台一个月",
    "现在全部开通只需要16元一个月,平均下来每天只要5毛钱", "本次业务办理以录音为证",
    "请问您是135尾号7754的机主吗", "感谢您的宝贵意见,我会认真记录以建议形式反馈",
    "如您要查询话费或其他详情,挂机后可以拨打10086人工查询", "到期后自动取消,无需您操作",
    "活动期间不能降低套餐档次", "今年武漢有線為了回饋老用戶有一個優惠活動",
    "都是24小時播放都不打廣告的節目", "那抱歉打扰您了,今后有更优惠的活动再与您联系",
};
const char *kBanned[] = {"完全免费", "完全不收费", "不会产生额外的费用", "就足够您用",
                         "到底用不用", "刚才不是说要了吗", "我现在已经很大声了", "再不说话我就挂了",
                         "嘴巴干净一点", "这又不是我的错", "刚才的电话不是我接的", "我办不了",
                         "听清楚了没有", "连这个都不知道", "那你以为呢", "没密码查不了",
                         "好的那不打扰了再见"};
const char *kTraditional[] = {"完全免費", "這又不是我的錯", "嘴巴乾淨一點", "剛才的電話不是我接的"};
const char *kSpaced[] = {"完 全 免 费", "我办 不了", "那你 以为呢"};
const char *kPunct[] = {",", "。", "?", "!", ",", "、", " ", "　"};

std::vector<std::string> makeLexicon(size_t count, const std::vector<std::string> &pool, Rng &rng) {
  std::vector<std::string> out(std::begin(kBanned), std::end(kBanned));
  while (out.size() < count) {
    // Generated phrases of 3-7 characters from the corpus's own character pool, so partial
    // matches keep the automaton busy the way real overlapping wording does.
    std::string p;
    for (size_t n = 3 + rng.below(5); n > 0; --n)
      p += pool[rng.below(pool.size())];
    if (std::find(out.begin(), out.end(), p) == out.end())
      out.push_back(p);
  }
  return out;
}

std::string makeCorpus(size_t bytes, const std::vector<std::string> &pool,
                       const std::vector<std::string> &lexicon, Rng &rng) {
  std::string out;
  out.reserve(bytes + 512);
  while (out.size() < bytes) {
    size_t parts = 2 + rng.below(4);
    for (size_t k = 0; k < parts; ++k) {
      size_t roll = rng.below(100);
      if (roll < 45) {
        out += kSentences[rng.below(std::size(kSentences))];
      } else if (roll < 93) {
        for (size_t n = 8 + rng.below(24); n > 0; --n)
          out += pool[rng.below(pool.size())];
      } else if (roll < 96) {
        out += lexicon[rng.below(lexicon.size())];
      } else if (roll < 98) {
        out += kTraditional[rng.below(std::size(kTraditional))];
      } else {
        out += kSpaced[rng.below(std::size(kSpaced))];
      }
      out += kPunct[rng.below(std::size(kPunct))];
    }
    out += '\n';
  }
  return out;
}

bool write(const std::string &path, const std::string &text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

struct Timing {
  double wall = 1e30, cpu = 1e30;
  uint64_t count = 0;
};

/// Normalise every line and scan it; best of `reps`.
Timing timeCheck(const std::string &corpus, const PhraseMatcher &matcher, int reps) {
  const Normalizer &norm = Normalizer::standard();
  Timing best;
  NormalizedText text;
  for (int r = 0; r < reps; ++r) {
    Stopwatch sw;
    uint64_t hits = 0;
    for (size_t at = 0; at < corpus.size();) {
      size_t end = corpus.find('\n', at);
      if (end == std::string::npos)
        end = corpus.size();
      text.clear();
      norm.append(std::string_view(corpus).substr(at, end - at), text);
      matcher.scan(text.text, [&](const PhraseHit &) { ++hits; });
      at = end + 1;
    }
    best.wall = std::min(best.wall, sw.wall());
    best.cpu = std::min(best.cpu, sw.cpu());
    best.count = hits;
  }
  return best;
}

double childCpu() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

/// Runs `command` (its output is a count) `reps` times; best wall and child CPU time.
Timing timeCommand(const std::string &command, int reps) {
  Timing best;
  for (int r = 0; r < reps; ++r) {
    double cpu0 = childCpu();
    Stopwatch sw;
    FILE *p = popen(command.c_str(), "r");
    if (!p)
      return best;
    unsigned long long n = 0;
    if (std::fscanf(p, "%llu", &n) != 1)
      n = 0;
    pclose(p);
    best.wall = std::min(best.wall, sw.wall());
    best.cpu = std::min(best.cpu, childCpu() - cpu0);
    best.count = n;
  }
  return best;
}

/// examples/data_pack_10.patter holding every line of `corpus` as a `say` of its pitch, checked
/// against a policy that extends its own with the phrases of `lexicon` it does not ban already.
std::string campaignHolding(const std::string &corpus, const std::vector<std::string> &lexicon) {
  std::ifstream in(PATTER_SOURCE_DIR "/examples/data_pack_10.patter", std::ios::binary);
  std::string example((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto replace = [&](std::string_view what, const std::string &with) {
    const size_t at = example.find(what);
    if (at == std::string::npos) {
      std::fprintf(stderr, "error: '%.*s' not in the example\n", int(what.size()), what.data());
      std::exit(1);
    }
    example.replace(at, what.size(), with);
  };
  std::string policy = "policy wording_bench extends mobile_outbound {\n";
  for (const std::string &p : lexicon)
    if (std::find(std::begin(kBanned), std::end(kBanned), p) == std::end(kBanned))
      policy += "  banned \"" + p + "\" { rule R09 }\n";
  policy += "}\n\ncampaign data_pack_10 {";
  replace("campaign data_pack_10 {", policy);
  replace("policy  mobile_outbound", "policy  wording_bench");
  std::string says = "step pitch {\n";
  for (size_t at = 0; at < corpus.size();) {
    size_t end = corpus.find('\n', at);
    if (end == std::string::npos)
      end = corpus.size();
    says += "    say \"" + corpus.substr(at, end - at) + "\"\n";
    at = end + 1;
  }
  replace("step pitch {\n", says);
  return example;
}

std::vector<int> parseFactors(const std::string &s) {
  std::vector<int> out;
  for (size_t at = 0; at < s.size();) {
    size_t comma = s.find(',', at);
    out.push_back(std::atoi(s.substr(at, comma - at).c_str()));
    at = comma == std::string::npos ? s.size() : comma + 1;
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  double mb = 5;
  size_t phrases = 300;
  int reps = 3;
  std::vector<int> factors = {1, 4, 16};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--mb") mb = std::atof(argv[i + 1]);
    else if (a == "--phrases") phrases = static_cast<size_t>(std::atol(argv[i + 1]));
    else if (a == "--reps") reps = std::atoi(argv[i + 1]);
    else if (a == "--factors") factors = parseFactors(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: wording_bench [--mb 5] [--phrases 300] [--factors 1,4,16] [--reps 3]\n");
      return 2;
    }
  }

  char dirTemplate[] = "/tmp/patter-wording-XXXXXX";
  const char *dir = mkdtemp(dirTemplate);
  if (!dir) {
    std::perror("mkdtemp");
    return 1;
  }

  Rng rng;
  std::string chars;
  for (const char *s : kSentences)
    chars += s;
  std::vector<std::string> pool;
  for (std::string &c : splitUtf8(chars))
    if (static_cast<unsigned char>(c[0]) >= 0xE0) // CJK only
      pool.push_back(std::move(c));
  std::vector<std::string> lexicon = makeLexicon(phrases, pool, rng);
  std::string lexiconText;
  for (const std::string &p : lexicon)
    lexiconText += p + "\n";
  std::string lexiconPath = std::string(dir) + "/lexicon.txt";
  write(lexiconPath, lexiconText);

  Stopwatch setup;
  const Normalizer &norm = Normalizer::standard();
  double tablesSeconds = setup.wall();
  Stopwatch buildClock;
  PhraseMatcher matcher;
  for (const std::string &p : lexicon)
    matcher.add(norm.fold(p));
  matcher.build();
  double buildSeconds = buildClock.wall();

  fmt::print("wording_bench: {} phrases ({} automaton states), normaliser tables {:.1f} ms, "
             "automaton {:.2f} ms; files in {}\n",
             lexicon.size(), matcher.stateCount(), tablesSeconds * 1e3, buildSeconds * 1e3, dir);
  fmt::print("{:>6} {:>9} | {:>10} {:>9} {:>8} | {:>10} {:>9} {:>8} | {:>10} {:>9} | {:>6} {:>6}\n",
             "size", "MB", "check s", "MB/s", "hits", "grep -o s", "MB/s", "matches",
             "grep -c s", "MB/s", "ratio", "vs -c");
  std::string base = makeCorpus(static_cast<size_t>(mb * 1e6), pool, lexicon, rng);
  for (int factor : factors) {
    std::string corpus;
    corpus.reserve(base.size() * factor);
    for (int k = 0; k < factor; ++k)
      corpus += base;
    std::string corpusPath = std::string(dir) + "/corpus.txt";
    write(corpusPath, corpus);
    double size = static_cast<double>(corpus.size()) / 1e6;

    Timing check = timeCheck(corpus, matcher, reps);
    // grep in the C locale is grep at its fastest: plain bytes, no multibyte decoding.
    Timing grepO = timeCommand(
        "LC_ALL=C grep -F -o -f " + lexiconPath + " " + corpusPath + " | wc -l", reps);
    Timing grepC =
        timeCommand("LC_ALL=C grep -F -c -f " + lexiconPath + " " + corpusPath, reps);
    fmt::print("{:>5}x {:>9.1f} | {:>10.3f} {:>9.1f} {:>8} | {:>10.3f} {:>9.1f} {:>8} | "
               "{:>10.3f} {:>9.1f} | {:>6.2f} {:>6.2f}\n",
               factor, size, check.cpu, size / check.cpu, check.count, grepO.cpu,
               size / grepO.cpu, grepO.count, grepC.cpu, size / grepC.cpu, check.cpu / grepO.cpu,
               check.cpu / grepC.cpu);
  }
  fmt::print("times are CPU seconds (user + system), best of {}; ratio = check / grep -F -o, "
             "vs -c = check / grep -F -c\n",
             reps);

  // The whole process: `patter check` of a campaign that holds the corpus, rendered
  // diagnostics and all, beside grep over the corpus alone.
  const std::string campaignPath = std::string(dir) + "/campaign.patter";
  const std::string corpusPath = std::string(dir) + "/corpus.txt";
  const std::string campaign = campaignHolding(base, lexicon);
  write(campaignPath, campaign);
  write(corpusPath, base);
  Timing process = timeCommand(std::string(PATTER_CLI) + " check " + campaignPath + " 2>&1 | grep -c 'error\\[E06'", reps);
  Timing grepO = timeCommand("LC_ALL=C grep -F -o -f " + lexiconPath + " " + corpusPath + " | wc -l", reps);
  fmt::print("\npatter check of a {:.1f} MB campaign holding the {:.1f} MB corpus: {:.3f} s CPU, {} wording "
             "errors; grep -F -o over the corpus: {:.3f} s, {} matches; ratio {:.2f}\n",
             campaign.size() / 1e6, base.size() / 1e6, process.cpu, process.count, grepO.cpu, grepO.count,
             process.cpu / grepO.cpu);
  std::remove(campaignPath.c_str());
  std::remove((std::string(dir) + "/corpus.txt").c_str());
  std::remove(lexiconPath.c_str());
  std::remove(dir);
  return 0;
}
