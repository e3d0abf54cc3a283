// Compiler diagnostics as LSP diagnostics, and the URIs of the files they point into.
#include "Features.h"

#include "Positions.h"
#include "Uri.h"

#include <filesystem>
#include <map>

namespace patter::lsp {

std::string fileUri(const Analysis &analysis, uint32_t file, const Workspace &workspace) {
  if (file == 0)
    return workspace.mainUri;
  std::string path(analysis.sources().path(file));
  constexpr std::string_view stdlib = "<stdlib>/";
  if (path.compare(0, stdlib.size(), stdlib) == 0)
    path = workspace.stdlibDir + "/" + path.substr(stdlib.size());
  return pathToUri(path);
}

nlohmann::json location(const Analysis &analysis, SourceRange range, const Workspace &workspace) {
  return {{"uri", fileUri(analysis, range.begin.file, workspace)},
          {"range", lspRange(analysis.sources(), range)}};
}

nlohmann::json lspDiagnostic(const Analysis &analysis, const Diagnostic &d,
                             const Workspace &workspace) {
  const SourceManager &sources = analysis.sources();
  std::string message = d.message;
  if (!d.rule().empty())
    message += " [" + std::string(d.rule()) + "]";
  int severity = d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3;
  if (d.waived) {
    severity = 3;
    message = "waived by allow " + std::string(d.rule()) + " \"" + d.waived->reason + "\": " + message;
  }
  nlohmann::json out = {{"range", lspRange(sources, d.range)},
                        {"severity", severity},
                        {"code", std::string(d.code())},
                        {"source", "patter"},
                        {"message", message},
                        {"data", {{"waived", d.waived.has_value()}}}};
  if (!workspace.docsDir.empty()) {
    std::string page = workspace.docsDir + "/" + std::string(d.code()) + ".md";
    if (std::filesystem::exists(page))
      out["codeDescription"] = {{"href", pathToUri(page)}};
  }
  nlohmann::json related = nlohmann::json::array();
  for (const Note &n : d.notes)
    if (n.range.begin.valid())
      related.push_back({{"location", location(analysis, n.range, workspace)},
                         {"message", n.message}});
  if (d.waived)
    related.push_back({{"location", location(analysis, d.waived->at, workspace)},
                       {"message", "waived here: " + d.waived->reason}});
  if (!related.empty())
    out["relatedInformation"] = related;
  return out;
}

std::vector<std::pair<std::string, nlohmann::json>> diagnosticsByUri(const Analysis &analysis,
                                                                     const Workspace &workspace) {
  std::map<uint32_t, nlohmann::json> byFile;
  byFile[0] = nlohmann::json::array();
  for (const Diagnostic &d : analysis.diagnostics()) {
    auto &list = byFile[d.range.begin.valid() ? d.range.begin.file : 0];
    if (list.is_null())
      list = nlohmann::json::array();
    list.push_back(lspDiagnostic(analysis, d, workspace));
  }
  std::vector<std::pair<std::string, nlohmann::json>> out;
  for (auto &[file, list] : byFile)
    out.emplace_back(fileUri(analysis, file, workspace), std::move(list));
  return out;
}

} // namespace patter::lsp
