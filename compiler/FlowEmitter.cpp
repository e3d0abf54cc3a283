// The JSON emitter: the only compiler code that knows nlohmann/json.
#include "FlowEmitter.h"

#include "patter/format.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <map>
#include <stdexcept>

namespace patter {

namespace key = format::key;
namespace op = format::op;
using Json = nlohmann::json;

namespace {

class Emitter {
public:
  Emitter(const Program &program, const TemplateScope &templates, const SourceManager &sources)
      : program_(program), templates_(templates), sources_(sources) {}

  Json source(SourceRange range) {
    std::string path(sources_.path(range.begin.file));
    auto [it, inserted] = fileIndex_.insert({path, fileIndex_.size()});
    if (inserted)
      files_.push_back(path);
    return {{std::string(key::file), it->second},
            {std::string(key::line), range.begin.line},
            {std::string(key::column), range.begin.column}};
  }

  Json target(const ast::Target &t, const ast::Handlers *module) {
    switch (t.kind) {
    case ast::Target::Kind::Step:
      return {{std::string(key::step), module ? module->name.text + "." + t.name.text
                                              : t.name.text}};
    case ast::Target::Kind::End:
      return {{std::string(key::end), t.name.text}};
    case ast::Target::Kind::Objection:
      return {{std::string(key::objection), t.name.text}};
    case ast::Target::Kind::Resume:
      return {{std::string(key::resume), true}};
    }
    return nullptr;
  }

  Json action(std::string_view name) { return {{std::string(key::op), name}}; }

  void waiver(const ast::Waiver &w, const std::string &owner) {
    waivers_.push_back({{std::string(key::rule), w.rule.text},
                        {std::string(key::reason), w.reason.value},
                        {std::string(key::step), owner},
                        {std::string(key::source), source(w.rule.range)}});
  }

