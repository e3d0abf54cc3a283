// Recursive descent for grammar/Patter.g4, one method per grammar rule, building the AST as
// AstBuilder does. Where a keyword may also be a name, the lookahead mirrors the choice ANTLR's
// prediction makes; each such place says why.
#include "DirectParse.h"

#include "Literals.h"
#include "Scanner.h"

#include <algorithm>

namespace patter {

namespace {

using K = TokenKind;

/// ident : IDENT | POLICY | TITLE | CHANNEL | OFFER | CLAUSES | START | SAY | ASK | DISCLOSE
///       | VERIFY | OWNER | CONFIRM | REGISTER | INVOKE | GOTO | RETRY | EXHAUSTED | ALLOW
///       | WHEN | PER | LIMIT | REQUIRE | OUTCOME | EXTENDS
bool isIdent(TokenKind kind) {
  switch (kind) {
  case K::IDENT: case K::POLICY: case K::TITLE: case K::CHANNEL: case K::OFFER:
  case K::CLAUSES: case K::START: case K::SAY: case K::ASK: case K::DISCLOSE: case K::VERIFY:
  case K::OWNER: case K::CONFIRM: case K::REGISTER: case K::INVOKE: case K::GOTO:
  case K::RETRY: case K::EXHAUSTED: case K::ALLOW: case K::WHEN: case K::PER: case K::LIMIT:
  case K::REQUIRE: case K::OUTCOME: case K::EXTENDS:
    return true;
  default:
    return false;
  }
}

class DirectParser {
public:
  DirectParser(std::string_view text, uint32_t file) : scanner_(text), file_(file) {}

  std::unique_ptr<ast::Module> script();

private:
  // The grammar's rules.
  bool declaration(ast::Module &module);
  ast::Campaign campaign();
  bool campaignItem(ast::Campaign &c);
  ast::Setting setting();
  ast::OfferFact offerFact();
  ast::ClauseDef clauseDef();
  ast::Step step();
  ast::Objection objection();
  ast::StmtList stmts();
  std::unique_ptr<ast::Stmt> stmt();
  template <class Spoken> std::unique_ptr<ast::Stmt> spoken(const Lexeme &keyword);
  ast::Waiver waiver();
  std::unique_ptr<ast::RouteStmt> route();
  ast::Target target();
  ast::Policy policy();
  void policyItem(ast::Policy &p);
  ast::PolicySetting policySetting(const Lexeme &key);
  ast::PolicyValue policyValue();
  ast::Handlers handlers();
  ast::OutcomeDecl outcome();

  // Tokens.
  const Lexeme &peek(size_t ahead = 0);
  bool at(TokenKind kind, size_t ahead = 0) { return peek(ahead).kind == kind; }
  Lexeme take();
  bool accept(TokenKind kind);
  Lexeme expect(TokenKind kind);
  Lexeme expectIdent();
  void fail();

  // AST pieces from tokens.
  std::string_view spelling(const Lexeme &token) const { return scanner_.text(token); }
  SourceRange range(const Lexeme &token) const;
  /// The range of a rule that began at `first` and has taken tokens up to now.
  SourceRange rangeFrom(const Lexeme &first) const;
  ast::Name name(const Lexeme &token) const;
  ast::Text text(const Lexeme &token) const;

  /// How many tokens the parser sees before it takes them: the next one and the one after,
  /// all the grammar needs (a policy item, its name taken, looks for a string and a brace).
  static constexpr size_t kLookahead = 2;

