// The flow's JSON (docs/FLOW_FORMAT.md) into callflow::CallFlow: types, required members,
// unique ids and resolved targets, each error at its JSON path.
#include "decode.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "load_error.h"
#include "patter/format.h"
#include "patter/identity.h"
#include "patter/reply_reader.h"
#include "utf8.h"
#include "vocabulary/Vocabulary.h"

namespace patter::detail {
namespace {

using Value = JsonTape::Value;
using Kind = JsonTape::Kind;
namespace cf = callflow;
namespace key = format::key;
namespace op = format::op;

/// Ceiling for any integer read as a count, and for source positions.
constexpr std::uint64_t kMaxCounter = 1000;
constexpr std::uint64_t kMaxPosition = 100000000;
/// The widest range of any timing setting (vocabulary/Timing.def): a value beyond it is out of
/// range whatever it sets; the loader checks each setting's own range.
std::uint64_t widestTiming() {
  std::uint64_t widest = 0;
  for (const vocab::TimingSetting& k : vocab::kTiming) widest = std::max<std::uint64_t>(widest, k.max);
  return widest;
}

std::string_view kindOf(const Value& j) {
  switch (j.kind()) {
  case Kind::Object: return "an object";
  case Kind::Array: return "an array";
  case Kind::String: return "a string";
  case Kind::Boolean: return "a boolean";
  case Kind::Integer:
  case Kind::Unsigned: return "an integer";
  case Kind::Float: return "a floating-point number";
  case Kind::Null: return "null";
  case Kind::Key: break;
  }
  return "an unknown value";
}

[[noreturn]] void wrongType(const Path& path, std::string_view expected, const Value& j) {
  fail(path, fmt::format("expected {}, found {}", expected, kindOf(j)));
}

Value object(Value j, const Path& path) {
  if (!j.is_object()) wrongType(path, "an object", j);
  return j;
}
Value array(Value j, const Path& path) {
  if (!j.is_array()) wrongType(path, "an array", j);
  return j;
}
std::string string(const Value& j, const Path& path) {
  if (!j.is_string()) wrongType(path, "a string", j);
  return std::string(j.string());
}
std::string identifier(const Value& j, const Path& path) {
  std::string s = string(j, path);
  if (s.empty()) fail(path, "must not be empty");
  return s;
}
bool boolean(const Value& j, const Path& path) {
  if (!j.is_boolean()) wrongType(path, "a boolean", j);
  return j.boolean();
}
std::uint64_t count(const Value& j, const Path& path, std::uint64_t max) {
  std::uint64_t v = 0;
  if (j.is_number_unsigned()) {
    v = j.unsignedValue();
  } else if (j.is_number_integer()) {
    const auto s = j.integerValue();
    if (s < 0) fail(path, fmt::format("must not be negative, found {}", s));
    v = static_cast<std::uint64_t>(s);
  } else {
    wrongType(path, "a non-negative integer", j);
  }
  if (v > max) fail(path, fmt::format("{} is out of range (at most {})", v, max));
  return v;
}

std::optional<Value> find(const Value& obj, std::string_view k) { return obj.find(k); }
Value require(const Value& obj, const Path& path, std::string_view k) {
  const std::optional<Value> j = obj.find(k);
  if (!j) fail(path, fmt::format("missing '{}'", k));
  return *j;
}
std::optional<std::string> stringOrNull(const std::optional<Value>& j, const Path& path) {
  if (!j || j->is_null()) return std::nullopt;
  return string(*j, path);
}

/// An identity as written: `sha256:` and 64 lower-case hex digits.
bool wellFormedIdentity(std::string_view s) {
  if (!s.starts_with(kIdentityPrefix) || s.size() != kIdentityPrefix.size() + 64) return false;
  return std::all_of(s.begin() + kIdentityPrefix.size(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

class Decoder {
public:
  cf::CallFlow decode(const Value& root) {
    object(root, "");
    header(root);
    if (const std::optional<Value> s = find(root, key::sources)) {
      array(*s, key::sources);
      auto& list = flow_.sources.emplace();
      const std::vector<Value> items = s->elements();
      for (std::size_t i = 0; i < items.size(); ++i) list.push_back(string(items[i], at(key::sources, i)));
    }
    clauses(require(root, "", key::clauses));
    collectIds(root);
    if (const std::optional<Value> p = find(root, key::policy); p && !p->is_null()) policy(*p);
    if (const std::optional<Value> o = find(root, key::offer)) offer(*o);

    const std::string& start = identifier(require(root, "", key::start), key::start);
    const auto st = stepIds_.find(start);
    if (st == stepIds_.end()) fail(key::start, fmt::format("unknown step '{}'", start));
    flow_.start = st->second;

    const std::vector<Value> steps = find(root, key::steps)->elements();
    for (std::size_t i = 0; i < steps.size(); ++i) node(steps[i], at(key::steps, i), flow_.steps[i], false);
    if (const std::optional<Value> objs = find(root, key::objections)) {
      const std::vector<Value> list = objs->elements();
      for (std::size_t i = 0; i < list.size(); ++i) node(list[i], at(key::objections, i), flow_.objections[i], true);
    }
    if (const std::optional<Value> h = find(root, key::handlers)) flow_.handlers = routes(*h, key::handlers);
    if (const std::optional<Value> w = find(root, key::waivers)) waivers(*w);
    if (const std::optional<Value> id = find(root, key::identity)) {
      cf::Identity& i = flow_.identity.emplace();
      for (auto [field, k] : {std::pair{&i.flow, key::flow}, {&i.policy, key::policy}, {&i.lexicon, key::lexicon}}) {
        if (const std::optional<Value> v = find(*id, k)) *field = string(*v, at(key::identity, k));
      }
    }
    if (const std::optional<Value> r = find(root, key::replies)) replies(*r);
    return std::move(flow_);
  }

private:
  void header(const Value& root) {
    const std::string& fmtName = string(require(root, "", key::format), key::format);
    if (fmtName != format::kFormatName) {
      fail(key::format, fmt::format("expected \"{}\", found \"{}\"", format::kFormatName, fmtName));
    }
    const Value& v = require(root, "", key::version);
    if (!v.is_number_integer()) wrongType(key::version, "an integer", v);
    if (!(v.is_number_unsigned() ? v.unsignedValue() == format::kVersion
                                 : v.integerValue() == format::kVersion)) {
      fail(key::version, fmt::format("unsupported version {} (this runtime reads version {})", v.dumpNumber(),
                                     format::kVersion));
    }
    const Path path(key::campaign);
    const Value& c = object(require(root, "", key::campaign), path);
    cf::Campaign& campaign = flow_.campaign;
    campaign.id = identifier(require(c, path, key::id), at(path, key::id));
    campaign.title = string(require(c, path, key::title), at(path, key::title));
    campaign.channel = string(require(c, path, key::channel), at(path, key::channel));
    static constexpr std::array<std::string_view, 4> kChannels = {"outbound", "inbound", "online", "followup"};
    if (std::find(kChannels.begin(), kChannels.end(), campaign.channel) == kChannels.end()) {
      fail(at(path, key::channel),
           fmt::format("unknown channel '{}' (expected outbound, inbound, online or followup)", campaign.channel));
    }
    campaign.policy = stringOrNull(find(c, key::policy), at(path, key::policy));
  }

  std::optional<cf::Source> source(const Value& owner, const Path& ownerPath) {
    const std::optional<Value> s = find(owner, key::source);
    if (!s) return std::nullopt;
    const Path path = at(ownerPath, key::source);
    object(*s, path);
    cf::Source r;
    r.file = count(require(*s, path, key::file), at(path, key::file), kMaxPosition);
    if (flow_.sources && r.file >= flow_.sources->size()) {
      fail(at(path, key::file), fmt::format("file index {} but 'sources' has {} entries", r.file, flow_.sources->size()));
    }
    for (auto [field, k] : {std::pair{&r.line, key::line}, {&r.column, key::column}}) {
      *field = count(require(*s, path, k), at(path, k), kMaxPosition);
      if (*field == 0) fail(at(path, k), "must be at least 1");
    }
    return r;
  }

  void clauses(const Value& clauses) {
    const Path path(key::clauses);
    const std::vector<Value> list = array(clauses, path).elements();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Path p = at(path, i);
      const Value c = object(list[i], p);
      cf::Clause& clause = flow_.clauses.emplace_back();
      clause.id = identifier(require(c, p, key::id), at(p, key::id));
      clause.text = string(require(c, p, key::text), at(p, key::text));
      clause.source = source(c, p);
      if (!clauseIds_.emplace(clause.id, static_cast<cf::Index>(i)).second) {
        fail(at(p, key::id), fmt::format("duplicate clause id '{}'", clause.id));
      }
    }
  }

  /// First pass over steps and objections: ids, so that targets can refer forward.
  void collectIds(const Value& root) {
    const Path sp(key::steps);
    const std::vector<Value> steps = array(require(root, "", key::steps), sp).elements();
    if (steps.empty()) fail(sp, "a flow needs at least one step");
    flow_.steps.resize(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Path p = at(sp, i);
      const std::string& id = identifier(require(object(steps[i], p), p, key::id), at(p, key::id));
      if (const auto [it, fresh] = stepIds_.emplace(id, static_cast<cf::Index>(i)); !fresh) {
        fail(at(p, key::id), fmt::format("duplicate step id '{}' (also steps[{}])", id, it->second));
      }
      flow_.steps[i].id = id;
    }
    const std::optional<Value> objs = find(root, key::objections);
    if (!objs) return;
    const Path op(key::objections);
    const std::vector<Value> list = array(*objs, op).elements();
    flow_.objections.resize(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Path p = at(op, i);
      const std::string& id = identifier(require(object(list[i], p), p, key::id), at(p, key::id));
      if (const auto [it, fresh] = objectionIds_.emplace(id, static_cast<cf::Index>(i)); !fresh) {
        fail(at(p, key::id), fmt::format("duplicate objection id '{}' (also objections[{}])", id, it->second));
      }
      flow_.objections[i].id = id;
    }
  }

  std::vector<cf::Setting> settings(const Value& j, const Path& path, std::uint64_t max) {
    object(j, path);
    std::vector<cf::Setting> list;
    for (const auto& [name, value] : j.members()) list.emplace_back(std::string(name), count(value, at(path, name), max));
    return list;
  }

  void policy(const Value& pj) {
    const Path path(key::policy);
    const Value& p = object(pj, path);
    cf::Policy& policy = flow_.policy.emplace();
    policy.id = stringOrNull(find(p, key::id), at(path, key::id));
    if (const std::optional<Value> l = find(p, key::limits)) policy.limits = settings(*l, at(path, key::limits), kMaxCounter);
    if (const std::optional<Value> t = find(p, key::timing)) policy.timing = settings(*t, at(path, key::timing), widestTiming());
    if (const std::optional<Value> r = find(p, key::recording)) policy.recording = identifier(*r, at(path, key::recording));
    if (const std::optional<Value> w = find(p, key::waitPhrase)) policy.waitPhrase = identifier(*w, at(path, key::waitPhrase));
    if (const std::optional<Value> m = find(p, key::mandatory)) {
      const Path mp = at(path, key::mandatory);
      const std::vector<Value> list = array(*m, mp).elements();
      for (std::size_t i = 0; i < list.size(); ++i) policy.mandatory.push_back(identifier(list[i], at(mp, i)));
    }
  }

  void offer(const Value& oj) {
    const Path path(key::offer);
    object(oj, path);
    auto& facts = flow_.offer.emplace();
    for (const auto& [name, fact] : oj.members()) {
      const Path p = at(path, name);
      object(fact, p);
      cf::Fact f;
      const std::string& type = string(require(fact, p, key::type), at(p, key::type));
      namespace ft = format::factType;
      if (type == ft::text || type == ft::enumeration) {
        f.type = type == ft::text ? cf::Fact::Type::Text : cf::Fact::Type::Enum;
        f.value = string(require(fact, p, key::value), at(p, key::value));
      } else if (type == ft::money || type == ft::duration) {
        f.type = type == ft::money ? cf::Fact::Type::Money : cf::Fact::Type::Duration;
        const Value& amount = require(fact, p, key::amount);
        if (!amount.is_number()) wrongType(at(p, key::amount), "a number", amount);
        if (amount.number() < 0) fail(at(p, key::amount), "must not be negative");
        f.amount = amount.dumpNumber();
        f.unit = identifier(require(fact, p, key::unit), at(p, key::unit));
        if (type == ft::duration && f.unit != "day" && f.unit != "week" && f.unit != "month" && f.unit != "year") {
          fail(at(p, key::unit), fmt::format("unknown duration unit '{}' (expected day, week, month or year)", f.unit));
        }
        if (type == ft::money) {
          if (const std::optional<Value> per = find(fact, key::per); per && !per->is_null()) {
            f.per = identifier(*per, at(p, key::per));
          }
        }
      } else {
        fail(at(p, key::type), fmt::format("unknown fact type '{}' (expected text, money, duration or enum)", type));
      }
      facts.emplace_back(std::string(name), std::move(f));
    }
  }

  cf::Target target(const Value& j, const Path& path) {
    object(j, path);
    const std::optional<Value> step = find(j, key::step);
    const std::optional<Value> end = find(j, key::end);
    const std::optional<Value> objection = find(j, key::objection);
    const std::optional<Value> resume = find(j, key::resume);
    if (step.has_value() + end.has_value() + objection.has_value() + resume.has_value() != 1) {
      fail(path, "a target needs exactly one of 'step', 'end', 'objection' or 'resume'");
    }
    if (step) {
      const std::string& id = identifier(*step, at(path, key::step));
      const auto it = stepIds_.find(id);
      if (it == stepIds_.end()) fail(path, fmt::format("unknown step '{}'", id));
      return {cf::Target::Kind::Step, it->second, id};
    }
    if (objection) {
      const std::string& id = identifier(*objection, at(path, key::objection));
      const auto it = objectionIds_.find(id);
      if (it == objectionIds_.end()) fail(path, fmt::format("unknown objection '{}'", id));
      return {cf::Target::Kind::Objection, it->second, id};
    }
    if (end) return {cf::Target::Kind::End, cf::kUnresolved, identifier(*end, at(path, key::end))};
    if (!boolean(*resume, at(path, key::resume))) fail(at(path, key::resume), "must be true");
    return {cf::Target::Kind::Resume, cf::kUnresolved, {}};
  }

  /// An object `event -> target`, in event order.
  std::vector<cf::Route> routes(const Value& j, const Path& path) {
    object(j, path);
    std::vector<cf::Route> list;
    for (const auto& [event, t] : j.members()) {
      const Path p = at(path, event);
      if (event.empty()) fail(path, "an event name must not be empty");
      cf::Target target = this->target(t, p);
      list.push_back({std::string(event), std::move(target)});
    }
    return list;
  }

  void node(const Value& j, const Path& path, cf::Node& node, bool isObjection) {
    node.source = source(j, path);
    const Path ap = at(path, key::actions);
    const std::vector<Value> actions = array(require(j, path, key::actions), ap).elements();
    for (std::size_t i = 0; i < actions.size(); ++i) node.actions.push_back(action(actions[i], at(ap, i)));
    if (const std::optional<Value> r = find(j, key::routes)) node.routes = routes(*r, at(path, key::routes));
    if (const std::optional<Value> nx = find(j, key::next)) node.next = target(*nx, at(path, key::next));
    if (const std::optional<Value> p = find(j, key::pitch)) node.pitch = boolean(*p, at(path, key::pitch));
    if (const std::optional<Value> r = find(j, key::retry)) node.retry = boolean(*r, at(path, key::retry));
    if (!isObjection) return;
    if (const std::optional<Value> k = find(j, key::keywords)) {
      const Path kp = at(path, key::keywords);
      const std::vector<Value> list = array(*k, kp).elements();
      auto& words = node.keywords.emplace();
      for (std::size_t i = 0; i < list.size(); ++i) words.push_back(identifier(list[i], at(kp, i)));
    }
    if (const std::optional<Value> e = find(j, key::exhausted)) node.exhausted = target(*e, at(path, key::exhausted));
  }

  cf::Action action(const Value& j, const Path& path) {
    object(j, path);
    const std::string& name = string(require(j, path, key::op), at(path, key::op));
    cf::Action a;
    a.source = source(j, path);
    if (name == op::say || name == op::ask) {
      a.op = name == op::say ? cf::Op::Say : cf::Op::Ask;
      a.text = string(require(j, path, key::text), at(path, key::text));
    } else if (name == op::disclose) {
      a.op = cf::Op::Disclose;
      const Path cp = at(path, key::clauses);
      const std::vector<Value> list = array(require(j, path, key::clauses), cp).elements();
      if (list.empty()) fail(cp, "'disclose' needs at least one clause");
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string& id = identifier(list[i], at(cp, i));
        if (!clauseIds_.count(id)) fail(at(cp, i), fmt::format("unknown clause '{}'", id));
        a.clauses.push_back(id);
      }
    } else if (name == op::verifyOwner) {
      a.op = cf::Op::VerifyOwner;
    } else if (name == op::confirm) {
      a.op = cf::Op::Confirm;
    } else if (name == op::registerSale) {
      a.op = cf::Op::Register;
    } else if (name == op::invoke) {
      a.op = cf::Op::Invoke;
      a.name = identifier(require(j, path, key::name), at(path, key::name));
      if (const std::optional<Value> r = find(j, key::results)) a.results = routes(*r, at(path, key::results));
    } else if (name == op::end) {
      a.op = cf::Op::End;
      a.outcome = identifier(require(j, path, key::outcome), at(path, key::outcome));
    } else {
      fail(at(path, key::op), fmt::format("unknown op '{}'", name));
    }
    return a;
  }

  void waivers(const Value& waivers) {
    const Path path(key::waivers);
    const std::vector<Value> w = array(waivers, path).elements();
    for (std::size_t i = 0; i < w.size(); ++i) {
      const Path p = at(path, i);
      object(w[i], p);
      cf::Waiver& waiver = flow_.waivers.emplace_back();
      waiver.rule = identifier(require(w[i], p, key::rule), at(p, key::rule));
      waiver.reason = identifier(require(w[i], p, key::reason), at(p, key::reason));
      waiver.step = stringOrNull(find(w[i], key::step), at(p, key::step));
      waiver.source = source(w[i], p);
    }
  }

  /// `replies`: the words of each class of replies.def, and the runtime lines (which must be
  /// there when `replies` is). Absent in a flow built without vocabularies: then no reply is
  /// ever understood, let alone a yes (the safe side).
  void replies(const Value& rj) {
    const Path path(key::replies);
    object(rj, path);
    cf::Replies& r = flow_.replies.emplace();
    if (const std::optional<Value> classes = find(rj, key::classes)) {
      const Path cp = at(path, key::classes);
      object(*classes, cp);
      for (const auto& [name, words] : classes->members()) {
        WordClass c;
        const Path p = at(cp, name);
        if (!wordClassOf(name, c)) fail(p, fmt::format("unknown reply class '{}'", utf8::sanitize(name)));
        const std::vector<Value> items = array(words, p).elements();
        auto& list = r.classes.emplace_back(std::string(name), std::vector<std::string>{}).second;
        for (std::size_t i = 0; i < items.size(); ++i) {
          const std::string& w = string(items[i], at(p, i));
          if (w.empty()) fail(at(p, i), "empty reply word");
          list.push_back(w);
        }
      }
    }
    const Path lp = at(path, key::lines);
    const Value& lines = object(require(rj, path, key::lines), lp);
    for (const auto& [name, text] : lines.members()) r.lines.emplace_back(std::string(name), string(text, at(lp, name)));
  }

  cf::CallFlow flow_;
  using IdMap = std::unordered_map<std::string, cf::Index>;
  IdMap stepIds_, objectionIds_, clauseIds_;
};

} // namespace

cf::CallFlow decodeFlow(const JsonTape& tape) { return Decoder().decode(tape.root()); }

void checkIdentity(const JsonTape& tape, const std::string& actual) {
  const Value root = tape.root();
  const std::optional<Value> id = find(root, key::identity);
  if (!id) return;
  const Path path(key::identity);
  object(*id, path);
  for (const auto& [name, value] : id->members()) {
    const Path p = at(path, name);
    if (!wellFormedIdentity(string(value, p))) fail(p, "expected \"sha256:\" and 64 lower-case hex digits");
  }
  const std::string& claimed = string(require(*id, path, key::flow), at(path, key::flow));
  if (claimed != actual) {
    fail(at(path, key::flow), fmt::format("the content's identity is {}: the flow was changed after it was built", actual));
  }
}

} // namespace patter::detail
