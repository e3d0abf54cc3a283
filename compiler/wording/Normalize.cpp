// Normalisation tables built from utf8proc (NFKD + case folding, categories) and OpenCC (t2s).
#include "Normalize.h"

#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Lexicon.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <memory>

namespace patter {

namespace {

/// Decodes one UTF-8 code point at `s[i]`, advancing `i`; an invalid byte yields -1.
inline int32_t decode(std::string_view s, size_t &i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  // Three bytes, as CJK takes, decoded here when well formed (no surrogate, no overlong form);
  // anything else is left to utf8proc.
  if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    int32_t cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
    bool continued = (c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80;
    if (continued && cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  }
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t *>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    ++i;
    return -1;
  }
  i += static_cast<size_t>(n);
  return cp;
}

bool dropped(char32_t cp) {
  if (cp == kTemplateMark)
    return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
  case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
  case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
  case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL:
  case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
  case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
  case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return true;
  default:
    return false;
  }
}

/// Punctuation that ends a clause, after decomposition (full-width forms are ASCII by then).
/// Not `.`, which stands between the digits of `9.9元`, nor quotes, brackets, dashes or `…`.
bool endsClause(char32_t cp) {
  switch (cp) {
  case U',': case U'!': case U'?': case U';': case U':': case U'\n': case U'\r':
  case U'\u3001': case U'\u3002': case U'\u2028': case U'\u2029':
    return true;
  default:
    return false;
  }
}

/// Compatibility decomposition with case folding; default-ignorable code points vanish.
void decompose(char32_t cp, std::u32string &out) {
  utf8proc_int32_t buf[32];
  utf8proc_int32_t lastBoundClass = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(cp), buf, 32,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                     UTF8PROC_IGNORE),
      &lastBoundClass);
  if (n < 0 || n > 32) {
    out += cp;
    return;
  }
  for (utf8proc_ssize_t k = 0; k < n; ++k)
    out += static_cast<char32_t>(buf[k]);
}

/// The single code point `utf8` holds, or 0.
char32_t single(const std::string &utf8) {
  size_t i = 0;
  if (utf8.empty())
    return 0;
  int32_t cp = decode(utf8, i);
  return cp > 0 && i == utf8.size() ? static_cast<char32_t>(cp) : 0;
}

/// Character-to-character pairs of OpenCC's traditional-to-simplified dictionaries, phrase
/// dictionary first, as OpenCC itself consults them. Empty if OpenCC's data is missing.
std::vector<std::pair<char32_t, char32_t>> openccCharacters() {
  std::vector<std::pair<char32_t, char32_t>> pairs;
  try {
    opencc::Config config;
    opencc::ConverterPtr converter = config.NewFromFile("t2s.json");
    for (const opencc::ConversionPtr &conversion :
         converter->GetConversionChain()->GetConversions()) {
      std::list<opencc::DictPtr> dicts;
      if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(conversion->GetDict()))
        dicts = group->GetDicts();
      else
        dicts.push_back(conversion->GetDict());
      for (const opencc::DictPtr &dict : dicts)
        for (const auto &entry : *dict->GetLexicon()) {
          char32_t from = single(entry->Key()), to = single(entry->GetDefault());
          if (from && to && from != to)
            pairs.emplace_back(from, to);
        }
    }
  } catch (const std::exception &) {
    pairs.clear();
  }
  return pairs;
}

} // namespace

const Normalizer &Normalizer::standard() {
  static const Normalizer instance;
  return instance;
}

Normalizer::Normalizer() {
  auto pairs = openccCharacters();
  chineseConversion_ = !pairs.empty();
  // Earlier dictionaries win: a stable sort keeps the first pair of each code point first.
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const auto &a, const auto &b) { return a.first == b.first; }),
              pairs.end());
  t2s_ = std::move(pairs);
}

Normalizer::~Normalizer() {
  for (auto &page : pages_)
    delete page.load(std::memory_order_relaxed);
}

