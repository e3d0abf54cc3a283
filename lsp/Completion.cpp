// Completion from the text before the cursor: template variables in a string, clause ids after
// `disclose`, events after `on`, outcomes after `end`, steps and objections after `->`/`goto`.
#include "Features.h"

#include "Positions.h"

#include <set>

namespace patter::lsp {

namespace {

// LSP CompletionItemKind values.
enum ItemKind { Function = 3, Variable = 6, Property = 10, Constant = 21, Event = 23, EnumMember = 20,
                Keyword = 14 };

void addItem(nlohmann::json &items, std::set<std::string> &seen, const std::string &label, int kind,
             const std::string &detail) {
  if (label.empty() || !seen.insert(label).second)
    return;
  items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
}

/// The words of `line` before the cursor, and whether the cursor is inside a string.
struct Before {
  std::vector<std::string> words;
  bool inString = false;
  std::string stringText; ///< the string's text before the cursor
};

Before wordsBefore(std::string_view line) {
  Before out;
  std::string word;
  auto flush = [&] {
    if (!word.empty())
      out.words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (out.inString) {
      if (c == '\\' && i + 1 < line.size())
        out.stringText += line[++i];
      else if (c == '"')
        out.inString = false;
      else
        out.stringText += c;
    } else if (c == '"') {
      flush();
      out.inString = true;
      out.stringText.clear();
    } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      break;
    } else if (c == ' ' || c == '\t' || c == ',' || c == '{' || c == '}') {
      flush();
    } else if (c == '-' && i + 1 < line.size() && line[i + 1] == '>') {
      flush();
      out.words.push_back("->");
      ++i;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

} // namespace

nlohmann::json completion(const Analysis &analysis, SourceLocation at) {
  nlohmann::json items = nlohmann::json::array();
  std::set<std::string> seen;
  std::string_view line = analysis.sources().lineText(0, at.line);
  Before before = wordsBefore(line.substr(0, byteOffsetOfColumn(line, at.column)));
  const Program *program = analysis.program();
  // The word being typed is not context: drop it unless the cursor follows a separator.
  std::vector<std::string> words = before.words;
  std::string_view typed = line.substr(0, byteOffsetOfColumn(line, at.column));
  if (!words.empty() && !typed.empty() && typed.back() != ' ' && typed.back() != ',' && words.back() != "->")
    words.pop_back();

  if (before.inString) {
    size_t open = before.stringText.rfind('{');
    if (open == std::string::npos || before.stringText.find('}', open) != std::string::npos)
      return items;
    for (const char *name : kRuntimeTemplates)
      addItem(items, seen, name, Variable, "filled in by the runtime");
    addItem(items, seen, "campaign.title", Variable, "the campaign's title");
    for (const TypedFact &f : analysis.offer())
      addItem(items, seen, "offer." + f.name, Property, spokenFact(f));
    return items;
  }
  const std::string first = words.empty() ? "" : words.front();
  const std::string last = words.empty() ? "" : words.back();
  auto addSteps = [&] {
    if (!program)
      return;
    for (const auto &[name, step] : program->steps)
      addItem(items, seen, name.str(), Function, "step");
    for (const HandlerStep &h : program->handlerSteps)
      addItem(items, seen, h.step->name.text, Function, "handler step " + h.qualifiedName);
  };
  auto addObjections = [&](int kind) {
    if (program)
      for (const auto &[name, o] : program->objections)
        addItem(items, seen, name.str(), kind, "objection");
  };
  auto addOutcomes = [&] {
    // The outcomes the loaded modules already end with.
    std::function<void(const ast::StmtList &)> walk = [&](const ast::StmtList &body) {
      for (const auto &stmt : body) {
        if (const auto *end = llvm::dyn_cast<ast::EndStmt>(stmt.get()))
          addItem(items, seen, end->outcome.text, EnumMember, "outcome");
        const ast::Target *t = nullptr;
        if (const auto *r = llvm::dyn_cast<ast::RouteStmt>(stmt.get()))
          t = &r->target;
        else if (const auto *g = llvm::dyn_cast<ast::GotoStmt>(stmt.get()))
          t = &g->target;
        else if (const auto *x = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get()))
          t = &x->target;
        if (t && t->kind == ast::Target::Kind::End)
          addItem(items, seen, t->name.text, EnumMember, "outcome");
      }
    };
    for (const auto &module : analysis.modules().modules()) {
      for (const ast::Campaign &c : module->campaigns) {
        for (const ast::Step &s : c.steps)
          walk(s.body);
        for (const ast::Objection &o : c.objections)
          walk(o.body);
      }
      for (const ast::Handlers &h : module->handlers)
        for (const ast::Step &s : h.steps)
          walk(s.body);
    }
  };

  if (first == "disclose") {
    if (program)
      for (const auto &[name, clause] : program->clauses)
        addItem(items, seen, name.str(), Constant, clause->text.value);
  } else if (last == "end") {
    addOutcomes();
  } else if (last == "objection" && first != "objection") {
    addObjections(Event);
  } else if (last == "->" || last == "goto" || last == "start") {
    addSteps();
    addItem(items, seen, "end", Keyword, "end the call with an outcome");
    addItem(items, seen, "objection", Keyword, "handle an objection");
    if (last == "goto")
      addItem(items, seen, "resume", Keyword, "back to the interrupted question");
  } else if (first == "on" && std::find(words.begin(), words.end(), "->") == words.end()) {
    for (llvm::StringRef e : builtinEvents())
      addItem(items, seen, e.str(), Event, "event");
    addObjections(Event);
    if (program)
      for (const auto &[name, handler] : program->importedHandlers)
        addItem(items, seen, name.str(), Event, "event with an imported handler");
  }
  return items;
}

} // namespace patter::lsp
