// Loads a JSON call flow (docs/FLOW_FORMAT.md) and validates all of it into FlowData.
// This file and the C API are the only places that know about nlohmann/json.
#include <algorithm>
#include <array>
#include <new>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "digest.h"
#include "flow_data.h"
#include "patter/format.h"
#include "patter/identity.h"
#include "utf8.h"
#include "vocabulary/Vocabulary.h"

namespace patter {
namespace {

using json = nlohmann::json;
using namespace detail;
namespace key = format::key;
namespace op = format::op;

/// Real flows nest about six levels deep; anything far deeper is hostile or broken.
constexpr int kMaxDepth = 64;
/// Ceiling for any integer read as a count, and for source positions.
constexpr std::uint64_t kMaxCounter = 1000;
constexpr std::uint64_t kMaxPosition = 100000000;
/// A clause must say at least this many characters that are not punctuation or space.
constexpr std::size_t kMinClauseCharacters = 2;
/// R02: the kinds of mandatory clause; an offer fact of one of these kinds must be disclosed by
/// a mandatory clause of the same id before a sale, whatever the flow's own lists say.
constexpr std::array<std::string_view, 7> kClauseKinds = {"price", "includes", "effective", "term",
                                                          "expiry", "downgrade", "revert"};
/// Host-call results that say the call failed (R21): none of them may lead to a sale.
constexpr std::array<std::string_view, 9> kFailedResults = {
    "insufficient", "failed", "failure", "error", "timeout", "rejected", "declined", "denied", "unavailable"};

/// The members of Limits and Timing in the order of vocab::kCounters and vocab::kTiming.
constexpr std::uint32_t Limits::*kLimitFields[] = {
#define PATTER_COUNTER(Field, Name, Default, Ceiling, Rule, Counts) &Limits::Field,
#include "vocabulary/Counters.def"
};
constexpr std::uint32_t Timing::*kTimingFields[] = {
#define PATTER_TIMING(Field, Name, Default, Min, Max, Rule) &Timing::Field,
#include "vocabulary/Timing.def"
};

/// Limits and Timing as a flow that sets none of them has them.
void fillDefaults(FlowData& d) {
  for (std::size_t i = 0; i < std::size(vocab::kCounters); ++i) d.limits.*kLimitFields[i] = vocab::kCounters[i].defaultValue;
  for (std::size_t i = 0; i < std::size(vocab::kTiming); ++i) d.timing.*kTimingFields[i] = vocab::kTiming[i].defaultValue;
}

/// Thrown inside the loader only; Flow::load turns it into LoadResult::error.
struct LoadError {
  std::string message;
};

/// A JSON path, spelt out only when an error is reported: `parent.key` or `parent[index]`.
/// A Path refers to its parent, so it lives no longer than the full expression or scope that
/// holds the parent.
class Path {
public:
  Path() = default;
  Path(std::string_view k) : key_(k) {} // NOLINT: a top-level key; "" is the root
  Path(const char* k) : key_(k) {}      // NOLINT
  Path(const Path* parent, std::string_view k) : parent_(parent), key_(k) {}
  Path(const Path* parent, std::size_t i) : parent_(parent), index_(i), isIndex_(true) {}

  std::string str() const {
    std::string r;
    append(r);
    return r;
  }

private:
  void append(std::string& r) const {
    if (parent_ != nullptr) parent_->append(r);
    if (isIndex_) {
      fmt::format_to(std::back_inserter(r), "[{}]", index_);
    } else {
      if (!r.empty()) r += '.';
      r += key_;
    }
  }

