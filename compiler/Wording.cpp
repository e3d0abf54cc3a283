// The wording pass: decode each spoken literal with a source column per code point, normalise,
// match the lexicon, and check quoted amounts against the offer.
#include "Wording.h"

#include "Lexicon.h"
#include "Normalize.h"
#include "Templates.h"

#include <algorithm>
#include <cstdlib>

namespace patter {

namespace {

/// U+FFFC stands for a `{template}`: kept by normalisation, in no phrase, so nothing matches
/// across a template variable.
constexpr char32_t kTemplateMark = 0xFFFC;

/// A spoken literal as the customer hears it (templates aside), with the source column of each
/// of its code points and one past the last (the closing quote). The pass keeps these and
/// reuses their buffers from scope to scope.
struct SpokenText {
  const ast::Stmt *stmt = nullptr; ///< the say or ask; null for a clause's text
  const ast::Text *text = nullptr;
  SourceLocation at;     ///< the file and line of every code point
  std::string_view line; ///< the source line (the SourceManager's), for quoting what a hit covers
  std::u32string codePoints;
  std::vector<uint32_t> columns;
  NormalizedText normalized;
  /// `normalized` is also the normalised value of the literal: it has no braces, the only
  /// characters decoding treats otherwise than the value does.
  bool normalizedAsValue = true;
};

char32_t decodeOne(std::string_view s, size_t &i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size())
    len = 1;
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

uint32_t codePointCount(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

/// Decodes a literal from its source into `out`: escapes resolved, `{{` and `}}` unescaped,
/// each `{variable}` one kTemplateMark; every code point keeps the column it was written at and
/// is normalised as it is decoded.
void decode(const ast::Text &text, const SourceManager &sources, SpokenText &out) {
  SourceLocation begin = text.range.begin;
  std::string_view line;
  if (begin.valid() && text.range.end.line == begin.line)
    line = sources.lineText(begin.file, begin.line);
  size_t from = byteOffsetOfColumn(line, begin.column);
  size_t to = byteOffsetOfColumn(line, text.range.end.column);
  bool raw = to > from + 1 && line[from] == '"' && line[to - 1] == '"';
  // With no source to read, the value stands in, columns counted from the opening quote.
  std::string_view literal = raw ? line.substr(from + 1, to - from - 2) : text.value;

  out.text = &text;
  out.at = begin;
  out.line = line;
  out.codePoints.clear();
  out.columns.clear();
  out.normalized.clear();
  out.normalizedAsValue = !hasBraces(text.value);
  const Normalizer &normalizer = Normalizer::standard();
  auto emit = [&](char32_t cp, uint32_t column) {
    normalizer.append(cp, static_cast<uint32_t>(out.codePoints.size()), out.normalized);
    out.codePoints += cp;
    out.columns.push_back(column);
  };
  uint32_t column = begin.column + 1;
  for (size_t i = 0; i < literal.size();) {
    char c = literal[i];
    size_t close;
    if (raw && c == '\\' && i + 1 < literal.size()) {
      ++i;
      char32_t e = decodeOne(literal, i);
      emit(e == U'n' ? U'\n' : e == U't' ? U'\t' : e, column);
      column += 2;
    } else if ((c == '{' || c == '}') && i + 1 < literal.size() && literal[i + 1] == c) {
      emit(static_cast<char32_t>(c), column);
      column += 2;
      i += 2;
    } else if (c == '{' && (close = literal.find('}', i)) != std::string_view::npos) {
      emit(kTemplateMark, column);
      column += codePointCount(literal.substr(i, close + 1 - i));
      i = close + 1;
    } else {
      emit(decodeOne(literal, i), column++);
    }
  }
  out.columns.push_back(raw ? text.range.end.column - 1 : column);
}

/// The source range of code points [b, e) of a spoken text.
SourceRange rangeOf(const SpokenText &t, uint32_t b, uint32_t e) {
  return {{t.at.file, t.at.line, t.columns[b]}, {t.at.file, t.at.line, t.columns[e]}};
}

/// The source text of code points [b, e), as written (escapes and all).
std::string quote(const SpokenText &t, uint32_t b, uint32_t e) {
  if (t.line.empty())
    return toUtf8(std::u32string_view(t.codePoints).substr(b, e - b));
  size_t from = byteOffsetOfColumn(t.line, t.columns[b]);
  size_t to = byteOffsetOfColumn(t.line, t.columns[e]);
  return std::string(t.line.substr(from, to - from));
}

// ---- amounts of money -----------------------------------------------------------------------

/// Words that make a quoted amount a comparison or a breakdown rather than the price
/// (`平时单独订购都是50元`, `平均下来每天只要5毛钱`, `相当于买一送一`), normalised.
const std::vector<std::u32string> &comparisonMarkers() {
  static const std::vector<std::u32string> markers = [] {
    std::vector<std::u32string> out;
    for (const char *m : {"原价", "平时", "单独订购", "以前", "节省", "相当于", "每天", "平均",
                          "价值", "包年", "原来", "省下", "少花"})
      out.push_back(Normalizer::standard().fold(m));
    return out;
  }();
  return markers;
}

struct Amount {
  double value;
  uint32_t begin, end; ///< code points of the spoken text, unit included
};

int chineseDigit(char32_t c) {
  switch (c) {
  case U'零': return 0; case U'一': return 1; case U'二': case U'两': return 2;
  case U'三': return 3; case U'四': return 4; case U'五': return 5; case U'六': return 6;
  case U'七': return 7; case U'八': return 8; case U'九': return 9;
  default: return -1;
  }
}

int chineseUnit(char32_t c) {
  switch (c) {
  case U'十': return 10; case U'百': return 100; case U'千': return 1000; case U'万': return 10000;
  default: return 0;
  }
}

char32_t asciiDigit(char32_t c) { return c >= U'０' && c <= U'９' ? c - U'０' + U'0' : c; }
bool isDigit(char32_t c) { return asciiDigit(c) >= U'0' && asciiDigit(c) <= U'9'; }
bool isYuan(char32_t c) { return c == U'元' || c == U'圆' || c == U'圓'; }
bool isKuai(char32_t c) { return c == U'块' || c == U'塊'; }

/// `58元`, `58 块`, `９.９元`, `五十八元`: numbers followed by a unit of yuan. Chinese numerals
/// count only before 元 (`一块` is also "together").
std::vector<Amount> amountsIn(const std::u32string &t) {
  std::vector<Amount> out;
  // Every amount ends in a unit: a text without one, as most are, needs no closer look.
  if (std::none_of(t.begin(), t.end(), [](char32_t c) { return isYuan(c) || isKuai(c); }))
    return out;
  auto unitAt = [&](size_t i, bool kuai) {
    while (i < t.size() && (t[i] == U' ' || t[i] == U'\u3000'))
      ++i;
    if (i < t.size() && (isYuan(t[i]) || (kuai && isKuai(t[i]))))
      return i + 1;
    return size_t(0);
  };
  for (size_t i = 0; i < t.size();) {
    if (isDigit(t[i]) && (i == 0 || (!isDigit(t[i - 1]) && t[i - 1] != U'.'))) {
      std::string number;
      size_t j = i;
      while (j < t.size() && isDigit(t[j]))
        number += static_cast<char>(asciiDigit(t[j++]));
      if (j + 1 < t.size() && (t[j] == U'.' || t[j] == U'．') && isDigit(t[j + 1])) {
        number += '.';
        ++j;
        while (j < t.size() && isDigit(t[j]))
          number += static_cast<char>(asciiDigit(t[j++]));
      }
      if (size_t end = unitAt(j, true))
        out.push_back({std::strtod(number.c_str(), nullptr), static_cast<uint32_t>(i),
                       static_cast<uint32_t>(end)});
      i = j;
    } else if (chineseDigit(t[i]) >= 0 || chineseUnit(t[i])) {
      size_t j = i;
      double total = 0, section = 0, digit = 0;
      while (j < t.size() && (chineseDigit(t[j]) >= 0 || chineseUnit(t[j]))) {
        if (int d = chineseDigit(t[j]); d >= 0) {
          digit = d;
        } else if (int u = chineseUnit(t[j]); u == 10000) {
          total += (section + digit) * u;
          section = digit = 0;
        } else {
          section += (digit == 0 ? 1 : digit) * u;
          digit = 0;
        }
        ++j;
      }
      if (size_t end = unitAt(j, false))
        out.push_back({total + section + digit, static_cast<uint32_t>(i),
                       static_cast<uint32_t>(end)});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

/// The amounts a text may quote: every money fact, and numbers written in text facts (a
/// product named `10元5GB流量月包`).
struct OfferAmounts {
  const TypedFact *price = nullptr;
  std::vector<double> allowed;
};

OfferAmounts offerAmounts(const std::vector<TypedFact> &offer) {
  OfferAmounts out;
  for (const TypedFact &f : offer) {
    if (f.type == TypedFact::Type::Money) {
      if (f.name == "price")
        out.price = &f;
      out.allowed.push_back(std::strtod(f.amount.c_str(), nullptr));
    } else if (f.type == TypedFact::Type::Text) {
      std::u32string cps;
      for (size_t i = 0; i < f.text.size();)
        cps += decodeOne(f.text, i);
      for (const Amount &a : amountsIn(cps))
        out.allowed.push_back(a.value);
    }
  }
  return out;
}

bool contains(const std::u32string &text, const std::vector<std::u32string> &needles) {
  for (const std::u32string &n : needles)
    if (text.find(n) != std::u32string::npos)
      return true;
  return false;
}

// ---- the pass -------------------------------------------------------------------------------

/// Checks the texts of a campaign scope by scope (a step, objection, handler step or clause: the
/// texts a jargon explanation may be in). Decoded texts, hits and the scope's list are buffers
/// kept from scope to scope, so that a text costs no allocation once they have grown.
class WordingPass {
public:
  WordingPass(const Program &program, const Lexicon &lexicon, const OfferAmounts &offer,
              const SourceManager &sources, DiagnosticEngine &diags)
      : program_(program), lexicon_(lexicon), offer_(offer), sources_(sources), diags_(diags) {
    for (const WordingEntry &entry : lexicon.entries())
      claimsPossible_ |= !entry.afterClause.empty();
  }

  void clause(const ast::Text &text) {
    used_ = 0;
    add(text, nullptr);
    check("clause");
  }

  /// The says and asks of a step, objection or handler step (`kind`).
  void body(const char *kind, const ast::StmtList &body) {
    used_ = 0;
    for (const auto &stmt : body) {
      if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()))
        add(say->text, stmt.get());
      else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()))
        add(ask->text, stmt.get());
    }
    check(kind);
  }

  ClauseClaims takeClaims() { return std::move(claims_); }

private:
  void add(const ast::Text &text, const ast::Stmt *stmt) {
    if (used_ == texts_.size())
      texts_.emplace_back();
    SpokenText &t = texts_[used_++];
    decode(text, sources_, t);
    t.stmt = stmt;
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
        if (t.stmt && claimsPossible_)
          noteClaims(t);
      }
      checkAmounts(t);
    }
  }

