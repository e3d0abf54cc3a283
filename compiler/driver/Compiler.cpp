// The passes in order: load and parse, resolve, type-check, templates, flow graph, emit.
#include "Compiler.h"

#include "ClauseContent.h"
#include "ConfirmTurn.h"
#include "FlowChecks.h"
#include "FlowEmitter.h"
#include "FlowGraph.h"
#include "LowerFlow.h"
#include "MandatoryClauses.h"
#include "ModuleCache.h"
#include "PathChecks.h"
#include "PolicyContext.h"
#include "PolicyExtends.h"
#include "PolicyPins.h"
#include "PolicyScope.h"
#include "PolicySettings.h"
#include "Waivers.h"
#include "Wording.h"
#include "Offer.h"
#include "Replies.h"
#include "Resolve.h"
#include "SaleChecks.h"
#include "Templates.h"

namespace patter {

namespace {

/// Every spoken text of a body, for template checking.
void forEachText(const ast::StmtList &body, const std::function<void(const ast::Text &)> &fn) {
  for (const auto &stmt : body) {
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()))
      fn(say->text);
    else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()))
      fn(ask->text);
  }
}

void checkTemplates(const Program &program, const TemplateScope &scope,
                    DiagnosticEngine &diags) {
  auto check = [&](const ast::Text &text) { scope.check(text, diags); };
  for (const auto &[name, clause] : program.clauses)
    check(clause->text);
  for (const auto &[name, step] : program.steps)
    forEachText(step->body, check);
  for (const auto &[name, objection] : program.objections)
    forEachText(objection->body, check);
  for (const HandlerStep &h : program.handlerSteps)
    forEachText(h.step->body, check);
}

/// The bodies of handlers modules' steps end well; a file declares one campaign at most.
void checkModuleBodies(const std::vector<std::unique_ptr<ast::Module>> &modules,
                       DiagnosticEngine &diags) {
  for (const auto &module : modules) {
    for (const ast::Handlers &h : module->handlers)
      for (const ast::Step &s : h.steps)
        checkBodyEnds("step", s.name, s.body, diags);
    for (size_t i = 1; i < module->campaigns.size(); ++i)
      diags.report(DiagId::SecondCampaign, module->campaigns[i].name.range,
                   module->campaigns[i].name.text);
  }
}

/// The runtime's own lines the flow carries are spoken, so checked for wording like any say.
void addRuntimeLines(const Replies &replies, Program &program) {
  for (const ast::Text *line : replies.lines)
    if (line)
      program.runtimeLines.push_back(line);
}

/// The product as a line speaks it (the `product` fact), or nothing.
std::string spokenProduct(const std::vector<TypedFact> &offer) {
  for (const TypedFact &f : offer)
    if (f.name == "product")
      return spokenFact(f);
  return {};
}

} // namespace

std::optional<std::string> Compilation::run(const std::string &mainPath, std::string text,
                                            bool emit) {
  ModuleLoader loader(sources_, diags_, path_, cache_);
  loader.load(mainPath, std::move(text), loaded_);
  // A file that did not read or parse may well name its policy: E0220 would only add noise.
  bool loadedCleanly = !diags_.hasErrors();
  const auto &modules = loaded_.modules();

  resolveModules(modules, diags_);
  checkPolicyExtensions(modules, diags_);
  checkPolicyScopes(modules, diags_);
  checkLookalikePolicies(loaded_, sources_, path_.stdlibDir, diags_);
  // Every loaded block's words and lines, and their examples, whatever the file declares.
  const Replies *cachedReplies = cache_ ? cache_->replies(modules) : nullptr;
  Replies ownReplies;
  if (!cachedReplies) {
    ownReplies = readReplies(modules, &diags_);
    testReplyExamples(ownReplies, diags_);
  }
  const Replies &replies = cachedReplies ? *cachedReplies : ownReplies;
  PolicyContext policies(cache_);
  policies.checkAll(modules, diags_);
  checkModuleBodies(modules, diags_);

  const ast::Module &main = *modules.front();
  if (main.campaigns.empty()) {
    // A file that did not parse may well declare a campaign: say nothing more about it.
    if (emit && !diags_.hasErrors())
      diags_.report(DiagId::NoCampaign, {{main.file, 1, 1}, {main.file, 1, 2}},
                    sources_.path(main.file));
    return std::nullopt;
  }

  Program program = resolveCampaign(main.campaigns.front(), modules, diags_);
  checkRepliesComplete(replies, *program.campaign, diags_);
  addRuntimeLines(replies, program);
  checkCampaignPolicy(program, loadedCleanly, diags_);
  checkPinnedPolicy(program, loaded_, mainPath, path_, sources_, diags_);
  checkChannel(program, diags_);
  checkMandatoryClauses(program, diags_);
  std::vector<TypedFact> offer = checkOffer(program, diags_);
  TemplateScope templates(program.title.str(), offer);
  checkTemplates(program, templates, diags_);
  // The policy's lexicon serves the wording pass and the path checks.
  const Lexicon &lexicon = policies.lexicon(program.policy);
  ClauseClaims claims = checkWording(program, lexicon, offer, templates, sources_, diags_);
  checkClauseContent(program, offer, templates, diags_);
  FlowGraph graph(program);
  PolicySettings settings = readPolicySettings(program.policy, nullptr); // reported above
  // The checks below read what each node does from the flow that is shipped.
  lowerFlow(program, offer, templates, settings, replies, graph, sources_, lowered_.emplace());
  checkFlowStructure(graph, diags_);
  checkSecondSale(graph, diags_);
  checkHostCalls(graph, settings, diags_);
  checkOfferDisclosed(program, offer, graph, diags_);
  checkFailedResultSales(graph, diags_);
  ComplianceInputs compliance{program, graph, settings, templates, spokenProduct(offer), claims};
  checkComplianceStructure(compliance, diags_);
  checkConfirmTurn(compliance, sources_, diags_);
  checkCallPaths(compliance, diags_);
  applyWaivers(program, diags_);

  if (!wantReview_ && (!emit || diags_.hasErrors()))
    return std::nullopt;
  std::string flow = emitFlow(*lowered_);
  if (wantReview_) {
    review_ = reviewFactsOf(program);
    review_->flow = flow;
    review_->draft = diags_.hasErrors();
  }
  if (!emit || diags_.hasErrors())
    return std::nullopt;
  return flow;
}

} // namespace patter
