// Golden tests: each tests/golden/*.patter has the diagnostics it must produce in a .expected
// file and, when it builds, the exact flow in a .flow.json file; each example campaign must
// check clean and build its golden flow. PATTER_UPDATE_GOLDEN=1 rewrites the goldens.
#include "ModuleLoader.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using patter::test::compileSource;

namespace {

bool updating() {
  const char *v = std::getenv("PATTER_UPDATE_GOLDEN");
  return v && *v && std::string(v) != "0";
}

std::vector<fs::path> sourcesIn(const fs::path &dir) {
  std::vector<fs::path> out;
  for (const auto &entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".patter")
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const fs::path &path) {
  std::string text;
  patter::readFile(path.string(), text);
  return text;
}

/// Compares `actual` with the golden file, or writes it when updating.
void compareGolden(const fs::path &golden, const std::string &actual) {
  if (updating()) {
    if (actual.empty())
      fs::remove(golden);
    else
      std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  INFO("golden file " << golden.string());
  std::string expected = fs::exists(golden) ? read(golden) : std::string();
  CHECK(actual == expected);
}

} // namespace

TEST_CASE("golden diagnostics and flows", "[golden][compiler]") {
  // Paths are relative to the source root (the tests' working folder), as a user types them.
  std::vector<fs::path> sources = sourcesIn("tests/golden");
  // The common mistakes shipped as examples carry their expected diagnostics beside them.
  for (const fs::path &violation : sourcesIn("examples/violations"))
    sources.push_back(violation);
  for (const fs::path &source : sources) {
    DYNAMIC_SECTION(source.filename().string()) {
      auto compiled = compileSource(source.string(), read(source));
      fs::path base = source;
      base.replace_extension();
      compareGolden(base.string() + ".expected", compiled.diagnostics);
      compareGolden(base.string() + ".flow.json", compiled.flow.value_or(""));
    }
  }
}

TEST_CASE("example campaigns check clean and build their golden flows", "[golden][examples]") {
  for (const fs::path &source : sourcesIn("examples")) {
    DYNAMIC_SECTION(source.filename().string()) {
      auto compiled = compileSource(source.string(), read(source));
      INFO(compiled.diagnostics);
      CHECK(compiled.diagnostics.empty());
      REQUIRE(compiled.flow);
      compareGolden(fs::path("tests/golden/examples") /
                        (source.stem().string() + ".flow.json"),
                    *compiled.flow);
    }
  }
}

TEST_CASE("a rebuild is byte-identical", "[golden][determinism]") {
  fs::path source = "examples/data_pack_10.patter";
  auto first = compileSource(source.string(), read(source));
  auto second = compileSource(source.string(), read(source));
  REQUIRE(first.flow);
  CHECK(*first.flow == *second.flow);
}

TEST_CASE("standard library modules check clean", "[golden][stdlib]") {
  for (const auto &entry : fs::recursive_directory_iterator("stdlib")) {
    if (entry.path().extension() != ".patter")
      continue;
    DYNAMIC_SECTION(entry.path().string()) {
      auto compiled = compileSource(entry.path().string(), read(entry.path()), false);
      CHECK(compiled.diagnostics.empty());
    }
  }
}
