// Builds the symbol index by walking the syntax trees once.
#include "Symbols.h"

#include "Positions.h"

#include <algorithm>

namespace patter::lsp {

SymbolIndex::SymbolIndex(const LoadedModules &modules, const Program *program,
                         const SourceManager &sources)
    : program_(program), sources_(sources) {
  if (program && program->campaign) {
    const ast::Campaign &c = *program->campaign;
    for (const ast::Setting &s : c.policies)
      add("policy:" + s.value.text, s.value.range, false);
    for (const ast::Setting &s : c.starts)
      add("step:" + s.value.text, s.value.range, false);
    for (const ast::OfferFact &f : c.offer)
      add("fact:" + f.name.text, f.name.range, true);
    for (const ast::ClauseDef &d : c.clauses) {
      add("clause:" + d.name.text, d.name.range, true);
      addText(d.text);
    }
    for (const auto &route : c.handlers)
      for (const ast::Name &event : route->events)
        add("event:" + event.text, event.range, true);
    for (const ast::Step &s : c.steps) {
      add("step:" + s.name.text, s.name.range, true);
      addBody(s.body, "");
    }
    for (const ast::Objection &o : c.objections) {
      add("objection:" + o.name.text, o.name.range, true);
      addBody(o.body, "");
    }
    for (const auto &route : c.handlers)
      addTarget(route->target, "");
  }
  for (const auto &module : modules.modules()) {
    for (const ast::Policy &p : module->policies) {
      add("policy:" + p.name.text, p.name.range, true);
      for (const ast::Name &clause : p.required)
        add("clause:" + clause.text, clause.range, false);
    }
    for (const ast::Handlers &h : module->handlers) {
      for (const auto &route : h.routes) {
        for (const ast::Name &event : route->events)
          add("event:" + event.text, event.range, true);
        addTarget(route->target, h.name.text);
      }
      for (const ast::Step &s : h.steps) {
        add("handler:" + h.name.text + "." + s.name.text, s.name.range, true);
        addBody(s.body, h.name.text);
      }
    }
  }
  // Definitions first, then by place, so `definition` finds the first one written.
  std::stable_sort(occurrences_.begin(), occurrences_.end(),
                   [](const Occurrence &a, const Occurrence &b) { return a.definition > b.definition; });
}

void SymbolIndex::add(std::string key, SourceRange range, bool definition) {
  if (range.begin.valid())
    occurrences_.push_back({std::move(key), range, definition});
}

void SymbolIndex::addTarget(const ast::Target &target, const std::string &handlersModule) {
  if (target.kind == ast::Target::Kind::Step)
    add(handlersModule.empty() ? "step:" + target.name.text
                               : "handler:" + handlersModule + "." + target.name.text,
        target.name.range, false);
  else if (target.kind == ast::Target::Kind::Objection)
    add("objection:" + target.name.text, target.name.range, false);
}

void SymbolIndex::addText(const ast::Text &text) {
  texts_.push_back(&text);
  // `{offer.NAME}` in the literal as written (a string lies on one line).
  const SourceRange &r = text.range;
  std::string_view line = sources_.lineText(r.begin.file, r.begin.line);
  size_t begin = byteOffsetOfColumn(line, r.begin.column);
  size_t end = r.end.line == r.begin.line ? byteOffsetOfColumn(line, r.end.column) : line.size();
  std::string_view literal = line.substr(begin, end - begin);
  constexpr std::string_view prefix = "{offer.";
  for (size_t at = 0; (at = literal.find(prefix, at)) != std::string_view::npos;) {
    if (at > 0 && literal[at - 1] == '{') { // `{{offer.x}}` is literal text
      at += prefix.size();
      continue;
    }
    size_t close = literal.find('}', at);
    if (close == std::string_view::npos)
      break;
    std::string_view name = literal.substr(at + prefix.size(), close - at - prefix.size());
    auto column = [&](size_t byte) {
      return static_cast<uint32_t>(r.begin.column +
                                   std::count_if(literal.begin(), literal.begin() + byte, [](char c) {
                                     return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
                                   }));
    };
    add("fact:" + std::string(name),
        {{r.begin.file, r.begin.line, column(at + 1)}, {r.begin.file, r.begin.line, column(close)}},
        false);
    at = close;
  }
}

void SymbolIndex::addBody(const ast::StmtList &body, const std::string &handlersModule) {
  for (const auto &stmt : body) {
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get())) {
      addText(say->text);
    } else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get())) {
      addText(ask->text);
    } else if (const auto *disclose = llvm::dyn_cast<ast::DiscloseStmt>(stmt.get())) {
      for (const ast::Name &clause : disclose->clauses)
        add("clause:" + clause.text, clause.range, false);
    } else if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get())) {
      for (const ast::Name &event : route->events) {
        bool objection = handlersModule.empty() && program_ && program_->objections.count(event.text);
        add((objection ? "objection:" : "event:") + event.text, event.range, false);
      }
      addTarget(route->target, handlersModule);
    } else if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get())) {
      addTarget(go->target, handlersModule);
    } else if (const auto *exhausted = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get())) {
      addTarget(exhausted->target, handlersModule);
    } else if (const auto *invoke = llvm::dyn_cast<ast::InvokeStmt>(stmt.get())) {
      for (const ast::InvokeResult &result : invoke->results)
        addTarget(result.target, handlersModule);
    }
  }
}

const Occurrence *SymbolIndex::at(SourceLocation at) const {
  for (const Occurrence &o : occurrences_)
    if (contains(o.range, at))
      return &o;
  return nullptr;
}

const Occurrence *SymbolIndex::definition(std::string_view key) const {
  for (const Occurrence &o : occurrences_)
    if (o.definition && o.key == key)
      return &o;
  return nullptr;
}

std::vector<const Occurrence *> SymbolIndex::references(std::string_view key) const {
  std::vector<const Occurrence *> out;
  for (const Occurrence &o : occurrences_)
    if (o.key == key)
      out.push_back(&o);
  return out;
}

const ast::Text *SymbolIndex::textAt(SourceLocation at) const {
  for (const ast::Text *text : texts_)
    if (contains(text->range, at))
      return text;
  return nullptr;
}

} // namespace patter::lsp
