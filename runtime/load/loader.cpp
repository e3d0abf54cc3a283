// Loads a JSON call flow (docs/FLOW_FORMAT.md): decodes it into the lowered call flow
// (decode.cpp), then validates what it means and builds the runtime's indexed FlowData from it.
#include <algorithm>
#include <array>
#include <new>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "callflow/OpNames.h"
#include "decode.h"
#include "digest.h"
#include "flow_data.h"
#include "json_tape.h"
#include "load_error.h"
#include "patter/format.h"
#include "patter/identity.h"
#include "utf8.h"
#include "vocabulary/Vocabulary.h"

namespace patter {
namespace {

using namespace detail;
namespace cf = callflow;
namespace key = format::key;
namespace op = format::op;

/// A clause must say at least this many characters that are not punctuation or space.
constexpr std::size_t kMinClauseCharacters = 2;

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

/// Where a document the tape refused as too deep goes past JsonTape::kMaxDepth, for the message.
std::string tooDeep(std::string_view text) {
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
      if (++depth > static_cast<int>(JsonTape::kMaxDepth)) {
        return fmt::format("invalid JSON: nested deeper than {} levels at byte {}", JsonTape::kMaxDepth, i);
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return fmt::format("invalid JSON: nested deeper than {} levels", JsonTape::kMaxDepth);
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

  void load(const cf::CallFlow& f) {
    fillDefaults(d_);
    d_.campaignId = f.campaign.id;
    d_.title = f.campaign.title;
    for (const cf::Clause& c : f.clauses) {
      clauseIds_.emplace(c.id, static_cast<Index>(d_.clauseIds.size()));
      d_.clauseIds.push_back(c.id);
      d_.clauseTexts.push_back(c.text);
    }
    d_.nodes.reserve(f.steps.size() + f.objections.size());
    for (const cf::Node& n : f.steps) d_.nodes.emplace_back().id = addString(n.id);
    d_.stepCount = f.steps.size();
    for (const cf::Node& n : f.objections) {
      Node& node = d_.nodes.emplace_back();
      node.id = addString(n.id);
      node.isObjection = true;
    }
    policy(f);
    offer(f);
    internWellKnown();
    d_.start = f.start;
    for (std::size_t i = 0; i < f.steps.size(); ++i) node(f.steps[i], at(key::steps, i), static_cast<Index>(i));
    for (std::size_t i = 0; i < f.objections.size(); ++i) {
      node(f.objections[i], at(key::objections, i), static_cast<Index>(d_.stepCount + i));
    }
    std::tie(d_.firstHandler, d_.handlerCount) = routes(f.handlers);
    for (Index r = d_.firstHandler; r < d_.firstHandler + d_.handlerCount; ++r) {
      if (d_.routes[r].target.kind == Target::Kind::Node) d_.nodes[d_.routes[r].target.index].handlerTarget = true;
    }
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
    const Vocabulary words = vocabulary(f);
    d_.reader = ReplyReader(words, keywords_);
    if (const auto& filler = words.words[static_cast<std::size_t>(WordClass::Filler)]; !filler.empty()) {
      d_.filler = filler.front();
    }
    if (f.replies) lines(*f.replies);
  }

private:
  /// `replies.lines`: every runtime line, required when `replies` is there at all.
  void lines(const cf::Replies& r) {
    const Path rp(key::replies);
    const Path path = at(rp, key::lines);
    for (const auto& [name, text] : r.lines) {
      if (std::find(std::begin(kLineNames), std::end(kLineNames), name) == std::end(kLineNames)) {
        fail(at(path, name), fmt::format("unknown runtime line '{}'", utf8::sanitize(name)));
      }
    }
    for (std::size_t i = 0; i < kLineCount; ++i) {
      const auto it = std::find_if(r.lines.begin(), r.lines.end(), [&](const auto& l) { return l.first == kLineNames[i]; });
      if (it == r.lines.end()) fail(path, fmt::format("missing '{}'", kLineNames[i]));
      if (it->second.empty()) fail(at(path, kLineNames[i]), "empty runtime line");
      d_.lines[i] = it->second;
    }
  }

  /// The words of each reply class; none in a flow built without vocabularies, where no reply
  /// is ever understood, let alone a yes (the safe side).
  static Vocabulary vocabulary(const cf::CallFlow& f) {
    Vocabulary v;
    if (!f.replies) return v;
    for (const auto& [name, words] : f.replies->classes) {
      WordClass c;
      if (wordClassOf(name, c)) v.words[static_cast<std::size_t>(c)] = words;
    }
    return v;
  }

  void policy(const cf::CallFlow& f) {
    d_.mandatory.assign(d_.clauseIds.size(), true);
    if (!f.policy) return;
    const cf::Policy& p = *f.policy;
    const Path path(key::policy);
    const Path lp = at(path, key::limits);
    for (const auto& [name, v] : p.limits) {
      // Unknown counters are type-checked but otherwise ignored (compatibility policy).
      const vocab::Counter* c = vocab::find(vocab::kCounters, name);
      if (c == nullptr) continue;
      if (v > c->ceiling) fail(at(lp, name), fmt::format("{} exceeds the rules' cap of {} ({})", v, c->ceiling, c->rule));
      d_.limits.*kLimitFields[c - vocab::kCounters] = static_cast<std::uint32_t>(v);
    }
    if (p.timing) timing(*p.timing, at(path, key::timing));
    d_.recording = p.recording;
    d_.waitPhrase = p.waitPhrase;
    if (!p.mandatory.empty()) {
      // A non-empty list names exactly the mandatory clauses; an empty or absent one means all.
      const Path mp = at(path, key::mandatory);
      d_.mandatory.assign(d_.clauseIds.size(), false);
      for (std::size_t i = 0; i < p.mandatory.size(); ++i) {
        const Index c = clause(p.mandatory[i], at(mp, i));
        if (d_.mandatory[c]) fail(at(mp, i), fmt::format("clause '{}' listed twice", d_.clauseIds[c]));
        d_.mandatory[c] = true;
      }
    }
  }

  /// `policy.timing`: optional, in seconds. R14 bounds the callback settings: the first attempt
  /// more than 30 s after the call, at most 3 attempts, within 2 days.
  void timing(const std::vector<cf::Setting>& t, const Path& path) {
    for (const auto& [name, v] : t) {
      const vocab::TimingSetting* k = vocab::find(vocab::kTiming, name);
      if (k == nullptr) continue; // unknown settings are type-checked and ignored
      if (v < k->min || v > k->max) {
        fail(at(path, name), fmt::format("{} is out of range ({} to {}, {})", v, k->min, k->max, k->rule));
      }
      d_.timing.*kTimingFields[k - vocab::kTiming] = static_cast<std::uint32_t>(v);
    }
    if (d_.timing.callbackDelay > d_.timing.callbackWindow) {
      fail(at(path, vocab::timing(vocab::TimingId::callbackDelay).name), "the first callback attempt must fall inside the callback window");
    }
  }

  void offer(const cf::CallFlow& f) {
    d_.product = d_.title;
    if (!f.offer) return;
    for (const auto& [name, fact] : *f.offer) {
      offerFacts_.push_back(name);
      // What `register` registers: the text fact `product`, else the campaign title.
      if (name == format::fact::product && fact.type == cf::Fact::Type::Text) d_.product = fact.value;
    }
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

  Index addText(const std::string& text, const Path& path) {
    d_.textHasTemplate.push_back(checkTemplates(text, path));
    d_.texts.push_back(text);
    return static_cast<Index>(d_.texts.size() - 1);
  }

  Index clause(const std::string& id, const Path& path) {
    const auto it = clauseIds_.find(id);
    if (it == clauseIds_.end()) fail(path, fmt::format("unknown clause '{}'", id));
    return it->second;
  }

  Target target(const cf::Target& t) {
    switch (t.kind) {
    case cf::Target::Kind::Step: return {Target::Kind::Node, t.node};
    case cf::Target::Kind::Objection: return {Target::Kind::Node, static_cast<Index>(d_.stepCount + t.node)};
    case cf::Target::Kind::End: return {Target::Kind::End, intern(t.name)};
    case cf::Target::Kind::Resume: break;
    }
    return {Target::Kind::Resume, kNone};
  }

  /// Appends routes `event -> target`; returns their range in d_.routes.
  std::pair<Index, Index> routes(const std::vector<cf::Route>& list) {
    const auto first = static_cast<Index>(d_.routes.size());
    for (const cf::Route& r : list) {
      const Target t = target(r.target);
      d_.routes.push_back({intern(r.event), t});
    }
    return {first, static_cast<Index>(d_.routes.size() - first)};
  }

  void node(const cf::Node& n, const Path& path, Index index) {
    Node node = d_.nodes[index];
    node.firstAction = static_cast<Index>(d_.actions.size());
    const Path ap = at(path, key::actions);
    for (std::size_t i = 0; i < n.actions.size(); ++i) action(n.actions[i], at(ap, i), node);
    node.actionCount = static_cast<Index>(d_.actions.size() - node.firstAction);
    std::tie(node.firstRoute, node.routeCount) = routes(n.routes);
    if (n.next) node.next = target(*n.next);
    node.pitch = n.pitch;

    if (node.isObjection) {
      std::vector<std::string>& kws = keywords_.emplace_back();
      if (n.keywords) {
        const Path kp = at(path, key::keywords);
        for (std::size_t i = 0; i < n.keywords->size(); ++i) {
          const std::string& word = (*n.keywords)[i];
          const auto [it, fresh] = keywordOwner_.emplace(lowerAscii(word), node.id);
          if (!fresh) {
            fail(at(kp, i), fmt::format("keyword '{}' already belongs to objection '{}'", word, d_.strings[it->second]));
          }
          kws.push_back(word);
        }
      }
      node.retry = n.retry.value_or(false);
      node.exhausted = {Target::Kind::End, kDeclined};
      if (n.exhausted) {
        node.exhausted = target(*n.exhausted);
        if (node.exhausted.kind == Target::Kind::Resume ||
            (node.exhausted.kind == Target::Kind::Node && d_.nodes[node.exhausted.index].isObjection)) {
          fail(at(path, key::exhausted), "'exhausted' must lead to a step or an end, not to another objection or 'resume'");
        }
      }
      if (node.retry && node.wait != Wait::None) {
        fail(at(path, key::retry), "an objection that waits for a reply cannot also 'retry'");
      }
      d_.objectionSymbol.push_back(intern(d_.strings[node.id]));
    }
    if (node.wait == Wait::None && !node.ends && node.next.kind == Target::Kind::None && !node.retry) {
      fail(path, fmt::format("'{}' neither waits, ends, {}nor has 'next'", d_.strings[node.id],
                             node.isObjection ? "retries " : ""));
    }
    d_.nodes[index] = node;
  }

  void action(const cf::Action& a, const Path& path, Node& node) {
    if (node.ends) fail(path, "unreachable: follows 'end'");
    // The question is asked by `ask`; `verify_owner` or `confirm` right after it says what the
    // answer means. Anything else after a waiting action would be spoken before the reply.
    const bool qualifiesAsk = node.wait == Wait::Ask && (a.op == cf::Op::VerifyOwner || a.op == cf::Op::Confirm);
    if (node.wait != Wait::None && !qualifiesAsk) {
      fail(path, fmt::format("'{}' follows a waiting action; the action that waits for the reply must come last",
                             cf::opName(a.op)));
    }
    ActionDef def{a.op};
    switch (a.op) {
    case cf::Op::Say:
    case cf::Op::Ask:
      def.arg = addText(a.text, at(path, key::text));
      node.question = def.arg;
      if (a.op == cf::Op::Ask) node.wait = Wait::Ask;
      break;
    case cf::Op::Disclose: {
      const Path cp = at(path, key::clauses);
      def.first = static_cast<Index>(d_.clauseRefs.size());
      for (std::size_t i = 0; i < a.clauses.size(); ++i) d_.clauseRefs.push_back(clause(a.clauses[i], at(cp, i)));
      def.count = static_cast<Index>(a.clauses.size());
      break;
    }
    case cf::Op::VerifyOwner: node.wait = Wait::VerifyOwner; break;
    case cf::Op::Confirm: node.wait = Wait::Confirm; break;
    case cf::Op::Register: break;
    case cf::Op::Invoke:
      def.arg = addString(a.name);
      std::tie(def.first, def.count) = routes(a.results);
      node.wait = Wait::Invoke;
      node.invoke = static_cast<Index>(d_.actions.size());
      break;
    case cf::Op::End:
      def.arg = intern(a.outcome);
      node.ends = true;
      break;
    }
    d_.actions.push_back(def);
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
      if (!vocab::isClauseKind(kind)) continue;
      const auto it = clauseIds_.find(kind);
      if (it == clauseIds_.end() || !d_.mandatory[it->second]) {
        const Path offer(key::offer);
        fail(at(offer, kind), fmt::format("the offer states a {} but no mandatory clause '{}' discloses it (R02)", kind, kind));
      }
    }
  }

  /// The owner question names the called number by its first 3 and last 4 digits (R03); the
  /// confirmation names the product and carries the policy's recording notice (R04, R05).
  /// R12 counts the policy's wait phrase, folded as the compiler's path checks fold it.
  void markWaitPhrases() {
    d_.textIsWaitPhrase.assign(d_.texts.size(), false);
    const std::u32string phrase = foldedForMatching(d_.waitPhrase);
    if (phrase.empty()) return;
    for (std::size_t i = 0; i < d_.texts.size(); ++i) {
      d_.textIsWaitPhrase[i] = foldedForMatching(d_.texts[i]).find(phrase) != std::u32string::npos;
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

  /// A host call that did not say it succeeded (`insufficient`, `timeout`, `fail`, ...) never
  /// leads straight to a sale (R21).
  void checkFailedResults() {
    d_.failedResult.assign(d_.symbols.size(), true);
    for (const vocab::HostResultInfo& r : vocab::kHostResults) {
      if (const Index s = d_.symbolOf(r.name); r.succeeded && s != kNone) d_.failedResult[s] = false;
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
                 fmt::format("the result '{}' of '{}' does not say it succeeded, and leads to the sale in '{}' (R21)", d_.symbols[d_.routes[r].event],
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
  using IdMap = std::unordered_map<std::string, Index, StringHash, std::equal_to<>>;
  IdMap clauseIds_;
  IdMap keywordOwner_;
  std::vector<std::vector<std::string>> keywords_;
  std::vector<std::string> offerFacts_;
};

} // namespace

LoadResult Flow::load(std::string_view text, const LoadOptions& options) {
  LoadResult result;
  try {
    if (text.size() > kMaxFlowBytes) {
      result.error = fmt::format("the flow is {} bytes, over the limit of {} bytes", text.size(), kMaxFlowBytes);
      return result;
    }
    const JsonTape tape(text);
    if (!tape.error().empty()) {
      result.error = tape.tooDeep() ? tooDeep(text) : "invalid JSON: " + utf8::sanitize(tape.error());
      return result;
    }
    auto data = std::make_shared<FlowData>();
    CanonicalFlow canonical = canonicalFlow(tape, true);
    data->identity = sha256Identity(canonical.text);
    data->parts = std::move(canonical.parts);
    checkIdentity(tape, data->identity);
    Loader(*data).load(decodeFlow(tape));
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
