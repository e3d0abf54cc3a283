// One version of one open document, compiled: its diagnostics and what navigation reads.
#pragma once

#include "Compiler.h"
#include "Offer.h"
#include "Program.h"
#include "Symbols.h"
#include "Templates.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace patter::lsp {

/// The compilation of a document's text exactly as `patter check` compiles the file, plus the
/// resolved campaign, typed offer facts and symbol index. The main file is file 0.
class Analysis {
public:
  Analysis(const std::string &path, std::string text, const SearchPath &searchPath,
           ModuleCache &cache);
  Analysis(const Analysis &) = delete;
  Analysis &operator=(const Analysis &) = delete;

  const SourceManager &sources() const { return compilation_.sources(); }
  /// In the order `patter check` prints them, waived ones included.
  const std::vector<Diagnostic> &diagnostics() const { return diagnostics_; }
  /// The resolved campaign of the main file, if it declares one.
  const Program *program() const { return program_ ? &*program_ : nullptr; }
  const std::vector<TypedFact> &offer() const { return offer_; }
  const TemplateScope *templates() const { return templates_.get(); }
  const SymbolIndex &symbols() const { return *symbols_; }
  const LoadedModules &modules() const { return compilation_.modules(); }

private:
  Compilation compilation_;
  std::vector<Diagnostic> diagnostics_;
  std::optional<Program> program_;
  std::vector<TypedFact> offer_;
  std::unique_ptr<TemplateScope> templates_;
  std::unique_ptr<SymbolIndex> symbols_;
};

} // namespace patter::lsp
