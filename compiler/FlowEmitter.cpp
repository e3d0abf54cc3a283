// The JSON emitter: writes the flow in one pass into one string, the bytes nlohmann/json's
// dump(2) would write for the same document.
#include "FlowEmitter.h"
#include "Retention.h"

#include "patter/format.h"
#include "patter/identity.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringExtras.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace patter {

namespace key = format::key;
namespace op = format::op;
using namespace std::string_view_literals;

namespace {

/// A streaming JSON writer with nlohmann/json's `dump(2)` layout: two-space indent, `"key":
/// value`, `{}` and `[]` when empty, UTF-8 left as is. Objects take their members already in
/// key order (see object()), which is what a sorted-key document needs.
class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}

  void beginObject() { open('{', false); }
  void endObject() { close('}'); }
  void beginArray() { open('[', true); }
  void endArray() { close(']'); }

  /// Starts a member of the current object.
  void key(std::string_view name) {
    separate();
    out_ += '"';
    escaped(name);
    out_ += "\": "sv;
  }

  void string(std::string_view s) {
    element();
    out_ += '"';
    escaped(s);
    out_ += '"';
  }

  void integer(long long value) {
    element();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
  }

  /// A floating-point number, spelled by nlohmann/json itself (shortest round trip, `.0`).
  void real(double value) {
    element();
    out_ += nlohmann::json(value).dump();
  }

  void boolean(bool value) {
    element();
    out_ += value ? "true"sv : "false"sv;
  }

  void null() {
    element();
    out_ += "null"sv;
  }

private:
  struct Level {
    bool array;
    bool empty = true;
  };

  /// Whether any of the eight bytes in `word` needs an escape: a control character, `"` or `\`.
  /// (A byte below n, for n <= 0x80, is one that borrows when n is subtracted and had its top
  /// bit clear; a byte equal to c is one below 1 after xor with c.)
  static bool needsEscape(uint64_t word) {
    constexpr uint64_t ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
    auto below = [&](uint64_t w, uint64_t n) { return (w - n * ones) & ~w & tops; };
    return below(word, 0x20) | below(word ^ ('"' * ones), 1) | below(word ^ ('\\' * ones), 1);
  }

  static uint64_t eightBytes(const char *p) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    return word;
  }

  /// `s`, escaped: the bytes between escapes are copied in one piece. The text is searched
  /// eight bytes at a time (the last eight may overlap the ones before), as most of it needs
  /// no escape at all.
  void escaped(std::string_view s) {
    size_t clean = 0; // bytes known to need no escape
    if (s.size() >= 8) {
      while (clean + 8 <= s.size() && !needsEscape(eightBytes(s.data() + clean)))
        clean += 8;
      if (clean + 8 > s.size() && !needsEscape(eightBytes(s.data() + s.size() - 8)))
        clean = s.size();
    }
    size_t run = 0; // the start of the bytes not yet copied
    for (size_t i = clean; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
      case '"': out_ += "\\\""sv; break;
      case '\\': out_ += "\\\\"sv; break;
      case '\b': out_ += "\\b"sv; break;
      case '\f': out_ += "\\f"sv; break;
      case '\n': out_ += "\\n"sv; break;
      case '\r': out_ += "\\r"sv; break;
      case '\t': out_ += "\\t"sv; break;
      default: {
        static constexpr char hex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out_.append(escape, sizeof escape);
      }
      }
    }
    out_.append(s.data() + run, s.size() - run);
  }

  void open(char bracket, bool array) {
    element();
    out_ += bracket;
    levels_.push_back({array});
    separator_.append(2, ' ');
  }

  void close(char bracket) {
    bool empty = levels_.back().empty;
    levels_.pop_back();
    separator_.resize(separator_.size() - 2);
    if (!empty)
      out_.append(separator_, 1); // no comma
    out_ += bracket;
  }

  /// Before a value: in an array it is the next element; after key() it is already placed.
  void element() {
    if (!levels_.empty() && levels_.back().array)
      separate();
  }

  void separate() {
    Level &level = levels_.back();
    out_.append(separator_, level.empty ? 1 : 0); // no comma before the first
    level.empty = false;
  }

  std::string &out_;
  llvm::SmallVector<Level, 8> levels_;
  std::string separator_ = ",\n"; ///< a comma and a new line indented to the current level
};

