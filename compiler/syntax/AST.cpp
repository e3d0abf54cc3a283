// Statement keywords and the AST dump that golden tests read.
#include "AST.h"

#include <fmt/format.h>

namespace patter::ast {

llvm::StringRef Stmt::keyword() const {
  switch (kind_) {
  case Kind::Say: return "say";
  case Kind::Ask: return "ask";
  case Kind::Disclose: return "disclose";
  case Kind::Verify: return "verify owner";
  case Kind::Confirm: return "confirm";
  case Kind::Register: return "register";
  case Kind::Invoke: return "invoke";
  case Kind::End: return "end";
  case Kind::Goto: return "goto";
  case Kind::Route: return "on";
  case Kind::Retry: return "retry";
  case Kind::Exhausted: return "exhausted";
  case Kind::Waiver: return "allow";
  }
  return "";
}

namespace {

std::string at(SourceRange r) { return fmt::format("@{}:{}", r.begin.line, r.begin.column); }

std::string targetText(const Target &t) {
  switch (t.kind) {
  case Target::Kind::Step: return t.name.text;
  case Target::Kind::End: return "end " + t.name.text;
  case Target::Kind::Objection: return "objection " + t.name.text;
  case Target::Kind::Resume: return "resume";
  }
  return "";
}

void dumpBody(std::string &out, const StmtList &body, int indent) {
  std::string pad(indent, ' ');
  for (const auto &s : body) {
    out += pad + s->keyword().str();
    if (const auto *say = llvm::dyn_cast<SayStmt>(s.get()))
      out += " \"" + say->text.value + "\"";
    else if (const auto *ask = llvm::dyn_cast<AskStmt>(s.get()))
      out += " \"" + ask->text.value + "\"";
    else if (const auto *d = llvm::dyn_cast<DiscloseStmt>(s.get()))
      for (size_t i = 0; i < d->clauses.size(); ++i)
        out += (i ? ", " : " ") + d->clauses[i].text;
    else if (const auto *inv = llvm::dyn_cast<InvokeStmt>(s.get())) {
      out += " " + inv->name.text;
      for (const auto &r : inv->results)
        out += " " + r.result.text + "->" + targetText(r.target);
    } else if (const auto *e = llvm::dyn_cast<EndStmt>(s.get()))
      out += " " + e->outcome.text;
    else if (const auto *g = llvm::dyn_cast<GotoStmt>(s.get()))
      out += " " + targetText(g->target);
    else if (const auto *x = llvm::dyn_cast<ExhaustedStmt>(s.get()))
      out += " -> " + targetText(x->target);
    else if (const auto *r = llvm::dyn_cast<RouteStmt>(s.get())) {
      for (size_t i = 0; i < r->events.size(); ++i)
        out += (i ? ", " : " ") + r->events[i].text;
      out += " -> " + targetText(r->target);
    } else if (const auto *w = llvm::dyn_cast<WaiverStmt>(s.get()))
      out += " " + w->waiver.rule.text + " \"" + w->waiver.reason.value + "\"";
    out += " " + at(s->range()) + "\n";
  }
}

} // namespace

std::string Module::dump(const SourceManager &sources) const {
  std::string out = fmt::format("module {}\n", sources.path(file));
  for (const Import &i : imports)
    out += fmt::format("  import \"{}\" {}\n", i.path.value, at(i.path.range));
  for (const Policy &p : policies) {
    out += fmt::format("  policy {}{} {}\n", p.name.text,
                       p.base ? " extends " + p.base->text : std::string(), at(p.range));
    for (const PolicyLimit &l : p.limits)
      out += fmt::format("    limit {} {}\n", l.counter.text, l.value);
    for (const Name &r : p.required)
      out += fmt::format("    require {}\n", r.text);
  }
  for (const Policy &r : replies)
    out += fmt::format("  replies {} {} ({} entries)\n", r.name.text, at(r.range), r.entries.size());
  for (const Handlers &h : handlers) {
    out += fmt::format("  handlers {} {}\n", h.name.text, at(h.range));
    for (const Step &s : h.steps) {
      out += fmt::format("    step {} {}\n", s.name.text, at(s.range));
      dumpBody(out, s.body, 6);
    }
    for (const auto &r : h.routes)
      out += fmt::format("    on {} -> {}\n", r->events.empty() ? "" : r->events[0].text,
                         targetText(r->target));
  }
  for (const OutcomeDecl &o : outcomes)
    out += fmt::format("  outcome {} {} {}\n", o.name.text, o.kind.text, at(o.range));
  for (const Campaign &c : campaigns) {
    out += fmt::format("  campaign {} {}\n", c.name.text, at(c.range));
    for (const Setting &s : c.titles)
      out += fmt::format("    title \"{}\"\n", s.value.text);
    for (const Setting &s : c.channels)
      out += fmt::format("    channel {}\n", s.value.text);
    for (const Setting &s : c.policies)
      out += fmt::format("    policy {}\n", s.value.text);
    for (const OfferFact &f : c.offer) {
      out += fmt::format("    offer {} ", f.name.text);
      switch (f.value.kind) {
      case FactValue::Kind::Text: out += "\"" + f.value.text.value + "\""; break;
      case FactValue::Kind::Quantity:
        out += f.value.number + " " + f.value.unit.text;
        if (f.value.per)
          out += " per " + f.value.per->text;
        break;
      case FactValue::Kind::Word: out += f.value.word.text; break;
      }
      out += "\n";
    }
    for (const ClauseDef &cl : c.clauses)
      out += fmt::format("    clause {} \"{}\"\n", cl.name.text, cl.text.value);
    for (const Setting &s : c.starts)
      out += fmt::format("    start {}\n", s.value.text);
    for (const Step &s : c.steps) {
      out += fmt::format("    step {} {}\n", s.name.text, at(s.range));
      dumpBody(out, s.body, 6);
    }
    for (const Objection &o : c.objections) {
      out += fmt::format("    objection {}", o.name.text);
      for (const Text &k : o.keywords)
        out += " \"" + k.value + "\"";
      out += " " + at(o.range) + "\n";
      dumpBody(out, o.body, 6);
    }
    for (const OutcomeDecl &o : c.outcomes)
      out += fmt::format("    outcome {} {} {}\n", o.name.text, o.kind.text, at(o.range));
    for (const auto &r : c.handlers) {
      out += "    on";
      for (size_t i = 0; i < r->events.size(); ++i)
        out += (i ? ", " : " ") + r->events[i].text;
      out += " -> " + targetText(r->target) + "\n";
    }
  }
  return out;
}

} // namespace patter::ast
