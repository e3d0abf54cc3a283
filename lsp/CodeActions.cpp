// Quick fixes: the fix-its of each diagnostic as one code action that applies them.
#include "Features.h"

#include "Positions.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace patter::lsp {

namespace {

bool overlaps(SourceRange a, SourceRange b) {
  auto before = [](SourceLocation x, SourceLocation y) {
    return x.line < y.line || (x.line == y.line && x.column <= y.column);
  };
  return a.begin.file == b.begin.file && before(a.begin, b.end) && before(b.begin, a.end);
}

} // namespace

nlohmann::json codeActions(const Analysis &analysis, SourceRange range, const Workspace &workspace) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic &d : analysis.diagnostics()) {
    if (d.waived || !overlaps(d.range, range))
      continue;
    // All fix-its of a diagnostic are one fix, applied together (as SARIF's and clang's are):
    // a curly-quoted string is mended at both of its marks at once.
    nlohmann::json edits = nlohmann::json::array();
    std::vector<std::string> descriptions;
    for (const FixIt &fix : d.fixIts) {
      if (fix.range.begin.file != 0)
        continue;
      edits.push_back({{"range", lspRange(analysis.sources(), fix.range)},
                       {"newText", fix.replacement}});
      if (std::find(descriptions.begin(), descriptions.end(), describe(fix)) == descriptions.end())
        descriptions.push_back(describe(fix));
    }
    if (edits.empty())
      continue;
    std::string title = fmt::format("{}", fmt::join(descriptions, " and "));
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    out.push_back({{"title", title + " (" + std::string(d.code()) + ")"},
                   {"kind", "quickfix"},
                   {"isPreferred", true},
                   {"diagnostics", nlohmann::json::array({lspDiagnostic(analysis, d, workspace)})},
                   {"edit", {{"changes", {{workspace.mainUri, std::move(edits)}}}}}});
  }
  return out;
}

} // namespace patter::lsp
