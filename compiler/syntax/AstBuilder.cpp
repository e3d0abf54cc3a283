// Builds the AST from the parse tree, one method per grammar rule.
#include "AstBuilder.h"

#include "Literals.h"

namespace patter {

using P = grammar::PatterParser;

namespace {

uint32_t codePointCount(const std::string &s) {
  uint32_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace

SourceRange AstBuilder::range(antlr4::Token *token) const {
  if (!token)
    return {};
  SourceLocation begin{file_, static_cast<uint32_t>(token->getLine()),
                       static_cast<uint32_t>(token->getCharPositionInLine() + 1)};
  SourceLocation end = begin;
  // Our lexer's token indices count code points, so the width needs no copy of the text. A
  // token conjured by error recovery has no indices, and EOF's text is "<EOF>".
  size_t start = token->getStartIndex(), stop = token->getStopIndex();
  if (token->getType() != antlr4::Token::EOF && start != INVALID_INDEX && stop != INVALID_INDEX &&
      stop >= start)
    end.column += static_cast<uint32_t>(stop - start + 1);
  else
    end.column += codePointCount(token->getText());
  return {begin, end};
}

SourceRange AstBuilder::range(antlr4::ParserRuleContext *ctx) const {
  SourceRange r = range(ctx->getStart());
  antlr4::Token *stop = ctx->getStop();
  // A rule that matched nothing (error recovery) has its stop before its start.
  if (stop && stop->getTokenIndex() >= ctx->getStart()->getTokenIndex())
    r.end = range(stop).end;
  return r;
}

ast::Name AstBuilder::name(P::IdentContext *ctx) {
  if (!ctx)
    return {};
  // The usual ident is one token; getText() on a context concatenates through a stream.
  if (ctx->children.size() == 1)
    if (auto *leaf = dynamic_cast<antlr4::tree::TerminalNode *>(ctx->children[0]))
      return {leaf->getSymbol()->getText(), range(ctx)};
  return {ctx->getText(), range(ctx)};
}

ast::Name AstBuilder::name(antlr4::Token *token) {
  if (!token)
    return {};
  return {token->getText(), range(token)};
}

ast::Text AstBuilder::text(antlr4::tree::TerminalNode *node) {
  if (!node)
    return {};
  return {unescape(node->getText()), range(node->getSymbol())};
}

/// script : importDecl* declaration* EOF
std::unique_ptr<ast::Module> AstBuilder::build(P::ScriptContext *ctx) {
  auto module = std::make_unique<ast::Module>();
  module->file = file_;
  for (auto *imp : ctx->importDecl())
    module->imports.push_back({text(imp->STRING())});
  for (auto *decl : ctx->declaration()) {
    if (auto *c = decl->campaignDecl())
      module->campaigns.push_back(campaign(c));
    else if (auto *p = decl->policyDecl())
      module->policies.push_back(policy(p));
    else if (auto *h = decl->handlersDecl())
      module->handlers.push_back(handlers(h));
    else if (auto *r = decl->repliesDecl())
      module->replies.push_back(replies(r));
    else if (auto *o = decl->outcomeDecl())
      module->outcomes.push_back(outcome(o));
  }
  return module;
}

/// campaignDecl : CAMPAIGN name=ident LBRACE campaignItem* RBRACE
ast::Campaign AstBuilder::campaign(P::CampaignDeclContext *ctx) {
  ast::Campaign c;
  c.name = name(ctx->name);
  c.range = range(ctx);
  for (auto *item : ctx->campaignItem())
    campaignItem(c, item);
  return c;
}

/// campaignItem : TITLE STRING | CHANNEL ident | POLICY ident | OFFER {…} | CLAUSES {…}
///              | START ident | stepDecl | objectionDecl | route
void AstBuilder::campaignItem(ast::Campaign &c, P::CampaignItemContext *ctx) {
  // The frequent items first: every failed dynamic_cast compares type names.
  if (auto *st = dynamic_cast<P::StepItemContext *>(ctx)) {
    c.steps.push_back(step(st->stepDecl()));
  } else if (auto *ob = dynamic_cast<P::ObjectionItemContext *>(ctx)) {
    c.objections.push_back(objection(ob->objectionDecl()));
  } else if (auto *t = dynamic_cast<P::TitleItemContext *>(ctx)) {
    ast::Text title = text(t->STRING());
    c.titles.push_back({{title.value, title.range}, range(t->TITLE()->getSymbol())});
  } else if (auto *ch = dynamic_cast<P::ChannelItemContext *>(ctx)) {
    c.channels.push_back({name(ch->ident()), range(ch->CHANNEL()->getSymbol())});
  } else if (auto *p = dynamic_cast<P::PolicyRefItemContext *>(ctx)) {
    c.policies.push_back({name(p->ident()), range(p->POLICY()->getSymbol())});
  } else if (auto *s = dynamic_cast<P::StartItemContext *>(ctx)) {
    c.starts.push_back({name(s->ident()), range(s->START()->getSymbol())});
  } else if (auto *o = dynamic_cast<P::OfferItemContext *>(ctx)) {
    c.offerBlocks.push_back(range(o->OFFER()->getSymbol()));
    for (auto *fact : o->offerFact())
      c.offer.push_back(offerFact(fact));
  } else if (auto *cl = dynamic_cast<P::ClausesItemContext *>(ctx)) {
    c.clauseBlocks.push_back(range(cl->CLAUSES()->getSymbol()));
    for (auto *def : cl->clauseDef())
      c.clauses.push_back(clauseDef(def));
  } else if (auto *h = dynamic_cast<P::HandlerItemContext *>(ctx)) {
    if (auto r = route(h->route()))
      c.handlers.push_back(std::move(r));
  } else if (auto *oc = dynamic_cast<P::OutcomeItemContext *>(ctx)) {
    c.outcomes.push_back(outcome(oc->outcomeDecl()));
  }
}

/// outcomeDecl : OUTCOME name=ident kind=ident
ast::OutcomeDecl AstBuilder::outcome(P::OutcomeDeclContext *ctx) {
  return {name(ctx->name), name(ctx->kind), range(ctx)};
}

/// offerFact : name=ident factValue
ast::OfferFact AstBuilder::offerFact(P::OfferFactContext *ctx) {
  ast::OfferFact fact;
  fact.name = name(ctx->name);
  auto *value = ctx->factValue();
  if (!value)
    return fact;
  fact.value.range = range(value);
  if (auto *t = dynamic_cast<P::TextValueContext *>(value)) {
    fact.value.kind = ast::FactValue::Kind::Text;
    fact.value.text = text(t->STRING());
  } else if (auto *q = dynamic_cast<P::QuantityValueContext *>(value)) {
    fact.value.kind = ast::FactValue::Kind::Quantity;
    fact.value.number = q->NUMBER()->getText();
    fact.value.unit = name(q->unit);
    if (q->per)
      fact.value.per = name(q->per);
  } else if (auto *e = dynamic_cast<P::EnumValueContext *>(value)) {
    fact.value.kind = ast::FactValue::Kind::Word;
    fact.value.word = name(e->ident());
  }
  return fact;
}

/// clauseDef : name=ident STRING waiver?
ast::ClauseDef AstBuilder::clauseDef(P::ClauseDefContext *ctx) {
  ast::ClauseDef def{name(ctx->name), text(ctx->STRING()), std::nullopt};
  if (ctx->waiver())
    def.waiver = waiver(ctx->waiver());
  return def;
}

/// stepDecl : STEP name=ident LBRACE stmt* RBRACE
ast::Step AstBuilder::step(P::StepDeclContext *ctx) {
  return {name(ctx->name), range(ctx), stmts(ctx->stmt())};
}

/// objectionDecl : OBJECTION name=ident (WHEN STRING (COMMA STRING)*)? LBRACE stmt* RBRACE
ast::Objection AstBuilder::objection(P::ObjectionDeclContext *ctx) {
  ast::Objection o;
  o.name = name(ctx->name);
  o.range = range(ctx);
  for (auto *kw : ctx->STRING())
    o.keywords.push_back(text(kw));
  o.body = stmts(ctx->stmt());
  return o;
}

ast::StmtList AstBuilder::stmts(const std::vector<P::StmtContext *> &list) {
  ast::StmtList out;
  for (auto *s : list)
    if (auto built = stmt(s))
      out.push_back(std::move(built));
  return out;
}

/// waiver : ALLOW ident STRING
ast::Waiver AstBuilder::waiver(P::WaiverContext *ctx) {
  return {name(ctx->ident()), text(ctx->STRING())};
}

/// stmt : SAY STRING waiver? | ASK STRING waiver? | DISCLOSE ident (, ident)* | VERIFY OWNER
///      | CONFIRM | REGISTER | INVOKE ident {…} | END ident | GOTO target | route | RETRY
///      | EXHAUSTED ARROW target | waiver
std::unique_ptr<ast::Stmt> AstBuilder::stmt(P::StmtContext *ctx) {
  SourceRange r = range(ctx);
  auto optionalWaiver = [&](P::WaiverContext *w) -> std::optional<ast::Waiver> {
    if (!w)
      return std::nullopt;
    return waiver(w);
  };
  if (auto *s = dynamic_cast<P::SayStmtContext *>(ctx))
    return std::make_unique<ast::SayStmt>(r, text(s->STRING()), optionalWaiver(s->waiver()));
  if (auto *s = dynamic_cast<P::RouteStmtContext *>(ctx))
    return route(s->route());
  if (auto *s = dynamic_cast<P::AskStmtContext *>(ctx))
    return std::make_unique<ast::AskStmt>(r, text(s->STRING()), optionalWaiver(s->waiver()));
  if (auto *s = dynamic_cast<P::DiscloseStmtContext *>(ctx)) {
    std::vector<ast::Name> clauses;
    for (auto *id : s->ident())
      clauses.push_back(name(id));
    return std::make_unique<ast::DiscloseStmt>(r, std::move(clauses));
  }
  if (dynamic_cast<P::VerifyStmtContext *>(ctx))
    return std::make_unique<ast::VerifyStmt>(r);
  if (dynamic_cast<P::ConfirmStmtContext *>(ctx))
    return std::make_unique<ast::ConfirmStmt>(r);
  if (dynamic_cast<P::RegisterStmtContext *>(ctx))
    return std::make_unique<ast::RegisterStmt>(r);
  if (auto *s = dynamic_cast<P::InvokeStmtContext *>(ctx)) {
    std::vector<ast::InvokeResult> results;
    for (auto *res : s->invokeResult())
      results.push_back({name(res->ident()), target(res->target())});
    return std::make_unique<ast::InvokeStmt>(r, name(s->ident()), std::move(results));
  }
  if (auto *s = dynamic_cast<P::EndStmtContext *>(ctx))
    return std::make_unique<ast::EndStmt>(r, name(s->ident()));
  if (auto *s = dynamic_cast<P::GotoStmtContext *>(ctx))
    return std::make_unique<ast::GotoStmt>(r, target(s->target()));
  if (dynamic_cast<P::RetryStmtContext *>(ctx))
    return std::make_unique<ast::RetryStmt>(r);
  if (auto *s = dynamic_cast<P::ExhaustedStmtContext *>(ctx))
    return std::make_unique<ast::ExhaustedStmt>(r, target(s->target()));
  if (auto *s = dynamic_cast<P::WaiverStmtContext *>(ctx))
    return std::make_unique<ast::WaiverStmt>(r, waiver(s->waiver()));
  return nullptr; // an alternative lost to error recovery; the syntax error is reported
}

/// route : ON ident (COMMA ident)* ARROW target
std::unique_ptr<ast::RouteStmt> AstBuilder::route(P::RouteContext *ctx) {
  if (!ctx)
    return nullptr;
  std::vector<ast::Name> events;
  for (auto *id : ctx->ident())
    events.push_back(name(id));
  return std::make_unique<ast::RouteStmt>(range(ctx), std::move(events), target(ctx->target()));
}

/// target : END ident | OBJECTION ident | RESUME | ident
ast::Target AstBuilder::target(P::TargetContext *ctx) {
  ast::Target t;
  if (!ctx)
    return t;
  t.range = range(ctx);
  if (auto *e = dynamic_cast<P::EndTargetContext *>(ctx)) {
    t.kind = ast::Target::Kind::End;
    t.name = name(e->ident());
  } else if (auto *o = dynamic_cast<P::ObjectionTargetContext *>(ctx)) {
    t.kind = ast::Target::Kind::Objection;
    t.name = name(o->ident());
  } else if (dynamic_cast<P::ResumeTargetContext *>(ctx)) {
    t.kind = ast::Target::Kind::Resume;
  } else if (auto *s = dynamic_cast<P::StepTargetContext *>(ctx)) {
    t.kind = ast::Target::Kind::Step;
    t.name = name(s->ident());
  }
  return t;
}

/// policyDecl : POLICY name=ident (EXTENDS base=ident)? LBRACE policyItem* RBRACE
ast::Policy AstBuilder::policy(P::PolicyDeclContext *ctx) {
  ast::Policy p;
  p.name = name(ctx->name);
  if (ctx->base)
    p.base = name(ctx->base);
  p.range = range(ctx);
  policyItems(p, ctx->policyItem());
  return p;
}

/// repliesDecl : REPLIES name=ident LBRACE policyItem* RBRACE
ast::Policy AstBuilder::replies(P::RepliesDeclContext *ctx) {
  ast::Policy r;
  r.name = name(ctx->name);
  r.range = range(ctx);
  policyItems(r, ctx->policyItem());
  return r;
}

void AstBuilder::policyItems(ast::Policy &p, const std::vector<P::PolicyItemContext *> &items) {
  for (auto *item : items) {
    if (auto *l = dynamic_cast<P::LimitItemContext *>(item)) {
      p.limits.push_back({name(l->ident()), limitValue(l->NUMBER()->getText()), range(l)});
    } else if (auto *r = dynamic_cast<P::RequireItemContext *>(item)) {
      for (auto *id : r->ident())
        p.required.push_back(name(id));
    } else if (auto *e = dynamic_cast<P::EntryItemContext *>(item)) {
      ast::LexiconEntry entry{name(e->kind), text(e->STRING()), {}, range(e)};
      for (auto *field : e->policyField())
        entry.fields.push_back(setting(field->key, field->policyValue(), range(field)));
      p.entries.push_back(std::move(entry));
    } else if (auto *s = dynamic_cast<P::SettingItemContext *>(item)) {
      p.settings.push_back(setting(s->key, s->policyValue(), range(s)));
    }
  }
}

/// policyField : key=ident policyValue (COMMA policyValue)*   (and settingItem alike)
ast::PolicySetting AstBuilder::setting(P::IdentContext *key,
                                       const std::vector<P::PolicyValueContext *> &values,
                                       SourceRange r) {
  ast::PolicySetting s{name(key), {}, r};
  for (auto *v : values) {
    ast::PolicyValue value;
    value.range = range(v);
    if (auto *str = dynamic_cast<P::StringValueContext *>(v)) {
      value.kind = ast::PolicyValue::Kind::String;
      value.text = text(str->STRING()).value;
    } else if (auto *num = dynamic_cast<P::NumberValueContext *>(v)) {
      value.kind = ast::PolicyValue::Kind::Number;
      value.text = num->NUMBER()->getText();
    } else if (auto *word = dynamic_cast<P::WordValueContext *>(v)) {
      value.kind = ast::PolicyValue::Kind::Word;
      value.text = name(word->ident()).text;
    }
    s.values.push_back(std::move(value));
  }
  return s;
}

/// handlersDecl : HANDLERS name=ident LBRACE (stepDecl | route)* RBRACE
ast::Handlers AstBuilder::handlers(P::HandlersDeclContext *ctx) {
  ast::Handlers h;
  h.name = name(ctx->name);
  h.range = range(ctx);
  for (auto *item : ctx->handlersItem()) {
    if (auto *s = dynamic_cast<P::HandlerStepItemContext *>(item))
      h.steps.push_back(step(s->stepDecl()));
    else if (auto *r = dynamic_cast<P::HandlerRouteItemContext *>(item))
      if (auto built = route(r->route()))
        h.routes.push_back(std::move(built));
  }
  return h;
}

} // namespace patter