/// One member of an object: its key, what writes its value, and whether it is there at all.
/// The writer is a reference: the member lives only during the call to object().
struct Member {
  std::string_view key;
  llvm::function_ref<void()> write;
  bool present = true;
};

/// Orders members by key. The keys of an object seldom share their first letter, so it is
/// compared first: that spares most string comparisons, of which object() makes many.
bool keyBefore(const Member *a, const Member *b) {
  auto first = [](std::string_view key) {
    return key.empty() ? 0 : static_cast<unsigned char>(key.front());
  };
  if (first(a->key) != first(b->key))
    return first(a->key) < first(b->key);
  return a->key < b->key;
}

/// Writes an object whose members are listed in any order: they come out sorted by key, as
/// in a sorted-key document. The objects a flow has many of (nodes, actions, sources) list
/// their members in key order, which spares the sort.
void object(JsonWriter &w, std::initializer_list<Member> members) {
  llvm::SmallVector<const Member *, 12> sorted;
  for (const Member &m : members)
    if (m.present)
      sorted.push_back(&m);
  if (!std::is_sorted(sorted.begin(), sorted.end(), keyBefore))
    std::sort(sorted.begin(), sorted.end(), keyBefore);
  w.beginObject();
  for (const Member *m : sorted) {
    w.key(m->key);
    m->write();
  }
  w.endObject();
}

/// Entries of an object whose keys come from the script (events, results, facts): sorted,
/// and the last of equal keys wins.
template <typename T> void sortLastWins(std::vector<std::pair<std::string_view, T>> &entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  size_t kept = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first)
      continue;
    entries[kept++] = std::move(entries[i]);
  }
  entries.resize(kept);
}

/// A `waivers` entry: the waiver and the node that carries it.
struct WaiverEntry {
  const ast::Waiver *waiver;
  std::string owner;
};

class Emitter {
public:
  Emitter(const Program &program, const TemplateScope &templates,
          const PolicySettings &settings, const Replies &replies, const FlowGraph &graph,
          const SourceManager &sources, std::string &out)
      : program_(program), templates_(templates), settings_(settings), replies_(replies),
        sources_(sources), out_(out), w_(out) {
    std::vector<bool> pitch = pitchNodes(graph, settings);
    for (size_t n = 0; n < pitch.size(); ++n)
      if (pitch[n])
        pitches_.insert({graph.nodes()[n].kind, graph.nodes()[n].id});
  }

  void emit(const std::vector<TypedFact> &offer);
  /// Fills in `identity.flow` once the whole flow is written (it hashes everything else).
  void sealIdentity();

private:
  /// Numbers the source files and lists the waivers in the order the format has always used
  /// (clauses, steps, handler steps, objections; within a body, statement by statement), which
  /// is not the order of the sorted keys the writer goes through.
  void collectFilesAndWaivers();
  void noteFile(SourceRange range);
  void noteBody(const ast::StmtList &stmts, const std::string &owner);

  /// Written member by member, in key order: a flow has one for every action and node.
  void source(SourceRange range) {
    w_.beginObject();
    w_.key(key::column);
    w_.integer(range.begin.column);
    w_.key(key::file);
    w_.integer(fileIndex_.lookup(range.begin.file));
    w_.key(key::line);
    w_.integer(range.begin.line);
    w_.endObject();
  }

  /// `replies`: the words of each class and the runtime lines, each object in key order.
  void replies() {
    llvm::SmallVector<std::pair<std::string_view, size_t>, kWordClassCount> classes;
    for (size_t c = 0; c < kWordClassCount; ++c)
      classes.push_back({toString(static_cast<WordClass>(c)), c});
    llvm::sort(classes);
    llvm::SmallVector<std::pair<llvm::StringRef, size_t>, kRuntimeLineCount> lines;
    for (size_t i = 0; i < kRuntimeLineCount; ++i)
      if (replies_.lines[i])
        lines.push_back({runtimeLineName(static_cast<RuntimeLine>(i)), i});
    llvm::sort(lines);
    w_.beginObject();
    w_.key(key::classes);
    w_.beginObject();
    for (const auto &[name, c] : classes) {
      w_.key(name);
      w_.beginArray();
      for (const std::string &word : replies_.vocabulary.words[c])
        w_.string(word);
      w_.endArray();
    }
    w_.endObject();
    w_.key(key::lines);
    w_.beginObject();
    for (const auto &[name, i] : lines) {
      w_.key(name);
      w_.string(replies_.lines[i]->value);
    }
    w_.endObject();
    w_.endObject();
  }

