// Pattern compilation (expanding alternatives into the texts the matcher looks for) and the
// chaining of a pattern's parts across its gaps.
#include "WordingPattern.h"

#include <algorithm>

namespace patter {

namespace {

constexpr char32_t kEllipsis = U'\u2026';

bool isLatin(char32_t cp) { return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z'); }

/// Reads a pattern into its parts (split at gaps), each as the texts it may be.
class PatternParser {
public:
  explicit PatternParser(std::string_view source) : src_(toCodePoints(source)) {}

  bool parse(std::vector<std::vector<std::u32string>> &parts, bool &anchorStart,
             bool &anchorEnd, std::string &error) {
    if (at(U'^')) {
      anchorStart = true;
      ++i_;
    }
    for (;;) {
      std::vector<std::u32string> texts;
      if (!sequence(texts, false))
        break;
      parts.push_back(std::move(texts));
      if (gapAt()) {
        skipGap();
        continue;
      }
      if (at(U'$')) {
        anchorEnd = true;
        ++i_;
        if (i_ < src_.size())
          error_ = "'$' must end the pattern";
      } else if (at(U'^')) {
        error_ = "'^' must begin the pattern";
      } else if (i_ < src_.size()) {
        error_ = std::string("unbalanced '") + static_cast<char>(src_[i_]) + "'";
      }
      break;
    }
    error = error_;
    return error_.empty();
  }

private:
  bool at(char32_t c) const { return i_ < src_.size() && src_[i_] == c; }
  bool gapAt() const {
    return at(kEllipsis) || (i_ + 3 <= src_.size() && src_.compare(i_, 3, U"...") == 0);
  }
  void skipGap() {
    while (gapAt())
      i_ += at(kEllipsis) ? 1 : 3;
  }

  /// A run of text and groups up to a gap, an anchor, `|`, `)` or the end.
  bool sequence(std::vector<std::u32string> &out, bool inGroup) {
    out.assign(1, U"");
    while (i_ < src_.size() && error_.empty()) {
      char32_t c = src_[i_];
      if (c == U')' || c == U'|') {
        if (!inGroup)
          error_ = std::string("unbalanced '") + static_cast<char>(c) + "'";
        return error_.empty();
      }
      if (gapAt() || c == U'^' || c == U'$') {
        if (inGroup)
          error_ = "a gap or an anchor cannot stand inside '( )'";
        return error_.empty();
      }
      if (c == U'(') {
        ++i_;
        std::vector<std::u32string> alternatives, alternative;
        for (;;) {
          if (!sequence(alternative, true))
            return false;
          alternatives.insert(alternatives.end(), alternative.begin(), alternative.end());
          if (at(U'|')) {
            ++i_;
            continue;
          }
          if (!at(U')')) {
            error_ = "'(' is not closed";
            return false;
          }
          ++i_;
          break;
        }
        std::vector<std::u32string> product;
        for (const std::u32string &head : out)
          for (const std::u32string &tail : alternatives)
            product.push_back(head + tail);
        if (product.size() > PatternSet::kMaxExpansions) {
          error_ = "more than " + std::to_string(PatternSet::kMaxExpansions) +
                   " texts between two gaps";
          return false;
        }
        out = std::move(product);
        continue;
      }
      for (std::u32string &text : out)
        text += c;
      ++i_;
    }
    return error_.empty();
  }

  std::u32string src_;
  size_t i_ = 0;
  std::string error_;
};

} // namespace

int PatternSet::add(std::string_view source, std::string &error) {
  std::vector<std::vector<std::u32string>> parts;
  Pattern pattern;
  if (!PatternParser(source).parse(parts, pattern.anchorStart, pattern.anchorEnd, error))
    return -1;
  pattern.parts = static_cast<uint32_t>(parts.size());
  pattern.literal = parts.size() == 1 && parts[0].size() == 1 && !pattern.anchorStart &&
                    !pattern.anchorEnd;
  if (parts.empty()) {
    error = "the pattern is empty";
    return -1;
  }
  uint32_t id = static_cast<uint32_t>(patterns_.size());
  std::vector<Piece> pieces;
  std::vector<std::u32string> texts;
  const Normalizer &norm = Normalizer::standard();
  for (uint32_t part = 0; part < parts.size(); ++part)
    for (const std::u32string &raw : parts[part]) {
      std::string utf8 = toUtf8(raw);
      NormalizedText n = norm.normalize(utf8);
      if (n.text.empty()) {
        error = "empty once spaces and punctuation are dropped";
        return -1;
      }
      Piece piece{id, part, n.breaks};
      piece.latinStart = isLatin(n.text.front());
      piece.latinEnd = isLatin(n.text.back());
      pieces.push_back(std::move(piece));
      texts.push_back(std::move(n.text));
    }
  for (size_t k = 0; k < pieces.size(); ++k) {
    matcher_.add(texts[k]);
    pieces_.push_back(std::move(pieces[k]));
  }
  patterns_.push_back(pattern);
  return static_cast<int>(id);
}

void PatternSet::build() { matcher_.build(); }

bool PatternSet::accepts(const Piece &piece, const NormalizedText &text, uint32_t begin,
                         uint32_t end) const {
  const Pattern &pattern = patterns_[piece.pattern];
  const std::u32string &t = text.text;
  // A dropped character (a space) between two code points is a word boundary too.
  auto wordBoundary = [&](uint32_t left, uint32_t right) {
    return !isLatin(t[left]) || !isLatin(t[right]) || text.origin[left] + 1 < text.origin[right];
  };
  if (piece.part == 0 && piece.latinStart && begin > 0 && !wordBoundary(begin - 1, begin))
    return false;
  if (piece.part + 1 == pattern.parts && piece.latinEnd && end < t.size() &&
      !wordBoundary(end - 1, end))
    return false;
  for (auto it = std::upper_bound(text.breaks.begin(), text.breaks.end(), begin);
       it != text.breaks.end() && *it < end; ++it)
    if (!std::binary_search(piece.breaks.begin(), piece.breaks.end(), *it - begin))
      return false;
  return true;
}

void PatternSet::find(const NormalizedText &text, std::vector<PhraseHit> &out) const {
  // Hits of parts of patterns with gaps, chained once the whole text is read.
  struct PartHit {
    uint32_t pattern, part;
    Partial hit;
  };
  std::vector<PartHit> partHits;
  matcher_.scan(text.text, [&](const PhraseHit &h) {
    const Piece &piece = pieces_[h.phrase];
    if (!accepts(piece, text, h.begin, h.end))
      return;
    const Pattern &pattern = patterns_[piece.pattern];
    if (pattern.parts > 1) {
      partHits.push_back({piece.pattern, piece.part, {h.begin, h.begin, h.end}});
      return;
    }
    if ((pattern.anchorStart && !text.boundaryAt(h.begin)) ||
        (pattern.anchorEnd && !text.boundaryAt(h.end)))
      return;
    out.push_back({piece.pattern, h.begin, h.end});
  });
  if (partHits.empty())
    return;
  std::sort(partHits.begin(), partHits.end(), [](const PartHit &a, const PartHit &b) {
    return a.pattern != b.pattern ? a.pattern < b.pattern
           : a.part != b.part     ? a.part < b.part
                                  : a.hit.begin < b.hit.begin;
  });
  std::vector<std::vector<Partial>> parts;
  for (size_t i = 0; i < partHits.size();) {
    uint32_t id = partHits[i].pattern;
    parts.assign(patterns_[id].parts, {});
    for (; i < partHits.size() && partHits[i].pattern == id; ++i)
      parts[partHits[i].part].push_back(partHits[i].hit);
    chain(id, parts, text, out);
  }
}

void PatternSet::chain(uint32_t id, std::vector<std::vector<Partial>> &parts,
                       const NormalizedText &text, std::vector<PhraseHit> &out) const {
  const Pattern &pattern = patterns_[id];
  std::vector<Partial> done; // matches of parts [0, k], by end
  for (const Partial &p : parts[0])
    if (!pattern.anchorStart || text.boundaryAt(p.begin))
      done.push_back(p);
  for (uint32_t k = 1; k < pattern.parts && !done.empty(); ++k) {
    std::sort(done.begin(), done.end(),
              [](const Partial &a, const Partial &b) { return a.end < b.end; });
    std::vector<Partial> next;
    for (const Partial &h : parts[k]) {
      // The gap [end, h.begin) is at most kGapLength long and holds no clause boundary.
      uint32_t lo = h.begin > kGapLength ? h.begin - kGapLength : 0;
      auto brk = std::upper_bound(text.breaks.begin(), text.breaks.end(), h.begin);
      if (brk != text.breaks.begin())
        lo = std::max(lo, *std::prev(brk) + 1);
      auto first = std::lower_bound(done.begin(), done.end(), lo,
                                    [](const Partial &p, uint32_t v) { return p.end < v; });
      const Partial *best = nullptr;
      for (auto it = first; it != done.end() && it->end <= h.begin; ++it)
        if (!best || it->start > best->start)
          best = &*it;
      if (best)
        next.push_back({best->start, h.begin, h.end});
    }
    done = std::move(next);
  }
  std::sort(done.begin(), done.end(), [](const Partial &a, const Partial &b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  for (size_t i = 0; i < done.size(); ++i) {
    if (i > 0 && done[i].start == done[i - 1].start && done[i].end == done[i - 1].end)
      continue;
    if (!pattern.anchorEnd || text.boundaryAt(done[i].end))
      out.push_back({id, done[i].start, done[i].end});
  }
}

} // namespace patter
