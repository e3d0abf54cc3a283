// Every field of every AST node, in declaration order, with its range.
#include "AstListing.h"

#include <fmt/format.h>

namespace patter::test {

namespace {

using namespace ast;

std::string show(SourceRange r) {
  return fmt::format("[{}:{}:{}-{}:{}:{})", r.begin.file, r.begin.line, r.begin.column,
                     r.end.file, r.end.line, r.end.column);
}

/// Text with its line breaks and tabs spelled out, so that each entry stays on one line.
std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text)
    out += c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '"' ? "\\\"" : std::string(1, c);
  return out + "\"";
}

std::string show(const Name &n) { return quoted(n.text) + " " + show(n.range); }
std::string show(const Text &t) { return quoted(t.value) + " " + show(t.range); }

std::string show(const Waiver *w) {
  if (!w)
    return "no waiver";
  return "waiver " + show(w->rule) + " " + show(w->reason);
}

std::string show(const Target &t) {
  static const char *const kinds[] = {"step", "end", "objection", "resume"};
  return fmt::format("target {} {} {}", kinds[static_cast<int>(t.kind)], show(t.name),
                     show(t.range));
}

class Lister {
public:
  std::string out;

  void line(int depth, const std::string &text) {
    out.append(2 * depth, ' ');
    out += text;
    out += '\n';
  }

  void names(int depth, const char *label, const std::vector<Name> &list) {
    line(depth, fmt::format("{} ({})", label, list.size()));
    for (const Name &n : list)
      line(depth + 1, show(n));
  }

  void route(int depth, const RouteStmt &r) {
    line(depth, "route " + show(r.range()));
    names(depth + 1, "events", r.events);
    line(depth + 1, show(r.target));
  }

  void body(int depth, const StmtList &stmts) {
    line(depth, fmt::format("body ({})", stmts.size()));
    for (const auto &s : stmts)
      stmt(depth + 1, *s);
  }

  void stmt(int depth, const Stmt &s) {
    if (const auto *r = llvm::dyn_cast<RouteStmt>(&s))
      return route(depth, *r);
    line(depth, s.keyword().str() + " " + show(s.range()));
    ++depth;
    if (const auto *say = llvm::dyn_cast<SayStmt>(&s)) {
      line(depth, show(say->text));
      line(depth, show(say->waiver.get()));
    } else if (const auto *ask = llvm::dyn_cast<AskStmt>(&s)) {
      line(depth, show(ask->text));
      line(depth, show(ask->waiver.get()));
    } else if (const auto *d = llvm::dyn_cast<DiscloseStmt>(&s)) {
      names(depth, "clauses", d->clauses);
    } else if (const auto *inv = llvm::dyn_cast<InvokeStmt>(&s)) {
      line(depth, show(inv->name));
      for (const InvokeResult &r : inv->results)
        line(depth, "result " + show(r.result) + " " + show(r.target));
    } else if (const auto *e = llvm::dyn_cast<EndStmt>(&s)) {
      line(depth, show(e->outcome));
    } else if (const auto *g = llvm::dyn_cast<GotoStmt>(&s)) {
      line(depth, show(g->target));
    } else if (const auto *x = llvm::dyn_cast<ExhaustedStmt>(&s)) {
      line(depth, show(x->target));
    } else if (const auto *w = llvm::dyn_cast<WaiverStmt>(&s)) {
      line(depth, show(&w->waiver));
    }
  }

  void step(int depth, const Step &s) {
    line(depth, "step " + show(s.name) + " " + show(s.range));
    body(depth + 1, s.body);
  }

  void settings(int depth, const char *label, const std::vector<Setting> &list) {
    line(depth, fmt::format("{} ({})", label, list.size()));
    for (const Setting &s : list)
      line(depth + 1, show(s.value) + " keyword " + show(s.keyword));
  }

