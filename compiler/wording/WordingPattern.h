// Lexicon phrases as small patterns: alternatives, bounded gaps and clause anchors, matched in
// one pass over normalised text.
#pragma once

#include "Normalize.h"
#include "WordingMatcher.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// A set of patterns, each written as a phrase that may use
///
/// - `(A|B|C)`: one of the alternatives (which may be empty, `(有|)`, and may nest);
/// - `…` (or `...`): a gap of at most kGapLength code points inside one clause;
/// - `^` at the start, `$` at the end: the match begins (ends) a clause.
///
/// Everything else is text, normalised as spoken text is (Normalizer). Punctuation that ends a
/// clause inside a phrase (`喂,说话`) marks where the spoken text may break a clause; anywhere
/// else a clause boundary in the text stops the match, so `明白了,没有其他疑问` is not
/// `明白了没有`. Phrases that begin or end with a Latin letter match whole words only.
///
/// Add patterns, `build()` once, then `find` in any number of texts (const, so shareable). A
/// text costs one automaton step per code point plus the work per hit.
class PatternSet {
public:
  /// The longest gap `…` stands for, in normalised code points.
  static constexpr uint32_t kGapLength = 4;
  /// The most texts one part of a pattern (between gaps) may expand to.
  static constexpr size_t kMaxExpansions = 256;

  /// Compiles `source` and adds it; returns its id (counted from 0), or -1 with `error` set
  /// when it is malformed or empty once normalised.
  int add(std::string_view source, std::string &error);
  void build();

  size_t size() const { return patterns_.size(); }
  /// Whether pattern `id` is plain text (no alternatives, gaps or anchors).
  bool literal(uint32_t id) const { return patterns_[id].literal; }

  /// Appends every occurrence of every pattern in `text`, as PhraseHit{id, begin, end} over
  /// the normalised code points; the order is not specified.
  void find(const NormalizedText &text, std::vector<PhraseHit> &out) const;

private:
  /// One text a part of a pattern expands to, as added to the matcher.
  struct Piece {
    uint32_t pattern;
    uint32_t part;
    std::vector<uint32_t> breaks; ///< where the text may break a clause, relative to its start
    bool latinStart = false, latinEnd = false;
  };
  struct Pattern {
    uint32_t parts = 1;
    bool anchorStart = false, anchorEnd = false, literal = true;
  };
  /// A part's hit: normalised code points [begin, end); `start` is where the match so far
  /// began (for the first part, `begin`).
  struct Partial {
    uint32_t start, begin, end;
  };

  bool accepts(const Piece &piece, const NormalizedText &text, uint32_t begin,
               uint32_t end) const;
  void chain(uint32_t id, std::vector<std::vector<Partial>> &parts, const NormalizedText &text,
             std::vector<PhraseHit> &out) const;

  std::vector<Pattern> patterns_;
  std::vector<Piece> pieces_;
  PhraseMatcher matcher_;
};

} // namespace patter
