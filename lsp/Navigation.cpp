// Go to definition, find references and the outline of a document.
#include "Features.h"

#include "Positions.h"

namespace patter::lsp {

nlohmann::json definition(const Analysis &analysis, SourceLocation at, const Workspace &workspace) {
  const Occurrence *o = analysis.symbols().at(at);
  if (!o)
    return nullptr;
  const Occurrence *def = analysis.symbols().definition(o->key);
  if (!def && o->key.rfind("step:", 0) == 0) // a campaign may name an imported handler step
    for (const Occurrence &other : analysis.symbols().occurrences())
      if (other.definition && other.key.rfind("handler:", 0) == 0 &&
          other.key.substr(other.key.find('.') + 1) == o->key.substr(5)) {
        def = &other;
        break;
      }
  return def ? location(analysis, def->range, workspace) : nullptr;
}

nlohmann::json references(const Analysis &analysis, SourceLocation at, bool includeDeclaration,
                          const Workspace &workspace) {
  nlohmann::json out = nlohmann::json::array();
  const Occurrence *o = analysis.symbols().at(at);
  if (!o)
    return out;
  for (const Occurrence *r : analysis.symbols().references(o->key))
    if (includeDeclaration || !r->definition)
      out.push_back(location(analysis, r->range, workspace));
  return out;
}

namespace {

// LSP SymbolKind values.
enum SymbolKind { Module = 2, Namespace = 3, Class = 5, Property = 7, Field = 8, Function = 12,
                  Constant = 14, String = 15, Event = 24 };

nlohmann::json symbol(const SourceManager &sources, const std::string &name, int kind,
                      SourceRange whole, SourceRange selection, std::string detail = "") {
  if (!whole.end.valid())
    whole.end = selection.end;
  return {{"name", name.empty() ? "?" : name}, {"kind", kind}, {"detail", detail},
          {"range", lspRange(sources, whole)}, {"selectionRange", lspRange(sources, selection)},
          {"children", nlohmann::json::array()}};
}

} // namespace

nlohmann::json documentSymbols(const Analysis &analysis) {
  const SourceManager &sources = analysis.sources();
  nlohmann::json out = nlohmann::json::array();
  if (analysis.modules().size() == 0)
    return out;
  const ast::Module &main = analysis.modules()[0];
  for (const ast::Campaign &c : main.campaigns) {
    nlohmann::json campaign = symbol(sources, c.name.text, Class, c.range, c.name.range, "campaign");
    for (const ast::OfferFact &f : c.offer)
      campaign["children"].push_back(symbol(sources, f.name.text, Property,
                                            {f.name.range.begin, f.value.range.end}, f.name.range, "offer"));
    for (const ast::ClauseDef &d : c.clauses)
      campaign["children"].push_back(symbol(sources, d.name.text, Constant,
                                            {d.name.range.begin, d.text.range.end}, d.name.range, "clause"));
    for (const ast::Step &s : c.steps)
      campaign["children"].push_back(symbol(sources, s.name.text, Function, s.range, s.name.range, "step"));
    for (const ast::Objection &o : c.objections)
      campaign["children"].push_back(symbol(sources, o.name.text, Event, o.range, o.name.range, "objection"));
    out.push_back(std::move(campaign));
  }
  for (const ast::Policy &p : main.policies) {
    nlohmann::json policy = symbol(sources, p.name.text, Namespace, p.range, p.name.range, "policy");
    for (const ast::LexiconEntry &e : p.entries)
      policy["children"].push_back(symbol(sources, e.phrase.value, String, e.range, e.phrase.range,
                                          e.kind.text));
    out.push_back(std::move(policy));
  }
  for (const ast::Handlers &h : main.handlers) {
    nlohmann::json handlers = symbol(sources, h.name.text, Module, h.range, h.name.range, "handlers");
    for (const ast::Step &s : h.steps)
      handlers["children"].push_back(symbol(sources, s.name.text, Function, s.range, s.name.range, "step"));
    out.push_back(std::move(handlers));
  }
  return out;
}

} // namespace patter::lsp