  void campaign(int depth, const Campaign &c) {
    line(depth, "campaign " + show(c.name) + " " + show(c.range));
    ++depth;
    settings(depth, "titles", c.titles);
    settings(depth, "channels", c.channels);
    settings(depth, "policies", c.policies);
    settings(depth, "starts", c.starts);
    line(depth, fmt::format("offer blocks ({})", c.offerBlocks.size()));
    for (SourceRange r : c.offerBlocks)
      line(depth + 1, show(r));
    line(depth, fmt::format("clause blocks ({})", c.clauseBlocks.size()));
    for (SourceRange r : c.clauseBlocks)
      line(depth + 1, show(r));
    line(depth, fmt::format("offer ({})", c.offer.size()));
    for (const OfferFact &f : c.offer) {
      static const char *const kinds[] = {"text", "quantity", "word"};
      const FactValue &v = f.value;
      line(depth + 1, "fact " + show(f.name));
      line(depth + 2, fmt::format("{} {}", kinds[static_cast<int>(v.kind)], show(v.range)));
      line(depth + 2, "text " + show(v.text));
      line(depth + 2, "number " + quoted(v.number));
      line(depth + 2, "unit " + show(v.unit));
      line(depth + 2, v.per ? "per " + show(*v.per) : "no per");
      line(depth + 2, "word " + show(v.word));
    }
    line(depth, fmt::format("clauses ({})", c.clauses.size()));
    for (const ClauseDef &cl : c.clauses)
      line(depth + 1, "clause " + show(cl.name) + " " + show(cl.text) + " " + show(cl.waiver ? &*cl.waiver : nullptr));
    line(depth, fmt::format("steps ({})", c.steps.size()));
    for (const Step &s : c.steps)
      step(depth + 1, s);
    line(depth, fmt::format("objections ({})", c.objections.size()));
    for (const Objection &o : c.objections) {
      line(depth + 1, "objection " + show(o.name) + " " + show(o.range));
      for (const Text &k : o.keywords)
        line(depth + 2, "when " + show(k));
      body(depth + 2, o.body);
    }
    line(depth, fmt::format("handlers ({})", c.handlers.size()));
    for (const auto &r : c.handlers)
      route(depth + 1, *r);
  }

  void policySetting(int depth, const char *label, const PolicySetting &s) {
    static const char *const kinds[] = {"string", "number", "word"};
    line(depth, fmt::format("{} {} {}", label, show(s.key), show(s.range)));
    for (const PolicyValue &v : s.values)
      line(depth + 1, fmt::format("{} {} {}", kinds[static_cast<int>(v.kind)], quoted(v.text),
                                  show(v.range)));
  }

  void policy(int depth, const Policy &p) {
    line(depth, "policy " + show(p.name) + " " + show(p.range));
    if (p.base)
      line(depth + 1, "extends " + show(*p.base));
    ++depth;
    line(depth, fmt::format("limits ({})", p.limits.size()));
    for (const PolicyLimit &l : p.limits)
      line(depth + 1, fmt::format("limit {} {} {}", show(l.counter), l.value, show(l.range)));
    names(depth, "required", p.required);
    line(depth, fmt::format("settings ({})", p.settings.size()));
    for (const PolicySetting &s : p.settings)
      policySetting(depth + 1, "setting", s);
    line(depth, fmt::format("entries ({})", p.entries.size()));
    for (const LexiconEntry &e : p.entries) {
      line(depth + 1, "entry " + show(e.kind) + " " + show(e.phrase) + " " + show(e.range));
      for (const PolicySetting &f : e.fields)
        policySetting(depth + 2, "field", f);
    }
  }

  void handlers(int depth, const Handlers &h) {
    line(depth, "handlers " + show(h.name) + " " + show(h.range));
    line(depth + 1, fmt::format("steps ({})", h.steps.size()));
    for (const Step &s : h.steps)
      step(depth + 2, s);
    line(depth + 1, fmt::format("routes ({})", h.routes.size()));
    for (const auto &r : h.routes)
      route(depth + 2, *r);
  }
};

} // namespace

std::string listAst(const Module &module) {
  Lister l;
  l.line(0, fmt::format("module file {}", module.file));
  l.line(1, fmt::format("imports ({})", module.imports.size()));
  for (const Import &i : module.imports)
    l.line(2, "import " + show(i.path));
  l.line(1, fmt::format("campaigns ({})", module.campaigns.size()));
  for (const Campaign &c : module.campaigns)
    l.campaign(2, c);
  l.line(1, fmt::format("policies ({})", module.policies.size()));
  for (const Policy &p : module.policies)
    l.policy(2, p);
  l.line(1, fmt::format("replies ({})", module.replies.size()));
  for (const Policy &r : module.replies)
    l.policy(2, r);
  l.line(1, fmt::format("handlers ({})", module.handlers.size()));
  for (const Handlers &h : module.handlers)
    l.handlers(2, h);
  return l.out;
}

} // namespace patter::test
