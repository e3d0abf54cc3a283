// The wording pass: decode each spoken literal with a source column per code point, normalise,
// match the lexicon, and check quoted amounts against the offer.
#include "Wording.h"

#include "Lexicon.h"
#include "Normalize.h"
#include "WordingText.h"
#include "Amounts.h"
#include "Templates.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace patter {

namespace {

// ---- amounts of money -----------------------------------------------------------------------

/// The offer's money facts: what a quoted amount may be, once converted to its period.
struct OfferAmounts {
  const TypedFact *price = nullptr;
  struct Money {
    double yuan;
    Period per;
  };
  std::vector<Money> money;
};

OfferAmounts offerAmounts(const std::vector<TypedFact> &offer) {
  OfferAmounts out;
  for (const TypedFact &f : offer)
    if (f.type == TypedFact::Type::Money) {
      if (f.name == "price")
        out.price = &f;
      out.money.push_back({std::strtod(f.amount.c_str(), nullptr), periodOfUnit(f.per)});
    }
  return out;
}

/// What `yuan` per `per` comes to over the amount's period. Between months and years the
/// conversion is exact; to days and weeks it is a breakdown, rounded as people say it
/// (`每天只要5毛钱` for 16元 a month), so within a tenth or 5 fen.
bool agrees(const QuotedAmount &a, double yuan, Period per) {
  if (a.period == Period::None)
    return std::abs(a.yuan - yuan) < 0.005;
  if (per == Period::None)
    return false; // a one-off amount is not a price per period
  double expected = yuan * static_cast<double>(a.period) * a.periods / static_cast<double>(per);
  bool exact = (a.period == per) || ((a.period == Period::Month || a.period == Period::Year) &&
                                     (per == Period::Month || per == Period::Year));
  double tolerance = exact ? 0.005 : std::max(0.05, expected * 0.1);
  return a.atMost ? a.yuan + tolerance >= expected : std::abs(a.yuan - expected) <= tolerance;
}

std::string periodWords(Period p, double periods) {
  const char *unit = p == Period::Day ? "day" : p == Period::Week ? "week"
                   : p == Period::Month ? "month" : "year";
  if (periods == 1)
    return std::string("a ") + unit;
  return fmt::format("for {} {}s", periods, unit);
}

// ---- the pass -------------------------------------------------------------------------------

/// Checks the texts of a campaign scope by scope (a step, objection, handler step, clause, offer
/// fact or the title: the texts a jargon explanation may be in). Decoded texts, hits and the
/// scope's list are buffers kept from scope to scope, so that a text costs no allocation once
/// they have grown.
class WordingPass {
public:
  WordingPass(const Program &program, const Lexicon &lexicon, const OfferAmounts &offer,
              const TemplateScope &templates, const SourceManager &sources,
              DiagnosticEngine &diags)
      : program_(program), lexicon_(lexicon), offer_(offer), templates_(templates),
        sources_(sources), diags_(diags) {}

  /// A text that is not a statement: a clause, an offer fact, the title (`kind`).
  void single(const char *kind, const ast::Text &text) {
    used_ = 0;
    add(text, nullptr, 0);
    check(kind);
  }

  /// The says and asks of a step, objection or handler step (`kind`).
  void body(const char *kind, const ast::StmtList &body) {
    used_ = 0;
    for (size_t i = 0; i < body.size(); ++i) {
      const ast::Stmt *stmt = body[i].get();
      if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt))
        add(say->text, stmt, i);
      else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt))
        add(ask->text, stmt, i);
    }
    check(kind);
  }

  ClauseClaims takeClaims() { return std::move(claims_); }