  void target(const ast::Target &t, const ast::Handlers *module);
  void action(const ast::Stmt &stmt, const ast::Handlers *module);
  /// A step, handler step or objection (`keywords` given): its id and source, actions and
  /// routes, and what its statements set (`next`, `retry`, `exhausted`).
  void node(llvm::StringRef id, SourceRange at, const ast::StmtList &stmts,
            const ast::Handlers *module, const std::vector<ast::Text> *keywords);
  void fact(const TypedFact &f);
  void policy();
  void identity();
  void handlers();
  void waivers();

  const Program &program_;
  const TemplateScope &templates_;
  const PolicySettings &settings_;
  const Replies &replies_;
  const SourceManager &sources_;
  std::string &out_;
  size_t flowIdentityAt_ = 0; ///< where the placeholder of `identity.flow` starts in out_
  JsonWriter w_;
  llvm::StringMap<size_t> pathIndex_;
  llvm::DenseMap<uint32_t, size_t> fileIndex_; ///< file id to its index in `sources`
  std::vector<std::string_view> paths_;
  std::vector<WaiverEntry> waivers_;
  std::string expanded_; ///< the buffer for texts with templates, reused
  std::set<std::pair<FlowNode::Kind, std::string>> pitches_; ///< the graph's pitches (R08)
};

bool isAction(const ast::Stmt &s) {
  using K = ast::Stmt::Kind;
  return s.kind() != K::Goto && s.kind() != K::Route && s.kind() != K::Retry &&
         s.kind() != K::Exhausted && s.kind() != K::Waiver;
}

void Emitter::noteFile(SourceRange range) {
  if (fileIndex_.count(range.begin.file))
    return;
  std::string_view path = sources_.path(range.begin.file);
  auto [it, inserted] = pathIndex_.try_emplace(path, paths_.size());
  if (inserted)
    paths_.push_back(path);
  fileIndex_[range.begin.file] = it->second;
}

void Emitter::noteBody(const ast::StmtList &stmts, const std::string &owner) {
  for (const auto &stmt : stmts) {
    const ast::Waiver *spoken = nullptr;
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()))
      spoken = say->waiver.get();
    else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()))
      spoken = ask->waiver.get();
    if (spoken) {
      waivers_.push_back({spoken, owner});
      noteFile(spoken->rule.range);
    }
    if (const auto *w = llvm::dyn_cast<ast::WaiverStmt>(stmt.get())) {
      waivers_.push_back({&w->waiver, owner});
      noteFile(w->waiver.rule.range);
    }
    if (isAction(*stmt))
      noteFile(stmt->range());
  }
}

void Emitter::collectFilesAndWaivers() {
  for (const auto &[name, clause] : program_.clauses) {
    noteFile(clause->name.range);
    if (clause->waiver) {
      waivers_.push_back({&*clause->waiver, "clauses." + name.str()});
      noteFile(clause->waiver->rule.range);
    }
  }
  for (const auto &[name, s] : program_.steps) {
    noteFile(s->name.range);
    noteBody(s->body, name.str());
  }
  for (const HandlerStep &h : program_.handlerSteps) {
    noteFile(h.step->name.range);
    noteBody(h.step->body, h.qualifiedName);
  }
  for (const auto &[name, o] : program_.objections) {
    noteFile(o->name.range);
    noteBody(o->body, "objection." + name.str());
  }
}

void Emitter::target(const ast::Target &t, const ast::Handlers *module) {
  w_.beginObject();
  switch (t.kind) {
  case ast::Target::Kind::Step:
    w_.key(key::step);
    if (module)
      w_.string(module->name.text + "." + t.name.text);
    else
      w_.string(t.name.text);
    break;
  case ast::Target::Kind::End:
    w_.key(key::end);
    w_.string(t.name.text);
    break;
  case ast::Target::Kind::Objection:
    w_.key(key::objection);
    w_.string(t.name.text);
    break;
  case ast::Target::Kind::Resume:
    w_.key(key::resume);
    w_.boolean(true);
    break;
  }
  w_.endObject();
}

