// Name resolution: builds the Program of a campaign and reports undefined and duplicate names.
#pragma once

#include "Diagnostic.h"
#include "Program.h"

namespace patter {

/// Builds the symbol tables of `campaign` from the modules loaded with it and checks that
/// every name (start, steps, clauses, objections, policy, events) refers to something.
Program resolveCampaign(const ast::Campaign &campaign,
                        const std::vector<std::unique_ptr<ast::Module>> &modules,
                        DiagnosticEngine &diags);

/// Checks the names inside policies and handler modules, which have no campaign.
void resolveModules(const std::vector<std::unique_ptr<ast::Module>> &modules,
                    DiagnosticEngine &diags);

/// ", did you mean 'x'?" for the closest candidate within a small edit distance, or "".
std::string didYouMean(llvm::StringRef name, const std::vector<llvm::StringRef> &candidates);

} // namespace patter