char32_t Normalizer::simplified(char32_t cp) const {
  auto it = std::lower_bound(t2s_.begin(), t2s_.end(), cp,
                             [](const auto &pair, char32_t c) { return pair.first < c; });
  return it != t2s_.end() && it->first == cp ? it->second : cp;
}

void Normalizer::compute(char32_t cp, std::u32string &out) const {
  if (cp >= 0xD800 && cp < 0xE000)
    return; // surrogates never come out of valid UTF-8
  std::u32string decomposed;
  decompose(cp, decomposed);
  for (char32_t d : decomposed) {
    char32_t s = simplified(d);
    if (!dropped(s))
      out += s;
  }
}

const Normalizer::Page &Normalizer::buildPage(uint32_t index) const {
  auto page = std::make_unique<Page>();
  std::u32string kept;
  std::u32string decomposed;
  for (uint32_t k = 0; k < kPageSize; ++k) {
    char32_t cp = index * kPageSize + k;
    kept.clear();
    compute(cp, kept);
    decomposed.clear();
    if (kept.empty() && !(cp >= 0xD800 && cp < 0xE000))
      decompose(cp, decomposed);
    if (decomposed.size() == 1 && endsClause(decomposed[0])) {
      page->entries[k] = kBreak;
    } else if (kept.empty()) {
      page->entries[k] = kDrop;
    } else if (kept.size() == 1) {
      page->entries[k] = kept[0];
    } else {
      page->entries[k] = kMulti | static_cast<uint32_t>(page->multi.size());
      page->multi.push_back(static_cast<char32_t>(kept.size()));
      page->multi.insert(page->multi.end(), kept.begin(), kept.end());
    }
  }
  // Threads that build the same page at once build the same thing: the first one installs it.
  const Page *expected = nullptr;
  if (pages_[index].compare_exchange_strong(expected, page.get(), std::memory_order_acq_rel))
    return *page.release();
  return *expected;
}

void Normalizer::mapCodePoint(char32_t cp, std::u32string &out) const {
  if (cp >= kTableSize) {
    compute(cp, out);
    return;
  }
  const Page *page;
  uint32_t e = entry(cp, page);
  if (e == kDrop || e == kBreak)
    return;
  if (!(e & kMulti)) {
    out += static_cast<char32_t>(e);
    return;
  }
  const char32_t *m = page->multi.data() + (e & ~kMulti);
  out.append(m + 1, m + 1 + m[0]);
}

char32_t Normalizer::foldOne(char32_t cp) const {
  if (cp >= kTableSize)
    return cp;
  const Page *page;
  uint32_t e = entry(cp, page);
  return e == kDrop || e == kBreak || (e & kMulti) ? cp : static_cast<char32_t>(e);
}

bool NormalizedText::breakInside(uint32_t begin, uint32_t end) const {
  auto it = std::upper_bound(breaks.begin(), breaks.end(), begin);
  return it != breaks.end() && *it < end;
}

bool NormalizedText::boundaryAt(uint32_t k) const {
  return k == 0 || k >= text.size() || std::binary_search(breaks.begin(), breaks.end(), k);
}

void Normalizer::append(std::string_view text, NormalizedText &out, uint32_t firstIndex) const {
  out.text.reserve(out.text.size() + text.size() / 2);
  out.origin.reserve(out.origin.size() + text.size() / 2);
  uint32_t index = firstIndex;
  for (size_t i = 0; i < text.size(); ++index) {
    if (int32_t cp = decode(text, i); cp >= 0)
      append(static_cast<char32_t>(cp), index, out);
  }
}

std::u32string toCodePoints(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    int32_t cp = decode(text, i);
    out += cp < 0 ? U'\uFFFD' : static_cast<char32_t>(cp);
  }
  return out;
}

std::string toUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  utf8proc_uint8_t buf[4];
  for (char32_t cp : text) {
    utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
    out.append(reinterpret_cast<const char *>(buf), static_cast<size_t>(n));
  }
  return out;
}

} // namespace patter
