// The reply classifier: an Aho-Corasick automaton over UTF-8 bytes (see classifier.h).
#include "patter/classifier.h"

#include <deque>
#include <map>

#include "utf8.h"

namespace patter {
namespace {

const std::vector<std::string_view> kYes = {"是", "是的", "对", "对的", "好", "好的", "可以",
                                            "行", "同意", "没问题", "办吧", "要"};
// The brief's list plus the negations of yes words, so that `不好` beats `好`, `不同意` beats
// `同意` and `不想要` beats `要`.
const std::vector<std::string_view> kNo = {
    "不",   "不要",   "不用",   "不需要", "不是",   "不行", "算了",   "没兴趣", "不办",
    "不想", "不想要", "不感兴趣", "不考虑", "不同意", "不可以", "不好", "不对", "没有兴趣"};
const std::vector<std::string_view> kFiller = {"嗯", "啊", "哦", "噢", "呃", "额", "嗯嗯", "恩"};

bool isFillerChar(char32_t c) noexcept {
  switch (c) {
  case U'嗯': case U'啊': case U'哦': case U'噢': case U'呃': case U'额': case U'恩':
    return true;
  default:
    return false;
  }
}

std::uint8_t fold(char ch) noexcept {
  const auto b = static_cast<std::uint8_t>(ch);
  return (b >= 'A' && b <= 'Z') ? static_cast<std::uint8_t>(b + ('a' - 'A')) : b;
}

int rank(ReplyClass kind) noexcept {
  switch (kind) {
  case ReplyClass::Objection: return 3;
  case ReplyClass::No: return 2;
  case ReplyClass::Yes: return 1;
  default: return 0;
  }
}

} // namespace

std::string_view toString(ReplyClass kind) noexcept {
  switch (kind) {
  case ReplyClass::Yes: return "yes";
  case ReplyClass::No: return "no";
  case ReplyClass::Filler: return "filler";
  case ReplyClass::Objection: return "objection";
  case ReplyClass::Unclear: return "unclear";
  }
  return "unclear";
}

const std::vector<std::string_view>& Classifier::yesWords() { return kYes; }
const std::vector<std::string_view>& Classifier::noWords() { return kNo; }
const std::vector<std::string_view>& Classifier::fillerWords() { return kFiller; }

Classifier::Classifier() : Classifier(std::vector<std::vector<std::string>>{}) {}

Classifier::Classifier(const std::vector<std::vector<std::string>>& objectionKeywords) {
  // Build a plain trie first, then flatten it into sorted edge lists.
  struct BuildNode {
    std::map<std::uint8_t, std::uint32_t> next;
    std::uint32_t pattern = kNoPattern;
  };
  std::vector<BuildNode> trie(1);
  const auto add = [&](std::string_view word, ReplyClass kind, std::uint32_t objection) {
    if (word.empty()) return;
    std::uint32_t n = 0;
    for (const char ch : word) {
      const std::uint8_t b = fold(ch);
      const auto it = trie[n].next.find(b);
      if (it != trie[n].next.end()) {
        n = it->second;
      } else {
        const auto m = static_cast<std::uint32_t>(trie.size());
        trie[n].next.emplace(b, m);
        trie.emplace_back();
        n = m;
      }
    }
    const auto index = static_cast<std::uint32_t>(patterns_.size());
    patterns_.push_back({kind, objection, static_cast<std::uint32_t>(utf8::length(word)),
                         static_cast<std::uint32_t>(word.size())});
    if (trie[n].pattern == kNoPattern || better(index, trie[n].pattern)) trie[n].pattern = index;
  };
  for (const auto w : kYes) add(w, ReplyClass::Yes, 0);
  for (const auto w : kNo) add(w, ReplyClass::No, 0);
  for (std::size_t i = 0; i < objectionKeywords.size(); ++i) {
    for (const auto& w : objectionKeywords[i]) add(w, ReplyClass::Objection, static_cast<std::uint32_t>(i));
  }

  nodes_.resize(trie.size());
  for (std::size_t n = 0; n < trie.size(); ++n) {
    nodes_[n].firstEdge = static_cast<std::uint32_t>(edges_.size());
    nodes_[n].edgeCount = static_cast<std::uint32_t>(trie[n].next.size());
    for (const auto& [byte, target] : trie[n].next) edges_.push_back({byte, target});
  }

  // Breadth-first: fail links, and the best pattern ending at each node (own or via fail link).
  std::deque<std::uint32_t> queue;
  nodes_[0].best = trie[0].pattern;
  for (const auto& [byte, target] : trie[0].next) {
    nodes_[target].fail = 0;
    queue.push_back(target);
  }
  while (!queue.empty()) {
    const std::uint32_t u = queue.front();
    queue.pop_front();
    const std::uint32_t viaFail = nodes_[nodes_[u].fail].best;
    const std::uint32_t own = trie[u].pattern;
    nodes_[u].best = own;
    if (viaFail != kNoPattern && (own == kNoPattern || better(viaFail, own))) nodes_[u].best = viaFail;
    for (const auto& [byte, v] : trie[u].next) {
      std::uint32_t f = nodes_[u].fail;
      std::uint32_t c = child(f, byte);
      while (c == kNoPattern && f != 0) {
        f = nodes_[f].fail;
        c = child(f, byte);
      }
      nodes_[v].fail = (c == kNoPattern) ? 0 : c;
      queue.push_back(v);
    }
  }
}

bool Classifier::better(std::uint32_t candidate, std::uint32_t incumbent) const noexcept {
  const Pattern& a = patterns_[candidate];
  const Pattern& b = patterns_[incumbent];
  if (a.codePoints != b.codePoints) return a.codePoints > b.codePoints;
  return rank(a.kind) > rank(b.kind);
}

std::uint32_t Classifier::child(std::uint32_t node, std::uint8_t byte) const noexcept {
  const Node& n = nodes_[node];
  // Edge lists are short (one per distinct next byte); a linear scan beats a binary search.
  for (std::uint32_t e = n.firstEdge, end = n.firstEdge + n.edgeCount; e < end; ++e) {
    if (edges_[e].byte == byte) return edges_[e].target;
    if (edges_[e].byte > byte) break;
  }
  return kNoPattern;
}

Classification Classifier::classify(std::string_view reply) const noexcept {
  std::uint32_t state = 0;
  std::uint32_t best = kNoPattern;
  std::size_t bestEnd = 0;
  for (std::size_t i = 0; i < reply.size(); ++i) {
    const std::uint8_t b = fold(reply[i]);
    for (;;) {
      const std::uint32_t c = child(state, b);
      if (c != kNoPattern) {
        state = c;
        break;
      }
      if (state == 0) break;
      state = nodes_[state].fail;
    }
    const std::uint32_t p = nodes_[state].best;
    if (p != kNoPattern && (best == kNoPattern || better(p, best))) {
      best = p;
      bestEnd = i + 1;
    }
  }
  if (best != kNoPattern) {
    const Pattern& p = patterns_[best];
    return {p.kind, p.objection, reply.substr(bestEnd - p.bytes, p.bytes)};
  }

  // No yes/no/objection word: filler if only filler characters, punctuation and spaces.
  std::size_t first = std::string_view::npos;
  std::size_t last = 0;
  for (std::size_t i = 0; i < reply.size();) {
    const std::size_t begin = i;
    const char32_t c = utf8::decode(reply, i);
    if (c != utf8::kInvalid && isFillerChar(c)) {
      if (first == std::string_view::npos) first = begin;
      last = i;
    } else if (c == utf8::kInvalid || !utf8::isPunctuationOrSpace(c)) {
      return {ReplyClass::Unclear, 0, {}};
    }
  }
  if (first == std::string_view::npos) return {ReplyClass::Unclear, 0, {}};
  return {ReplyClass::Filler, 0, reply.substr(first, last - first)};
}

} // namespace patter
