// Clause content checks: the price, term, expiry, downgrade, revert, includes and effective
// clauses against the offer facts.
#include "ClauseContent.h"

#include "Amounts.h"
#include "Normalize.h"
#include "WordingPattern.h"

#include <algorithm>
#include <cmath>

namespace patter {

namespace {

const TypedFact *fact(const std::vector<TypedFact> &offer, llvm::StringRef name) {
  for (const TypedFact &f : offer)
    if (f.name == name)
      return &f;
  return nullptr;
}

/// How an expiry clause may say what happens at the end of the term: the service stops by
/// itself, or the customer has to cancel. Patterns as in a lexicon (WordingPattern.h); where
/// one lies inside the other (`不会自动取消` holds `自动取消`) the longer counts.
const std::vector<const char *> kEndsByItself = {
    "自动…(取消|停止|停|结束|退订|失效|关闭|终止)",
    "(无需|不需要|不用|不必)(您|你|)(自己|)(手动|自行|主动|)(操作|取消|退订|办理)",
    "到期(后|)(就|)(会|)(停止|停掉|失效|结束)"};
const std::vector<const char *> kCustomerCancels = {
    "(不会|不能|不可以)自动(取消|停止|停|结束|退订)",
    "自动续(订|费|约|期)",
    "(需要|需|要|得|请)(您|你|)(自己|)(手动|自行|主动|来电|致电|拨打)…(取消|退订)",
    "(手动|自行|主动)(取消|退订)"};

/// How a price clause may state a price of nothing (`price 0 yuan`, a gift).
const std::vector<const char *> kNoCharge = {"免费", "不(收取|收|产生|需要|需)(任何|)(费用|钱)",
                                             "不要钱"};

/// A set of patterns written into the compiler, compiled once.
PatternSet compiled(const std::vector<const char *> &patterns) {
  PatternSet set;
  std::string error;
  for (const char *p : patterns)
    set.add(p, error);
  set.build();
  return set;
}

/// How a `downgrade` or `revert` clause says the customer may not, and may, do it. `不可以`
/// holds `可以`: the longer counts, as in WordPair.
const std::vector<const char *> kForbids = {
    "(不能|不可以|不可|不允许|无法|不得|不支持|不予|不能够|禁止)"};
const std::vector<const char *> kAllows = {"(可以|可|能|允许|支持|随时)"};

/// Two sets of patterns read against one text, where a hit lying inside a longer one does
/// not count: which of the two the text says.
class WordPair {
public:
  WordPair(const std::vector<const char *> &first, const std::vector<const char *> &second) {
    std::string error;
    for (const char *p : first)
      set_.add(p, error);
    firstCount_ = set_.size();
    for (const char *p : second)
      set_.add(p, error);
    set_.build();
  }

