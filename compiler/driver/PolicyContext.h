// The policies of one compilation: every loaded policy checked once (limits, lexicon
// self-tests, settings), and the lexicon the campaign's policy gives the wording pass and the
// path checks, loaded at most once per process through the module cache.
#pragma once

#include "Diagnostic.h"
#include "Lexicon.h"
#include "ModuleLoader.h"

#include <memory>
#include <utility>
#include <vector>

namespace patter {

class ModuleCache;

class PolicyContext {
public:
  explicit PolicyContext(ModuleCache *cache) : cache_(cache) {}

  /// Checks every policy of `modules`, used or not: its limits, its lexicon's entries and
  /// examples (skipped for a cached policy whose self-test found nothing), its settings.
  void checkAll(const std::vector<std::unique_ptr<ast::Module>> &modules, DiagnosticEngine &diags);

  /// The lexicon of `policy` (null: none): the cache's, the one checkAll loaded, or one loaded
  /// now. Lives as long as this context and the cache.
  const Lexicon &lexicon(const ast::Policy *policy);

private:
  ModuleCache *cache_;
  /// The lexicons checkAll loaded for their self-test, kept for the wording pass.
  std::vector<std::pair<const ast::Policy *, Lexicon>> checked_;
  Lexicon own_;
};

} // namespace patter
