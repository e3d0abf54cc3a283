// Compiles a document once and resolves its campaign again, quietly, for navigation.
#include "Analysis.h"

#include "Resolve.h"

namespace patter::lsp {

Analysis::Analysis(const std::string &path, std::string text, const SearchPath &searchPath,
                   ModuleCache &cache)
    : compilation_(searchPath, &cache) {
  compilation_.run(path, std::move(text), false);
  diagnostics_ = compilation_.diagnostics().sorted();
  const auto &modules = compilation_.modules().modules();
  if (!modules.empty() && !modules.front()->campaigns.empty()) {
    // Resolution was reported by the compilation; this one only builds the tables.
    DiagnosticEngine quiet;
    program_ = resolveCampaign(modules.front()->campaigns.front(), modules, quiet);
    offer_ = checkOffer(*program_, quiet);
    templates_ = std::make_unique<TemplateScope>(program_->title.str(), offer_);
  }
  symbols_ = std::make_unique<SymbolIndex>(compilation_.modules(), program(), sources());
}

} // namespace patter::lsp