  void checkHits(const char *kind, const SpokenText &t) {
    for (const PhraseHit &h : hits_) {
      const WordingEntry &entry = lexicon_.entries()[h.phrase];
      if (!entry.afterClause.empty())
        continue; // a claim allowed after its clause: the path checks decide (E0618)
      uint32_t b = t.normalized.origin[h.begin], e = t.normalized.origin[h.end - 1] + 1;
      SourceRange range = rangeOf(t, b, e);
      std::string said = quote(t, b, e);
      const std::string &written = entry.source->phrase.value;
      std::string as = said == written ? "" : " (lexicon entry \"" + written + "\")";
      if (entry.kind == WordingEntry::Kind::Jargon) {
        if (lexicon_.explained(entry, scopeTexts_))
          continue;
        Diagnostic &d = diags_.report(DiagId::UnexplainedJargon, range, said, as, kind,
                                      entry.explainTexts.front());
        d.fixIts.push_back({range, entry.suggest.empty()
                                       ? said + "(" + entry.explainTexts.front() + ")"
                                       : entry.suggest});
        continue;
      }
      Diagnostic &d = diags_.report(wordingDiag(entry), range, said, as, entry.category);
      if (!entry.suggest.empty())
        d.fixIts.push_back({range, entry.suggest});
    }
  }

