// Every diagnostic code has a page in docs/diagnostics/ whose failing example reports the code
// and whose passing example checks clean of errors: the docs cannot drift from the compiler.
#include "Diagnostic.h"
#include "ModuleLoader.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using patter::test::compileSource;

namespace {

/// The body of the first ```patter block after `heading`, or nullopt.
std::optional<std::string> exampleAfter(const std::string &page, const std::string &heading) {
  size_t at = page.find(heading);
  if (at == std::string::npos)
    return std::nullopt;
  size_t open = page.find("```patter\n", at);
  if (open == std::string::npos)
    return std::nullopt;
  open += 10;
  size_t close = page.find("\n```", open);
  if (close == std::string::npos)
    return std::nullopt;
  std::string code = page.substr(open, close - open + 1);
  // A page cannot hold invalid UTF-8 or a NUL itself; the markers stand for those bytes.
  for (size_t p; (p = code.find("<invalid-utf8>")) != std::string::npos;)
    code.replace(p, 14, 1, '\xFF');
  for (size_t p; (p = code.find("<nul>")) != std::string::npos;)
    code.replace(p, 5, 1, '\0');
  return code;
}

/// The files a page puts beside one of its examples: each fenced block ```` ```LANG PATH ```` in
/// the section `heading`, written into a fresh folder. Returns that folder ("" when the page
/// has no such section), where the example is compiled so that it finds them.
std::string filesBeside(const std::string &page, const std::string &heading,
                        const std::string &folder) {
  size_t at = page.find(heading);
  if (at == std::string::npos)
    return "";
  size_t end = page.find("\n## ", at + heading.size());
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  for (size_t open = page.find("```", at); open < end; open = page.find("```", open)) {
    size_t info = open + 3, eol = page.find('\n', info);
    std::string header = page.substr(info, eol - info);
    size_t close = page.find("\n```", eol);
    size_t space = header.find(' ');
    REQUIRE(space != std::string::npos); // ```LANG PATH
    std::filesystem::path file = std::filesystem::path(folder) / header.substr(space + 1);
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << page.substr(eol + 1, close - eol);
    open = close + 4;
  }
  return folder;
}

bool has(const std::vector<std::string> &codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

} // namespace

TEST_CASE("every diagnostic code is documented with examples that hold", "[docs][diagnostics]") {
  for (const patter::DiagInfo &info : patter::allDiagnostics()) {
    std::string code(info.code);
    DYNAMIC_SECTION(code) {
      std::string page;
      std::string path = "docs/diagnostics/" + code + ".md";
      REQUIRE(patter::readFile(path, page));
      auto failing = exampleAfter(page, "## Failing example");
      auto passing = exampleAfter(page, "## Passing example");
      REQUIRE(failing);
      REQUIRE(passing);

      std::string scratch = std::filesystem::temp_directory_path() / ("patter-docs-" + code);
      std::string badDir = filesBeside(page, "## Files beside the failing example", scratch + "/failing");
      std::string goodDir = filesBeside(page, "## Files beside the passing example", scratch + "/passing");
      auto pathOf = [&](const std::string &dir, const std::string &which) {
        return (dir.empty() ? "docs/diagnostics" : dir) + "/" + code + "-" + which + ".patter";
      };

      auto bad = compileSource(pathOf(badDir, "failing"), *failing);
      INFO(bad.diagnostics);
      CHECK(has(bad.codes, code));

      auto good = compileSource(pathOf(goodDir, "passing"), *passing);
      INFO(good.diagnostics);
      CHECK_FALSE(has(good.codes, code));
      CHECK(std::none_of(good.codes.begin(), good.codes.end(),
                         [](const std::string &c) { return c[0] == 'E'; }));
    }
  }
}
