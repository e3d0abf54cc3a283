// The JSON emitter: writes the flow in one pass into one string, the bytes nlohmann/json's
// dump(2) would write for the same document, and its canonical text (the identity's) beside it.
#include "FlowEmitter.h"

#include "callflow/OpNames.h"

#include "patter/format.h"
#include "patter/identity.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace patter {

namespace key = format::key;
namespace op = format::op;
using namespace std::string_view_literals;

namespace {

/// A streaming JSON writer with nlohmann/json's `dump(2)` layout: two-space indent, `"key":
/// value`, `{}` and `[]` when empty, UTF-8 left as is. Objects take their members already in
/// key order (see object()), which is what a sorted-key document needs.
///
/// Beside it the writer keeps the document's canonical text (docs/FLOW_FORMAT.md, "Identity"):
/// no whitespace, numbers spelt as the loader spells them, and without what is written while
/// paused (the members the identity leaves out). The flow's identity is its hash, so the flow
/// need not be parsed again to be sealed.
class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}

  const std::string &canonicalText() const { return canonical_; }
  /// Leaves what follows, to the matching resumeCanonical(), out of the canonical text.
  void pauseCanonical() { ++paused_; }
  void resumeCanonical() { --paused_; }

  void beginObject() { open('{', false); }
  void endObject() { close('}'); }
  void beginArray() { open('[', true); }
  void endArray() { close(']'); }

  /// Starts a member of the current object.
  void key(std::string_view name) {
    separate();
    const size_t from = out_.size();
    out_ += '"';
    escaped(name);
    out_ += '"';
    both(std::string_view(out_).substr(from));
    out_ += ": "sv;
    if (!paused_)
      canonical_ += ':';
  }

  void string(std::string_view s) {
    element();
    const size_t from = out_.size();
    out_ += '"';
    escaped(s);
    out_ += '"';
    both(std::string_view(out_).substr(from));
  }

  void integer(long long value) {
    element();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
    both({buffer, static_cast<size_t>(end - buffer)});
  }

  /// A number already spelt as JSON (callflow::Fact::amount): as written in the file, as the
  /// loader spells it (`10.50` is `10.5`) in the canonical text.
  void number(std::string_view spelt) {
    element();
    out_ += spelt;
    if (!paused_)
      canonical_ += canonicalNumber(spelt);
  }

  void boolean(bool value) {
    element();
    out_ += value ? "true"sv : "false"sv;
    both(value ? "true"sv : "false"sv);
  }

  void null() {
    element();
    out_ += "null"sv;
    both("null"sv);
  }

private:
  struct Level {
    bool array;
    bool empty = true;
    bool canonicalEmpty = true; ///< nothing of the level in the canonical text yet
  };

  /// Appends to the canonical text what was just written to the flow, unless paused.
  void both(std::string_view written) {
    if (!paused_)
      canonical_ += written;
  }

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
    both({&bracket, 1});
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
    both({&bracket, 1});
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
    if (!paused_) {
      if (!level.canonicalEmpty)
        canonical_ += ',';
      level.canonicalEmpty = false;
    }
  }

  std::string &out_;
  std::string canonical_;
  int paused_ = 0;
  llvm::SmallVector<Level, 8> levels_;
  std::string separator_ = ",\n"; ///< a comma and a new line indented to the current level
};

/// One member of an object: its key, what writes its value, and whether it is there at all.
/// The writer is a reference: the member lives only during the call to object().
struct Member {
  std::string_view key;
  llvm::function_ref<void()> write;
  bool present = true;
  bool canonical = true; ///< false: left out of the canonical text (the flow's identity)
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
    if (!m->canonical)
      w.pauseCanonical();
    w.key(m->key);
    m->write();
    if (!m->canonical)
      w.resumeCanonical();
  }
  w.endObject();
}

namespace cf = callflow;

/// Writes a lowered flow member by member. Objects whose keys come from the script (routes,
/// facts, limits) are already in key order in the lowered flow.
class Emitter {
public:
  Emitter(const cf::CallFlow &flow, std::string &out) : flow_(flow), out_(out), w_(out) {}

