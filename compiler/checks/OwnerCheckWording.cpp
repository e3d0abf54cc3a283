// R03: the wording of the owner check.
#include "PathChecks.h"
#include "PathNodes.h"

#include "patter/reply_reader.h" // foldedForMatching

#include <regex>

namespace patter {

/// Whether the question asks the one thing a yes to it may mean (000#Q8): that the person
/// answering owns the number. "…机主的家人吗?", "…可以占用您一分钟吗?" or "…的机主在家吗?" take
/// a yes that says nothing of whose phone it is.
bool asksForTheOwner(const std::string &text) {
  // Folded as replies are read (traditional, full-width, spaces and punctuation left out), the
  // templates' braces and dots with them.
  static const std::u32string ending[] = {U"", U"吗", U"么", U"嘛"};
  const std::u32string folded = foldedForMatching(text);
  for (const std::u32string &particle : ending)
    for (const std::u32string &owner : {std::u32string(U"的机主"), std::u32string(U"的机主本人")}) {
      const std::u32string tail = U"您是phonefirst3尾号phonelast4" + owner + particle;
      if (folded.size() >= tail.size() && folded.compare(folded.size() - tail.size(), tail.size(), tail) == 0)
        return true;
    }
  return false;
}

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
  else if (!asksForTheOwner(v))
    diags.report(DiagId::OwnerCheckQuestion, question->range);
}

} // namespace patter
