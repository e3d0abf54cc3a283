// Quick fixes: every fix-it of a diagnostic as a code action that applies it.
#include "Features.h"

#include "Positions.h"

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
    for (const FixIt &fix : d.fixIts) {
      if (fix.range.begin.file != 0)
        continue;
      nlohmann::json edit = {{"range", lspRange(analysis.sources(), fix.range)},
                             {"newText", fix.replacement}};
      std::string title = describe(fix);
      title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
      out.push_back({{"title", title + " (" + std::string(d.code()) + ")"},
                     {"kind", "quickfix"},
                     {"isPreferred", d.fixIts.size() == 1},
                     {"diagnostics", nlohmann::json::array({lspDiagnostic(analysis, d, workspace)})},
                     {"edit", {{"changes", {{workspace.mainUri, nlohmann::json::array({edit})}}}}}});
    }
  }
  return out;
}

} // namespace patter::lsp
