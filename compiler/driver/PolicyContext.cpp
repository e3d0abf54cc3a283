#include "PolicyContext.h"

#include "ModuleCache.h"
#include "Offer.h"
#include "PolicySettings.h"
#include "Wording.h"

namespace patter {

void PolicyContext::checkAll(const std::vector<std::unique_ptr<ast::Module>> &modules,
                             DiagnosticEngine &diags) {
  for (const auto &module : modules)
    for (const ast::Policy &policy : module->policies) {
      checkPolicyLimits(policy, diags);
      if (!cache_ || !cache_->lexiconClean(policy)) // a cached policy's self-test said nothing
        checked_.emplace_back(&policy, checkLexicon(policy, diags));
      readPolicySettings(&policy, &diags);
    }
}

const Lexicon &PolicyContext::lexicon(const ast::Policy *policy) {
  if (!policy)
    return own_;
  if (cache_)
    if (const Lexicon *cached = cache_->lexicon(*policy))
      return *cached;
  for (const auto &[checked, lexicon] : checked_)
    if (checked == policy)
      return lexicon;
  own_ = Lexicon::load(*policy, nullptr); // reported by checkAll
  return own_;
}

} // namespace patter