  void emit();
  /// Fills in `identity.flow` once the whole flow is written (it hashes everything else).
  void sealIdentity();

private:
  /// Written member by member, in key order: a flow has one for every action and node.
  void source(const cf::Source &s) {
    w_.beginObject();
    w_.key(key::column);
    w_.integer(static_cast<long long>(s.column));
    w_.key(key::file);
    w_.integer(static_cast<long long>(s.file));
    w_.key(key::line);
    w_.integer(static_cast<long long>(s.line));
    w_.endObject();
  }
  void strings(const std::vector<std::string> &list) {
    w_.beginArray();
    for (const std::string &s : list)
      w_.string(s);
    w_.endArray();
  }
  void settings(const std::vector<cf::Setting> &list) {
    w_.beginObject();
    for (const auto &[name, value] : list) {
      w_.key(name);
      w_.integer(static_cast<long long>(value));
    }
    w_.endObject();
  }
  void optionalString(const std::optional<std::string> &s) { s ? w_.string(*s) : w_.null(); }

  void target(const cf::Target &t);
  void routes(const std::vector<cf::Route> &list);
  void action(const cf::Action &a);
  void node(const cf::Node &n);
  void fact(const cf::Fact &f);
  void policy(const cf::Policy &p);
  void identity(const cf::Identity &id);
  void replies(const cf::Replies &r);
  void waivers();

  const cf::CallFlow &flow_;
  std::string &out_;
  size_t flowIdentityAt_ = std::string::npos; ///< where the placeholder of `identity.flow` starts
  JsonWriter w_;
};

void Emitter::target(const cf::Target &t) {
  w_.beginObject();
  switch (t.kind) {
  case cf::Target::Kind::Step:
    w_.key(key::step);
    w_.string(t.name);
    break;
  case cf::Target::Kind::End:
    w_.key(key::end);
    w_.string(t.name);
    break;
  case cf::Target::Kind::Objection:
    w_.key(key::objection);
    w_.string(t.name);
    break;
  case cf::Target::Kind::Resume:
    w_.key(key::resume);
    w_.boolean(true);
    break;
  }
  w_.endObject();
}

void Emitter::routes(const std::vector<cf::Route> &list) {
  w_.beginObject();
  for (const cf::Route &r : list) {
    w_.key(r.event);
    target(r.target);
  }
  w_.endObject();
}

void Emitter::action(const cf::Action &a) {
  const bool spoken = a.op == cf::Op::Say || a.op == cf::Op::Ask;
  object(w_, {{key::clauses, [&] { strings(a.clauses); }, a.op == cf::Op::Disclose},
              {key::name, [&] { w_.string(a.name); }, a.op == cf::Op::Invoke},
              {key::op, [&] { w_.string(cf::opName(a.op)); }},
              {key::outcome, [&] { w_.string(a.outcome); }, a.op == cf::Op::End},
              {key::results, [&] { routes(a.results); }, a.op == cf::Op::Invoke},
              {key::source, [&] { source(*a.source); }, a.source.has_value()},
              {key::text, [&] { w_.string(a.text); }, spoken}});
}

void Emitter::node(const cf::Node &n) {
  object(w_, {{key::actions,
               [&] {
                 w_.beginArray();
                 for (const cf::Action &a : n.actions)
                   action(a);
                 w_.endArray();
               }},
              {key::exhausted, [&] { target(*n.exhausted); }, n.exhausted.has_value()},
              {key::id, [&] { w_.string(n.id); }},
              {key::keywords, [&] { strings(*n.keywords); }, n.keywords.has_value()},
              {key::next, [&] { target(*n.next); }, n.next.has_value()},
              {key::pitch, [&] { w_.boolean(true); }, n.pitch},
              {key::retry, [&] { w_.boolean(*n.retry); }, n.retry.has_value()},
              {key::routes, [&] { routes(n.routes); }},
              {key::source, [&] { source(*n.source); }, n.source.has_value()}});
}

void Emitter::fact(const cf::Fact &f) {
  using T = cf::Fact::Type;
  std::string_view type = f.type == T::Text   ? format::factType::text
                          : f.type == T::Enum ? format::factType::enumeration
                          : f.type == T::Money ? format::factType::money
                                               : format::factType::duration;
  bool quantity = f.type == T::Money || f.type == T::Duration;
  object(w_, {{key::type, [&] { w_.string(type); }},
              {key::value, [&] { w_.string(f.value); }, !quantity},
              {key::amount, [&] { w_.number(f.amount); }, quantity},
              {key::unit, [&] { w_.string(f.unit); }, quantity},
              {key::per, [&] { optionalString(f.per); }, f.type == T::Money}});
}

void Emitter::policy(const cf::Policy &p) {
  object(w_, {{key::id, [&] { optionalString(p.id); }},
              {key::limits, [&] { settings(p.limits); }},
              {key::recording, [&] { w_.string(p.recording); }, !p.recording.empty()},
              {key::waitPhrase, [&] { w_.string(p.waitPhrase); }, !p.waitPhrase.empty()},
              {key::mandatory, [&] { strings(p.mandatory); }},
              {key::timing, [&] { settings(*p.timing); }, p.timing.has_value()}});
}

