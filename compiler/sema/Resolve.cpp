// Name resolution for campaigns, policies and handler modules.
#include "Resolve.h"

#include "Normalize.h"
#include "vocabulary/Vocabulary.h"
#include "PolicyExtends.h"

#include <llvm/ADT/StringSet.h>

#include <array>

namespace patter {

llvm::ArrayRef<llvm::StringRef> builtinEvents() {
  static const auto events = [] {
    std::array<llvm::StringRef, std::size(vocab::kEvents)> names;
    for (size_t i = 0; i < names.size(); ++i)
      names[i] = vocab::kEvents[i].name;
    return names;
  }();
  return events;
}

std::string didYouMean(llvm::StringRef name, const std::vector<llvm::StringRef> &candidates) {
  llvm::StringRef best;
  unsigned bestDistance = 0;
  unsigned limit = std::max<unsigned>(1, static_cast<unsigned>(name.size()) / 3);
  for (llvm::StringRef c : candidates) {
    unsigned d = name.edit_distance(c, true, limit + 1);
    if (d <= limit && (best.empty() || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best.empty() ? std::string() : ", did you mean '" + best.str() + "'?";
}

namespace {

template <typename Map> std::vector<llvm::StringRef> keysOf(const Map &map) {
  std::vector<llvm::StringRef> keys;
  for (const auto &entry : map)
    keys.push_back(entry.first);
  return keys;
}

/// Inserts `name` once; a second definition is reported with a note at the first.
template <typename Map, typename T>
void define(Map &map, llvm::StringRef kind, const ast::Name &name, T *value,
            const ast::Name &(*nameOf)(T *), DiagnosticEngine &diags) {
  auto [it, inserted] = map.insert({llvm::StringRef(name.text), value});
  if (!inserted) {
    diags.report(DiagId::DuplicateDefinition, name.range, kind.str(), name.text)
        .notes.push_back({nameOf(it->second).range, "first defined here"});
  }
}

const ast::Name &stepName(const ast::Step *s) { return s->name; }
const ast::Name &objectionName(const ast::Objection *o) { return o->name; }
const ast::Name &clauseName(const ast::ClauseDef *c) { return c->name; }
const ast::Name &factName(const ast::OfferFact *f) { return f->name; }

/// What the statements being checked belong to; decides which names and statements are valid.
enum class Scope { CampaignStep, Objection, HandlerStep };

llvm::StringRef scopeName(Scope scope) {
  switch (scope) {
  case Scope::CampaignStep: return "a campaign step";
  case Scope::Objection: return "an objection";
  case Scope::HandlerStep: return "a handlers module";
  }
  return "";
}

using OutcomeTable = llvm::MapVector<llvm::StringRef, vocab::OutcomeKind>;

/// The outcomes the runtime ends calls with by itself: known to every campaign and module.
OutcomeTable builtinOutcomes() {
  OutcomeTable table;
  for (const vocab::BuiltinOutcome &o : vocab::kBuiltinOutcomes)
    table.insert({llvm::StringRef(o.name.data(), o.name.size()), o.kind});
  return table;
}

/// Adds `decls` to `table`, reporting an unknown kind, a built-in name and a second
/// declaration (`first` keeps where each declared name was declared first).
void declareOutcomes(const std::vector<ast::OutcomeDecl> &decls, OutcomeTable &table,
                     llvm::StringMap<const ast::OutcomeDecl *> &first, DiagnosticEngine *diags) {
  for (const ast::OutcomeDecl &decl : decls) {
    std::optional<vocab::OutcomeKind> kind = vocab::outcomeKindNamed(decl.kind.text);
    if (!kind) {
      if (diags) {
        std::vector<llvm::StringRef> kinds;
        std::string list;
        for (const vocab::OutcomeKindInfo &k : vocab::kOutcomeKinds) {
          kinds.emplace_back(k.name.data(), k.name.size());
          list += (list.empty() ? "" : ", ") + std::string(k.name);
        }
        diags->report(DiagId::UnknownOutcomeKind, decl.kind.range, decl.kind.text, list,
                      didYouMean(decl.kind.text, kinds));
      }
      continue;
    }
    if (std::optional<vocab::OutcomeKind> builtin = vocab::builtinOutcomeKind(decl.name.text)) {
      if (diags)
        diags->report(DiagId::BuiltinOutcomeDeclared, decl.name.range, decl.name.text,
                      std::string(vocab::nameOf(*builtin)));
      continue;
    }
    if (auto [it, fresh] = first.insert({decl.name.text, &decl}); !fresh) {
      if (diags)
        diags->report(DiagId::DuplicateDefinition, decl.name.range, "outcome", decl.name.text)
            .notes.push_back({it->second->name.range, "first defined here"});
      continue;
    }
    table.insert({decl.name.text, *kind});
  }
}

/// Reports a second use of one name where only one can take effect (two `on yes` routes in a
/// step, two results `ok` of one `invoke`): the call could go either way.
class OnceEach {
public:
  /// Whether `name` is new here; otherwise reports it with a note at the first use.
  bool add(const ast::Name &name, DiagnosticEngine &diags, DiagId id, llvm::StringRef where) {
    auto [it, fresh] = seen_.insert({name.text, name.range});
    if (!fresh)
      diags.report(id, name.range, name.text, where.str())
          .notes.push_back({it->second, "first routed here"});
    return fresh;
  }

private:
  llvm::StringMap<SourceRange> seen_;
};

class BodyChecker {
public:
  BodyChecker(DiagnosticEngine &diags, std::vector<llvm::StringRef> steps,
              std::vector<llvm::StringRef> objections, std::vector<llvm::StringRef> clauses,
              const OutcomeTable &outcomes)
      : diags_(diags), steps_(std::move(steps)), objections_(std::move(objections)),
        clauses_(std::move(clauses)), outcomes_(outcomes) {
    stepSet_.insert(steps_.begin(), steps_.end());
    objectionSet_.insert(objections_.begin(), objections_.end());
    clauseSet_.insert(clauses_.begin(), clauses_.end());
  }

  /// Checks a body; `owner` names it in diagnostics ("step 'pitch'").
  void check(const ast::StmtList &body, Scope scope, llvm::StringRef owner) {
    OnceEach routes;
    const ast::Stmt *exhausted = nullptr, *retry = nullptr;
    for (const auto &stmt : body) {
      checkStmt(*stmt, scope);
      if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get()))
        for (const ast::Name &event : route->events)
          if (!event.text.empty())
            routes.add(event, diags_, DiagId::DuplicateRoute, owner);
      if (const auto *invoke = llvm::dyn_cast<ast::InvokeStmt>(stmt.get())) {
        OnceEach results;
        for (const ast::InvokeResult &r : invoke->results)
          if (!r.result.text.empty())
            results.add(r.result, diags_, DiagId::DuplicateResult,
                        "'invoke " + invoke->name.text + "' in " + owner.str());
      }
      // An objection has one way back and one way out once the budget is spent.
      bool isExhausted = stmt->kind() == ast::Stmt::Kind::Exhausted;
      if (!isExhausted && stmt->kind() != ast::Stmt::Kind::Retry)
        continue;
      const ast::Stmt *&first = isExhausted ? exhausted : retry;
      if (!first)
        first = stmt.get();
      else if (scope == Scope::Objection)
        diags_.report(DiagId::RepeatedObjectionStmt, stmt->range(), stmt->keyword().str(),
                      owner.str())
            .notes.push_back({first->range(), "first given here"});
    }
  }

  void checkRoute(const ast::RouteStmt &route, Scope scope) {
    for (const ast::Name &event : route.events)
      checkEvent(event);
    checkTarget(route.target, scope);
  }

  void checkTarget(const ast::Target &target, Scope scope) {
    if (target.kind != ast::Target::Kind::Resume && target.name.text.empty())
      return; // lost to error recovery: the syntax error is already reported
    switch (target.kind) {
    case ast::Target::Kind::Step:
      if (!stepSet_.contains(target.name.text))
        diags_.report(DiagId::UndefinedStep, target.name.range, target.name.text,
                      didYouMean(target.name.text, steps_));
      break;
    case ast::Target::Kind::Objection:
      if (scope == Scope::HandlerStep)
        diags_.report(DiagId::MisplacedStatement, target.range, "objection", scopeName(scope));
      else if (!objectionSet_.contains(target.name.text))
        diags_.report(DiagId::UndefinedObjection, target.name.range, target.name.text,
                      didYouMean(target.name.text, objections_));
      break;
    case ast::Target::Kind::Resume:
      if (scope != Scope::HandlerStep)
        diags_.report(DiagId::MisplacedStatement, target.range, "resume", scopeName(scope));
      break;
    case ast::Target::Kind::End:
      checkOutcome(target.name);
      break;
    }
  }

  void checkOutcome(const ast::Name &outcome) {
    if (outcome.text.empty() || outcomes_.count(outcome.text))
      return;
    std::vector<llvm::StringRef> names;
    for (const auto &entry : outcomes_)
      names.push_back(entry.first);
    diags_.report(DiagId::UndeclaredOutcome, outcome.range, outcome.text,
                  didYouMean(outcome.text, names));
  }

private:

  void checkEvent(const ast::Name &event) {
    if (event.text.empty())
      return;
    auto builtins = builtinEvents();
    if (std::find(builtins.begin(), builtins.end(), event.text) != builtins.end() ||
        objectionSet_.contains(event.text))
      return;
    std::vector<llvm::StringRef> candidates(builtins.begin(), builtins.end());
    candidates.insert(candidates.end(), objections_.begin(), objections_.end());
    diags_.report(DiagId::UnknownEvent, event.range, event.text,
                  didYouMean(event.text, candidates));
  }

  void checkWaiver(const ast::Waiver &waiver) {
    llvm::StringRef rule = waiver.rule.text;
    unsigned number = 0;
    if (rule.size() != 3 || rule[0] != 'R' || rule.drop_front().getAsInteger(10, number) ||
        number < 1 || number > 21)
      diags_.report(DiagId::UnknownRule, waiver.rule.range, waiver.rule.text);
    // Whitespace of any kind (a full-width or zero-width space) or punctuation is no reason.
    if (Normalizer::standard().fold(waiver.reason.value).empty())
      diags_.report(DiagId::EmptyWaiverReason, waiver.reason.range);
  }

  void misplaced(const ast::Stmt &stmt, Scope scope) {
    diags_.report(DiagId::MisplacedStatement, stmt.range(), stmt.keyword().str(),
                  scopeName(scope));
  }

  void checkStmt(const ast::Stmt &stmt, Scope scope) {
    using K = ast::Stmt::Kind;
    switch (stmt.kind()) {
    case K::Say:
      if (const auto &w = llvm::cast<ast::SayStmt>(stmt).waiver)
        checkWaiver(*w);
      break;
    case K::Ask:
      if (const auto &w = llvm::cast<ast::AskStmt>(stmt).waiver)
        checkWaiver(*w);
      break;
    case K::Waiver:
      checkWaiver(llvm::cast<ast::WaiverStmt>(stmt).waiver);
      break;
    case K::Disclose:
      if (scope == Scope::HandlerStep)
        return misplaced(stmt, scope);
      for (const ast::Name &clause : llvm::cast<ast::DiscloseStmt>(stmt).clauses)
        if (!clauseSet_.contains(clause.text))
          diags_.report(DiagId::UndefinedClause, clause.range, clause.text,
                        didYouMean(clause.text, clauses_));
      break;
    case K::Verify:
    case K::Confirm:
    case K::Register:
      if (scope != Scope::CampaignStep)
        misplaced(stmt, scope);
      break;
    case K::Invoke:
      if (scope == Scope::Objection)
        return misplaced(stmt, scope);
      for (const ast::InvokeResult &r : llvm::cast<ast::InvokeStmt>(stmt).results)
        checkTarget(r.target, scope);
      break;
    case K::End:
      checkOutcome(llvm::cast<ast::EndStmt>(stmt).outcome);
      break;
    case K::Goto:
      checkTarget(llvm::cast<ast::GotoStmt>(stmt).target, scope);
      break;
    case K::Route:
      checkRoute(llvm::cast<ast::RouteStmt>(stmt), scope);
      break;
    case K::Retry:
      if (scope != Scope::Objection)
        misplaced(stmt, scope);
      break;
    case K::Exhausted:
      if (scope != Scope::Objection)
        return misplaced(stmt, scope);
      if (const ast::Target &t = llvm::cast<ast::ExhaustedStmt>(stmt).target;
          t.kind == ast::Target::Kind::Objection || t.kind == ast::Target::Kind::Resume)
        diags_.report(DiagId::MisplacedStatement, t.range, t.kind == ast::Target::Kind::Resume ? "resume" : "objection",
                      "an 'exhausted' route: the budget is spent, so it must lead to a step or an end");
      else
        checkTarget(llvm::cast<ast::ExhaustedStmt>(stmt).target, scope);
      break;
    }
  }

  DiagnosticEngine &diags_;
  /// In source order, for "did you mean"; the same names as sets for lookups, as a campaign of
  /// thousands of steps has as many targets to resolve.
  std::vector<llvm::StringRef> steps_, objections_, clauses_;
  const OutcomeTable &outcomes_;
  llvm::StringSet<> stepSet_, objectionSet_, clauseSet_;
};

/// The routes of a handler list (a campaign's `on` handlers or a handlers module's): one per
/// event, reported with both places otherwise.
void checkHandlerList(const std::vector<std::unique_ptr<ast::RouteStmt>> &routes,
                      llvm::StringRef where, DiagnosticEngine &diags) {
  llvm::StringMap<SourceRange> seen;
  for (const auto &route : routes)
    for (const ast::Name &event : route->events)
      if (!event.text.empty())
        if (auto [it, fresh] = seen.insert({event.text, event.range}); !fresh)
          diags.report(DiagId::DuplicateHandler, event.range, event.text, where.str())
              .notes.push_back({it->second, "first handled here"});
}

/// Reports every use of a once-only setting after the first; returns the first or null.
const ast::Setting *single(const std::vector<ast::Setting> &settings, llvm::StringRef keyword,
                           const ast::Campaign &c, DiagnosticEngine &diags) {
  for (size_t i = 1; i < settings.size(); ++i)
    diags.report(DiagId::RepeatedSetting, settings[i].keyword, keyword.str(), c.name.text)
        .notes.push_back({settings[0].keyword, "first given here"});
  return settings.empty() ? nullptr : &settings[0];
}

void singleBlock(const std::vector<SourceRange> &blocks, llvm::StringRef keyword,
                 const ast::Campaign &c, DiagnosticEngine &diags) {
  for (size_t i = 1; i < blocks.size(); ++i)
    diags.report(DiagId::RepeatedSetting, blocks[i], keyword.str(), c.name.text)
        .notes.push_back({blocks[0], "first given here"});
}

void checkHandlersModule(const ast::Handlers &h, const OutcomeTable &outcomes,
                         DiagnosticEngine &diags) {
  llvm::MapVector<llvm::StringRef, const ast::Step *> steps;
  for (const ast::Step &s : h.steps)
    define(steps, "step", s.name, &s, stepName, diags);
  BodyChecker checker(diags, keysOf(steps), {}, {}, outcomes);
  for (const ast::Step &s : h.steps)
    checker.check(s.body, Scope::HandlerStep, "step '" + s.name.text + "'");
  for (const auto &route : h.routes)
    checker.checkRoute(*route, Scope::HandlerStep);
  checkHandlerList(h.routes, "handlers module '" + h.name.text + "'", diags);
}

/// The outcomes every module declares, on top of the built-in ones.
OutcomeTable moduleOutcomes(const std::vector<std::unique_ptr<ast::Module>> &modules,
                            llvm::StringMap<const ast::OutcomeDecl *> &first,
                            DiagnosticEngine *diags) {
  OutcomeTable table = builtinOutcomes();
  // Imported modules first (they load after the file that imports them), so that a second
  // declaration is reported in the file that can change it, not in the standard library.
  for (auto module = modules.rbegin(); module != modules.rend(); ++module)
    declareOutcomes((*module)->outcomes, table, first, diags);
  return table;
}

/// Two imported modules that handle one event leave the campaign's handler to import order;
/// the campaign must choose with its own `on EVENT -> …` (which wins over both).
void checkImportedHandlers(const Program &program, DiagnosticEngine &diags) {
  for (const ast::Handlers *module : program.handlerModules)
    for (const auto &route : module->routes)
      for (const ast::Name &event : route->events) {
        auto first = program.importedHandlers.find(event.text);
        if (first == program.importedHandlers.end() || first->second.first == module ||
            program.campaignHandlers.count(event.text))
          continue;
        // Reported at the campaign, where the choice is made; the modules may be the stdlib.
        Diagnostic &d = diags.report(DiagId::ConflictingHandlers, program.campaign->name.range,
                                     first->second.first->name.text, module->name.text,
                                     event.text, event.text, program.campaign->name.text);
        d.notes.push_back({first->second.second->range(), "first handled here"});
        d.notes.push_back({route->range(), "handled here too"});
      }
}

} // namespace

void resolveModules(const std::vector<std::unique_ptr<ast::Module>> &modules,
                    DiagnosticEngine &diags) {
  llvm::StringMap<const ast::OutcomeDecl *> declared;
  OutcomeTable outcomes = moduleOutcomes(modules, declared, &diags);
  llvm::StringMap<const ast::Name *> policies, handlerNames;
  for (const auto &module : modules) {
    for (const ast::Policy &p : module->policies)
      if (!policies.insert({p.name.text, &p.name}).second)
        diags.report(DiagId::DuplicateDefinition, p.name.range, "policy", p.name.text)
            .notes.push_back({policies[p.name.text]->range, "first defined here"});
    for (const ast::Handlers &h : module->handlers) {
      if (!handlerNames.insert({h.name.text, &h.name}).second)
        diags.report(DiagId::DuplicateDefinition, h.name.range, "handlers module", h.name.text)
            .notes.push_back({handlerNames[h.name.text]->range, "first defined here"});
      checkHandlersModule(h, outcomes, diags);
    }
  }
}

Program resolveCampaign(const ast::Campaign &c,
                        const std::vector<std::unique_ptr<ast::Module>> &modules,
                        DiagnosticEngine &diags) {
  Program program;
  program.campaign = &c;
  if (const ast::Setting *title = single(c.titles, "title", c, diags))
    program.title = title->value.text;
  if (const ast::Setting *channel = single(c.channels, "channel", c, diags))
    program.channel = channel->value.text;
  singleBlock(c.offerBlocks, "offer", c, diags);
  singleBlock(c.clauseBlocks, "clauses", c, diags);

  for (const ast::Step &s : c.steps)
    define(program.steps, "step", s.name, &s, stepName, diags);
  for (const ast::Objection &o : c.objections)
    define(program.objections, "objection", o.name, &o, objectionName, diags);
  for (const ast::ClauseDef &cl : c.clauses)
    define(program.clauses, "clause", cl.name, &cl, clauseName, diags);
  for (const ast::OfferFact &f : c.offer)
    define(program.offer, "offer fact", f.name, &f, factName, diags);

  std::vector<llvm::StringRef> policyNames;
  for (const auto &module : modules) {
    for (const ast::Policy &p : module->policies)
      policyNames.push_back(p.name.text);
    for (const ast::Handlers &h : module->handlers) {
      program.handlerModules.push_back(&h);
      for (const ast::Step &s : h.steps)
        program.handlerSteps.push_back({&h, &s, h.name.text + "." + s.name.text});
      for (const auto &route : h.routes)
        for (const ast::Name &event : route->events)
          program.importedHandlers.insert({event.text, {&h, route.get()}});
    }
  }
  llvm::StringMap<const ast::OutcomeDecl *> declared;
  program.outcomes = moduleOutcomes(modules, declared, nullptr); // reported by resolveModules
  declareOutcomes(c.outcomes, program.outcomes, declared, &diags);
  if (const ast::Setting *policy = single(c.policies, "policy", c, diags)) {
    for (const auto &module : modules)
      for (const ast::Policy &p : module->policies)
        if (!program.policy && p.name.text == policy->value.text)
          program.policy = &p;
    if (!program.policy)
      diags.report(DiagId::UndefinedPolicy, policy->value.range, policy->value.text,
                   didYouMean(policy->value.text, policyNames));
    program.declaredPolicy = program.policy;
    if (program.policy)
      if (std::shared_ptr<const ast::Policy> folded = flattenPolicy(*program.policy, modules)) {
        program.foldedPolicy = std::move(folded);
        program.policy = program.foldedPolicy.get();
      }
  }

  BodyChecker checker(diags, keysOf(program.steps), keysOf(program.objections),
                      keysOf(program.clauses), program.outcomes);
  if (const ast::Setting *start = single(c.starts, "start", c, diags)) {
    auto it = program.steps.find(start->value.text);
    if (it != program.steps.end())
      program.start = it->second;
    else
      diags.report(DiagId::UndefinedStep, start->value.range, start->value.text,
                   didYouMean(start->value.text, keysOf(program.steps)));
  } else {
    diags.report(DiagId::MissingStart, c.name.range, c.name.text);
  }

  llvm::StringMap<std::pair<const ast::Objection *, const ast::Text *>> keywordOwner;
  for (const ast::Objection &o : c.objections)
    for (const ast::Text &k : o.keywords)
      // The runtime matches ASCII letters case-insensitively: `WiFi` and `wifi` are one keyword.
      if (auto [it, inserted] = keywordOwner.insert({llvm::StringRef(k.value).lower(), {&o, &k}});
          !inserted && it->second.first != &o)
        diags.report(DiagId::SharedKeyword, k.range, k.value, it->second.first->name.text)
            .notes.push_back({it->second.second->range, "first given here"});

  // An objection's name is an event a route may name: a built-in event's name would make
  // `on busy` mean the customer being busy and the objection at once.
  auto builtins = builtinEvents();
  for (const ast::Objection &o : c.objections)
    if (std::find(builtins.begin(), builtins.end(), o.name.text) != builtins.end())
      diags.report(DiagId::ObjectionNamedLikeEvent, o.name.range, o.name.text);

  for (const ast::Step &s : c.steps)
    checker.check(s.body, Scope::CampaignStep, "step '" + s.name.text + "'");
  for (const ast::Objection &o : c.objections)
    checker.check(o.body, Scope::Objection, "objection '" + o.name.text + "'");
  for (const auto &route : c.handlers) {
    checker.checkRoute(*route, Scope::CampaignStep);
    for (const ast::Name &event : route->events)
      program.campaignHandlers.insert({event.text, route.get()});
  }
  checkHandlerList(c.handlers, "campaign '" + c.name.text + "'", diags);
  checkImportedHandlers(program, diags);
  return program;
}

} // namespace patter