  /// The claims of a statement, as the path checks have always matched them: in its value,
  /// where a template is its variable's name (`{offer.product}` reads `offerproduct`), not a
  /// template mark. Only a text with braces differs; its value is normalised and matched apart.
  void noteClaims(const SpokenText &t) {
    if (!t.normalizedAsValue) {
      valueText_.clear();
      Normalizer::standard().append(t.text->value, valueText_);
      lexicon_.find(valueText_, hits_);
    }
    for (const PhraseHit &h : hits_) {
      const WordingEntry &entry = lexicon_.entries()[h.phrase];
      if (!entry.afterClause.empty())
        claims_[t.stmt].push_back(&entry);
    }
  }

  void checkAmounts(const SpokenText &t) {
    if (!offer_.price)
      return;
    std::vector<Amount> amounts = amountsIn(t.codePoints);
    if (amounts.empty() || contains(t.normalized.text, comparisonMarkers()))
      return;
    for (const Amount &a : amounts) {
      bool known = false;
      for (double v : offer_.allowed)
        known |= std::abs(v - a.value) < 1e-9;
      if (known)
        continue;
      Diagnostic &d =
          diags_.report(DiagId::AmountNotInOffer, rangeOf(t, a.begin, a.end),
                        "'" + quote(t, a.begin, a.end) + "'", spokenFact(*offer_.price));
      if (auto it = program_.offer.find("price"); it != program_.offer.end())
        d.notes.push_back({it->second->value.range, "the offer's price"});
      d.fixIts.push_back({d.range, offer_.price->amount + "元"});
    }
  }

