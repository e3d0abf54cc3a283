// Turns ANTLR's parse tree into our AST. The only code that names generated *Context types.
#pragma once

#include "AST.h"

#include "PatterParser.h"

namespace patter {

class AstBuilder {
public:
  explicit AstBuilder(uint32_t file) : file_(file) {}

  std::unique_ptr<ast::Module> build(grammar::PatterParser::ScriptContext *ctx);

private:
  ast::Campaign campaign(grammar::PatterParser::CampaignDeclContext *ctx);
  void campaignItem(ast::Campaign &c, grammar::PatterParser::CampaignItemContext *ctx);
  ast::OfferFact offerFact(grammar::PatterParser::OfferFactContext *ctx);
  ast::ClauseDef clauseDef(grammar::PatterParser::ClauseDefContext *ctx);
  ast::Step step(grammar::PatterParser::StepDeclContext *ctx);
  ast::Objection objection(grammar::PatterParser::ObjectionDeclContext *ctx);
  ast::StmtList stmts(const std::vector<grammar::PatterParser::StmtContext *> &list);
  std::unique_ptr<ast::Stmt> stmt(grammar::PatterParser::StmtContext *ctx);
  std::unique_ptr<ast::RouteStmt> route(grammar::PatterParser::RouteContext *ctx);
  ast::Target target(grammar::PatterParser::TargetContext *ctx);
  ast::Waiver waiver(grammar::PatterParser::WaiverContext *ctx);
  ast::Policy policy(grammar::PatterParser::PolicyDeclContext *ctx);
  ast::Policy replies(grammar::PatterParser::RepliesDeclContext *ctx);
  void policyItems(ast::Policy &p, const std::vector<grammar::PatterParser::PolicyItemContext *> &items);
  ast::Handlers handlers(grammar::PatterParser::HandlersDeclContext *ctx);
  ast::OutcomeDecl outcome(grammar::PatterParser::OutcomeDeclContext *ctx);
  ast::PolicySetting setting(grammar::PatterParser::IdentContext *key,
                             const std::vector<grammar::PatterParser::PolicyValueContext *> &values,
                             SourceRange range);

  ast::Name name(grammar::PatterParser::IdentContext *ctx);
  ast::Name name(antlr4::Token *token);
  ast::Text text(antlr4::tree::TerminalNode *node);
  SourceRange range(antlr4::ParserRuleContext *ctx) const;
  SourceRange range(antlr4::Token *token) const;

  uint32_t file_;
};

} // namespace patter