  Scanner scanner_;
  uint32_t file_;
  Lexeme ahead_[kLookahead];
  size_t head_ = 0, buffered_ = 0;
  Lexeme last_; ///< the token taken last: where the rules being parsed end so far
  bool failed_ = false;
};

const Lexeme &DirectParser::peek(size_t ahead) {
  for (; buffered_ <= ahead; ++buffered_)
    ahead_[(head_ + buffered_) % kLookahead] = failed_ ? Lexeme{} : scanner_.next();
  return ahead_[(head_ + ahead) % kLookahead];
}

Lexeme DirectParser::take() {
  last_ = peek();
  head_ = (head_ + 1) % kLookahead;
  --buffered_;
  return last_;
}

bool DirectParser::accept(TokenKind kind) {
  if (!at(kind))
    return false;
  take();
  return true;
}

Lexeme DirectParser::expect(TokenKind kind) {
  if (!at(kind))
    fail();
  return take();
}

Lexeme DirectParser::expectIdent() {
  if (!isIdent(peek().kind))
    fail();
  return take();
}

void DirectParser::fail() {
  // From here on the input reads as ended: every loop stops, as every loop goes on only at a
  // token that begins its item, and the caller gets no module.
  failed_ = true;
  buffered_ = 0;
}

SourceRange DirectParser::range(const Lexeme &token) const {
  const uint32_t column = token.column + 1;
  return {{file_, token.line, column},
          {file_, token.line, column + static_cast<uint32_t>(token.width)}};
}

SourceRange DirectParser::rangeFrom(const Lexeme &first) const {
  return {range(first).begin, range(last_).end};
}

ast::Name DirectParser::name(const Lexeme &token) const {
  return {std::string(spelling(token)), range(token)};
}

ast::Text DirectParser::text(const Lexeme &token) const {
  return {unescape(spelling(token)), range(token)};
}

/// script : importDecl* declaration* EOF
/// importDecl : IMPORT STRING
std::unique_ptr<ast::Module> DirectParser::script() {
  auto module = std::make_unique<ast::Module>();
  module->file = file_;
  while (accept(K::IMPORT))
    module->imports.push_back({text(expect(K::STRING))});
  while (declaration(*module)) {
  }
  expect(K::Eof);
  if (failed_)
    return nullptr;
  return module;
}

/// declaration : campaignDecl | policyDecl | handlersDecl | repliesDecl | outcomeDecl
/// Returns false, having taken nothing, where no declaration begins.
bool DirectParser::declaration(ast::Module &module) {
  switch (peek().kind) {
  case K::CAMPAIGN:
    module.campaigns.push_back(campaign());
    return true;
  case K::POLICY:
    module.policies.push_back(policy());
    return true;
  case K::HANDLERS:
    module.handlers.push_back(handlers());
    return true;
  case K::REPLIES:
    module.replies.push_back(policy());
    return true;
  case K::OUTCOME:
    module.outcomes.push_back(outcome());
    return true;
  default:
    return false;
  }
}

/// campaignDecl : CAMPAIGN name=ident LBRACE campaignItem* RBRACE
ast::Campaign DirectParser::campaign() {
  const Lexeme first = take();
  ast::Campaign c;
  c.name = name(expectIdent());
  expect(K::LBRACE);
  while (campaignItem(c)) {
  }
  expect(K::RBRACE);
  c.range = rangeFrom(first);
  return c;
}

/// campaignItem : TITLE STRING | CHANNEL ident | POLICY ident | OFFER LBRACE offerFact* RBRACE
///              | CLAUSES LBRACE clauseDef* RBRACE | START ident | stepDecl | objectionDecl
///              | route | outcomeDecl
/// No item begins with a name, so the keywords that may be names are keywords here. Returns
/// false, having taken nothing, where no item begins.
bool DirectParser::campaignItem(ast::Campaign &c) {
  switch (peek().kind) {
  case K::STEP:
    c.steps.push_back(step());
    return true;
  case K::OBJECTION:
    c.objections.push_back(objection());
    return true;
  case K::ON:
    c.handlers.push_back(route());
    return true;
  case K::OUTCOME:
    c.outcomes.push_back(outcome());
    return true;
  case K::TITLE: {
    const Lexeme keyword = take();
    ast::Text title = text(expect(K::STRING));
    c.titles.push_back({{std::move(title.value), title.range}, range(keyword)});
    return true;
  }
  case K::CHANNEL:
    c.channels.push_back(setting());
    return true;
  case K::POLICY:
    c.policies.push_back(setting());
    return true;
  case K::START:
    c.starts.push_back(setting());
    return true;
  case K::OFFER:
    c.offerBlocks.push_back(range(take()));
    expect(K::LBRACE);
    while (isIdent(peek().kind))
      c.offer.push_back(offerFact());
    expect(K::RBRACE);
    return true;
  case K::CLAUSES:
    c.clauseBlocks.push_back(range(take()));
    expect(K::LBRACE);
    while (isIdent(peek().kind))
      c.clauses.push_back(clauseDef());
    expect(K::RBRACE);
    return true;
  default:
    return false;
  }
}

/// outcomeDecl : OUTCOME name=ident kind=ident
ast::OutcomeDecl DirectParser::outcome() {
  const Lexeme first = take();
  ast::OutcomeDecl o;
  o.name = name(expectIdent());
  o.kind = name(expectIdent());
  o.range = rangeFrom(first);
  return o;
}

/// CHANNEL ident | POLICY ident | START ident
ast::Setting DirectParser::setting() {
  const Lexeme keyword = take();
  return {name(expectIdent()), range(keyword)};
}

/// offerFact : name=ident factValue
/// factValue : STRING | NUMBER unit=ident (PER per=ident)? | ident
ast::OfferFact DirectParser::offerFact() {
  ast::OfferFact fact;
  fact.name = name(take());
  ast::FactValue &value = fact.value;
  const Lexeme first = peek();
  if (accept(K::STRING)) {
    value.kind = ast::FactValue::Kind::Text;
    value.text = text(first);
  } else if (accept(K::NUMBER)) {
    value.kind = ast::FactValue::Kind::Quantity;
    value.number = spelling(first);
    value.unit = name(expectIdent());
    // `per` is a name too and may begin the next fact (`per "…"`, `per 3 …`). Followed by a
    // name it reads both ways to the end; ANTLR then takes the optional, and so do we.
    if (at(K::PER) && isIdent(peek(1).kind)) {
      take();
      value.per = name(take());
    }
  } else {
    value.kind = ast::FactValue::Kind::Word;
    value.word = name(expectIdent());
  }
  value.range = rangeFrom(first);
  return fact;
}

/// clauseDef : name=ident STRING waiver?
ast::ClauseDef DirectParser::clauseDef() {
  ast::ClauseDef def{name(take()), text(expect(K::STRING)), std::nullopt};
  // `allow` is a name too: followed by a string it begins the next clause.
  if (at(K::ALLOW) && isIdent(peek(1).kind))
    def.waiver = waiver();
  return def;
}

/// stepDecl : STEP name=ident LBRACE stmt* RBRACE
ast::Step DirectParser::step() {
  const Lexeme first = take();
  ast::Name stepName = name(expectIdent());
  expect(K::LBRACE);
  ast::StmtList body = stmts();
  expect(K::RBRACE);
  return {std::move(stepName), rangeFrom(first), std::move(body)};
}

/// objectionDecl : OBJECTION name=ident (WHEN STRING (COMMA STRING)*)? LBRACE stmt* RBRACE
ast::Objection DirectParser::objection() {
  const Lexeme first = take();
  ast::Objection o;
  o.name = name(expectIdent());
  if (accept(K::WHEN)) {
    do
      o.keywords.push_back(text(expect(K::STRING)));
    while (accept(K::COMMA));
  }
  expect(K::LBRACE);
  o.body = stmts();
  expect(K::RBRACE);
  o.range = rangeFrom(first);
  return o;
}

/// stmt*
ast::StmtList DirectParser::stmts() {
  ast::StmtList body;
  while (auto s = stmt())
    body.push_back(std::move(s));
  return body;
}

/// stmt : SAY STRING waiver? | ASK STRING waiver? | DISCLOSE ident (COMMA ident)*
///      | VERIFY OWNER | CONFIRM | REGISTER | INVOKE ident LBRACE invokeResult* RBRACE
///      | END ident | GOTO target | route | RETRY | EXHAUSTED ARROW target | waiver
/// Returns null, having taken nothing, where no statement begins.
std::unique_ptr<ast::Stmt> DirectParser::stmt() {
  const Lexeme first = peek();
  switch (first.kind) {
  case K::SAY:
    return spoken<ast::SayStmt>(take());
  case K::ASK:
    return spoken<ast::AskStmt>(take());
  case K::ON:
    return route();
  case K::DISCLOSE: {
    take();
    std::vector<ast::Name> clauses;
    do
      clauses.push_back(name(expectIdent()));
    while (accept(K::COMMA));
    return std::make_unique<ast::DiscloseStmt>(rangeFrom(first), std::move(clauses));
  }
  case K::VERIFY:
    take();
    expect(K::OWNER);
    return std::make_unique<ast::VerifyStmt>(rangeFrom(first));
  case K::CONFIRM:
    take();
    return std::make_unique<ast::ConfirmStmt>(range(first));
  case K::REGISTER:
    take();
    return std::make_unique<ast::RegisterStmt>(range(first));
  case K::INVOKE: {
    // invokeResult : ident ARROW target
    take();
    ast::Name service = name(expectIdent());
    expect(K::LBRACE);
    std::vector<ast::InvokeResult> results;
    while (isIdent(peek().kind)) {
      ast::Name result = name(take());
      expect(K::ARROW);
      results.push_back({std::move(result), target()});
    }
    expect(K::RBRACE);
    return std::make_unique<ast::InvokeStmt>(rangeFrom(first), std::move(service),
                                             std::move(results));
  }
  case K::END: {
    take();
    ast::Name outcome = name(expectIdent());
    return std::make_unique<ast::EndStmt>(rangeFrom(first), std::move(outcome));
  }
  case K::GOTO: {
    take();
    ast::Target to = target();
    return std::make_unique<ast::GotoStmt>(rangeFrom(first), std::move(to));
  }
  case K::RETRY:
    take();
    return std::make_unique<ast::RetryStmt>(range(first));
  case K::EXHAUSTED: {
    take();
    expect(K::ARROW);
    ast::Target to = target();
    return std::make_unique<ast::ExhaustedStmt>(rangeFrom(first), std::move(to));
  }
  case K::ALLOW: {
    ast::Waiver w = waiver();
    return std::make_unique<ast::WaiverStmt>(rangeFrom(first), std::move(w));
  }
  default:
    return nullptr;
  }
}

/// SAY STRING waiver? | ASK STRING waiver?
template <class Spoken>
std::unique_ptr<ast::Stmt> DirectParser::spoken(const Lexeme &keyword) {
  ast::Text said = text(expect(K::STRING));
  // A waiver after the text reads both as the statement's own and as a waiver statement;
  // ANTLR takes the optional, and so do we.
  std::optional<ast::Waiver> w;
  if (at(K::ALLOW))
    w = waiver();
  return std::make_unique<Spoken>(rangeFrom(keyword), std::move(said), std::move(w));
}

/// waiver : ALLOW ident STRING
ast::Waiver DirectParser::waiver() {
  take();
  ast::Name rule = name(expectIdent());
  return {std::move(rule), text(expect(K::STRING))};
}

/// route : ON ident (COMMA ident)* ARROW target
std::unique_ptr<ast::RouteStmt> DirectParser::route() {
  const Lexeme first = take();
  std::vector<ast::Name> events;
  do
    events.push_back(name(expectIdent()));
  while (accept(K::COMMA));
  expect(K::ARROW);
  ast::Target to = target();
  return std::make_unique<ast::RouteStmt>(rangeFrom(first), std::move(events), std::move(to));
}

/// target : END ident | OBJECTION ident | RESUME | ident
ast::Target DirectParser::target() {
  const Lexeme first = peek();
  ast::Target t;
  switch (first.kind) {
  case K::END:
    take();
    t.kind = ast::Target::Kind::End;
    t.name = name(expectIdent());
    break;
  case K::OBJECTION:
    take();
    t.kind = ast::Target::Kind::Objection;
    t.name = name(expectIdent());
    break;
  case K::RESUME:
    take();
    t.kind = ast::Target::Kind::Resume;
    break;
  default:
    t.kind = ast::Target::Kind::Step;
    t.name = name(expectIdent());
    break;
  }
  t.range = rangeFrom(first);
  return t;
}

/// policyDecl : POLICY name=ident (EXTENDS base=ident)? LBRACE policyItem* RBRACE
/// repliesDecl : REPLIES name=ident LBRACE policyItem* RBRACE (the same shape)
ast::Policy DirectParser::policy() {
  const Lexeme first = take();
  ast::Policy p;
  p.name = name(expectIdent());
  if (accept(K::EXTENDS))
    p.base = name(expectIdent());
  expect(K::LBRACE);
  while (isIdent(peek().kind))
    policyItem(p);
  expect(K::RBRACE);
  p.range = rangeFrom(first);
  return p;
}

/// policyItem : LIMIT ident NUMBER
///            | REQUIRE ident (COMMA ident)*
///            | kind=ident STRING LBRACE policyField* RBRACE
///            | key=ident policyValue (COMMA policyValue)*
/// policyField : key=ident policyValue (COMMA policyValue)*
/// Every item begins with a name (`limit` and `require` are names too); what follows decides.
void DirectParser::policyItem(ast::Policy &p) {
  const Lexeme first = take();
  // A setting is never followed by `{`, so a string and `{` make an entry.
  if (at(K::STRING) && at(K::LBRACE, 1)) {
    ast::LexiconEntry entry{name(first), text(take()), {}, {}};
    take();
    while (isIdent(peek().kind)) {
      const Lexeme key = take();
      entry.fields.push_back(policySetting(key));
    }
    expect(K::RBRACE);
    entry.range = rangeFrom(first);
    p.entries.push_back(std::move(entry));
    return;
  }
  // No item begins with a number, so `limit NAME NUMBER` cannot be a setting `limit NAME`.
  if (first.kind == K::LIMIT && isIdent(peek().kind) && at(K::NUMBER, 1)) {
    const Lexeme counter = take();
    const Lexeme number = take();
    p.limits.push_back({name(counter), limitValue(spelling(number)), rangeFrom(first)});
    return;
  }
  ast::PolicySetting setting = policySetting(first);
  // `require a, b` reads as a requirement and as a setting of words; ANTLR takes the first
  // alternative, the requirement. A string or number among the values makes it a setting.
  bool onlyWords = std::all_of(setting.values.begin(), setting.values.end(), [](const auto &v) {
    return v.kind == ast::PolicyValue::Kind::Word;
  });
  if (first.kind == K::REQUIRE && onlyWords) {
    for (ast::PolicyValue &clause : setting.values)
      p.required.push_back({std::move(clause.text), clause.range});
    return;
  }
  p.settings.push_back(std::move(setting));
}

/// key=ident policyValue (COMMA policyValue)*, the key taken
ast::PolicySetting DirectParser::policySetting(const Lexeme &key) {
  ast::PolicySetting s{name(key), {}, {}};
  do
    s.values.push_back(policyValue());
  while (accept(K::COMMA));
  s.range = rangeFrom(key);
  return s;
}

/// policyValue : STRING | NUMBER | ident
ast::PolicyValue DirectParser::policyValue() {
  const Lexeme token = peek();
  ast::PolicyValue value;
  if (token.kind == K::STRING) {
    value.kind = ast::PolicyValue::Kind::String;
    value.text = unescape(spelling(token));
  } else if (token.kind == K::NUMBER) {
    value.kind = ast::PolicyValue::Kind::Number;
    value.text = spelling(token);
  } else if (isIdent(token.kind)) {
    value.kind = ast::PolicyValue::Kind::Word;
    value.text = spelling(token);
  } else {
    fail();
  }
  value.range = range(take());
  return value;
}

/// handlersDecl : HANDLERS name=ident LBRACE handlersItem* RBRACE
/// handlersItem : stepDecl | route
ast::Handlers DirectParser::handlers() {
  const Lexeme first = take();
  ast::Handlers h;
  h.name = name(expectIdent());
  expect(K::LBRACE);
  for (;;) {
    if (at(K::STEP))
      h.steps.push_back(step());
    else if (at(K::ON))
      h.routes.push_back(route());
    else
      break;
  }
  expect(K::RBRACE);
  h.range = rangeFrom(first);
  return h;
}

} // namespace

std::unique_ptr<ast::Module> parseDirect(std::string_view text, uint32_t file) {
  return DirectParser(text, file).script();
}

} // namespace patter