  const Path* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool isIndex_ = false;
};

[[noreturn]] void fail(const Path& at, std::string_view message) {
  const std::string path = at.str();
  throw LoadError{path.empty() ? fmt::format("(root): {}", message) : fmt::format("{}: {}", path, message)};
}

Path at(const Path& path, std::string_view k) { return Path(&path, k); }
Path at(const Path& path, std::size_t i) { return Path(&path, i); }

std::string_view kindOf(const json& j) {
  switch (j.type()) {
  case json::value_t::object: return "an object";
  case json::value_t::array: return "an array";
  case json::value_t::string: return "a string";
  case json::value_t::boolean: return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned: return "an integer";
  case json::value_t::number_float: return "a floating-point number";
  case json::value_t::null: return "null";
  default: return "an unknown value";
  }
}

[[noreturn]] void wrongType(const Path& path, std::string_view expected, const json& j) {
  fail(path, fmt::format("expected {}, found {}", expected, kindOf(j)));
}

const json& object(const json& j, const Path& path) {
  if (!j.is_object()) wrongType(path, "an object", j);
  return j;
}
const json& array(const json& j, const Path& path) {
  if (!j.is_array()) wrongType(path, "an array", j);
  return j;
}
std::string_view string(const json& j, const Path& path) {
  if (!j.is_string()) wrongType(path, "a string", j);
  return j.get_ref<const std::string&>();
}
std::string_view identifier(const json& j, const Path& path) {
  const std::string_view s = string(j, path);
  if (s.empty()) fail(path, "must not be empty");
  return s;
}
bool boolean(const json& j, const Path& path) {
  if (!j.is_boolean()) wrongType(path, "a boolean", j);
  return j.get<bool>();
}
std::uint64_t count(const json& j, const Path& path, std::uint64_t max) {
  std::uint64_t v = 0;
  if (j.is_number_unsigned()) {
    v = j.get<std::uint64_t>();
  } else if (j.is_number_integer()) {
    const auto s = j.get<std::int64_t>();
    if (s < 0) fail(path, fmt::format("must not be negative, found {}", s));
    v = static_cast<std::uint64_t>(s);
  } else {
    wrongType(path, "a non-negative integer", j);
  }
  if (v > max) fail(path, fmt::format("{} is out of range (at most {})", v, max));
  return v;
}

const json* find(const json& obj, std::string_view k) {
  const auto it = obj.find(k);
  return it == obj.end() ? nullptr : &*it;
}
const json& require(const json& obj, const Path& path, std::string_view k) {
  const json* j = find(obj, k);
  if (j == nullptr) fail(path, fmt::format("missing '{}'", k));
  return *j;
}

/// Rejects nesting deeper than kMaxDepth before parsing, so the parser and the destructor of
/// the document never see it.
std::optional<std::string> checkDepth(std::string_view text) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        return fmt::format("invalid JSON: nested deeper than {} levels at byte {}", kMaxDepth, i);
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

std::string lowerAscii(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return r;
}

/// Checks that `text` uses no template other than those filled in at run time. Returns whether
/// it uses any. `{` not followed by a `name.name}` shape is literal text.
bool checkTemplates(std::string_view text, const Path& path) {
  bool any = false;
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(open + 1, close - open - 1);
    const bool shaped = !name.empty() && name.find('.') != std::string_view::npos &&
                        std::all_of(name.begin(), name.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                 (c >= '0' && c <= '9') || c == '_' || c == '.';
                        });
    if (!shaped) continue;
    if (name != "phone.first3" && name != "phone.last4" && name != "phone.masked") {
      fail(path, fmt::format("unknown template '{{{}}}' (only {{phone.first3}}, {{phone.last4}} and "
                             "{{phone.masked}} are filled in at run time)",
                             name));
    }
    any = true;
  }
  return any;
}

class Loader {
public:
  explicit Loader(FlowData& d) : d_(d) {}

  void load(const json& root) {
    object(root, "");
    fillDefaults(d_);
    header(root);
    if (const json* s = find(root, key::sources)) {
      array(*s, key::sources);
      for (std::size_t i = 0; i < s->size(); ++i) string((*s)[i], at(key::sources, i));
      sourceCount_ = s->size();
    }
    clauses(require(root, "", key::clauses));
    collectIds(root);
    policy(root);
    offer(root);
    internWellKnown();

    const std::string_view start = identifier(require(root, "", key::start), key::start);
    const auto st = stepIds_.find(start);
    if (st == stepIds_.end()) fail(key::start, fmt::format("unknown step '{}'", start));
    d_.start = st->second;

    const json& steps = (*find(root, key::steps));
    for (std::size_t i = 0; i < steps.size(); ++i) node(steps[i], at(key::steps, i), static_cast<Index>(i), false);
    if (const json* objs = find(root, key::objections)) {
      for (std::size_t i = 0; i < objs->size(); ++i) {
        node((*objs)[i], at(key::objections, i), static_cast<Index>(d_.stepCount + i), true);
      }
    }
    handlers(root);
    waivers(root);
    checkLoops();
    markHandlerSide();
    checkClauses();
    markWaitPhrases();
    checkQuestions();
    checkFailedResults();

    d_.objectionOfSymbol.assign(d_.symbols.size(), kNone);
    for (std::size_t n = d_.stepCount; n < d_.nodes.size(); ++n) {
      d_.objectionOfSymbol[d_.objectionSymbol[n - d_.stepCount]] = static_cast<Index>(n);
    }
    d_.reader = ReplyReader(replies(root), keywords_);
    lines(root);
  }

private:
  /// `replies.lines`: every runtime line, required when `replies` is there at all.
  void lines(const json& root) {
    const json* r = find(root, key::replies);
    if (r == nullptr) return;
    const Path rp(key::replies);
    const Path path = at(rp, key::lines);
    const json& l = object(require(*r, rp, key::lines), path);
    for (const auto& [name, text] : l.items()) {
      if (std::find(std::begin(kLineNames), std::end(kLineNames), name) == std::end(kLineNames)) {
        fail(at(path, name), fmt::format("unknown runtime line '{}'", utf8::sanitize(name)));
      }
    }
    for (std::size_t i = 0; i < kLineCount; ++i) {
      const std::string_view text = string(require(l, path, kLineNames[i]), at(path, kLineNames[i]));
      if (text.empty()) fail(at(path, kLineNames[i]), "empty runtime line");
      d_.lines[i].assign(text);
    }
  }

