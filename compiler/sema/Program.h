// A campaign with everything it refers to: the symbol tables that passes after name
// resolution read.
#pragma once

#include "AST.h"

#include "vocabulary/Vocabulary.h"

#include <llvm/ADT/MapVector.h>
#include <llvm/ADT/StringMap.h>

#include <memory>
#include <vector>

namespace patter {

/// A handler step, qualified by the `handlers` block that declares it (`std.silence_1`).
struct HandlerStep {
  const ast::Handlers *module;
  const ast::Step *step;
  std::string qualifiedName;
};

/// A handler as it applies to the campaign's waiting steps: the route, and the module whose
/// steps it names (null for the campaign's own).
struct EffectiveHandler {
  llvm::StringRef event;
  const ast::RouteStmt *route;
  const ast::Handlers *module;
};

struct Program {
  const ast::Campaign *campaign = nullptr;
  /// The policy as it applies, with what it extends folded in; null when none is named or it
  /// did not resolve.
  const ast::Policy *policy = nullptr;
  const ast::Policy *declaredPolicy = nullptr;      ///< the declaration `policy NAME` selects
  std::shared_ptr<const ast::Policy> foldedPolicy;  ///< owns `policy` when it extends another
  std::vector<const ast::Handlers *> handlerModules;

  // First definition of each name, in source order; duplicates are reported, not stored.
  llvm::MapVector<llvm::StringRef, const ast::Step *> steps;
  llvm::MapVector<llvm::StringRef, const ast::Objection *> objections;
  llvm::MapVector<llvm::StringRef, const ast::ClauseDef *> clauses;
  llvm::MapVector<llvm::StringRef, const ast::OfferFact *> offer;
  std::vector<HandlerStep> handlerSteps;

  /// Event name to handler route: campaign-level routes, then imported ones (campaign wins).
  llvm::MapVector<llvm::StringRef, const ast::RouteStmt *> campaignHandlers;
  llvm::MapVector<llvm::StringRef, std::pair<const ast::Handlers *, const ast::RouteStmt *>>
      importedHandlers;

  /// The runtime's own lines its flow carries (`line` entries of `replies` blocks): spoken, so
  /// checked for wording like any say.
  std::vector<const ast::Text *> runtimeLines;
  /// Every outcome the campaign may end with and its kind: the runtime's own ones
  /// (vocabulary/Outcomes.def), then those the modules and the campaign declare.
  llvm::MapVector<llvm::StringRef, vocab::OutcomeKind> outcomes;

  const ast::Step *start = nullptr;
  llvm::StringRef title, channel;

  /// The handlers that apply, decided once for every reader: the campaign's own, then the
  /// imported ones for the events the campaign does not handle itself.
  std::vector<EffectiveHandler> effectiveHandlers() const {
    std::vector<EffectiveHandler> out;
    for (const auto &[event, route] : campaignHandlers)
      out.push_back({event, route, nullptr});
    for (const auto &[event, handler] : importedHandlers)
      if (!campaignHandlers.count(event))
        out.push_back({event, handler.second, handler.first});
    return out;
  }

  /// The kind of outcome `name`, or nullopt when it is not declared.
  std::optional<vocab::OutcomeKind> outcomeKind(llvm::StringRef name) const {
    auto it = outcomes.find(name);
    if (it == outcomes.end())
      return std::nullopt;
    return it->second;
  }
};

/// The events a route may name besides objection names and host-call results.
llvm::ArrayRef<llvm::StringRef> builtinEvents();

} // namespace patter