void Emitter::action(const ast::Stmt &stmt, const ast::Handlers *module) {
  auto opIs = [&](std::string_view name) { return [this, name] { w_.string(name); }; };
  auto at = [&] { source(stmt.range()); };
  if (const auto *say = llvm::dyn_cast<ast::SayStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::say)},
                {key::source, at},
                {key::text, [&] { w_.string(templates_.expand(say->text.value, expanded_)); }}});
  } else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::ask)},
                {key::source, at},
                {key::text, [&] { w_.string(templates_.expand(ask->text.value, expanded_)); }}});
  } else if (const auto *d = llvm::dyn_cast<ast::DiscloseStmt>(&stmt)) {
    object(w_, {{key::clauses,
                 [&] {
                   w_.beginArray();
                   for (const ast::Name &c : d->clauses)
                     w_.string(c.text);
                   w_.endArray();
                 }},
                {key::op, opIs(op::disclose)},
                {key::source, at}});
  } else if (llvm::isa<ast::VerifyStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::verifyOwner)}, {key::source, at}});
  } else if (llvm::isa<ast::ConfirmStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::confirm)}, {key::source, at}});
  } else if (llvm::isa<ast::RegisterStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::registerSale)}, {key::source, at}});
  } else if (const auto *inv = llvm::dyn_cast<ast::InvokeStmt>(&stmt)) {
    std::vector<std::pair<std::string_view, const ast::Target *>> results;
    for (const ast::InvokeResult &r : inv->results)
      results.push_back({r.result.text, &r.target});
    sortLastWins(results);
    object(w_, {{key::name, [&] { w_.string(inv->name.text); }},
                {key::op, opIs(op::invoke)},
                {key::results,
                 [&] {
                   w_.beginObject();
                   for (const auto &[result, t] : results) {
                     w_.key(result);
                     target(*t, module);
                   }
                   w_.endObject();
                 }},
                {key::source, at}});
  } else if (const auto *end = llvm::dyn_cast<ast::EndStmt>(&stmt)) {
    object(w_, {{key::op, opIs(op::end)},
                {key::outcome, [&] { w_.string(end->outcome.text); }},
                {key::source, at}});
  }
}

void Emitter::node(llvm::StringRef id, SourceRange at, const ast::StmtList &stmts,
                   const ast::Handlers *module, const std::vector<ast::Text> *keywords) {
  // What the statements set on the node; a later statement overwrites an earlier one.
  const ast::Target *next = nullptr, *exhausted = nullptr;
  bool retry = false;
  std::vector<std::pair<std::string_view, const ast::Target *>> routes;
  for (const auto &stmt : stmts) {
    if (const auto *go = llvm::dyn_cast<ast::GotoStmt>(stmt.get()))
      next = &go->target;
    else if (const auto *ex = llvm::dyn_cast<ast::ExhaustedStmt>(stmt.get()))
      exhausted = &ex->target;
    else if (llvm::isa<ast::RetryStmt>(stmt.get()))
      retry = true;
    else if (const auto *route = llvm::dyn_cast<ast::RouteStmt>(stmt.get()))
      for (const ast::Name &event : route->events)
        routes.push_back({event.text, &route->target});
  }
  sortLastWins(routes);

  object(w_, {{key::actions,
               [&] {
                 w_.beginArray();
                 for (const auto &stmt : stmts)
                   if (isAction(*stmt))
                     action(*stmt, module);
                 w_.endArray();
               }},
              {key::exhausted, [&] { target(*exhausted, module); }, exhausted != nullptr},
              {key::id, [&] { w_.string(id); }},
              {key::keywords,
               [&] {
                 w_.beginArray();
                 for (const ast::Text &k : *keywords)
                   w_.string(k.value);
                 w_.endArray();
               },
               keywords != nullptr},
              {key::next, [&] { target(*next, module); }, next != nullptr},
              {key::pitch, [&] { w_.boolean(true); },
               !module && pitches_.count({keywords ? FlowNode::Kind::Objection
                                                   : FlowNode::Kind::Step,
                                          id.str()})},
              // An objection always says whether it retries; a step only if it does.
              {key::retry, [&] { w_.boolean(retry); }, retry || keywords != nullptr},
              {key::routes,
               [&] {
                 w_.beginObject();
                 for (const auto &[event, t] : routes) {
                   w_.key(event);
                   target(*t, module);
                 }
                 w_.endObject();
               }},
              {key::source, [&] { source(at); }}});
}

