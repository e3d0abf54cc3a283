// Hover: what a name stands for, what a spoken text will say, and the rule behind a diagnostic.
#include "Features.h"

#include "Positions.h"
#include "Rules.h"

#include <fmt/format.h>

namespace patter::lsp {

namespace {

std::string typeName(TypedFact::Type type) {
  switch (type) {
  case TypedFact::Type::Text: return "text";
  case TypedFact::Type::Money: return "money";
  case TypedFact::Type::Duration: return "duration";
  case TypedFact::Type::Enum: return "enum";
  }
  return "";
}

std::string expanded(const Analysis &analysis, const std::string &text) {
  return analysis.templates() ? analysis.templates()->expand(text) : text;
}

/// The first line a body speaks, to show what a step is.
std::string firstLine(const ast::StmtList &body) {
  for (const auto &stmt : body) {
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()))
      return say->text.value;
    if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()))
      return ask->text.value;
  }
  return "";
}

std::string describeName(const Analysis &analysis, const Occurrence &o) {
  const Program *program = analysis.program();
  size_t colon = o.key.find(':');
  std::string kind = o.key.substr(0, colon), name = o.key.substr(colon + 1);
  if (kind == "clause" && program) {
    auto it = program->clauses.find(name);
    if (it != program->clauses.end())
      return fmt::format("**clause** `{}`\n\n「{}」", name, expanded(analysis, it->second->text.value));
  } else if (kind == "fact") {
    for (const TypedFact &f : analysis.offer())
      if (f.name == name) {
        std::string value = f.type == TypedFact::Type::Money || f.type == TypedFact::Type::Duration
                                ? f.amount + " " + f.unit + (f.per.empty() ? "" : " per " + f.per)
                                : f.text;
        return fmt::format("**offer fact** `{}`: {} `{}`\n\nspoken as 「{}」", name,
                           typeName(f.type), value, spokenFact(f));
      }
  } else if (kind == "step" && program) {
    auto it = program->steps.find(name);
    if (it != program->steps.end())
      return fmt::format("**step** `{}`\n\n「{}」", name, expanded(analysis, firstLine(it->second->body)));
  } else if (kind == "objection" && program) {
    auto it = program->objections.find(name);
    if (it != program->objections.end()) {
      std::string words;
      for (const ast::Text &k : it->second->keywords)
        words += (words.empty() ? "" : ", ") + ("\"" + k.value + "\"");
      return fmt::format("**objection** `{}`{}\n\n「{}」", name,
                         words.empty() ? "" : " when " + words,
                         expanded(analysis, firstLine(it->second->body)));
    }
  } else if (kind == "handler" && program) {
    for (const HandlerStep &h : program->handlerSteps)
      if (h.qualifiedName == name)
        return fmt::format("**handler step** `{}`\n\n「{}」", name, firstLine(h.step->body));
  } else if (kind == "event" && program) {
    auto own = program->campaignHandlers.find(name);
    if (own != program->campaignHandlers.end())
      return fmt::format("**event** `{}`: handled by the campaign", name);
    auto imported = program->importedHandlers.find(name);
    if (imported != program->importedHandlers.end())
      return fmt::format("**event** `{}`: handled by `handlers {}`", name,
                         imported->second.first->name.text);
    return fmt::format("**event** `{}`", name);
  } else if (kind == "policy") {
    return fmt::format("**policy** `{}`", name);
  }
  return fmt::format("**{}** `{}`", kind, name);
}

/// `explain` for a diagnostic: its code, message and the rule behind it.
std::string describeDiagnostic(const Diagnostic &d) {
  std::string out = fmt::format("**{}[{}]** {}", severityName(d.severity), d.code(), d.message);
  if (d.waived)
    out += fmt::format("\n\nwaived: \"{}\"", d.waived->reason);
  if (const RuleInfo *rule = findRule(d.rule()))
    out += fmt::format("\n\n**{}** {}: {}", rule->id, rule->title, rule->text);
  out += fmt::format("\n\n`patter explain {}`", d.code());
  return out;
}

} // namespace

nlohmann::json hover(const Analysis &analysis, SourceLocation at) {
  std::vector<std::string> parts;
  nlohmann::json range;
  for (const Diagnostic &d : analysis.diagnostics())
    if (contains(d.range, at)) {
      parts.push_back(describeDiagnostic(d));
      range = lspRange(analysis.sources(), d.range);
    }
  if (const Occurrence *o = analysis.symbols().at(at)) {
    parts.push_back(describeName(analysis, *o));
    range = lspRange(analysis.sources(), o->range);
  } else if (const ast::Text *text = analysis.symbols().textAt(at)) {
    std::string said = expanded(analysis, text->value);
    parts.push_back(fmt::format("**says** 「{}」", said));
    range = lspRange(analysis.sources(), text->range);
  }
  if (parts.empty())
    return nullptr;
  std::string value;
  for (const std::string &p : parts)
    value += (value.empty() ? "" : "\n\n---\n\n") + p;
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", range}};
}

} // namespace patter::lsp
