// Inline expectations: every tests/verify/*.patter states the diagnostics it must produce on the
// lines they concern, as clang -verify does, so a reworded message touches one line, not a file.
//
//   on yes -> pitchh   // expect-error[E0102]: no step named 'pitchh'
//
// `expect-error[CODE]`, `expect-warning[CODE]` or `expect-waived[CODE]` (a waived finding, kept
// on the record) expects a diagnostic of that code whose primary position is on this line (or
// `@+N` / `@-N` lines away: `expect-error@+1[E0502]`) and whose message contains the text after
// the colon (any message when there is none); several may follow each other in one comment.
// Each expectation takes one diagnostic; every
// diagnostic in the main file must be expected; diagnostics in imported modules are not allowed.
#include "Compiler.h"
#include "ModuleLoader.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

namespace fs = std::filesystem;
using namespace patter;

namespace {

struct Expectation {
  uint32_t line;
  std::string kind; // error, warning, waived
  std::string code;
  std::string text;
  bool met = false;
};

std::vector<Expectation> expectationsIn(const std::string &source) {
  // Several expectations may share a line; each one's text runs to the next one or the line end.
  static const std::regex marker(R"(expect-(error|warning|waived)(@[+-]\d+)?\[([EW]\d{4})\](?::\s*((?:(?!\s*//\s*expect-).)*\S))?)");
  std::vector<Expectation> out;
  uint32_t line = 1;
  size_t begin = 0;
  while (begin <= source.size()) {
    size_t end = source.find('\n', begin);
    if (end == std::string::npos)
      end = source.size();
    const std::string text = source.substr(begin, end - begin);
    const size_t comment = text.find("//");
    if (comment != std::string::npos) {
      const std::string tail = text.substr(comment);
      for (std::sregex_iterator m(tail.begin(), tail.end(), marker), last; m != last; ++m) {
        const int offset = (*m)[2].matched ? std::stoi((*m)[2].str().substr(1)) : 0;
        out.push_back({static_cast<uint32_t>(static_cast<int>(line) + offset), (*m)[1], (*m)[3], (*m)[4], false});
      }
    }
    begin = end + 1;
    ++line;
  }
  return out;
}

std::string kindOf(const Diagnostic &d) {
  if (d.waived)
    return "waived";
  return d.severity == Severity::Error ? "error" : "warning";
}

} // namespace

TEST_CASE("inline expectations hold", "[verify][compiler]") {
  std::vector<fs::path> sources;
  for (const auto &entry : fs::directory_iterator("tests/verify"))
    if (entry.path().extension() == ".patter")
      sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  REQUIRE_FALSE(sources.empty());
  for (const fs::path &path : sources) {
    DYNAMIC_SECTION(path.filename().string()) {
      std::string text;
      REQUIRE(readFile(path.string(), text));
      std::vector<Expectation> expected = expectationsIn(text);
      INFO("a file states at least one expectation");
      CHECK_FALSE(expected.empty());
      Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
      compilation.run(path.string(), text, true);
      for (const Diagnostic &d : compilation.diagnostics().sorted()) {
        const std::string where = fmt::format("{}:{}:{}: {}[{}]: {}", compilation.sources().path(d.range.begin.file),
                                              d.range.begin.line, d.range.begin.column, kindOf(d), d.code(), d.message);
        INFO("unexpected diagnostic " << where);
        CHECK(d.range.begin.file == 0);
        auto it = std::find_if(expected.begin(), expected.end(), [&](const Expectation &e) {
          return !e.met && e.line == d.range.begin.line && e.code == d.code() && e.kind == kindOf(d) &&
                 d.message.find(e.text) != std::string::npos;
        });
        CHECK(it != expected.end());
        if (it != expected.end())
          it->met = true;
      }
      for (const Expectation &e : expected) {
        INFO("expected on line " << e.line << ": " << e.kind << "[" << e.code << "]: " << e.text);
        CHECK(e.met);
      }
    }
  }
}