  /// Whether `text` says one of the first patterns, and one of the second.
  std::pair<bool, bool> read(const NormalizedText &text) const {
    std::vector<PhraseHit> hits;
    set_.find(text, hits);
    std::sort(hits.begin(), hits.end(), [](const PhraseHit &a, const PhraseHit &b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    bool byItself = false, customer = false;
    uint32_t reach = 0;
    for (size_t i = 0; i < hits.size(); ++i) {
      if (i > 0 && hits[i].end <= reach)
        continue;
      reach = std::max(reach, hits[i].end);
      (hits[i].phrase < firstCount_ ? byItself : customer) = true;
    }
    return {byItself, customer};
  }

private:
  PatternSet set_;
  size_t firstCount_ = 0;
};

/// What a clause read by a WordPair gets wrong against the one of the two the offer states:
/// saying both, saying the other, or saying neither; null when it says the right one alone.
struct TwoWayWording {
  const char *both, *saysFirst, *saysSecond, *neitherForFirst, *neitherForSecond;
};

const char *wrongReading(std::pair<bool, bool> said, bool offerIsFirst, const TwoWayWording &w) {
  auto [first, second] = said;
  if (first && second)
    return w.both;
  if (offerIsFirst && second)
    return w.saysSecond;
  if (!offerIsFirst && first)
    return w.saysFirst;
  if (!first && !second)
    return offerIsFirst ? w.neitherForFirst : w.neitherForSecond;
  return nullptr;
}

/// A quantity written with its unit (`5GB`, `17套`, `700部`): the unit is the Latin letters or
/// the one character after the number, upper-cased, `G` read as `GB`.
struct Quantity {
  double value;
  std::u32string unit;
  std::u32string spelled;
};

std::vector<Quantity> quantitiesIn(const std::u32string &t) {
  std::vector<Quantity> out;
  for (size_t i = 0; i < t.size();) {
    if (t[i] < U'0' || t[i] > U'9') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && ((t[j] >= U'0' && t[j] <= U'9') || t[j] == U'.'))
      ++j;
    std::u32string unit;
    size_t k = j;
    while (k < t.size() && ((t[k] >= U'a' && t[k] <= U'z') || (t[k] >= U'A' && t[k] <= U'Z')))
      unit += static_cast<char32_t>(t[k] >= U'a' ? t[k] - 32 : t[k]), ++k;
    if (unit.empty() && k < t.size() && t[k] >= 0x3400)
      unit = t[k++];
    if (unit == U"G" || unit == U"M" || unit == U"T")
      unit += U'B';
    if (!unit.empty()) {
      std::string digits;
      for (size_t d = i; d < j; ++d)
        digits += static_cast<char>(t[d]);
      out.push_back({std::strtod(digits.c_str(), nullptr), unit, t.substr(i, j - i) + unit});
    }
    i = k > j ? k : j;
  }
  return out;
}

/// `downgrade` and `revert` (R02): the clause says whether the customer may, as the offer's
/// `allowed` or `forbidden` does, and not the opposite (E0627).
void checkPermissionClause(llvm::StringRef name, const TypedFact &f, const NormalizedText &text,
                           SourceRange at, DiagnosticEngine &diags) {
  static const WordPair words(kForbids, kAllows);
  static const TwoWayWording wording{"says both that the customer may and may not",
                                     "says the customer may not", "says the customer may",
                                     "does not say whether the customer may",
                                     "does not say whether the customer may"};
  if (const char *problem = wrongReading(words.read(text), f.text == "forbidden", wording))
    diags.report(DiagId::PermissionClauseContent, at, name.str(), problem, f.text);
}

/// `includes` (R02): every quantity the clause states in a unit the offer's `includes` uses is
/// one the offer states (`50GB` against `5GB` is E0628).
void checkIncludesClause(const TypedFact &f, const std::u32string &text, SourceRange at,
                         DiagnosticEngine &diags) {
  const Normalizer &norm = Normalizer::standard();
  std::vector<Quantity> offered = quantitiesIn(norm.normalize(f.text).text);
  for (const Quantity &q : quantitiesIn(text)) {
    bool unitOffered = false, stated = false;
    for (const Quantity &o : offered) {
      unitOffered |= o.unit == q.unit;
      stated |= o.unit == q.unit && std::abs(o.value - q.value) < 1e-9;
    }
    if (unitOffered && !stated) {
      diags.report(DiagId::IncludesClauseContent, at, toUtf8(q.spelled), f.text);
      return;
    }
  }
}

} // namespace

void checkClauseContent(const Program &program, const std::vector<TypedFact> &offer,
                        const TemplateScope &templates, DiagnosticEngine &diags) {
  static const WordPair expiryWords(kEndsByItself, kCustomerCancels);
  const Normalizer &norm = Normalizer::standard();
  for (const auto &[name, clause] : program.clauses) {
    std::string spoken = templates.expand(clause->text.value);
    NormalizedText normalized = norm.normalize(spoken);
    SourceRange at = clause->text.range;
    if (normalized.text.empty() ||
        std::all_of(normalized.text.begin(), normalized.text.end(),
                    [](char32_t c) { return c == 0xFFFC; })) {
      diags.report(DiagId::EmptyClause, at, name.str());
      continue;
    }
    if (name == "price") {
      const TypedFact *price = fact(offer, "price");
      if (!price || price->type != TypedFact::Type::Money)
        continue;
      double yuan = std::strtod(price->amount.c_str(), nullptr);
      Period per = periodOfUnit(price->per);
      bool amount = false, stated = false;
      for (const QuotedAmount &a : quotedAmounts(toCodePoints(spoken))) {
        if (a.other || std::abs(a.yuan - yuan) >= 0.005)
          continue;
        amount = true;
        stated |= per == Period::None || (a.period == per && a.periods == 1);
      }
      if (yuan == 0) {
        static const PatternSet noCharge = compiled(kNoCharge);
        std::vector<PhraseHit> hits;
        noCharge.find(normalized, hits);
        stated |= !hits.empty();
      }
      if (!stated)
        diags.report(DiagId::PriceClauseContent, at, spokenFact(*price),
                     amount ? ": it names the amount but not the period" : "");
    } else if (name == "term") {
      const TypedFact *term = fact(offer, "term");
      if (!term || term->type != TypedFact::Type::Duration)
        continue;
      double days = std::strtod(term->amount.c_str(), nullptr) *
                    static_cast<double>(periodOfUnit(term->unit));
      bool stated = false;
      std::string other;
      for (const StatedDuration &d : statedDurations(toCodePoints(spoken))) {
        stated |= d.date || std::abs(d.days - days) < 0.5;
        if (!d.date && other.empty())
          other = formatDuration(d.days);
      }
      if (!stated)
        diags.report(DiagId::TermClauseContent, at, spokenFact(*term),
                     other.empty() ? "" : ": it says " + other);
    } else if (name == "expiry") {
      const TypedFact *expiry = fact(offer, "expiry");
      if (!expiry || expiry->type != TypedFact::Type::Enum)
        continue;
      static const TwoWayWording wording{
          "says both that the service ends by itself and that the customer must cancel",
          "says the service ends by itself", "says the customer must cancel",
          "does not say that the service ends by itself",
          "does not say that the customer must cancel"};
      if (const char *problem =
              wrongReading(expiryWords.read(normalized), expiry->text == "auto_cancel", wording))
        diags.report(DiagId::ExpiryClauseContent, at, problem, expiry->text);
    } else if (name == "downgrade" || name == "revert") {
      if (const TypedFact *f = fact(offer, name); f && f->type == TypedFact::Type::Enum)
        checkPermissionClause(name, *f, normalized, at, diags);
    } else if (name == "includes") {
      if (const TypedFact *f = fact(offer, "includes"); f && f->type == TypedFact::Type::Text)
        checkIncludesClause(*f, normalized.text, at, diags);
    } else if (name == "effective") {
      // The start as the offer states it ("次月1日"), said in the clause.
      const TypedFact *f = fact(offer, "effective");
      if (f && f->type == TypedFact::Type::Text &&
          normalized.text.find(norm.normalize(f->text).text) == std::u32string::npos)
        diags.report(DiagId::EffectiveClauseContent, at, f->text);
    }
  }
}

} // namespace patter
