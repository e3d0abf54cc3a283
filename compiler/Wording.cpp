// The wording pass: decode each spoken literal with a source column per code point, normalise,
// match the lexicon, and check quoted amounts against the offer.
#include "Wording.h"

#include "Lexicon.h"
#include "Normalize.h"

#include <cstdlib>
#include <optional>

namespace patter {

namespace {

/// U+FFFC stands for a `{template}`: kept by normalisation, in no phrase, so nothing matches
/// across a template variable.
constexpr char32_t kTemplateMark = 0xFFFC;

/// A spoken literal as the customer hears it (templates aside), with the source location of
/// each of its code points and one past the last (the closing quote).
struct SpokenText {
  const ast::Text *text = nullptr;
  std::u32string codePoints;
  std::vector<SourceLocation> at;
  NormalizedText normalized;
  std::string line; ///< the source line, for quoting what a hit covers
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

std::string encode(std::u32string_view cps) { return toUtf8(cps); }

/// Decodes a literal from its source: escapes resolved, `{{` and `}}` unescaped, each
/// `{variable}` one kTemplateMark; every code point keeps the column it was written at.
SpokenText decode(const ast::Text &text, const SourceManager &sources) {
  SpokenText out;
  out.text = &text;
  SourceLocation begin = text.range.begin;
  std::string_view line;
  if (begin.valid() && text.range.end.line == begin.line)
    line = sources.lineText(begin.file, begin.line);
  size_t from = byteOffsetOfColumn(line, begin.column);
  size_t to = byteOffsetOfColumn(line, text.range.end.column);
  bool raw = to > from + 1 && line[from] == '"' && line[to - 1] == '"';
  out.line = std::string(line);

  std::u32string chars;                 // the literal between the quotes, undecoded
  std::vector<uint32_t> columns;
  if (raw) {
    uint32_t column = begin.column + 1;
    for (size_t i = from + 1; i < to - 1; ++column) {
      chars += decodeOne(line, i);
      columns.push_back(column);
    }
  } else { // no source to read: the value, columns counted from the opening quote
    std::string_view v = text.value;
    uint32_t column = begin.column + 1;
    for (size_t i = 0; i < v.size(); ++column) {
      chars += decodeOne(v, i);
      columns.push_back(column);
    }
  }
  uint32_t endColumn = raw ? text.range.end.column - 1
                           : (columns.empty() ? begin.column + 1 : columns.back() + 1);
  auto emit = [&](char32_t cp, size_t index) {
    out.codePoints += cp;
    out.at.push_back({begin.file, begin.line, columns[index]});
  };
  for (size_t i = 0; i < chars.size(); ++i) {
    char32_t c = chars[i];
    if (raw && c == U'\\' && i + 1 < chars.size()) {
      char32_t e = chars[i + 1];
      emit(e == U'n' ? U'\n' : e == U't' ? U'\t' : e, i);
      ++i;
    } else if ((c == U'{' || c == U'}') && i + 1 < chars.size() && chars[i + 1] == c) {
      emit(c, i);
      ++i;
    } else if (c == U'{') {
      size_t close = chars.find(U'}', i);
      if (close == std::u32string::npos) {
        emit(c, i);
      } else {
        emit(kTemplateMark, i);
        i = close;
      }
    } else {
      emit(c, i);
    }
  }
  out.at.push_back({begin.file, begin.line, endColumn});
  Normalizer::standard().append(encode(out.codePoints), out.normalized);
  return out;
}

/// The source range of code points [b, e) of a spoken text.
SourceRange rangeOf(const SpokenText &t, uint32_t b, uint32_t e) { return {t.at[b], t.at[e]}; }

/// The source text of code points [b, e), as written (escapes and all).
std::string quote(const SpokenText &t, uint32_t b, uint32_t e) {
  if (t.line.empty() || t.at[b].line != t.at[e].line)
    return encode(std::u32string_view(t.codePoints).substr(b, e - b));
  size_t from = byteOffsetOfColumn(t.line, t.at[b].column);
  size_t to = byteOffsetOfColumn(t.line, t.at[e].column);
  return t.line.substr(from, to - from);
}

/// A step, objection, handler step or clause: the texts a jargon explanation may be in.
struct Scope {
  const char *kind;
  std::vector<SpokenText> texts;
};

void addTexts(const ast::StmtList &body, Scope &scope, const SourceManager &sources) {
  for (const auto &stmt : body) {
    if (const auto *say = llvm::dyn_cast<ast::SayStmt>(stmt.get()))
      scope.texts.push_back(decode(say->text, sources));
    else if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(stmt.get()))
      scope.texts.push_back(decode(ask->text, sources));
  }
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

/// `58元`, `58 块`, `９.９元`, `五十八元`: numbers followed by a unit of yuan. Chinese numerals
/// count only before 元 (`一块` is also "together").
std::vector<Amount> amountsIn(const std::u32string &t) {
  std::vector<Amount> out;
  auto unitAt = [&](size_t i, bool kuai) {
    while (i < t.size() && (t[i] == U' ' || t[i] == U'\u3000'))
      ++i;
    if (i < t.size() && (t[i] == U'元' || t[i] == U'圆' || t[i] == U'圓' ||
                         (kuai && (t[i] == U'块' || t[i] == U'塊'))))
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

void checkAmounts(const SpokenText &t, const OfferAmounts &offer, const Program &program,
                  DiagnosticEngine &diags) {
  if (!offer.price || contains(t.normalized.text, comparisonMarkers()))
    return;
  for (const Amount &a : amountsIn(t.codePoints)) {
    bool known = false;
    for (double v : offer.allowed)
      known |= std::abs(v - a.value) < 1e-9;
    if (known)
      continue;
    Diagnostic &d = diags.report(DiagId::AmountNotInOffer, rangeOf(t, a.begin, a.end),
                                 "'" + quote(t, a.begin, a.end) + "'", spokenFact(*offer.price));
    if (auto it = program.offer.find("price"); it != program.offer.end())
      d.notes.push_back({it->second->value.range, "the offer's price"});
    d.fixIts.push_back({d.range, offer.price->amount + "元"});
  }
}

// ---- lexicon hits ---------------------------------------------------------------------------

void checkHits(const Scope &scope, const SpokenText &t, const Lexicon &lexicon,
               const std::vector<const std::u32string *> &scopeTexts, DiagnosticEngine &diags) {
  for (const PhraseHit &h : lexicon.find(t.normalized)) {
    const WordingEntry &entry = lexicon.entries()[h.phrase];
    if (!entry.afterClause.empty())
      continue; // a claim allowed after its clause: the path checks decide (E0618)
    uint32_t b = t.normalized.origin[h.begin], e = t.normalized.origin[h.end - 1] + 1;
    SourceRange range = rangeOf(t, b, e);
    std::string said = quote(t, b, e);
    const std::string &written = entry.source->phrase.value;
    std::string as = said == written ? "" : " (lexicon entry \"" + written + "\")";
    if (entry.kind == WordingEntry::Kind::Jargon) {
      if (lexicon.explained(entry, scopeTexts))
        continue;
      Diagnostic &d = diags.report(DiagId::UnexplainedJargon, range, said, as, scope.kind,
                                   entry.explainTexts.front());
      d.fixIts.push_back({range, entry.suggest.empty()
                                     ? said + "(" + entry.explainTexts.front() + ")"
                                     : entry.suggest});
      continue;
    }
    Diagnostic &d = diags.report(wordingDiag(entry), range, said, as, entry.category);
    if (!entry.suggest.empty())
      d.fixIts.push_back({range, entry.suggest});
  }
}

void checkScope(const Scope &scope, const Lexicon &lexicon, const OfferAmounts &offer,
                const Program &program, DiagnosticEngine &diags) {
  std::vector<const std::u32string *> texts;
  for (const SpokenText &t : scope.texts)
    texts.push_back(&t.normalized.text);
  for (const SpokenText &t : scope.texts) {
    if (!lexicon.empty())
      checkHits(scope, t, lexicon, texts, diags);
    checkAmounts(t, offer, program, diags);
  }
}

} // namespace

void checkLexicon(const ast::Policy &policy, DiagnosticEngine &diags) {
  Lexicon::load(policy, &diags);
}

void checkWording(const Program &program, const Lexicon &lexicon,
                  const std::vector<TypedFact> &offer, const SourceManager &sources,
                  DiagnosticEngine &diags) {
  OfferAmounts amounts = offerAmounts(offer);
  if (lexicon.empty() && !amounts.price)
    return;
  auto run = [&](Scope scope) { checkScope(scope, lexicon, amounts, program, diags); };
  for (const auto &[name, clause] : program.clauses)
    run(Scope{"clause", {decode(clause->text, sources)}});
  for (const auto &[name, step] : program.steps) {
    Scope scope{"step", {}};
    addTexts(step->body, scope, sources);
    run(std::move(scope));
  }
  for (const auto &[name, objection] : program.objections) {
    Scope scope{"objection", {}};
    addTexts(objection->body, scope, sources);
    run(std::move(scope));
  }
  for (const HandlerStep &h : program.handlerSteps) {
    Scope scope{"step", {}};
    addTexts(h.step->body, scope, sources);
    run(std::move(scope));
  }
}

} // namespace patter