void Emitter::identity(const cf::Identity &id) {
  // The flow's own identity is not known before the rest is written: a placeholder of the
  // same length holds its place (sealIdentity).
  const std::string placeholder = sha256Identity("");
  object(w_, {{key::flow,
               [&] {
                 w_.string(placeholder);
                 flowIdentityAt_ = out_.size() - 1 - placeholder.size();
               }},
              {key::policy, [&] { w_.string(id.policy); }},
              {key::lexicon, [&] { w_.string(id.lexicon); }}});
}

void Emitter::sealIdentity() {
  if (flowIdentityAt_ == std::string::npos)
    return;
  // The canonical form leaves `identity` out, so the placeholder does not change the result.
  const std::string id = sha256Identity(w_.canonicalText());
  out_.replace(flowIdentityAt_, id.size(), id);
}

void Emitter::replies(const cf::Replies &r) {
  w_.beginObject();
  w_.key(key::classes);
  w_.beginObject();
  for (const auto &[name, words] : r.classes) {
    w_.key(name);
    strings(words);
  }
  w_.endObject();
  w_.key(key::lines);
  w_.beginObject();
  for (const auto &[name, text] : r.lines) {
    w_.key(name);
    w_.string(text);
  }
  w_.endObject();
  w_.endObject();
}

void Emitter::waivers() {
  w_.beginArray();
  for (const cf::Waiver &wv : flow_.waivers)
    object(w_, {{key::rule, [&] { w_.string(wv.rule); }},
                {key::reason, [&] { w_.string(wv.reason); }},
                {key::step, [&] { optionalString(wv.step); }},
                {key::source, [&] { source(*wv.source); }, wv.source.has_value()}});
  w_.endArray();
}

void Emitter::emit() {
  const cf::CallFlow &f = flow_;
  object(
      w_,
      {{key::format, [&] { w_.string(format::kFormatName); }},
       {key::version, [&] { w_.integer(format::kVersion); }},
       {key::campaign,
        [&] {
          object(w_, {{key::id, [&] { w_.string(f.campaign.id); }},
                      {key::title, [&] { w_.string(f.campaign.title); }},
                      {key::channel, [&] { w_.string(f.campaign.channel); }},
                      {key::policy, [&] { optionalString(f.campaign.policy); }}});
        }},
       {key::policy, [&] { policy(*f.policy); }, f.policy.has_value()},
       {key::offer,
        [&] {
          w_.beginObject();
          for (const auto &[name, fct] : *f.offer) {
            w_.key(name);
            fact(fct);
          }
          w_.endObject();
        },
        f.offer.has_value()},
       {key::clauses,
        [&] {
          w_.beginArray();
          for (const cf::Clause &c : f.clauses)
            object(w_, {{key::id, [&] { w_.string(c.id); }},
                        {key::text, [&] { w_.string(c.text); }},
                        {key::source, [&] { source(*c.source); }, c.source.has_value()}});
          w_.endArray();
        }},
       {key::start,
        [&] { w_.string(f.start < f.steps.size() ? std::string_view(f.steps[f.start].id) : ""); }},
       {key::steps,
        [&] {
          w_.beginArray();
          for (const cf::Node &n : f.steps)
            node(n);
          w_.endArray();
        }},
       {key::objections,
        [&] {
          w_.beginArray();
          for (const cf::Node &n : f.objections)
            node(n);
          w_.endArray();
        }},
       {key::handlers, [&] { routes(f.handlers); }},
       {key::identity, [&] { identity(*f.identity); }, f.identity.has_value(), false},
       {key::replies, [&] { replies(*f.replies); }, f.replies.has_value()},
       {key::waivers, [&] { waivers(); }},
       {key::sources, [&] { strings(*f.sources); }, f.sources.has_value(), false}});
}

} // namespace

std::string emitFlow(const callflow::CallFlow &flow) {
  std::string out;
  // A flow's text is mostly its lines and its keys: a guess of its size spares most of the
  // string's regrowth.
  size_t guess = 4096;
  for (const cf::Node &n : flow.steps)
    guess += 256 + 192 * n.actions.size();
  out.reserve(guess);
  Emitter emitter(flow, out);
  emitter.emit();
  emitter.sealIdentity();
  out += '\n';
  return out;
}

} // namespace patter