  const Program &program_;
  const Lexicon &lexicon_;
  const OfferAmounts &offer_;
  const SourceManager &sources_;
  DiagnosticEngine &diags_;
  bool claimsPossible_ = false; ///< some lexicon entry has `after_clause`
  std::vector<SpokenText> texts_; ///< the scope's texts in [0, used_), spare buffers after
  size_t used_ = 0;
  std::vector<const std::u32string *> scopeTexts_; ///< the scope's normalised texts
  std::vector<PhraseHit> hits_;                    ///< the hits of the text being checked
  NormalizedText valueText_;
  ClauseClaims claims_;
};

} // namespace

Lexicon checkLexicon(const ast::Policy &policy, DiagnosticEngine &diags) {
  return Lexicon::load(policy, &diags);
}

ClauseClaims checkWording(const Program &program, const Lexicon &lexicon,
                          const std::vector<TypedFact> &offer, const SourceManager &sources,
                          DiagnosticEngine &diags) {
  OfferAmounts amounts = offerAmounts(offer);
  if (lexicon.empty() && !amounts.price)
    return ClauseClaims();
  WordingPass pass(program, lexicon, amounts, sources, diags);
  for (const auto &[name, clause] : program.clauses)
    pass.clause(clause->text);
  for (const auto &[name, step] : program.steps)
    pass.body("step", step->body);
  for (const auto &[name, objection] : program.objections)
    pass.body("objection", objection->body);
  for (const HandlerStep &h : program.handlerSteps)
    pass.body("step", h.step->body);
  for (const ast::Text *line : program.runtimeLines)
    pass.clause(*line);
  return pass.takeClaims();
}

} // namespace patter
