// Every diagnostic code has a page in docs/diagnostics/ whose failing example reports the code
// and whose passing example checks clean of errors: the docs cannot drift from the compiler.
#include "Diagnostic.h"
#include "ModuleLoader.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>

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

      auto bad = compileSource("docs/diagnostics/" + code + "-failing.patter", *failing);
      INFO(bad.diagnostics);
      CHECK(has(bad.codes, code));

      auto good = compileSource("docs/diagnostics/" + code + "-passing.patter", *passing);
      INFO(good.diagnostics);
      CHECK_FALSE(has(good.codes, code));
      CHECK(std::none_of(good.codes.begin(), good.codes.end(),
                         [](const std::string &c) { return c[0] == 'E'; }));
    }
  }
}
