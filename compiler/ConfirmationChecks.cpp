// R03, R04, R05: the wording of the owner check and of the confirming step.
#include "PathChecks.h"
#include "PathNodes.h"

#include <regex>

namespace patter {

void checkOwnerCheckWording(const FlowNode &node, DiagnosticEngine &diags) {
  static const std::regex fullNumber("1[0-9]{10}");
  const ast::Text *question = nullptr;
  for (const auto &stmt : bodyOf(node))
    if (const ast::Text *t = spokenText(*stmt))
      question = t;
  if (!question)
    return;
  const std::string &v = question->value;
  bool first3 = v.find("{phone.first3}") != std::string::npos;
  bool last4 = v.find("{phone.last4}") != std::string::npos;
  if (v.find("{phone.masked}") != std::string::npos || std::regex_search(v, fullNumber))
    diags.report(DiagId::OwnerCheckFormat, question->range, ", not the whole number");
  else if (!first3 || !last4)
    diags.report(DiagId::OwnerCheckFormat, question->range,
                 first3 || !last4 ? "" : ", not only the last 4");
}

void checkConfirmWording(const ComplianceInputs &in, const FlowNode &node,
                         DiagnosticEngine &diags) {
  std::string spoken;
  for (const auto &stmt : bodyOf(node))
    if (const ast::Text *t = spokenText(*stmt)) {
      spoken += in.templates.expand(t->value);
      for (const std::string &word : in.policy.confirmForbids)
        if (t->value.find(word) != std::string::npos)
          diags.report(DiagId::InducingConfirmation, phraseRange(*t, word), word);
    }
  if (!in.policy.recording.empty() && spoken.find(in.policy.recording) == std::string::npos)
    diags.report(DiagId::MissingRecordingNotice, node.range, node.id, in.policy.recording);
  if (!in.product.empty() && spoken.find(in.product) == std::string::npos)
    diags.report(DiagId::VagueConfirmation, node.range, node.id,
                 "does not name the product '" + in.product + "'");
  if (!in.policy.confirmPhrase.empty() && spoken.find(in.policy.confirmPhrase) == std::string::npos)
    diags.report(DiagId::VagueConfirmation, node.range, node.id,
                 "does not ask \"" + in.policy.confirmPhrase + "\"");
}

} // namespace patter
