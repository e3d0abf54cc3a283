// Where each name of a campaign and its modules is defined and used: what go-to-definition,
// find-references, hover and rename-free navigation read.
#pragma once

#include "AST.h"
#include "ModuleLoader.h"
#include "Program.h"

#include <string>
#include <string_view>
#include <vector>

namespace patter::lsp {

/// One written name. `key` says what it names: `step:pitch`, `objection:wifi`,
/// `clause:price`, `fact:price` (an offer fact, also where `{offer.price}` uses it),
/// `policy:mobile_outbound`, `handler:std.silence` (a step of a handlers module) or
/// `event:silence` (an event an imported or campaign handler takes).
struct Occurrence {
  std::string key;
  SourceRange range;
  bool definition = false;
};

class SymbolIndex {
public:
  /// Indexes the main module's campaign (`program` its resolution, or null when it has none)
  /// and the policies and handlers of every loaded module.
  SymbolIndex(const LoadedModules &modules, const Program *program, const SourceManager &sources);

  /// The occurrence under `at`, or null.
  const Occurrence *at(SourceLocation at) const;
  /// The first definition of `key`, or null.
  const Occurrence *definition(std::string_view key) const;
  /// Every occurrence of `key`, definitions first, in source order.
  std::vector<const Occurrence *> references(std::string_view key) const;
  /// The spoken text whose literal holds `at`, or null.
  const ast::Text *textAt(SourceLocation at) const;

  const std::vector<Occurrence> &occurrences() const { return occurrences_; }

private:
  void add(std::string key, SourceRange range, bool definition);
  void addBody(const ast::StmtList &body, const std::string &handlersModule);
  void addTarget(const ast::Target &target, const std::string &handlersModule);
  void addText(const ast::Text &text);

  const Program *program_;
  const SourceManager &sources_;
  std::vector<Occurrence> occurrences_;
  std::vector<const ast::Text *> texts_;
};

} // namespace patter::lsp
