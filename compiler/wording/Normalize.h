// Text normalisation for the wording check: one spelling for every way of writing a phrase.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// U+FFFC stands for a runtime `{template}` (`{phone.masked}`) in spoken text: a symbol that
/// normalisation keeps, in no phrase, so nothing matches across it.
inline constexpr char32_t kTemplateMark = 0xFFFC;

/// Normalised text, with the way back to the text it came from: `origin[i]` is the index (in
/// code points) of the input code point that produced `text[i]`.
struct NormalizedText {
  std::u32string text;
  std::vector<uint32_t> origin;
  /// Clause boundaries, ascending: `k` in `breaks` means a clause-ending mark (`,` `。` `?`
  /// `!` `;` `:` `、`, a line break) stood between `text[k - 1]` and `text[k]`. Only what lies
  /// between two kept code points is recorded; a text's start and end are boundaries anyway.
  std::vector<uint32_t> breaks;
  /// A boundary was dropped after the last kept code point (it becomes a break if more follows).
  bool breakPending = false;

  void clear() {
    text.clear();
    origin.clear();
    breaks.clear();
    breakPending = false;
  }

  /// Whether a clause boundary lies strictly inside [begin, end).
  bool breakInside(uint32_t begin, uint32_t end) const;
  /// Whether a clause boundary (or the text's start or end) lies at position `k`.
  bool boundaryAt(uint32_t k) const;
};

/// Maps text to the form the lexicon is matched in, code point by code point:
///
/// 1. compatibility decomposition and case folding (utf8proc: full-width `ＧＰＲＳ` and `５`
///    become `gprs` and `5`, `①` becomes `1`, `é` becomes `e` + U+0301);
/// 2. traditional to simplified Chinese (OpenCC's t2s dictionaries: `免費` becomes `免费`);
/// 3. dropping punctuation (P*), separators (Z*, including the ideographic space), symbols (S*:
///    `~`, `+`, most emoji), marks (M*: combining accents, emoji variation selectors), control
///    and format characters (the zero-width joiner of emoji sequences), so `完 全 免 费`,
///    `完全~免费`, `完全😊免费` and `完全免费` are one phrase. Clause-ending punctuation is
///    dropped too but leaves a break (`NormalizedText::breaks`): a phrase found only across
///    one (`明白了,没有` for `明白了没有`) is not said as one (Lexicon). U+FFFC, which the
///    wording pass writes for a runtime template variable, is kept.
///
/// Working per code point keeps an exact map back to source columns. Decomposition (NFKD)
/// rather than composition is what makes that possible: a precomposed and a decomposed accent
/// both end as base + mark, so the equivalence is the one NFKC gives. OpenCC's character table
/// is used, not its phrase segmentation; for traditional-to-simplified the phrase table holds
/// only a few hundred exceptions, none of which changes whether a lexicon phrase matches.
///
/// The mapping comes from utf8proc and OpenCC's installed dictionaries. It is tabulated in pages
/// of 256 code points, each computed the first time a text touches it: a campaign uses a few
/// dozen pages, and a table of every code point took megabytes and most of a short run's time
/// (docs/PERFORMANCE.md). A page once built never changes, so one Normalizer serves every
/// compilation and thread.
class Normalizer {
public:
  /// The shared instance. Building it takes a few milliseconds the first time.
  static const Normalizer &standard();

  /// Appends the normalised form of UTF-8 `text` to `out`; origins count code points from
  /// `firstIndex`. Invalid UTF-8 bytes count as one code point each and are dropped.
  void append(std::string_view text, NormalizedText &out, uint32_t firstIndex = 0) const;

  NormalizedText normalize(std::string_view text) const {
    NormalizedText out;
    append(text, out);
    return out;
  }

  /// Just the normalised code points.
  std::u32string fold(std::string_view text) const { return normalize(text).text; }

  /// Appends the normalised form of the code point `cp`, the input's code point number
  /// `index`, to `out`: for callers that decode their input themselves.
  void append(char32_t cp, uint32_t index, NormalizedText &out) const {
    const Page *page;
    uint32_t e = cp < kTableSize ? entry(cp, page) : kMulti;
    if (e == kDrop)
      return;
    if (e == kBreak) {
      out.breakPending = true;
      return;
    }
    if (out.breakPending) {
      if (!out.text.empty())
        out.breaks.push_back(static_cast<uint32_t>(out.text.size()));
      out.breakPending = false;
    }
    if (!(e & kMulti)) {
      out.text += static_cast<char32_t>(e);
      out.origin.push_back(index);
      return;
    }
    mapCodePoint(cp, out.text);
    out.origin.resize(out.text.size(), index);
  }

  /// The code point `cp` stands for once normalised, where that is one code point: `５` is
  /// `5`, `塊` is `块`; anything else (dropped or expanding) stays `cp`. For readers of
  /// amounts, which need the punctuation normalising drops.
  char32_t foldOne(char32_t cp) const;

  /// Appends the normalised form of one code point (zero, one or more code points) to `out`.
  void mapCodePoint(char32_t cp, std::u32string &out) const;

  /// False when OpenCC's dictionary could not be loaded (traditional text then stays as is).
  bool hasChineseConversion() const { return chineseConversion_; }

  Normalizer(const Normalizer &) = delete;
  Normalizer &operator=(const Normalizer &) = delete;

private:
  Normalizer();

  ~Normalizer();

  /// Code points below kTableSize are tabulated; rarer ones are computed on every use.
  static constexpr uint32_t kTableSize = 0x30000;
  static constexpr uint32_t kPageSize = 256;
  /// Packed entry: kDrop, kBreak (dropped, a clause boundary), a single code point, or
  /// kMulti | index into the page's `multi` (length, then the code points).
  static constexpr uint32_t kDrop = 0xFFFFFFFFu;
  static constexpr uint32_t kBreak = 0xFFFFFFFEu;
  static constexpr uint32_t kMulti = 0x80000000u;

  struct Page {
    uint32_t entries[kPageSize];
    std::vector<char32_t> multi;
  };

  /// The entry of `cp` (< kTableSize), building its page on first use.
  uint32_t entry(char32_t cp, const Page *&page) const {
    page = pages_[cp / kPageSize].load(std::memory_order_acquire);
    if (!page)
      page = &buildPage(cp / kPageSize);
    return page->entries[cp % kPageSize];
  }
  const Page &buildPage(uint32_t index) const;
  /// Decomposition, t2s and dropping for one code point, untabulated.
  void compute(char32_t cp, std::u32string &out) const;
  char32_t simplified(char32_t cp) const;

  mutable std::atomic<const Page *> pages_[kTableSize / kPageSize] = {};
  std::vector<std::pair<char32_t, char32_t>> t2s_; ///< sorted by the traditional code point
  bool chineseConversion_ = false;
};

/// UTF-8 encoding of normalised text, for messages and tests.
std::string toUtf8(std::u32string_view text);

/// The code points of UTF-8 `text`; an invalid byte becomes U+FFFD.
std::u32string toCodePoints(std::string_view text);

} // namespace patter