  /// The actions, routes and `next` of a step, objection or handler step body.
  void body(Json &node, const ast::StmtList &stmts, const ast::Handlers *module,
            const std::string &owner) {
    Json actions = Json::array();
    Json routes = Json::object();
    for (const auto &stmt : stmts) {
      Json a;
      if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get())) {
        a = action(op::say);
        a[std::string(key::text)] = templates_.expand(say->text.value);
        if (say->waiver)
          waiver(*say->waiver, owner);
      } else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get())) {
        a = action(op::ask);
        a[std::string(key::text)] = templates_.expand(ask->text.value);
        if (ask->waiver)
          waiver(*ask->waiver, owner);
      } else if (const auto *d = llvm::dyn_cast<ast::DiscloseStmt>(stmt.get())) {
        a = action(op::disclose);
        Json ids = Json::array();
        for (const ast::Name &c : d->clauses)
          ids.push_back(c.text);
        a[std::string(key::clauses)] = std::move(ids);
      } else if (llvm::isa<ast::VerifyStmt>(stmt.get())) {
        a = action(op::verifyOwner);
      } else if (llvm::isa<ast::ConfirmStmt>(stmt.get())) {
        a = action(op::confirm);
      } else if (llvm::isa<ast::RegisterStmt>(stmt.get())) {
        a = action(op::registerSale);
      } else if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(stmt.get())) {
        a = action(op::invoke);
        a[std::string(key::name)] = inv->name.text;
        Json results = Json::object();
        for (const ast::InvokeResult &r : inv->results)
          results[r.result.text] = target(r.target, module);
        a[std::string(key::results)] = std::move(results);
      } else if (const auto *end = llvm::dyn_cast<ast::EndStmt>(stmt.get())) {
        a = action(op::end);
        a[std::string(key::outcome)] = end->outcome.text;
      } else if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get())) {
        node[std::string(key::next)] = target(go->target, module);
        continue;
      } else if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get())) {
        for (const ast::Name &event : route->events)
          routes[event.text] = target(route->target, module);
        continue;
      } else if (llvm::isa<ast::RetryStmt>(stmt.get())) {
        node[std::string(key::retry)] = true;
        continue;
      } else if (const auto *ex = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get())) {
        node[std::string(key::exhausted)] = target(ex->target, module);
        continue;
      } else if (const auto *w = llvm::dyn_cast<ast::WaiverStmt>(stmt.get())) {
        waiver(w->waiver, owner);
        continue;
      }
      a[std::string(key::source)] = source(stmt->range());
      actions.push_back(std::move(a));
    }
    node[std::string(key::actions)] = std::move(actions);
    node[std::string(key::routes)] = std::move(routes);
  }

  Json step(const ast::Step &s, const std::string &id, const ast::Handlers *module) {
    Json node = {{std::string(key::id), id}, {std::string(key::source), source(s.name.range)}};
    body(node, s.body, module, id);
    return node;
  }

  Json emit(const std::vector<TypedFact> &offer) {
    const ast::Campaign &c = *program_.campaign;
    Json flow;
    flow[std::string(key::format)] = format::kFormatName;
    flow[std::string(key::version)] = format::kVersion;
    flow[std::string(key::campaign)] = {
        {std::string(key::id), c.name.text},
        {std::string(key::title), program_.title.str()},
        {std::string(key::channel), program_.channel.empty() ? "outbound"
                                                             : program_.channel.str()},
        {std::string(key::policy),
         program_.policy ? Json(program_.policy->name.text) : Json(nullptr)}};

    Json limits = Json::object();
    Json mandatory = Json::array();
    if (program_.policy) {
      for (const ast::PolicyLimit &l : program_.policy->limits)
        limits[l.counter.text] = l.value;
      for (const ast::Name &r : program_.policy->required)
        mandatory.push_back(r.text);
    }
    flow[std::string(key::policy)] = {
        {std::string(key::id),
         program_.policy ? Json(program_.policy->name.text) : Json(nullptr)},
        {std::string(key::limits), std::move(limits)},
        {std::string(key::mandatory), std::move(mandatory)}};

    Json facts = Json::object();
    for (const TypedFact &f : offer)
      facts[f.name] = fact(f);
    flow[std::string(key::offer)] = std::move(facts);

    Json clauses = Json::array();
    for (const auto &[name, clause] : program_.clauses) {
      clauses.push_back({{std::string(key::id), name.str()},
                         {std::string(key::text), templates_.expand(clause->text.value)},
                         {std::string(key::source), source(clause->name.range)}});
      if (clause->waiver)
        waiver(*clause->waiver, "clauses." + name.str());
    }
    flow[std::string(key::clauses)] = std::move(clauses);
    flow[std::string(key::start)] = program_.start ? program_.start->name.text : "";

    Json steps = Json::array();
    for (const auto &[name, s] : program_.steps)
      steps.push_back(step(*s, name.str(), nullptr));
    for (const HandlerStep &h : program_.handlerSteps)
      steps.push_back(step(*h.step, h.qualifiedName, h.module));
    flow[std::string(key::steps)] = std::move(steps);

    Json objections = Json::array();
    for (const auto &[name, o] : program_.objections) {
      Json node = {{std::string(key::id), name.str()},
                   {std::string(key::source), source(o->name.range)}};
      Json keywords = Json::array();
      for (const ast::Text &k : o->keywords)
        keywords.push_back(k.value);
      node[std::string(key::keywords)] = std::move(keywords);
      node[std::string(key::retry)] = false;
      body(node, o->body, nullptr, "objection." + name.str());
      objections.push_back(std::move(node));
    }
    flow[std::string(key::objections)] = std::move(objections);

    Json handlers = Json::object();
    for (const auto &[event, route] : program_.campaignHandlers)
      handlers[event.str()] = target(route->target, nullptr);
    for (const auto &[event, handler] : program_.importedHandlers)
      if (!handlers.contains(event.str()))
        handlers[event.str()] = target(handler.second->target, handler.first);
    flow[std::string(key::handlers)] = std::move(handlers);
    flow[std::string(key::waivers)] = std::move(waivers_);
    flow[std::string(key::sources)] = files_;
    return flow;
  }

  static Json fact(const TypedFact &f) {
    using T = TypedFact::Type;
    // Amounts are digits as written; keep integers integral and too-long ones as doubles.
    auto number = [](const std::string &digits) -> Json {
      try {
        if (digits.find('.') == std::string::npos)
          return std::stoll(digits);
      } catch (const std::out_of_range &) {
      }
      return std::strtod(digits.c_str(), nullptr);
    };
    switch (f.type) {
    case T::Text:
      return {{std::string(key::type), format::factType::text}, {std::string(key::value), f.text}};
    case T::Enum:
      return {{std::string(key::type), format::factType::enumeration},
              {std::string(key::value), f.text}};
    case T::Money:
      return {{std::string(key::type), format::factType::money},
              {std::string(key::amount), number(f.amount)},
              {std::string(key::unit), f.unit},
              {std::string(key::per), f.per.empty() ? Json(nullptr) : Json(f.per)}};
    case T::Duration:
      return {{std::string(key::type), format::factType::duration},
              {std::string(key::amount), number(f.amount)},
              {std::string(key::unit), f.unit}};
    }
    return nullptr;
  }

private:
  const Program &program_;
  const TemplateScope &templates_;
  const SourceManager &sources_;
  std::map<std::string, size_t> fileIndex_;
  std::vector<std::string> files_;
  Json waivers_ = Json::array();
};

} // namespace

std::string emitFlow(const Program &program, const std::vector<TypedFact> &offer,
                     const TemplateScope &templates, const SourceManager &sources) {
  Emitter emitter(program, templates, sources);
  return emitter.emit(offer).dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

} // namespace patter
