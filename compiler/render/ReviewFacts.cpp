// Collects the review facts of a resolved campaign from its symbol tables.
#include "ReviewFacts.h"

#include "Program.h"

namespace patter {

namespace {

std::string fieldsAsWritten(const ast::LexiconEntry &entry) {
  std::string out;
  for (const ast::PolicySetting &field : entry.fields) {
    if (!out.empty())
      out += "; ";
    out += field.key.text;
    for (size_t i = 0; i < field.values.size(); ++i) {
      const ast::PolicyValue &v = field.values[i];
      out += i == 0 ? " " : ", ";
      out += v.kind == ast::PolicyValue::Kind::String ? "\"" + v.text + "\"" : v.text;
    }
  }
  return out;
}

} // namespace

ReviewFacts reviewFactsOf(const Program &program) {
  ReviewFacts facts;
  for (const auto &[id, clause] : program.clauses)
    facts.clauses.push_back({id.str(), clause->name.range});
  if (program.policy)
    for (const ast::LexiconEntry &entry : program.policy->entries)
      facts.lexicon.push_back({entry.kind.text, entry.phrase.value, fieldsAsWritten(entry)});
  return facts;
}

} // namespace patter
