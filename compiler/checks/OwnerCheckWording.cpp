// R03: the wording of the owner check.
#include "PathChecks.h"
#include "PathNodes.h"

#include <regex>

namespace patter {

void checkOwnerCheckWording(const FlowNode &node, DiagnosticEngine &diags) {
  static const std::regex fullNumber("1[0-9]{10}");
  Question q = questionOf(node);
  if (!q.action)
    return;
  const ast::Text *question = spokenText(*q.stmt);
  // What the runtime says: the flow's text, every template but {phone.*} filled in.
  const std::string &v = q.action->text;
  bool first3 = v.find("{phone.first3}") != std::string::npos;
  bool last4 = v.find("{phone.last4}") != std::string::npos;
  if (v.find("{phone.masked}") != std::string::npos || std::regex_search(v, fullNumber))
    diags.report(DiagId::OwnerCheckFormat, question->range, ", not the whole number");
  else if (!first3 || !last4)
    diags.report(DiagId::OwnerCheckFormat, question->range,
                 first3 || !last4 ? "" : ", not only the last 4");
}

} // namespace patter
