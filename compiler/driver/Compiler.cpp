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
  Replies replies = readReplies(modules, &diags_);
  // The lexicons loaded for their self-test, kept for the wording pass.
  std::vector<std::pair<const ast::Policy *, Lexicon>> checkedLexicons;
  for (const auto &module : modules) {
    for (const ast::Policy &policy : module->policies) {
      checkPolicyLimits(policy, diags_);
      if (!cache_ || !cache_->lexiconClean(policy)) // a cached policy's self-test said nothing
        checkedLexicons.emplace_back(&policy, checkLexicon(policy, diags_));
      readPolicySettings(&policy, &diags_); // every loaded policy, used or not
    }
    for (const ast::Handlers &h : module->handlers)
      for (const ast::Step &s : h.steps)
        checkBodyEnds("step", s.name, s.body, diags_);
    for (size_t i = 1; i < module->campaigns.size(); ++i)
      diags_.report(DiagId::SecondCampaign, module->campaigns[i].name.range,
                    module->campaigns[i].name.text);
  }

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
  for (const ast::Text *line : replies.lines)
    if (line)
      program.runtimeLines.push_back(line);
  checkCampaignPolicy(program, loadedCleanly, diags_);
  checkPinnedPolicy(program, loaded_, mainPath, path_, sources_, diags_);
  checkChannel(program, diags_);
  checkMandatoryClauses(program, diags_);
  std::vector<TypedFact> offer = checkOffer(program, diags_);
  TemplateScope templates(program.title.str(), offer);
  checkTemplates(program, templates, diags_);
  // The policy's lexicon serves the wording pass and the path checks: the cache's, loaded
  // once per process, or the one its self-test loaded in this compilation.
  const Lexicon *shared = cache_ && program.policy ? cache_->lexicon(*program.policy) : nullptr;
  for (const auto &[policy, checked] : checkedLexicons)
    if (!shared && policy == program.policy)
      shared = &checked;
  Lexicon own = shared || !program.policy ? Lexicon() : Lexicon::load(*program.policy, nullptr);
  const Lexicon &lexicon = shared ? *shared : own;
  ClauseClaims claims = checkWording(program, lexicon, offer, templates, sources_, diags_);
  checkClauseContent(program, offer, templates, diags_);
  FlowGraph graph(program);
  checkFlowStructure(graph, diags_);
  checkSecondSale(graph, diags_);
  PolicySettings settings = readPolicySettings(program.policy, nullptr); // reported above
  std::string product;
  for (const TypedFact &f : offer)
    if (f.name == "product")
      product = spokenFact(f);
  ComplianceInputs compliance{program, graph, settings, templates, product, claims};
  checkComplianceStructure(compliance, diags_);
  checkConfirmTurn(compliance, sources_, diags_);
  checkCallPaths(compliance, diags_);
  applyWaivers(program, diags_);

  if (!wantReview_ && (!emit || diags_.hasErrors()))
    return std::nullopt;
  lowered_ = lowerFlow(program, offer, templates, settings, replies, graph, sources_);
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