private:
  void add(const ast::Text &text, const ast::Stmt *stmt, size_t position) {
    if (used_ == texts_.size())
      texts_.emplace_back();
    SpokenText &t = texts_[used_++];
    decodeSpoken(text, sources_, templates_, t);
    t.stmt = stmt;
    t.position = position;
  }

  void check(const char *kind) {
    scopeTexts_.clear();
    for (size_t i = 0; i < used_; ++i)
      scopeTexts_.push_back(&texts_[i].normalized.text);
    for (size_t i = 0; i < used_; ++i) {
      const SpokenText &t = texts_[i];
      if (!lexicon_.empty()) {
        lexicon_.find(t.normalized, hits_);
        checkHits(kind, t);
        if (i + 1 < used_ && texts_[i + 1].position == t.position + 1)
          checkAcross(t, texts_[i + 1]);
      }
      checkAmounts(t);
    }
  }

  void checkHits(const char *kind, const SpokenText &t) {
    for (const PhraseHit &h : hits_) {
      const WordingEntry &entry = lexicon_.entries()[h.phrase];
      uint32_t b = t.normalized.origin[h.begin], e = t.normalized.origin[h.end - 1] + 1;
      if (insideOneVariable(t, b, e))
        continue; // the fact or title itself is checked where it is written
      if (!entry.afterClause.empty()) {
        if (t.stmt)
          claims_[t.stmt].push_back(&entry);
        continue; // a claim allowed after its clause: the path checks decide (E0618)
      }
      SourceRange range = rangeOf(t, b, e);
      std::string said = quote(t, b, e);
      if (entry.kind == WordingEntry::Kind::Jargon) {
        if (lexicon_.explained(entry, scopeTexts_))
          continue;
        Diagnostic &d = diags_.report(DiagId::UnexplainedJargon, range, said, as(entry, said),
                                      kind, entry.explainTexts.front());
        d.fixIts.push_back({range, entry.suggest.empty()
                                       ? said + "(" + entry.explainTexts.front() + ")"
                                       : entry.suggest});
        continue;
      }
      Diagnostic &d =
          diags_.report(wordingDiag(entry), range, said, as(entry, said), entry.category);
      if (!entry.suggest.empty())
        d.fixIts.push_back({range, entry.suggest});
    }
  }

  static std::string as(const WordingEntry &entry, const std::string &said) {
    const std::string &written = entry.source->phrase.value;
    return said == written ? "" : " (lexicon entry \"" + written + "\")";
  }

  /// Banned wording split across two consecutive lines (`say "这个活动是完全"` then
  /// `say "免费的"`): the customer hears one sentence. Only hits that span the join count;
  /// the lines' own hits are reported line by line.
  void checkAcross(const SpokenText &a, const SpokenText &b) {
    const NormalizedText &x = a.normalized, &y = b.normalized;
    if (x.text.empty() || y.text.empty())
      return;
    uint32_t join = static_cast<uint32_t>(x.text.size());
    uint32_t shift = static_cast<uint32_t>(a.codePoints.size());
    joined_.clear();
    joined_.text = x.text;
    joined_.text += y.text;
    joined_.origin = x.origin;
    for (uint32_t o : y.origin)
      joined_.origin.push_back(o + shift);
    joined_.breaks = x.breaks;
    if (x.breakPending)
      joined_.breaks.push_back(join);
    for (uint32_t k : y.breaks)
      joined_.breaks.push_back(k + join);
    lexicon_.find(joined_, acrossHits_);
    for (const PhraseHit &h : acrossHits_) {
      if (h.begin >= join || h.end <= join)
        continue;
      const WordingEntry &entry = lexicon_.entries()[h.phrase];
      if (entry.kind == WordingEntry::Kind::Jargon)
        continue;
      if (!entry.afterClause.empty()) {
        if (b.stmt)
          claims_[b.stmt].push_back(&entry);
        continue;
      }
      uint32_t first = joined_.origin[h.begin], last = joined_.origin[h.end - 1] - shift + 1;
      SourceRange head = rangeOf(a, first, shift), tail = rangeOf(b, 0, last);
      std::string said = quote(a, first, shift) + quote(b, 0, last);
      Diagnostic &d = diags_.report(wordingDiag(entry), SourceRange{head.begin, tail.end}, said,
                                    as(entry, said), entry.category);
      d.notes.push_back({tail, "the phrase goes on in the next line"});
      if (!entry.suggest.empty())
        d.fixIts.push_back({head, entry.suggest});
    }
  }

  void checkAmounts(const SpokenText &t) {
    if (!offer_.price)
      return;
    for (const QuotedAmount &a : quotedAmounts(t.codePoints)) {
      if (a.other || insideOneVariable(t, a.begin, a.end))
        continue;
      bool known = false;
      for (const OfferAmounts::Money &m : offer_.money)
        known |= agrees(a, m.yuan, m.per);
      if (known)
        continue;
      const TypedFact &price = *offer_.price;
      double yuan = std::strtod(price.amount.c_str(), nullptr);
      Period per = periodOfUnit(price.per);
      Diagnostic *d;
      std::string said = "'" + quote(t, a.begin, a.end) + "'";
      std::string fix;
      if (a.period == Period::None || per == Period::None) {
        d = &diags_.report(DiagId::AmountNotInOffer, rangeOf(t, a.begin, a.end), said,
                           spokenFact(price));
        fix = price.amount + "元";
      } else {
        double expected =
            yuan * static_cast<double>(a.period) * a.periods / static_cast<double>(per);
        d = &diags_.report(DiagId::AmountPeriodMismatch, rangeOf(t, a.begin, a.end), said,
                           periodWords(a.period, a.periods), spokenFact(price),
                           formatAmount(expected, a.period, a.periods));
        fix = formatAmount(expected, Period::None);
      }
      if (auto it = program_.offer.find("price"); it != program_.offer.end())
        d->notes.push_back({it->second->value.range, "the offer's price"});
      d->fixIts.push_back({d->range, fix});
    }
  }

  const Program &program_;
  const Lexicon &lexicon_;
  const OfferAmounts &offer_;
  const TemplateScope &templates_;
  const SourceManager &sources_;
  DiagnosticEngine &diags_;
  std::vector<SpokenText> texts_; ///< the scope's texts in [0, used_), spare buffers after
  size_t used_ = 0;
  std::vector<const std::u32string *> scopeTexts_; ///< the scope's normalised texts
  std::vector<PhraseHit> hits_, acrossHits_;       ///< the hits of the text being checked
  NormalizedText joined_;                          ///< two consecutive lines as one
  ClauseClaims claims_;
};

} // namespace

