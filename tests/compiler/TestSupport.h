// Helpers shared by the compiler tests: compile a snippet or a file, render its diagnostics.
#pragma once

#include "Compiler.h"
#include "Render.h"

#include <optional>
#include <string>
#include <vector>

namespace patter::test {

/// The result of compiling one source the way `patter build` does.
struct Compiled {
  std::optional<std::string> flow;
  std::string diagnostics;       ///< text rendering, no colour
  std::vector<std::string> codes; ///< codes of the diagnostics in force (not waived), in order
};

inline Compiled compileSource(const std::string &path, std::string text, bool emit = true) {
  Compilation compilation(SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  Compiled out;
  out.flow = compilation.run(path, std::move(text), emit);
  auto diags = compilation.diagnostics().sorted();
  out.diagnostics = renderText(diags, compilation.sources(), TextStyle{false});
  for (const Diagnostic &d : diags)
    if (!d.waived) // a waived finding is on the record, not an error or warning
      out.codes.emplace_back(d.code());
  return out;
}

} // namespace patter::test
