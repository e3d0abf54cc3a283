// The requests the server answers, each a function of one analysed document.
#pragma once

#include "Analysis.h"

#include <nlohmann/json.hpp>

#include <string>

namespace patter::lsp {

/// Where the files of an analysis live, for URIs and links.
struct Workspace {
  std::string mainUri;   ///< the document's URI exactly as the client sent it
  std::string stdlibDir; ///< what `<stdlib>/` in a module's name stands for
  std::string docsDir;   ///< the pages of docs/diagnostics/, or empty
};

/// The URI of file `file` of the analysis.
std::string fileUri(const Analysis &analysis, uint32_t file, const Workspace &workspace);

/// `{"uri", "range"}` of a range.
nlohmann::json location(const Analysis &analysis, SourceRange range, const Workspace &workspace);

/// The LSP form of one diagnostic: code, rule in the message, severity (waived ones as
/// information, saying which `allow` waived them), notes (the counterexample path) as related
/// information, a link to the code's page.
nlohmann::json lspDiagnostic(const Analysis &analysis, const Diagnostic &d,
                             const Workspace &workspace);

/// Every diagnostic of the analysis grouped by the URI of its file; the main file is always
/// present, with an empty list when it is clean.
std::vector<std::pair<std::string, nlohmann::json>> diagnosticsByUri(const Analysis &analysis,
                                                                     const Workspace &workspace);

/// textDocument/hover at `at` (in file 0): null or a Hover.
nlohmann::json hover(const Analysis &analysis, SourceLocation at);

/// textDocument/definition: null or a Location.
nlohmann::json definition(const Analysis &analysis, SourceLocation at, const Workspace &workspace);

/// textDocument/references: the Locations of the name under `at`.
nlohmann::json references(const Analysis &analysis, SourceLocation at, bool includeDeclaration,
                          const Workspace &workspace);

/// textDocument/documentSymbol: the DocumentSymbol tree of file 0.
nlohmann::json documentSymbols(const Analysis &analysis);

/// textDocument/completion at `at`: a list of CompletionItems fitting the text before it.
nlohmann::json completion(const Analysis &analysis, SourceLocation at);

/// textDocument/codeAction: a quick fix per fix-it of a diagnostic of file 0 that meets `range`.
nlohmann::json codeActions(const Analysis &analysis, SourceRange range, const Workspace &workspace);

} // namespace patter::lsp