Lexicon checkLexicon(const ast::Policy &policy, DiagnosticEngine &diags) {
  return Lexicon::load(policy, &diags);
}

ClauseClaims checkWording(const Program &program, const Lexicon &lexicon,
                          const std::vector<TypedFact> &offer, const TemplateScope &templates,
                          const SourceManager &sources, DiagnosticEngine &diags) {
  OfferAmounts amounts = offerAmounts(offer);
  if (lexicon.empty() && !amounts.price)
    return ClauseClaims();
  WordingPass pass(program, lexicon, amounts, templates, sources, diags);
  if (program.campaign)
    for (const ast::Setting &title : program.campaign->titles)
      if (title.value.range.begin.valid()) {
        ast::Text text{title.value.text, title.value.range};
        pass.single("title", text);
      }
  for (const auto &[name, fact] : program.offer)
    if (fact->value.kind == ast::FactValue::Kind::Text)
      pass.single("offer fact", fact->value.text);
  for (const auto &[name, clause] : program.clauses)
    pass.single("clause", clause->text);
  for (const auto &[name, step] : program.steps)
    pass.body("step", step->body);
  for (const auto &[name, objection] : program.objections)
    pass.body("objection", objection->body);
  for (const HandlerStep &h : program.handlerSteps)
    pass.body("step", h.step->body);
  for (const ast::Text *line : program.runtimeLines)
    pass.single("runtime line", *line);
  return pass.takeClaims();
}

} // namespace patter
