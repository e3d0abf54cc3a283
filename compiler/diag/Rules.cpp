// The rule registry built from Rules.def.
#include "Rules.h"

namespace patter {

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> registry = {
#define RULE(Id, Title, Where, Source, Text, Example) {#Id, Title, Where, Source, Text, Example},
#include "Rules.def"
#undef RULE
  };
  return registry;
}

const RuleInfo *findRule(std::string_view id) {
  for (const RuleInfo &rule : allRules())
    if (rule.id == id)
      return &rule;
  return nullptr;
}

std::vector<const DiagInfo *> diagnosticsForRule(std::string_view ruleId) {
  std::vector<const DiagInfo *> out;
  for (const DiagInfo &info : allDiagnostics())
    if (info.rule == ruleId)
      out.push_back(&info);
  return out;
}

const DiagInfo *findDiagnostic(std::string_view code) {
  for (const DiagInfo &info : allDiagnostics())
    if (info.code == code)
      return &info;
  return nullptr;
}

std::string_view diagnosticName(DiagId id) {
  static constexpr std::string_view names[] = {
#define DIAG(Name, Code, Sev, Rule, Text) #Name,
#include "Diagnostics.def"
#undef DIAG
  };
  return names[static_cast<size_t>(id)];
}

std::string readableTemplate(std::string_view fmtText) {
  std::string out;
  for (size_t i = 0; i < fmtText.size(); ++i) {
    char c = fmtText[i];
    if ((c == '{' || c == '}') && i + 1 < fmtText.size() && fmtText[i + 1] == c) {
      out += c; // `{{` and `}}` are literal braces
      ++i;
    } else if (c == '{') {
      size_t close = fmtText.find('}', i);
      if (close == std::string_view::npos)
        close = fmtText.size() - 1;
      out += "…";
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace patter
