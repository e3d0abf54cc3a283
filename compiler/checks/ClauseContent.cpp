// Clause content checks: the price, term and expiry clauses against the offer facts.
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

class ExpiryWords {
public:
  ExpiryWords() {
    std::string error;
    for (const char *p : kEndsByItself)
      set_.add(p, error);
    autoCount_ = set_.size();
    for (const char *p : kCustomerCancels)
      set_.add(p, error);
    set_.build();
  }

  /// Whether `text` says the service ends by itself, and whether the customer must cancel.
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
      (hits[i].phrase < autoCount_ ? byItself : customer) = true;
    }
    return {byItself, customer};
  }

private:
  PatternSet set_;
  size_t autoCount_ = 0;
};

} // namespace

void checkClauseContent(const Program &program, const std::vector<TypedFact> &offer,
                        const TemplateScope &templates, DiagnosticEngine &diags) {
  static const ExpiryWords expiryWords;
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
      auto [byItself, customer] = expiryWords.read(normalized);
      bool autoCancel = expiry->text == "auto_cancel";
      const char *problem = nullptr;
      if (byItself && customer)
        problem = "says both that the service ends by itself and that the customer must cancel";
      else if (autoCancel && customer)
        problem = "says the customer must cancel";
      else if (!autoCancel && byItself)
        problem = "says the service ends by itself";
      else if (!byItself && !customer)
        problem = autoCancel ? "does not say that the service ends by itself"
                             : "does not say that the customer must cancel";
      if (problem)
        diags.report(DiagId::ExpiryClauseContent, at, problem, expiry->text);
    }
  }
}

} // namespace patter
