// The module cache: compilations that share one produce exactly what uncached ones do, and a
// module changed on disk is parsed again.
#include "Compiler.h"
#include "ModuleCache.h"
#include "ModuleLoader.h"
#include "Render.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace patter;

namespace {

/// Everything a compilation shows the world: its flow and its diagnostics, as text and JSON.
struct Outcome {
  std::optional<std::string> flow;
  std::string text;
  std::string json;
  size_t files = 0;

  bool operator==(const Outcome &) const = default;
};

Outcome compile(const SearchPath &path, const std::string &file, ModuleCache *cache,
                bool emit = true) {
  std::string text;
  REQUIRE(readFile(file, text));
  Compilation compilation(path, cache);
  Outcome out;
  out.flow = compilation.run(file, std::move(text), emit);
  auto diags = compilation.diagnostics().sorted();
  out.text = renderText(diags, compilation.sources(), TextStyle{false});
  out.json = renderJson(diags, compilation.sources());
  out.files = compilation.sources().fileCount();
  return out;
}

/// Every campaign the repository ships or tests against, main files only.
std::vector<std::string> campaignFiles() {
  std::vector<std::string> files;
  for (const char *dir : {"examples", "examples/violations", "tests/golden", "tests/verify"})
    for (const auto &entry : fs::directory_iterator(fs::path(PATTER_SOURCE_DIR) / dir))
      if (entry.path().extension() == ".patter")
        files.push_back(fs::relative(entry.path(), PATTER_SOURCE_DIR).string());
  std::sort(files.begin(), files.end());
  return files;
}

void writeFile(const fs::path &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

} // namespace

TEST_CASE("compilations sharing a module cache match uncached ones", "[cache][compiler]") {
  const SearchPath path{{}, PATTER_SOURCE_DIR "/stdlib"};
  std::vector<std::string> files = campaignFiles();
  REQUIRE(files.size() > 5);
  std::vector<Outcome> uncached;
  for (const std::string &file : files)
    uncached.push_back(compile(path, file, nullptr));

  ModuleCache cache;
  for (int round = 0; round < 2; ++round) // the first round fills the cache, the second reads it
    for (size_t i = 0; i < files.size(); ++i) {
      INFO(files[i] << ", round " << round);
      CHECK(compile(path, files[i], &cache) == uncached[i]);
      CHECK(compile(path, files[i], &cache, false) == compile(path, files[i], nullptr, false));
    }
  // The stdlib modules were parsed once each, whatever imported them (a module loaded at
  // another file id is a separate entry, so allow a few).
  CHECK(cache.size() > 0);
  CHECK(cache.size() < 3 * files.size());
  size_t filled = cache.size();
  for (const std::string &file : files)
    compile(path, file, &cache);
  CHECK(cache.size() == filled);
}

TEST_CASE("a module changed on disk is parsed again", "[cache][compiler]") {
  const fs::path stdlib = fs::temp_directory_path() / "patter_module_cache_test";
  fs::remove_all(stdlib);
  fs::copy(fs::path(PATTER_SOURCE_DIR) / "stdlib", stdlib, fs::copy_options::recursive);
  const fs::path handlers = stdlib / "std" / "handlers.patter";
  std::string original;
  REQUIRE(readFile(handlers.string(), original));

  const SearchPath path{{}, stdlib.string()};
  const std::string main = "examples/data_pack_10.patter";
  ModuleCache cache;

  Outcome first = compile(path, main, &cache);
  CHECK(first == compile(path, main, nullptr));
  REQUIRE(first.flow);
  const size_t filled = cache.size();
  REQUIRE(filled >= 2); // the policy and the handlers
  CHECK(compile(path, main, &cache) == first);
  CHECK(cache.size() == filled);

  SECTION("a changed module is a new entry") {
    writeFile(handlers, "// edited\n" + original); // every position moves down a line
    Outcome edited = compile(path, main, &cache);
    CHECK(edited == compile(path, main, nullptr));
    CHECK(cache.size() == filled + 1);
    CHECK(compile(path, main, &cache) == edited);
    CHECK(cache.size() == filled + 1);
  }

  SECTION("a module with syntax errors is not kept, and reported every time") {
    writeFile(handlers, original + "\nhandlers {{{ broken\n");
    Outcome broken = compile(path, main, &cache);
    CHECK(broken == compile(path, main, nullptr));
    CHECK(broken.text.find("<stdlib>/std/handlers.patter") != std::string::npos);
    CHECK(compile(path, main, &cache) == broken);
    CHECK(cache.size() == filled);
  }

  SECTION("a stored module whose reply example fails is reported every time") {
    const fs::path replies = stdlib / "std" / "replies.patter";
    std::string words;
    REQUIRE(readFile(replies.string(), words));
    const std::string example = "match \"是的\", ";
    const size_t at = words.find(example);
    REQUIRE(at != std::string::npos);
    writeFile(replies, words.substr(0, at) + "match \"要钱吗\", " + words.substr(at + example.size()));
    Outcome failing = compile(path, main, &cache);
    CHECK(failing == compile(path, main, nullptr));
    CHECK(failing.text.find("E0704") != std::string::npos);
    CHECK(compile(path, main, &cache) == failing);
    writeFile(replies, words);
  }

  SECTION("the original text is found again") {
    writeFile(handlers, original);
    CHECK(compile(path, main, &cache) == first);
    CHECK(cache.size() == filled);
  }
  fs::remove_all(stdlib);
}
