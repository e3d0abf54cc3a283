// R02: every clause the policy requires is written in the campaign's clauses block.
#include "MandatoryClauses.h"

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

} // namespace patter
