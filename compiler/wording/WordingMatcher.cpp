// Aho-Corasick construction: trie, breadth-first failure links, then a full transition table.
#include "WordingMatcher.h"

#include <algorithm>
#include <deque>

namespace patter {

namespace {
/// Code points below this get a dense class table; CJK and Latin phrases stay well below it.
constexpr char32_t kDenseLimit = 0x30000;
} // namespace

uint32_t PhraseMatcher::add(std::u32string_view phrase) {
  pending_.emplace_back(phrase);
  lengths_.push_back(static_cast<uint32_t>(phrase.size()));
  return static_cast<uint32_t>(lengths_.size() - 1);
}

uint32_t PhraseMatcher::classOfHigh(char32_t cp) const {
  auto it = std::lower_bound(highClasses_.begin(), highClasses_.end(), cp,
                             [](const auto &entry, char32_t c) { return entry.first < c; });
  return it != highClasses_.end() && it->first == cp ? it->second : 0;
}

void PhraseMatcher::build() {
  // Classes, in code point order so that a build is deterministic.
  std::vector<char32_t> alphabet;
  for (const std::u32string &p : pending_)
    alphabet.insert(alphabet.end(), p.begin(), p.end());
  std::sort(alphabet.begin(), alphabet.end());
  alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
  classCount_ = static_cast<uint32_t>(alphabet.size() + 1);
  char32_t denseMax = 0;
  for (char32_t cp : alphabet)
    if (cp < kDenseLimit)
      denseMax = std::max(denseMax, cp);
  pageOf_.assign(alphabet.empty() ? 0 : (denseMax >> kPageBits) + 1, 0);
  classPages_.clear();
  highClasses_.clear();
  auto classOf = [&](char32_t cp) {
    return static_cast<uint32_t>(std::lower_bound(alphabet.begin(), alphabet.end(), cp) -
                                 alphabet.begin() + 1);
  };
  for (char32_t cp : alphabet) {
    if (cp >= kDenseLimit) {
      highClasses_.emplace_back(cp, classOf(cp));
      continue;
    }
    uint16_t &k = pageOf_[cp >> kPageBits];
    if (!k) {
      classPages_.resize(classPages_.size() + (1u << kPageBits), 0);
      k = static_cast<uint16_t>(classPages_.size() >> kPageBits);
    }
    classPages_[((k - 1u) << kPageBits) | (cp & ((1u << kPageBits) - 1))] = classOf(cp);
  }

  // The trie.
  trie_.assign(1, Node{});
  for (uint32_t id = 0; id < pending_.size(); ++id) {
    uint32_t node = 0;
    for (char32_t cp : pending_[id]) {
      uint32_t cls = classOf(cp);
      auto &children = trie_[node].children;
      auto it = std::find_if(children.begin(), children.end(),
                             [&](const auto &c) { return c.first == cls; });
      if (it != children.end()) {
        node = it->second;
      } else {
        uint32_t child = static_cast<uint32_t>(trie_.size());
        children.emplace_back(cls, child);
        trie_.emplace_back();
        node = child;
      }
    }
    trie_[node].phrases.push_back(id);
  }
  stateCount_ = static_cast<uint32_t>(trie_.size());

  // Breadth-first: each state's transitions are its trie children, else its failure state's.
  next_.assign(static_cast<size_t>(stateCount_) * classCount_, 0);
  std::vector<uint32_t> fail(stateCount_, 0);
  std::vector<std::vector<uint32_t>> outputs(stateCount_);
  std::deque<uint32_t> queue;
  for (const auto &[cls, child] : trie_[0].children) {
    next_[cls] = child;
    queue.push_back(child);
  }
  // Empty phrases are refused by the lexicon; the root reports nothing.
  outputs[0].clear();
  while (!queue.empty()) {
    uint32_t state = queue.front();
    queue.pop_front();
    outputs[state] = trie_[state].phrases;
    const auto &inherited = outputs[fail[state]];
    outputs[state].insert(outputs[state].end(), inherited.begin(), inherited.end());
    uint32_t *row = &next_[static_cast<size_t>(state) * classCount_];
    const uint32_t *failRow = &next_[static_cast<size_t>(fail[state]) * classCount_];
    std::copy(failRow, failRow + classCount_, row);
    for (const auto &[cls, child] : trie_[state].children) {
      fail[child] = failRow[cls];
      row[cls] = child;
      queue.push_back(child);
    }
  }

  outBegin_.assign(stateCount_ + 1, 0);
  out_.clear();
  for (uint32_t s = 0; s < stateCount_; ++s) {
    auto &o = outputs[s];
    std::stable_sort(o.begin(), o.end(),
                     [&](uint32_t a, uint32_t b) { return lengths_[a] < lengths_[b]; });
    outBegin_[s] = static_cast<uint32_t>(out_.size());
    out_.insert(out_.end(), o.begin(), o.end());
  }
  outBegin_[stateCount_] = static_cast<uint32_t>(out_.size());
  pending_.clear();
  trie_.clear();
}

} // namespace patter
