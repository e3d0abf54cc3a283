// Which policy a campaign is checked against, and whether it may be: a policy is named, is
// not a look-alike of a standard one, and applies to the campaign's channel and kind of product.
#pragma once

#include "Diagnostic.h"
#include "ModuleLoader.h"
#include "Program.h"

#include <string>

namespace patter {

/// E0220: the campaign names a policy (not reported unless its modules `parsed` cleanly).
/// E0223, E0224: the campaign's channel (`outbound` when not written) and its offer's `kind`
/// are among those its policy applies to.
void checkCampaignPolicy(const Program &program, bool parsed, DiagnosticEngine &diags);

/// E0225: every loaded policy, with what it extends folded in, says which `channels` and
/// `products` it applies to; its channels are known ones (E0203).
void checkPolicyScopes(const std::vector<std::unique_ptr<ast::Module>> &modules,
                       DiagnosticEngine &diags);

/// E0222: no policy outside the standard library takes the name of one of its policies
/// (`<stdlib>/std/policy/NAME.patter`), so a writer's `policy mobile_outbound { ... }` cannot
/// pass for the signed-off one.
void checkLookalikePolicies(const LoadedModules &modules, const SourceManager &sources,
                            const std::string &stdlibDir, DiagnosticEngine &diags);

} // namespace patter
