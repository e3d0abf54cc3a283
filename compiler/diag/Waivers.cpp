// Waivers: a scope (the statement, clause or step carrying `allow`) and a rule to silence there.
#include "Waivers.h"

#include <tuple>

namespace patter {

namespace {

struct Scope {
  const ast::Waiver *waiver;
  SourceRange range;
  bool used = false;
};

bool before(SourceLocation a, SourceLocation b) {
  return std::make_tuple(a.line, a.column) < std::make_tuple(b.line, b.column);
}

bool contains(SourceRange scope, SourceLocation at) {
  return scope.begin.file == at.file && !before(at, scope.begin) && before(at, scope.end);
}

/// Waivers naming no rule are reported by name resolution; one error is enough.
bool isRuleId(llvm::StringRef rule) {
  unsigned number = 0;
  return rule.size() == 3 && rule[0] == 'R' && !rule.drop_front().getAsInteger(10, number) &&
         number >= 1 && number <= 21;
}

void collect(const ast::StmtList &body, SourceRange owner, std::vector<Scope> &out) {
  for (const auto &stmt : body) {
    if (const auto *w = llvm::dyn_cast<ast::WaiverStmt>(stmt.get()))
      out.push_back({&w->waiver, owner});
    else if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()); say && say->waiver)
      out.push_back({&*say->waiver, say->range()});
    else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()); ask && ask->waiver)
      out.push_back({&*ask->waiver, ask->range()});
  }
}

} // namespace

void applyWaivers(const Program &program, DiagnosticEngine &diags) {
  std::vector<Scope> scopes;
  for (const auto &[name, step] : program.steps)
    collect(step->body, step->range, scopes);
  for (const auto &[name, objection] : program.objections)
    collect(objection->body, objection->range, scopes);
  for (const auto &[name, clause] : program.clauses)
    if (clause->waiver)
      scopes.push_back({&*clause->waiver, {clause->name.range.begin, clause->text.range.end}});
  if (scopes.empty())
    return;
  diags.waive([&](const Diagnostic &d) -> std::optional<Waived> {
    if (d.rule().empty())
      return std::nullopt;
    for (Scope &s : scopes)
      if (s.waiver->rule.text == d.rule() && contains(s.range, d.range.begin)) {
        s.used = true;
        return Waived{s.waiver->rule.range, s.waiver->reason.value};
      }
    return std::nullopt;
  });

  for (const Scope &s : scopes)
    if (!s.used && !s.waiver->reason.value.empty() && isRuleId(s.waiver->rule.text))
      diags.report(DiagId::UnusedWaiver, s.waiver->rule.range, s.waiver->rule.text);
}

} // namespace patter