  /// `replies.classes`: each class of replies.def to its words. Absent in a flow built without
  /// vocabularies: then no reply is ever understood, let alone a yes (the safe side).
  Vocabulary replies(const json& root) {
    Vocabulary v;
    const json* r = find(root, key::replies);
    if (r == nullptr) return v;
    const Path path(key::replies);
    object(*r, path);
    const json* classes = find(*r, key::classes);
    if (classes == nullptr) return v;
    const Path cp = at(path, key::classes);
    object(*classes, cp);
    for (const auto& [name, words] : classes->items()) {
      WordClass c;
      const Path p = at(cp, name);
      if (!wordClassOf(name, c)) fail(p, fmt::format("unknown reply class '{}'", utf8::sanitize(name)));
      array(words, p);
      auto& list = v.words[static_cast<std::size_t>(c)];
      for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = string(words[i], at(p, i));
        if (w.empty()) fail(at(p, i), "empty reply word");
        list.emplace_back(w);
      }
    }
    return v;
  }

  void header(const json& root) {
    const std::string_view fmtName = string(require(root, "", key::format), key::format);
    if (fmtName != format::kFormatName) {
      fail(key::format, fmt::format("expected \"{}\", found \"{}\"", format::kFormatName, fmtName));
    }
    const json& v = require(root, "", key::version);
    if (!v.is_number_integer()) wrongType(key::version, "an integer", v);
    if (!(v.is_number_unsigned() ? v.get<std::uint64_t>() == format::kVersion
                                 : v.get<std::int64_t>() == format::kVersion)) {
      fail(key::version, fmt::format("unsupported version {} (this runtime reads version {})", v.dump(),
                                     format::kVersion));
    }
    const Path path(key::campaign);
    const json& c = object(require(root, "", key::campaign), path);
    d_.campaignId = identifier(require(c, path, key::id), at(path, key::id));
    d_.title = string(require(c, path, key::title), at(path, key::title));
    const std::string_view channel = string(require(c, path, key::channel), at(path, key::channel));
    static constexpr std::array<std::string_view, 4> kChannels = {"outbound", "inbound", "online", "followup"};
    if (std::find(kChannels.begin(), kChannels.end(), channel) == kChannels.end()) {
      fail(at(path, key::channel), fmt::format("unknown channel '{}' (expected outbound, inbound, online or followup)", channel));
    }
    if (const json* p = find(c, key::policy); p != nullptr && !p->is_null()) string(*p, at(path, key::policy));
  }

  void source(const json& owner, const Path& ownerPath) {
    const json* s = find(owner, key::source);
    if (s == nullptr) return;
    const Path path = at(ownerPath, key::source);
    object(*s, path);
    const std::uint64_t file = count(require(*s, path, key::file), at(path, key::file), kMaxPosition);
    if (sourceCount_ && file >= *sourceCount_) {
      fail(at(path, key::file), fmt::format("file index {} but 'sources' has {} entries", file, *sourceCount_));
    }
    for (const auto k : {key::line, key::column}) {
      if (count(require(*s, path, k), at(path, k), kMaxPosition) == 0) fail(at(path, k), "must be at least 1");
    }
  }

  void clauses(const json& list) {
    const Path path(key::clauses);
    array(list, path);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Path p = at(path, i);
      const json& c = object(list[i], p);
      const std::string id(identifier(require(c, p, key::id), at(p, key::id)));
      const std::string_view text = string(require(c, p, key::text), at(p, key::text));
      source(c, p);
      if (!clauseIds_.emplace(id, static_cast<Index>(i)).second) {
        fail(at(p, key::id), fmt::format("duplicate clause id '{}'", id));
      }
      d_.clauseIds.push_back(id);
      d_.clauseTexts.emplace_back(text);
    }
  }

  /// First pass over steps and objections: ids, so that targets can refer forward.
  void collectIds(const json& root) {
    const Path sp(key::steps);
    const json& steps = array(require(root, "", key::steps), sp);
    if (steps.empty()) fail(sp, "a flow needs at least one step");
    if (const json* objs = find(root, key::objections); objs != nullptr && objs->is_array()) {
      d_.nodes.reserve(steps.size() + objs->size());
    } else {
      d_.nodes.reserve(steps.size());
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Path p = at(sp, i);
      const std::string id(identifier(require(object(steps[i], p), p, key::id), at(p, key::id)));
      if (const auto [it, fresh] = stepIds_.emplace(id, static_cast<Index>(i)); !fresh) {
        fail(at(p, key::id), fmt::format("duplicate step id '{}' (also steps[{}])", id, it->second));
      }
      d_.nodes.emplace_back().id = addString(id);
    }
    d_.stepCount = steps.size();
    const json* objs = find(root, key::objections);
    if (objs == nullptr) return;
    const Path op(key::objections);
    array(*objs, op);
    for (std::size_t i = 0; i < objs->size(); ++i) {
      const Path p = at(op, i);
      const std::string id(identifier(require(object((*objs)[i], p), p, key::id), at(p, key::id)));
      const Index n = static_cast<Index>(d_.stepCount + i);
      if (const auto [it, fresh] = objectionIds_.emplace(id, n); !fresh) {
        fail(at(p, key::id), fmt::format("duplicate objection id '{}' (also objections[{}])", id,
                                         it->second - d_.stepCount));
      }
      Node& node = d_.nodes.emplace_back();
      node.id = addString(id);
      node.isObjection = true;
    }
  }

  void policy(const json& root) {
    d_.mandatory.assign(d_.clauseIds.size(), true);
    const json* pj = find(root, key::policy);
    if (pj == nullptr || pj->is_null()) return;
    const Path path(key::policy);
    const json& p = object(*pj, path);
    if (const json* id = find(p, key::id); id != nullptr && !id->is_null()) string(*id, at(path, key::id));
    if (const json* l = find(p, key::limits)) {
      const Path lp = at(path, key::limits);
      object(*l, lp);
      for (const auto& [name, value] : l->items()) {
        const Path cp = at(lp, name);
        // Unknown counters are type-checked but otherwise ignored (compatibility policy).
        const std::uint64_t v = count(value, cp, kMaxCounter);
        const vocab::Counter* c = vocab::find(vocab::kCounters, name);
        if (c == nullptr) continue;
        if (v > c->ceiling) fail(cp, fmt::format("{} exceeds the rules' cap of {} ({})", v, c->ceiling, c->rule));
        d_.limits.*kLimitFields[c - vocab::kCounters] = static_cast<std::uint32_t>(v);
      }
    }
    if (const json* t = find(p, key::timing)) timing(*t, at(path, key::timing));
    if (const json* r = find(p, key::recording)) d_.recording = identifier(*r, at(path, key::recording));
    if (const json* w = find(p, key::waitPhrase)) d_.waitPhrase = identifier(*w, at(path, key::waitPhrase));
    if (const json* m = find(p, key::mandatory)) {
      const Path mp = at(path, key::mandatory);
      array(*m, mp);
      if (!m->empty()) {
        // A non-empty list names exactly the mandatory clauses; an empty or absent one means all.
        d_.mandatory.assign(d_.clauseIds.size(), false);
        for (std::size_t i = 0; i < m->size(); ++i) {
          const Path ip = at(mp, i);
          const Index c = clause((*m)[i], ip);
          if (d_.mandatory[c]) fail(ip, fmt::format("clause '{}' listed twice", d_.clauseIds[c]));
          d_.mandatory[c] = true;
        }
      }
    }
  }

  /// `policy.timing`: optional, in seconds. R14 bounds the callback settings: the first attempt
  /// more than 30 s after the call, at most 3 attempts, within 2 days.
  void timing(const json& t, const Path& path) {
    object(t, path);
    std::uint64_t widest = 0;
    for (const vocab::TimingSetting& k : vocab::kTiming) widest = std::max<std::uint64_t>(widest, k.max);
    for (const auto& [name, value] : t.items()) {
      const Path sp = at(path, name);
      const std::uint64_t v = count(value, sp, widest);
      const vocab::TimingSetting* k = vocab::find(vocab::kTiming, name);
      if (k == nullptr) continue; // unknown settings are type-checked and ignored
      if (v < k->min || v > k->max) {
        fail(sp, fmt::format("{} is out of range ({} to {}, {})", v, k->min, k->max, k->rule));
      }
      d_.timing.*kTimingFields[k - vocab::kTiming] = static_cast<std::uint32_t>(v);
    }
    if (d_.timing.callbackDelay > d_.timing.callbackWindow) {
      fail(at(path, vocab::timing(vocab::TimingId::callbackDelay).name), "the first callback attempt must fall inside the callback window");
    }
  }

  void offer(const json& root) {
    const json* oj = find(root, key::offer);
    if (oj == nullptr) {
      d_.product = d_.title;
      return;
    }
    const Path path(key::offer);
    object(*oj, path);
    for (const auto& [name, fact] : oj->items()) {
      const Path p = at(path, name);
      object(fact, p);
      offerFacts_.push_back(name);
      const std::string_view type = string(require(fact, p, key::type), at(p, key::type));
      namespace ft = format::factType;
      if (type == ft::text || type == ft::enumeration) {
        string(require(fact, p, key::value), at(p, key::value));
      } else if (type == ft::money || type == ft::duration) {
        const json& amount = require(fact, p, key::amount);
        if (!amount.is_number()) wrongType(at(p, key::amount), "a number", amount);
        if (amount.get<double>() < 0) fail(at(p, key::amount), "must not be negative");
        const std::string_view unit = identifier(require(fact, p, key::unit), at(p, key::unit));
        if (type == ft::duration && unit != "day" && unit != "week" && unit != "month" && unit != "year") {
          fail(at(p, key::unit), fmt::format("unknown duration unit '{}' (expected day, week, month or year)", unit));
        }
        if (type == ft::money) {
          if (const json* per = find(fact, key::per); per != nullptr && !per->is_null()) {
            identifier(*per, at(p, key::per));
          }
        }
      } else {
        fail(at(p, key::type), fmt::format("unknown fact type '{}' (expected text, money, duration or enum)", type));
      }
    }
    const json* product = find(*oj, format::fact::product);
    d_.product = (product != nullptr && product->at(key::type).get_ref<const std::string&>() == format::factType::text)
                     ? product->at(key::value).get<std::string>()
                     : d_.title;
  }

  void internWellKnown() {
    // In the order of detail::Sym; `hangup`, `offtopic`, `abuse` are both events and outcomes.
    for (const auto name : kSymbolNames) intern(name);
  }

  Index intern(std::string_view name) {
    if (const Index s = d_.symbolOf(name); s != kNone) return s;
    const auto s = static_cast<Index>(d_.symbols.size());
    d_.symbols.emplace_back(name);
    d_.symbolIndex.emplace(std::string(name), s);
    return s;
  }

  Index addString(std::string_view s) {
    d_.strings.emplace_back(s);
    return static_cast<Index>(d_.strings.size() - 1);
  }

  Index addText(const json& j, const Path& path) {
    const std::string_view text = string(j, path);
    d_.textHasTemplate.push_back(checkTemplates(text, path));
    d_.texts.emplace_back(text);
    return static_cast<Index>(d_.texts.size() - 1);
  }

  Index clause(const json& j, const Path& path) {
    const std::string_view id = identifier(j, path);
    const auto it = clauseIds_.find(id);
    if (it == clauseIds_.end()) fail(path, fmt::format("unknown clause '{}'", id));
    return it->second;
  }

  Target target(const json& j, const Path& path) {
    object(j, path);
    const json* step = find(j, key::step);
    const json* end = find(j, key::end);
    const json* objection = find(j, key::objection);
    const json* resume = find(j, key::resume);
    if ((step != nullptr) + (end != nullptr) + (objection != nullptr) + (resume != nullptr) != 1) {
      fail(path, "a target needs exactly one of 'step', 'end', 'objection' or 'resume'");
    }
    if (step != nullptr) {
      const std::string_view id = identifier(*step, at(path, key::step));
      const auto it = stepIds_.find(id);
      if (it == stepIds_.end()) fail(path, fmt::format("unknown step '{}'", id));
      return {Target::Kind::Node, it->second};
    }
    if (objection != nullptr) {
      const std::string_view id = identifier(*objection, at(path, key::objection));
      const auto it = objectionIds_.find(id);
      if (it == objectionIds_.end()) fail(path, fmt::format("unknown objection '{}'", id));
      return {Target::Kind::Node, it->second};
    }
    if (end != nullptr) return {Target::Kind::End, intern(identifier(*end, at(path, key::end)))};
    if (!boolean(*resume, at(path, key::resume))) fail(at(path, key::resume), "must be true");
    return {Target::Kind::Resume, kNone};
  }

  /// Appends the routes of an object `event -> target`; returns their range in d_.routes.
  std::pair<Index, Index> routes(const json& j, const Path& path) {
    object(j, path);
    const auto first = static_cast<Index>(d_.routes.size());
    for (const auto& [event, t] : j.items()) {
      const Path p = at(path, event);
      if (event.empty()) fail(path, "an event name must not be empty");
      const Target target = this->target(t, p);
      d_.routes.push_back({intern(event), target});
    }
    return {first, static_cast<Index>(d_.routes.size() - first)};
  }

  void node(const json& j, const Path& path, Index n, bool isObjection) {
    source(j, path);
    const json& actions = array(require(j, path, key::actions), at(path, key::actions));
    Node node = d_.nodes[n];
    node.firstAction = static_cast<Index>(d_.actions.size());
    for (std::size_t i = 0; i < actions.size(); ++i) action(actions[i], at(at(path, key::actions), i), node);
    node.actionCount = static_cast<Index>(d_.actions.size() - node.firstAction);
    if (const json* r = find(j, key::routes)) std::tie(node.firstRoute, node.routeCount) = routes(*r, at(path, key::routes));
    if (const json* nx = find(j, key::next)) node.next = target(*nx, at(path, key::next));
    if (const json* p = find(j, key::pitch)) node.pitch = boolean(*p, at(path, key::pitch));

    if (isObjection) {
      std::vector<std::string>& kws = keywords_.emplace_back();
      if (const json* k = find(j, key::keywords)) {
        const Path kp = at(path, key::keywords);
        array(*k, kp);
        for (std::size_t i = 0; i < k->size(); ++i) {
          const Path ip = at(kp, i);
          const std::string_view word = identifier((*k)[i], ip);
          const std::string folded = lowerAscii(word);
          const auto [it, fresh] = keywordOwner_.emplace(folded, node.id);
          if (!fresh) {
            fail(ip, fmt::format("keyword '{}' already belongs to objection '{}'", word, d_.strings[it->second]));
          }
          kws.emplace_back(word);
        }
      }
      if (const json* r = find(j, key::retry)) node.retry = boolean(*r, at(path, key::retry));
      node.exhausted = {Target::Kind::End, kDeclined};
      if (const json* e = find(j, key::exhausted)) {
        const Path ep = at(path, key::exhausted);
        node.exhausted = target(*e, ep);
        if (node.exhausted.kind == Target::Kind::Resume ||
            (node.exhausted.kind == Target::Kind::Node && d_.nodes[node.exhausted.index].isObjection)) {
          fail(ep, "'exhausted' must lead to a step or an end, not to another objection or 'resume'");
        }
      }
      if (node.retry && node.wait != Wait::None) {
        fail(at(path, key::retry), "an objection that waits for a reply cannot also 'retry'");
      }
      d_.objectionSymbol.push_back(intern(d_.strings[node.id]));
    }
    if (node.wait == Wait::None && !node.ends && node.next.kind == Target::Kind::None && !node.retry) {
      fail(path, fmt::format("'{}' neither waits, ends, {}nor has 'next'", d_.strings[node.id],
                             isObjection ? "retries " : ""));
    }
    d_.nodes[n] = node;
  }

  void action(const json& j, const Path& path, Node& node) {
    object(j, path);
    const std::string_view name = string(require(j, path, key::op), at(path, key::op));
    if (node.ends) fail(path, "unreachable: follows 'end'");
    // The question is asked by `ask`; `verify_owner` or `confirm` right after it says what the
    // answer means. Anything else after a waiting action would be spoken before the reply.
    const bool qualifiesAsk = node.wait == Wait::Ask && (name == op::verifyOwner || name == op::confirm);
    if (node.wait != Wait::None && !qualifiesAsk) {
      fail(path, fmt::format("'{}' follows a waiting action; the action that waits for the reply must come last", name));
    }
    source(j, path);
    ActionDef a{Op::Say};
    if (name == op::say || name == op::ask) {
      a.op = name == op::say ? Op::Say : Op::Ask;
      a.arg = addText(require(j, path, key::text), at(path, key::text));
      node.question = a.arg;
      if (a.op == Op::Ask) node.wait = Wait::Ask;
    } else if (name == op::disclose) {
      a.op = Op::Disclose;
      const Path cp = at(path, key::clauses);
      const json& list = array(require(j, path, key::clauses), cp);
      if (list.empty()) fail(cp, "'disclose' needs at least one clause");
      a.first = static_cast<Index>(d_.clauseRefs.size());
      for (std::size_t i = 0; i < list.size(); ++i) d_.clauseRefs.push_back(clause(list[i], at(cp, i)));
      a.count = static_cast<Index>(list.size());
    } else if (name == op::verifyOwner) {
      a.op = Op::VerifyOwner;
      node.wait = Wait::VerifyOwner;
    } else if (name == op::confirm) {
      a.op = Op::Confirm;
      node.wait = Wait::Confirm;
    } else if (name == op::registerSale) {
      a.op = Op::Register;
    } else if (name == op::invoke) {
      a.op = Op::Invoke;
      a.arg = addString(identifier(require(j, path, key::name), at(path, key::name)));
      a.first = static_cast<Index>(d_.routes.size());
      if (const json* r = find(j, key::results)) std::tie(a.first, a.count) = routes(*r, at(path, key::results));
      node.wait = Wait::Invoke;
      node.invoke = static_cast<Index>(d_.actions.size());
    } else if (name == op::end) {
      a.op = Op::End;
      a.arg = intern(identifier(require(j, path, key::outcome), at(path, key::outcome)));
      node.ends = true;
    } else {
      fail(at(path, key::op), fmt::format("unknown op '{}'", name));
    }
    d_.actions.push_back(a);
  }

  void handlers(const json& root) {
    const json* h = find(root, key::handlers);
    if (h == nullptr) return;
    std::tie(d_.firstHandler, d_.handlerCount) = routes(*h, key::handlers);
    for (Index r = d_.firstHandler; r < d_.firstHandler + d_.handlerCount; ++r) {
      if (d_.routes[r].target.kind == Target::Kind::Node) d_.nodes[d_.routes[r].target.index].handlerTarget = true;
    }
  }

  void waivers(const json& root) {
    const json* w = find(root, key::waivers);
    if (w == nullptr) return;
    const Path path(key::waivers);
    array(*w, path);
    for (std::size_t i = 0; i < w->size(); ++i) {
      const Path p = at(path, i);
      object((*w)[i], p);
      identifier(require((*w)[i], p, key::rule), at(p, key::rule));
      identifier(require((*w)[i], p, key::reason), at(p, key::reason));
      if (const json* s = find((*w)[i], key::step); s != nullptr && !s->is_null()) string(*s, at(p, key::step));
      source((*w)[i], p);
    }
  }

  /// Marks the nodes that only handlers lead to (a handlers module's steps, or campaign steps
  /// that only a campaign-level handler names): while one of them waits, a reply its routes do not
  /// take returns to the step the handler interrupted (docs/RUNTIME.md, "Handlers").
  void markHandlerSide() {
    const auto walk = [&](std::vector<Index> todo, std::vector<bool>& seen) {
      for (const Index n : todo) seen[n] = true;
      const auto push = [&](const Target& t) {
        if (t.kind == Target::Kind::Node && !seen[t.index]) {
          seen[t.index] = true;
          todo.push_back(t.index);
        }
      };
      while (!todo.empty()) {
        const Node& node = d_.nodes[todo.back()];
        todo.pop_back();
        for (Index r = node.firstRoute; r < node.firstRoute + node.routeCount; ++r) push(d_.routes[r].target);
        if (node.invoke != kNone) {
          const ActionDef& a = d_.actions[node.invoke];
          for (Index r = a.first; r < a.first + a.count; ++r) push(d_.routes[r].target);
        }
        push(node.next);
        push(node.exhausted);
      }
    };
    // The campaign's own path: the start step and every objection (raised by keywords anywhere).
    std::vector<Index> roots{d_.start};
    for (Index n = static_cast<Index>(d_.stepCount); n < d_.nodes.size(); ++n) roots.push_back(n);
    std::vector<bool> main(d_.nodes.size(), false);
    walk(roots, main);
    std::vector<Index> handlerRoots;
    for (Index r = d_.firstHandler; r < d_.firstHandler + d_.handlerCount; ++r) {
      if (d_.routes[r].target.kind == Target::Kind::Node) handlerRoots.push_back(d_.routes[r].target.index);
    }
    std::vector<bool> viaHandler(d_.nodes.size(), false);
    walk(handlerRoots, viaHandler);
    for (Index n = 0; n < d_.nodes.size(); ++n) d_.nodes[n].handlerSide = viaHandler[n] && !main[n];
  }

  /// The JSON path of node `n`, e.g. `steps[3]`: `list` must be a Path of its own.
  Path nodeList(Index n) const { return Path(n < d_.stepCount ? key::steps : key::objections); }
  std::size_t nodeOrdinal(Index n) const { return n < d_.stepCount ? n : n - d_.stepCount; }

  bool sells() const {
    return std::any_of(d_.actions.begin(), d_.actions.end(), [](const ActionDef& a) { return a.op == Op::Register; });
  }

  /// Every clause says something, and a flow that sells discloses every clause the offer's facts
  /// call for (R01, R02), whatever its own lists of mandatory clauses say.
  void checkClauses() {
    for (std::size_t c = 0; c < d_.clauseTexts.size(); ++c) {
      const std::string_view text = d_.clauseTexts[c];
      std::size_t said = 0;
      for (std::size_t i = 0; i < text.size();) {
        if (!utf8::isPunctuationOrSpace(utf8::decode(text, i))) ++said;
      }
      if (said < kMinClauseCharacters) {
        const Path list(key::clauses);
        fail(at(at(list, c), key::text), fmt::format("clause '{}' says nothing a customer could hear (R01)", d_.clauseIds[c]));
      }
    }
    if (!sells()) return;
    if (std::find(d_.mandatory.begin(), d_.mandatory.end(), true) == d_.mandatory.end()) {
      fail(key::clauses, "the flow registers a sale but has no mandatory clause (R01)");
    }
    for (const std::string& kind : offerFacts_) {
      if (std::find(kClauseKinds.begin(), kClauseKinds.end(), kind) == kClauseKinds.end()) continue;
      const auto it = clauseIds_.find(kind);
      if (it == clauseIds_.end() || !d_.mandatory[it->second]) {
        const Path offer(key::offer);
        fail(at(offer, kind), fmt::format("the offer states a {} but no mandatory clause '{}' discloses it (R02)", kind, kind));
      }
    }
  }

  /// The owner question names the called number by its first 3 and last 4 digits (R03); the
  /// confirmation names the product and carries the policy's recording notice (R04, R05).
  /// R12 counts the policy's wait phrase, as the compiler's path checks do.
  void markWaitPhrases() {
    d_.textIsWaitPhrase.assign(d_.texts.size(), false);
    if (d_.waitPhrase.empty()) return;
    for (std::size_t i = 0; i < d_.texts.size(); ++i) {
      d_.textIsWaitPhrase[i] = d_.texts[i].find(d_.waitPhrase) != std::string::npos;
    }
  }

  void checkQuestions() {
    for (Index n = 0; n < d_.nodes.size(); ++n) {
      const Node& node = d_.nodes[n];
      if (node.wait != Wait::VerifyOwner && node.wait != Wait::Confirm) continue;
      const Path list = nodeList(n);
      const Path np = at(list, nodeOrdinal(n));
      const std::string_view q = node.question == kNone ? std::string_view{} : std::string_view{d_.texts[node.question]};
      if (node.wait == Wait::VerifyOwner) {
        const bool names = (q.find("{phone.first3}") != std::string_view::npos &&
                            q.find("{phone.last4}") != std::string_view::npos) ||
                           q.find("{phone.masked}") != std::string_view::npos;
        if (!names) {
          fail(np, "the owner question must name the called number by {phone.first3} and {phone.last4} (R03)");
        }
        continue;
      }
      if (q.find(d_.product) == std::string_view::npos) {
        fail(np, fmt::format("the confirmation question must name the product '{}' (R05)", d_.product));
      }
      if (!d_.recording.empty() && q.find(d_.recording) == std::string_view::npos) {
        fail(np, fmt::format("the confirmation question must carry the recording notice '{}' (R04)", d_.recording));
      }
    }
  }

  /// A host call that failed (`insufficient`, `timeout`, ...) never leads straight to a sale (R21).
  void checkFailedResults() {
    d_.failedResult.assign(d_.symbols.size(), false);
    for (const std::string_view name : kFailedResults) {
      if (const Index s = d_.symbolOf(name); s != kNone) d_.failedResult[s] = true;
    }
    for (Index n = 0; n < d_.nodes.size(); ++n) {
      const Node& node = d_.nodes[n];
      if (node.invoke == kNone) continue;
      const ActionDef& invoke = d_.actions[node.invoke];
      for (Index r = invoke.first; r < invoke.first + invoke.count; ++r) {
        if (!d_.failedResult[d_.routes[r].event]) continue;
        // Follow the steps that run without waiting; checkLoops has ruled out a cycle of them.
        for (Target t = d_.routes[r].target; t.kind == Target::Kind::Node;) {
          const Node& to = d_.nodes[t.index];
          for (Index a = to.firstAction; a < to.firstAction + to.actionCount; ++a) {
            if (d_.actions[a].op != Op::Register) continue;
            const Path list = nodeList(n);
            const Path np = at(list, nodeOrdinal(n));
            fail(at(at(np, key::results), d_.symbols[d_.routes[r].event]),
                 fmt::format("the failed result '{}' of '{}' leads to the sale in '{}' (R21)", d_.symbols[d_.routes[r].event],
                             d_.strings[invoke.arg], d_.strings[to.id]));
          }
          if (to.wait != Wait::None || to.ends || to.isObjection) break;
          t = to.next;
        }
      }
    }
  }

  /// A chain of `next` through steps that neither wait nor end would spin forever.
  void checkLoops() {
    enum : std::uint8_t { kWhite, kGrey, kBlack };
    std::vector<std::uint8_t> colour(d_.nodes.size(), kWhite);
    const auto passes = [&](Index n) {
      const Node& node = d_.nodes[n];
      return !node.isObjection && node.wait == Wait::None && !node.ends && node.next.kind == Target::Kind::Node;
    };
    for (Index s = 0; s < d_.nodes.size(); ++s) {
      if (colour[s] != kWhite || !passes(s)) continue;
      std::vector<Index> chain;
      Index n = s;
      while (passes(n) && colour[n] == kWhite) {
        colour[n] = kGrey;
        chain.push_back(n);
        n = d_.nodes[n].next.index;
      }
      if (colour[n] == kGrey) {
        std::string loop;
        const auto from = std::find(chain.begin(), chain.end(), n);
        for (auto it = from; it != chain.end(); ++it) loop += d_.strings[d_.nodes[*it].id] + " -> ";
        loop += d_.strings[d_.nodes[n].id];
        const bool objection = n >= d_.stepCount;
        const Path list(objection ? key::objections : key::steps);
        const Path node = at(list, objection ? n - d_.stepCount : std::size_t{n});
        fail(at(node, key::next), fmt::format("loop without a wait: {}", loop));
      }
      for (const Index c : chain) colour[c] = kBlack;
    }
  }

  FlowData& d_;
  std::optional<std::size_t> sourceCount_;
  using IdMap = std::unordered_map<std::string, Index, StringHash, std::equal_to<>>;
  IdMap stepIds_, objectionIds_, clauseIds_;
  IdMap keywordOwner_;
  std::vector<std::vector<std::string>> keywords_;
  std::vector<std::string> offerFacts_;
};

