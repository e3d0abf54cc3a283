// The confirmation turn check: the turn's lines, the required texts in it, the forbidden ones.
#include "ConfirmTurn.h"
#include "PathNodes.h"

#include "WordingPattern.h"
#include "WordingText.h"

#include <llvm/ADT/SmallPtrSet.h>

#include <algorithm>

namespace patter {

namespace {

bool hasConfirm(const FlowNode &node) { return does(node, callflow::Op::Confirm); }

/// The lines the node's actions say before its confirmation, decoded from their statements'
/// texts (which keep the columns a diagnostic points at).
std::vector<SpokenText> linesOf(const FlowNode &node, const ComplianceInputs &in,
                                const SourceManager &sources) {
  std::vector<SpokenText> out;
  for (auto [action, stmt] : actionsOf(node)) {
    if (action.op == callflow::Op::Confirm)
      break;
    if (action.op != callflow::Op::Say && action.op != callflow::Op::Ask)
      continue;
    out.emplace_back();
    decodeSpoken(*spokenText(*stmt), sources, in.templates, out.back());
    out.back().stmt = stmt;
  }
  return out;
}

/// The normalised lines joined, for the texts that must be said somewhere in them.
std::u32string joined(const std::vector<SpokenText> &lines) {
  std::u32string out;
  for (const SpokenText &l : lines)
    out += l.normalized.text;
  return out;
}

/// A mobile number written out: 11 digits from 1, not inside a longer run of digits.
std::optional<std::pair<uint32_t, uint32_t>> literalNumber(const std::u32string &t) {
  for (size_t i = 0; i < t.size();) {
    size_t j = i;
    while (j < t.size() && t[j] >= U'0' && t[j] <= U'9')
      ++j;
    if (j - i == 11 && t[i] == U'1')
      return std::pair<uint32_t, uint32_t>(i, j);
    i = j > i ? j : i + 1;
  }
  return std::nullopt;
}

bool namesCalledNumber(const std::vector<SpokenText> &lines) {
  return std::any_of(lines.begin(), lines.end(), [](const SpokenText &l) {
    return l.text->value.find("{phone.") != std::string::npos;
  });
}

/// R04, R15: the recording of the confirmation turn shows which number gets the service, and
/// only the called number may: a number written out is another one (E0514), and under a
/// policy with a recording notice the turn names the called number through a {phone.*}
/// template, in its own lines or in every line leading silently into it.
void checkNumberNamed(const FlowNode &node, const std::vector<SpokenText> &own,
                      const std::vector<std::vector<SpokenText>> &before, bool onlySilent,
                      const ComplianceInputs &in, DiagnosticEngine &diags) {
  bool wroteNumber = false; // then that is the one error: the number named is the wrong one
  auto literals = [&](const std::vector<SpokenText> &lines) {
    for (const SpokenText &line : lines)
      if (auto at = literalNumber(line.normalized.text)) {
        wroteNumber = true;
        uint32_t b = line.normalized.origin[at->first], e = line.normalized.origin[at->second - 1] + 1;
        diags.report(DiagId::ConfirmationNumber, rangeOf(line, b, e), node.id,
                     "names the number '" + quote(line, b, e) + "', not the called one");
      }
  };
  literals(own);
  for (const auto &lines : before)
    literals(lines);
  if (wroteNumber || in.policy.recording.empty() || namesCalledNumber(own))
    return;
  bool everyLeadIn = onlySilent && std::all_of(before.begin(), before.end(), namesCalledNumber);
  if (!everyLeadIn)
    diags.report(DiagId::ConfirmationNumber, node.range, node.id, "does not name the called number");
}

/// How the call enters a node: with the customer's reply (a route, an objection keyword, a
/// handled event, `exhausted`), or straight from the lines of another node.
struct Entries {
  bool byReply = false;
  std::vector<int> silent;   ///< steps whose `goto` or host-call result leads here
  std::vector<int> retrying; ///< objections whose `retry` may return here
};

Entries entriesOf(const FlowGraph &graph, int target) {
  Entries e;
  e.byReply = graph.start() == target;
  const auto &nodes = graph.nodes();
  bool asks = nodes[target].asks;
  // The interruptions waiting steps share (keyword and handler edges, entries by a reply) are
  // looked at once per shared list, not once per step, so that this stays linear.
  llvm::SmallPtrSet<const FlowEdge *, 2> sharedSeen;
  for (int n = 0; n < static_cast<int>(nodes.size()); ++n) {
    llvm::ArrayRef<FlowEdge> shared = graph.interruptions(nodes[n]);
    if (!shared.empty() && sharedSeen.insert(shared.data()).second)
      e.byReply |= llvm::any_of(shared, [&](const FlowEdge &edge) { return edge.to == target; });
    for (const FlowEdge &edge : nodes[n].edges) {
      if (edge.kind == FlowEdge::Kind::Retry && asks) {
        if (std::find(e.retrying.begin(), e.retrying.end(), n) == e.retrying.end())
          e.retrying.push_back(n);
        continue;
      }
      if (edge.to != target)
        continue;
      if (edge.kind == FlowEdge::Kind::Goto || edge.kind == FlowEdge::Kind::Result) {
        if (std::find(e.silent.begin(), e.silent.end(), n) == e.silent.end())
          e.silent.push_back(n);
      } else {
        e.byReply = true;
      }
    }
  }
  return e;
}

/// The policy's `confirm_forbids` setting, where a malformed pattern in it is reported.
const ast::PolicySetting *forbidsSetting(const ast::Policy *policy) {
  if (!policy)
    return nullptr;
  const ast::PolicySetting *found = nullptr;
  for (const ast::PolicySetting &s : policy->settings)
    if (s.key.text == "confirm_forbids")
      found = &s; // the last one counts, as PolicySettings reads it
  return found;
}

} // namespace

void checkConfirmTurn(const ComplianceInputs &in, const SourceManager &sources,
                      DiagnosticEngine &diags) {
  const Normalizer &norm = Normalizer::standard();
  PatternSet forbids;
  for (const ast::PolicySetting *setting = forbidsSetting(in.program.policy);
       const std::string &word : in.policy.confirmForbids) {
    std::string error;
    if (forbids.add(word, error) < 0 && setting)
      diags.report(DiagId::MalformedLexiconPattern, setting->range, word, error);
  }
  forbids.build();
  const auto &nodes = in.graph.nodes();
  for (int n = 0; n < static_cast<int>(nodes.size()); ++n) {
    const FlowNode &node = nodes[n];
    if (!node.step || node.kind != FlowNode::Kind::Step || !hasConfirm(node))
      continue;
    std::vector<SpokenText> own = linesOf(node, in, sources);
    Entries entries = entriesOf(in.graph, n);
    std::vector<std::vector<SpokenText>> before;
    for (int p : entries.silent)
      before.push_back(linesOf(nodes[p], in, sources));
    for (int p : entries.retrying)
      before.push_back(linesOf(nodes[p], in, sources));

    // Inducing words anywhere in the turn, each reported once where it is written.
    std::vector<PhraseHit> hits;
    auto report = [&](const std::vector<SpokenText> &lines) {
      for (const SpokenText &line : lines) {
        hits.clear();
        forbids.find(line.normalized, hits);
        for (const PhraseHit &h : hits) {
          uint32_t b = line.normalized.origin[h.begin], e = line.normalized.origin[h.end - 1] + 1;
          diags.report(DiagId::InducingConfirmation, rangeOf(line, b, e), quote(line, b, e));
        }
      }
    };
    report(own);
    for (const auto &lines : before)
      report(lines);

    // The texts that must be said: in the step's own lines, or in every silent way in.
    std::u32string ownText = joined(own);
    std::vector<std::u32string> leadIns;
    bool onlySilent = !entries.byReply && entries.retrying.empty() && !entries.silent.empty();
    for (size_t k = 0; onlySilent && k < entries.silent.size(); ++k)
      leadIns.push_back(joined(before[k]) + ownText);
    auto said = [&](const std::string &text) {
      std::u32string folded = norm.fold(text);
      if (folded.empty() || ownText.find(folded) != std::u32string::npos)
        return true;
      return !leadIns.empty() &&
             std::all_of(leadIns.begin(), leadIns.end(), [&](const std::u32string &t) {
               return t.find(folded) != std::u32string::npos;
             });
    };
    if (!in.policy.recording.empty() && !said(in.policy.recording))
      diags.report(DiagId::MissingRecordingNotice, node.range, node.id, in.policy.recording);
    checkNumberNamed(node, own, before, onlySilent, in, diags);
    if (!in.product.empty() && !said(in.product))
      diags.report(DiagId::VagueConfirmation, node.range, node.id,
                   "does not name the product '" + in.product + "'");
    if (!in.policy.confirmPhrase.empty() && !said(in.policy.confirmPhrase))
      diags.report(DiagId::VagueConfirmation, node.range, node.id,
                   "does not ask \"" + in.policy.confirmPhrase + "\"");
  }
}

} // namespace patter
