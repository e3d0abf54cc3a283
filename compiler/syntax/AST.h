// patter's own syntax tree: what the parser builds and every later pass reads. No ANTLR here.
#pragma once

#include "SourceManager.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Casting.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace patter::ast {

/// A name as written, with where it was written.
struct Name {
  std::string text;
  SourceRange range;
};

/// A string literal: its value with escapes resolved, and its range including the quotes.
struct Text {
  std::string value;
  SourceRange range;
};

/// `allow R09 "reason"`: a compliance exception auditors must see.
struct Waiver {
  Name rule;
  Text reason;
};

/// Where a route, `goto` or `exhausted` leads.
struct Target {
  enum class Kind { Step, End, Objection, Resume };
  Kind kind = Kind::Step;
  Name name; ///< step, outcome or objection name; empty for Resume
  SourceRange range;
};

class Stmt {
public:
  enum class Kind {
    Say, Ask, Disclose, Verify, Confirm, Register, Invoke, End, Goto, Route, Retry, Exhausted,
    Waiver
  };
  Stmt(Kind kind, SourceRange range) : kind_(kind), range_(range) {}
  virtual ~Stmt() = default;

  Kind kind() const { return kind_; }
  SourceRange range() const { return range_; }
  /// The statement keyword as written in the language.
  llvm::StringRef keyword() const;

private:
  Kind kind_;
  SourceRange range_;
};

template <Stmt::Kind K> class StmtOf : public Stmt {
public:
  explicit StmtOf(SourceRange range) : Stmt(K, range) {}
  static bool classof(const Stmt *s) { return s->kind() == K; }
};

/// `say "…"` and `ask "…"`: spoken text, optionally with a waiver.
template <Stmt::Kind K> class SpokenStmt : public StmtOf<K> {
public:
  SpokenStmt(SourceRange range, Text text, std::optional<Waiver> waiver)
      : StmtOf<K>(range), text(std::move(text)),
        waiver(waiver ? std::make_unique<Waiver>(std::move(*waiver)) : nullptr) {}
  Text text;
  /// Out of line: few statements have one, and inline it would double the size of every
  /// `say` and `ask`, most of a campaign's tree.
  std::unique_ptr<Waiver> waiver;
};
using SayStmt = SpokenStmt<Stmt::Kind::Say>;
using AskStmt = SpokenStmt<Stmt::Kind::Ask>;

class DiscloseStmt : public StmtOf<Stmt::Kind::Disclose> {
public:
  DiscloseStmt(SourceRange range, std::vector<Name> clauses)
      : StmtOf(range), clauses(std::move(clauses)) {}
  std::vector<Name> clauses;
};

using VerifyStmt = StmtOf<Stmt::Kind::Verify>;
using ConfirmStmt = StmtOf<Stmt::Kind::Confirm>;
using RegisterStmt = StmtOf<Stmt::Kind::Register>;
using RetryStmt = StmtOf<Stmt::Kind::Retry>;

struct InvokeResult {
  Name result;
  Target target;
};

/// `invoke balance_check { ok -> deduct  insufficient -> end declined }`
class InvokeStmt : public StmtOf<Stmt::Kind::Invoke> {
public:
  InvokeStmt(SourceRange range, Name name, std::vector<InvokeResult> results)
      : StmtOf(range), name(std::move(name)), results(std::move(results)) {}
  Name name;
  std::vector<InvokeResult> results;
};

class EndStmt : public StmtOf<Stmt::Kind::End> {
public:
  EndStmt(SourceRange range, Name outcome) : StmtOf(range), outcome(std::move(outcome)) {}
  Name outcome;
};

/// `goto target` and `exhausted -> target`.
template <Stmt::Kind K> class JumpStmt : public StmtOf<K> {
public:
  JumpStmt(SourceRange range, Target target) : StmtOf<K>(range), target(std::move(target)) {}
  Target target;
};
using GotoStmt = JumpStmt<Stmt::Kind::Goto>;
using ExhaustedStmt = JumpStmt<Stmt::Kind::Exhausted>;

