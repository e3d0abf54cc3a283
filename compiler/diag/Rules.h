// The compliance rules of RULES.md as data: what `patter explain`, SARIF and the docs show.
#pragma once

#include "Diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// One rule of shared/RULES.md, generated from Rules.def.
struct RuleInfo {
  std::string_view id;      ///< "R01".."R21"
  std::string_view title;   ///< a few words
  std::string_view where;   ///< where it is enforced: static, runtime or both, and how
  std::string_view source;  ///< the seed it comes from, e.g. "000#Q1, Q6"
  std::string_view text;    ///< the rule as written in RULES.md
  std::string_view example; ///< a compliant patter snippet or the approved phrasing
};

/// All rules in id order.
const std::vector<RuleInfo> &allRules();

/// The rule with this id ("R08"), or nullptr.
const RuleInfo *findRule(std::string_view id);

/// The diagnostic registry entries that enforce a rule, in registry order.
std::vector<const DiagInfo *> diagnosticsForRule(std::string_view ruleId);

/// The registry entry with this code ("E0501"), or nullptr.
const DiagInfo *findDiagnostic(std::string_view code);

/// The registry name of a diagnostic (`MissingMandatoryClause`), for tools that want a word.
std::string_view diagnosticName(DiagId id);

/// A message template for people: each `{}` argument becomes `…` and `{{`/`}}` become braces,
/// so "policy '{}' requires a '{}' clause" reads "policy '…' requires a '…' clause".
std::string readableTemplate(std::string_view fmtText);

} // namespace patter
