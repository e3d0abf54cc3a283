// R02: every clause the policy requires is written in the campaign's clauses block.
#include "MandatoryClauses.h"
#include "PathNodes.h"

#include "vocabulary/Vocabulary.h"

namespace patter {

void checkMandatoryClauses(const Program &program, DiagnosticEngine &diags) {
  if (!program.policy || program.campaign->policies.empty())
    return;
  SourceRange where = program.campaign->clauseBlocks.empty()
                          ? program.campaign->policies.front().value.range
                          : program.campaign->clauseBlocks.front();
  for (const ast::Name &required : program.policy->required)
    if (!program.clauses.count(required.text))
      diags.report(DiagId::MissingMandatoryClause, where, program.policy->name.text,
                   required.text)
          .notes.push_back({required.range, "required here"});
}

void checkOfferDisclosed(const Program &program, const std::vector<TypedFact> &offer,
                         const FlowGraph &graph, DiagnosticEngine &diags) {
  bool sells = llvm::any_of(graph.nodes(), [](const FlowNode &n) {
    return does(n, callflow::Op::Register);
  });
  if (!sells)
    return;
  auto mandatory = [&](llvm::StringRef id) {
    if (!program.clauses.count(id))
      return false;
    if (!program.policy || program.policy->required.empty())
      return true;
    return llvm::any_of(program.policy->required, [&](const ast::Name &r) { return r.text == id; });
  };
  for (const TypedFact &f : offer)
    if (vocab::isClauseKind(f.name) && !mandatory(f.name))
      diags.report(DiagId::UndisclosedOfferFact, program.offer.lookup(f.name)->name.range, f.name,
                   f.name);
}

} // namespace patter