void Emitter::fact(const TypedFact &f) {
  using T = TypedFact::Type;
  // Amounts are digits as written; keep integers integral and too-long ones as doubles.
  auto amount = [&] {
    try {
      if (f.amount.find('.') == std::string::npos)
        return w_.integer(std::stoll(f.amount));
    } catch (const std::out_of_range &) {
    }
    w_.real(std::strtod(f.amount.c_str(), nullptr));
  };
  std::string_view type = f.type == T::Text       ? format::factType::text
                          : f.type == T::Enum     ? format::factType::enumeration
                          : f.type == T::Money    ? format::factType::money
                                                  : format::factType::duration;
  bool quantity = f.type == T::Money || f.type == T::Duration;
  object(w_, {{key::type, [&] { w_.string(type); }},
              {key::value, [&] { w_.string(f.text); }, !quantity},
              {key::amount, amount, quantity},
              {key::unit, [&] { w_.string(f.unit); }, quantity},
              {key::per, [&] { f.per.empty() ? w_.null() : w_.string(f.per); },
               f.type == T::Money}});
}

void Emitter::policy() {
  std::vector<std::pair<std::string_view, unsigned>> limits;
  if (program_.policy)
    for (const ast::PolicyLimit &l : program_.policy->limits)
      limits.push_back({l.counter.text, l.value});
  sortLastWins(limits);
  // Timing is for the dialer and the runtime's callbacks; written only when the policy sets it.
  std::vector<std::pair<std::string_view, unsigned>> timing;
  for (const auto &[name, seconds] : settings_.timing)
    timing.push_back({name, seconds});
  sortLastWins(timing);
  object(w_, {{key::id,
               [&] { program_.policy ? w_.string(program_.policy->name.text) : w_.null(); }},
              {key::limits,
               [&] {
                 w_.beginObject();
                 for (const auto &[counter, value] : limits) {
                   w_.key(counter);
                   w_.integer(value);
                 }
                 w_.endObject();
               }},
              {key::recording, [&] { w_.string(settings_.recording); },
               !settings_.recording.empty()},
              {key::waitPhrase, [&] { w_.string(settings_.waitPhrase); },
               !settings_.waitPhrase.empty()},
              {key::mandatory, [&] {
                 w_.beginArray();
                 if (program_.policy)
                   for (const ast::Name &r : program_.policy->required)
                     w_.string(r.text);
                 w_.endArray();
               }},
              {key::timing,
               [&] {
                 w_.beginObject();
                 for (const auto &[name, seconds] : timing) {
                   w_.key(name);
                   w_.integer(seconds);
                 }
                 w_.endObject();
               },
               !timing.empty()}});
}

/// The policy's identity hashes its whole file; the lexicon's, the lines of its entries in order.
/// A flow with no policy has the identity of no bytes for both.
void Emitter::identity() {
  std::string policyText, lexiconText;
  if (const ast::Policy *p = program_.policy) {
    policyText = sources_.text(p->range.begin.file);
    for (const ast::LexiconEntry &e : p->entries)
      for (uint32_t line = e.range.begin.line; line <= e.range.end.line; ++line) {
        lexiconText += sources_.lineText(e.range.begin.file, line);
        lexiconText += '\n';
      }
  }
  const std::string placeholder = sha256Identity("");
  object(w_, {{key::flow,
               [&] {
                 w_.string(placeholder);
                 flowIdentityAt_ = out_.size() - 1 - placeholder.size();
               }},
              {key::policy, [&] { w_.string(sha256Identity(policyText)); }},
              {key::lexicon, [&] { w_.string(sha256Identity(lexiconText)); }}});
}

void Emitter::sealIdentity() {
  // The canonical form leaves `identity` out, so the placeholder does not change the result.
  const std::optional<std::string> id = flowIdentity(out_);
  if (!id || id->size() != sha256Identity("").size())
    throw std::logic_error("the emitted flow is not a JSON object");
  out_.replace(flowIdentityAt_, id->size(), *id);
}