/// An identity as written: `sha256:` and 64 lower-case hex digits.
bool wellFormedIdentity(std::string_view s) {
  if (!s.starts_with(kIdentityPrefix) || s.size() != kIdentityPrefix.size() + 64) return false;
  return std::all_of(s.begin() + kIdentityPrefix.size(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Checks `identity` (optional; every built flow has it) against the content's own identity.
void checkIdentity(const json& root, const std::string& actual) {
  const json* id = find(root, key::identity);
  if (id == nullptr) return;
  const Path path(key::identity);
  object(*id, path);
  for (const auto& [name, value] : id->items()) {
    const Path p = at(path, name);
    if (!wellFormedIdentity(string(value, p))) fail(p, "expected \"sha256:\" and 64 lower-case hex digits");
  }
  const std::string_view claimed = string(require(*id, path, key::flow), at(path, key::flow));
  if (claimed != actual) {
    fail(at(path, key::flow), fmt::format("the content's identity is {}: the flow was changed after it was built", actual));
  }
}

} // namespace

LoadResult Flow::load(std::string_view text, const LoadOptions& options) {
  LoadResult result;
  try {
    if (text.size() > kMaxFlowBytes) {
      result.error = fmt::format("the flow is {} bytes, over the limit of {} bytes", text.size(), kMaxFlowBytes);
      return result;
    }
    if (auto error = checkDepth(text)) {
      result.error = std::move(*error);
      return result;
    }
    json root;
    try {
      root = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
      // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep line and column.
      std::string_view what = e.what();
      if (const auto close = what.find("] "); what.starts_with("[json.exception.") && close != std::string_view::npos) {
        what.remove_prefix(close + 2);
      }
      result.error = "invalid JSON: " + utf8::sanitize(what);
      return result;
    }
    auto data = std::make_shared<FlowData>();
    CanonicalFlow canonical = canonicalFlow(root);
    data->identity = sha256Identity(canonical.text);
    data->parts = std::move(canonical.parts);
    checkIdentity(root, data->identity);
    Loader(*data).load(root);
    if (options.approved &&
        std::find(options.approved->begin(), options.approved->end(), data->identity) == options.approved->end()) {
      result.error = fmt::format("flow {} (campaign '{}') is not on the approved list ({} approved)", data->identity,
                                 data->campaignId, options.approved->size());
      result.unapproved = true;
      return result;
    }
    data->snapshotKey = options.snapshotKey;
    result.flow = Flow(std::move(data));
  } catch (const LoadError& e) {
    result.error = utf8::sanitize(e.message);
  } catch (const std::bad_alloc&) {
    result.error = "out of memory while loading the flow";
  } catch (const std::exception& e) {
    result.error = fmt::format("invalid flow: {}", utf8::sanitize(e.what()));
  }
  return result;
}

} // namespace patter