/// `on yes, ok -> target`
class RouteStmt : public StmtOf<Stmt::Kind::Route> {
public:
  RouteStmt(SourceRange range, std::vector<Name> events, Target target)
      : StmtOf(range), events(std::move(events)), target(std::move(target)) {}
  std::vector<Name> events;
  Target target;
};

class WaiverStmt : public StmtOf<Stmt::Kind::Waiver> {
public:
  WaiverStmt(SourceRange range, Waiver waiver) : StmtOf(range), waiver(std::move(waiver)) {}
  Waiver waiver;
};

using StmtList = std::vector<std::unique_ptr<Stmt>>;

struct Step {
  Name name;
  SourceRange range;
  StmtList body;
};

struct Objection {
  Name name;
  std::vector<Text> keywords;
  SourceRange range;
  StmtList body;
};

/// An offer fact's value as written; the type checker decides whether it fits the fact.
struct FactValue {
  enum class Kind { Text, Quantity, Word };
  Kind kind = Kind::Text;
  Text text;          ///< Kind::Text
  std::string number; ///< Kind::Quantity: digits as written
  Name unit;          ///< Kind::Quantity
  std::optional<Name> per;
  Name word;          ///< Kind::Word
  SourceRange range;
};

struct OfferFact {
  Name name;
  FactValue value;
};

struct ClauseDef {
  Name name;
  Text text;
  std::optional<Waiver> waiver;
};

/// A setting that may appear once in a campaign (`title`, `channel`, `policy`, `start`).
struct Setting {
  Name value; ///< for `title`, the text (range covers the literal)
  SourceRange keyword;
};

/// `outcome NAME KIND`: a way a call can end, and what kind of ending it is.
struct OutcomeDecl {
  Name name;
  Name kind;
  SourceRange range;
};

struct Campaign {
  Name name;
  SourceRange range;
  std::vector<Setting> titles, channels, policies, starts;
  std::vector<SourceRange> offerBlocks, clauseBlocks;
  std::vector<OfferFact> offer;
  std::vector<ClauseDef> clauses;
  std::vector<Step> steps;
  std::vector<Objection> objections;
  std::vector<std::unique_ptr<RouteStmt>> handlers;
  std::vector<OutcomeDecl> outcomes;
};

struct PolicyLimit {
  Name counter;
  unsigned value = 0;
  SourceRange range;
};

/// A value in a policy setting or lexicon field: a string, a number or a word, as written.
struct PolicyValue {
  enum class Kind { String, Number, Word };
  Kind kind = Kind::Word;
  std::string text;
  SourceRange range;
};

/// `key value, value`: a policy setting, or a field of a lexicon entry.
struct PolicySetting {
  Name key;
  std::vector<PolicyValue> values;
  SourceRange range;
};

/// `banned "完全免费" { rule R09  severity error  suggest "…" }` and other entries.
struct LexiconEntry {
  Name kind;
  Text phrase;
  std::vector<PolicySetting> fields;
  SourceRange range;
};

struct Policy {
  Name name;
  std::optional<Name> base; ///< `extends NAME`
  SourceRange range;
  std::vector<PolicyLimit> limits;
  std::vector<Name> required;
  std::vector<PolicySetting> settings;
  std::vector<LexiconEntry> entries;
};

/// `handlers NAME { … }`: steps and routes a campaign inherits by importing the module.
struct Handlers {
  Name name;
  SourceRange range;
  std::vector<Step> steps;
  std::vector<std::unique_ptr<RouteStmt>> routes;
};

struct Import {
  Text path;
};

/// One source file.
struct Module {
  uint32_t file = 0;
  std::vector<Import> imports;
  std::vector<Campaign> campaigns;
  std::vector<Policy> policies;
  std::vector<Handlers> handlers;
  /// `replies NAME { … }` blocks: read like a policy, of which only the entries mean anything.
  std::vector<Policy> replies;
  std::vector<OutcomeDecl> outcomes;

  /// An indented, position-annotated rendering that golden tests compare.
  std::string dump(const SourceManager &sources) const;
};

} // namespace patter::ast