void Emitter::handlers() {
  // Campaign handlers win over imported ones for the same event.
  using Handler = std::pair<const ast::Target *, const ast::Handlers *>;
  std::vector<std::pair<std::string_view, Handler>> handlers;
  for (const auto &[event, route] : program_.campaignHandlers)
    handlers.push_back({event, {&route->target, nullptr}});
  for (const auto &[event, handler] : program_.importedHandlers)
    if (!program_.campaignHandlers.count(event))
      handlers.push_back({event, {&handler.second->target, handler.first}});
  sortLastWins(handlers);
  w_.beginObject();
  for (const auto &[event, h] : handlers) {
    w_.key(event);
    target(*h.first, h.second);
  }
  w_.endObject();
}

void Emitter::waivers() {
  w_.beginArray();
  for (const WaiverEntry &e : waivers_)
    object(w_, {{key::rule, [&] { w_.string(e.waiver->rule.text); }},
                {key::reason, [&] { w_.string(e.waiver->reason.value); }},
                {key::step, [&] { w_.string(e.owner); }},
                {key::source, [&] { source(e.waiver->rule.range); }}});
  w_.endArray();
}

void Emitter::emit(const std::vector<TypedFact> &offer) {
  collectFilesAndWaivers();
  const ast::Campaign &c = *program_.campaign;
  std::vector<std::pair<std::string_view, const TypedFact *>> facts;
  for (const TypedFact &f : offer)
    facts.push_back({f.name, &f});
  sortLastWins(facts);

  object(
      w_,
      {{key::format, [&] { w_.string(format::kFormatName); }},
       {key::version, [&] { w_.integer(format::kVersion); }},
       {key::campaign,
        [&] {
          object(w_, {{key::id, [&] { w_.string(c.name.text); }},
                      {key::title, [&] { w_.string(program_.title); }},
                      {key::channel,
                       [&] {
                         w_.string(program_.channel.empty() ? llvm::StringRef("outbound")
                                                            : program_.channel);
                       }},
                      {key::policy, [&] {
                         program_.policy ? w_.string(program_.policy->name.text) : w_.null();
                       }}});
        }},
       {key::policy, [&] { policy(); }},
       {key::offer,
        [&] {
          w_.beginObject();
          for (const auto &[name, f] : facts) {
            w_.key(name);
            fact(*f);
          }
          w_.endObject();
        }},
       {key::clauses,
        [&] {
          w_.beginArray();
          for (const auto &[name, clause] : program_.clauses)
            object(w_, {{key::id, [&, &name = name] { w_.string(name); }},
                        {key::text,
                         [&, &clause = clause] { w_.string(templates_.expand(clause->text.value, expanded_)); }},
                        {key::source, [&, &clause = clause] { source(clause->name.range); }}});
          w_.endArray();
        }},
       {key::start, [&] { w_.string(program_.start ? program_.start->name.text : ""); }},
       {key::steps,
        [&] {
          w_.beginArray();
          for (const auto &[name, s] : program_.steps)
            node(name, s->name.range, s->body, nullptr, nullptr);
          for (const HandlerStep &h : program_.handlerSteps)
            node(h.qualifiedName, h.step->name.range, h.step->body, h.module, nullptr);
          w_.endArray();
        }},
       {key::objections,
        [&] {
          w_.beginArray();
          for (const auto &[name, o] : program_.objections)
            node(name, o->name.range, o->body, nullptr, &o->keywords);
          w_.endArray();
        }},
       {key::handlers, [&] { handlers(); }},
       {key::identity, [&] { identity(); }},
       {key::replies, [&] { replies(); }, replies_.any},
       {key::waivers, [&] { waivers(); }},
       {key::sources, [&] {
          w_.beginArray();
          for (std::string_view path : paths_)
            w_.string(path);
          w_.endArray();
        }}});
}

} // namespace

std::string emitFlow(const Program &program, const std::vector<TypedFact> &offer,
                     const TemplateScope &templates, const PolicySettings &settings,
                     const Replies &replies, const FlowGraph &graph, const SourceManager &sources) {
  std::string out;
  // A flow comes out a few times the size of its campaign's source (keys, indentation, the
  // source of every action); room for that spares most of the string's regrowth.
  out.reserve(4 * sources.text(program.campaign->range.begin.file).size());
  Emitter emitter(program, templates, settings, replies, graph, sources, out);
  emitter.emit(offer);
  emitter.sealIdentity();
  out += '\n';
  return out;
}

} // namespace patter
