// `policy x extends y { ... }`: a policy that takes every item of another and may only add to
// it or tighten it (docs/LANGUAGE.md, "Extending a policy").
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include <memory>
#include <vector>

namespace patter {

/// The first policy of that name in load order (the one a campaign's `policy NAME` selects).
const ast::Policy *findPolicy(llvm::StringRef name,
                              const std::vector<std::unique_ptr<ast::Module>> &modules);

/// Reports, for every policy that extends another, an unknown base (E0105), a cycle (E0227) and
/// each item that weakens what the base asks (E0228).
void checkPolicyExtensions(const std::vector<std::unique_ptr<ast::Module>> &modules,
                           DiagnosticEngine &diags);

/// `policy` with every base's items folded in, as the checks and the flow read it: the base's
/// requirements, limits, settings and lexicon entries, then its own. Null when `policy` extends
/// nothing (it applies as written) or its chain of bases is broken (reported above).
std::unique_ptr<ast::Policy> flattenPolicy(const ast::Policy &policy,
                                           const std::vector<std::unique_ptr<ast::Module>> &modules);

} // namespace patter
