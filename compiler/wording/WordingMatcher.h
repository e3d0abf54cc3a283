// A multi-phrase matcher (Aho-Corasick) over normalised code points: one pass over a text
// finds every occurrence of every lexicon phrase, however many phrases there are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// One occurrence of a phrase: normalised code points [begin, end).
struct PhraseHit {
  uint32_t phrase;
  uint32_t begin;
  uint32_t end;
};

/// Add phrases, `build()` once, then `scan` any number of texts (const, so it may be shared).
///
/// The automaton is a full transition table (a DFA) over character classes: each code point
/// that occurs in some phrase gets a class, every other code point is class 0 and sends the
/// scan back to the root without touching the table. A text costs one table lookup per code
/// point that occurs in the lexicon and one class lookup (two loads) per code point.
class PhraseMatcher {
public:
  /// Adds a (normalised, non-empty) phrase and returns its id, counted from 0.
  uint32_t add(std::u32string_view phrase);
  void build();

  size_t phraseCount() const { return lengths_.size(); }
  size_t stateCount() const { return stateCount_; }

  /// Calls `onHit(PhraseHit)` for every occurrence of every phrase, overlapping ones included,
  /// in order of their end, shorter phrases first where several end at one point.
  template <typename OnHit> void scan(std::u32string_view text, OnHit onHit) const {
    uint32_t state = 0;
    for (uint32_t i = 0; i < text.size(); ++i) {
      char32_t cp = text[i];
      uint32_t cls = classOf(cp);
      if (cls == 0) {
        state = 0;
        continue;
      }
      state = next_[static_cast<size_t>(state) * classCount_ + cls];
      for (uint32_t o = outBegin_[state], e = outBegin_[state + 1]; o < e; ++o) {
        uint32_t phrase = out_[o];
        onHit(PhraseHit{phrase, i + 1 - lengths_[phrase], i + 1});
      }
    }
  }

  std::vector<PhraseHit> findAll(std::u32string_view text) const {
    std::vector<PhraseHit> hits;
    scan(text, [&](const PhraseHit &h) { hits.push_back(h); });
    return hits;
  }

private:
  static constexpr uint32_t kPageBits = 8;

  uint32_t classOf(char32_t cp) const {
    uint32_t page = cp >> kPageBits;
    if (page >= pageOf_.size())
      return classOfHigh(cp);
    uint32_t k = pageOf_[page];
    return k ? classPages_[((k - 1) << kPageBits) | (cp & ((1u << kPageBits) - 1))] : 0;
  }
  uint32_t classOfHigh(char32_t cp) const;

  // Build input: the trie with sparse children.
  struct Node {
    std::vector<std::pair<uint32_t, uint32_t>> children; ///< (class, node)
    std::vector<uint32_t> phrases;                       ///< phrases ending here
  };
  std::vector<Node> trie_{1};
  std::vector<std::u32string> pending_;

  // The built automaton.
  // Code point -> class below kDenseLimit, in pages of 256 code points: only the pages that
  // hold a phrase character are stored, a few dozen for a CJK lexicon, where one dense table
  // up to the largest CJK character took 160 KB to clear for every lexicon loaded.
  std::vector<uint16_t> pageOf_;     ///< per page: 0, or 1 + its index in classPages_
  std::vector<uint32_t> classPages_; ///< the stored pages, 256 classes each
  std::vector<std::pair<char32_t, uint32_t>> highClasses_; ///< sorted, for large code points
  uint32_t classCount_ = 1;
  uint32_t stateCount_ = 1;
  std::vector<uint32_t> next_;     ///< stateCount_ x classCount_
  std::vector<uint32_t> outBegin_; ///< stateCount_ + 1 offsets into out_
  std::vector<uint32_t> out_;      ///< phrase ids, own and via suffix links
  std::vector<uint32_t> lengths_;  ///< code points per phrase
};

} // namespace patter
