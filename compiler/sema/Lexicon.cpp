// Loading a policy's lexicon entries: fields, defaults, normalisation and the entries' own
// example tests.
#include "Lexicon.h"

#include <llvm/ADT/StringRef.h>

#include <algorithm>
#include <map>

namespace patter {

namespace {

using Value = ast::PolicyValue;

/// Words that, just before an R09 claim in the same clause, say it is not so (`并不是完全免费的`):
/// normalised, longest first. `不` alone counts only right before the claim (`不完全免费`).
const std::vector<std::u32string> &negators() {
  static const std::vector<std::u32string> words = [] {
    std::vector<std::u32string> out;
    for (const char *w : {"并不是", "也不是", "绝不是", "算不上", "谈不上", "称不上", "不能说",
                          "不等于", "不代表", "不意味着", "并非", "不是", "不算", "并不", "不"})
      out.push_back(Normalizer::standard().fold(w));
    return out;
  }();
  return words;
}

/// Whether the hit [begin, end) of a claim is honestly negated: a negator ends at most two code
/// points before it in its clause (`不是说完全免费`), and the clause is not a question that
/// asserts it after all (`这不是完全免费吗`, `是不是完全免费`).
bool negated(const NormalizedText &text, uint32_t begin, uint32_t end) {
  const std::u32string &t = text.text;
  uint32_t clauseStart = 0, clauseEnd = static_cast<uint32_t>(t.size());
  auto next = std::upper_bound(text.breaks.begin(), text.breaks.end(), begin);
  if (next != text.breaks.begin())
    clauseStart = *std::prev(next);
  auto after = std::lower_bound(text.breaks.begin(), text.breaks.end(), end);
  if (after != text.breaks.end())
    clauseEnd = *after;
  bool found = false;
  for (const std::u32string &n : negators()) {
    uint32_t slack = n.size() == 1 ? 0 : 2;
    for (uint32_t s = 0; s <= slack && !found; ++s) {
      if (begin < clauseStart + s + n.size())
        break;
      uint32_t at = begin - s - static_cast<uint32_t>(n.size());
      found = t.compare(at, n.size(), n) == 0 && !(at > clauseStart && t[at - 1] == U'是');
    }
    if (found)
      break;
  }
  if (!found)
    return false;
  char32_t last = clauseEnd > end ? t[clauseEnd - 1] : 0;
  return last != U'吗' && last != U'嘛';
}

const char *kindName(WordingEntry::Kind kind) {
  return kind == WordingEntry::Kind::Banned ? "banned" : "jargon";
}

const char *fieldsOf(WordingEntry::Kind kind) {
  return kind == WordingEntry::Kind::Banned
             ? "rule, category, severity, suggest, after_clause, match, nomatch"
             : "explain, rule, category, severity, suggest, match, nomatch";
}

std::string defaultCategory(llvm::StringRef rule) {
  if (rule == "R09")
    return "misleading";
  if (rule == "R10")
    return "taboo";
  if (rule == "R11")
    return "closing";
  return "jargon";
}

/// Reads the fields of one entry; false when the entry cannot be used.
class EntryReader {
public:
  EntryReader(const ast::LexiconEntry &source, WordingEntry &entry, DiagnosticEngine *diags)
      : source_(source), entry_(entry), diags_(diags) {}

  bool read(std::vector<const Value *> &matches, std::vector<const Value *> &nomatches) {
    bool ok = true, ruleGiven = false;
    std::map<std::string, const ast::PolicySetting *> seen;
    for (const ast::PolicySetting &field : source_.fields) {
      const std::string &key = field.key.text;
      bool repeatable = key == "match" || key == "nomatch" || key == "explain";
      if (!repeatable && !seen.emplace(key, &field).second) {
        bad(field.key.range, key, "one value; it is given more than once");
        ok = false;
        continue;
      }
      if (key == "match" || key == "nomatch") {
        for (const Value &v : field.values)
          if (isString(v, key))
            (key == "match" ? matches : nomatches).push_back(&v);
      } else if (key == "explain" && entry_.kind == WordingEntry::Kind::Jargon) {
        for (const Value &v : field.values)
          if (isString(v, key))
            entry_.explainTexts.push_back(v.text);
      } else if (key == "rule") {
        ruleGiven = true;
        ok &= rule(field);
      } else if (key == "category") {
        if (const Value *v = one(field, "one word or string"))
          entry_.category = v->text;
      } else if (key == "severity") {
        ok &= severity(field);
      } else if (key == "after_clause" && entry_.kind == WordingEntry::Kind::Banned) {
        const Value *v = one(field, "one clause name");
        if (v && v->kind != Value::Kind::Number && !v->text.empty())
          entry_.afterClause = v->text;
        else
          ok = false;
      } else if (key == "suggest") {
        if (const Value *v = one(field, "one string"); v && isString(*v, key))
          entry_.suggest = v->text;
      } else {
        if (diags_)
          diags_->report(DiagId::UnknownLexiconField, field.key.range, key,
                         kindName(entry_.kind), fieldsOf(entry_.kind));
        ok = false;
      }
    }
    if (entry_.kind == WordingEntry::Kind::Banned && !ruleGiven) {
      if (diags_)
        diags_->report(DiagId::MissingLexiconField, source_.phrase.range, "banned",
                       source_.phrase.value, "rule",
                       "R09 (misleading), R10 (service taboo) or R11 (closing)");
      ok = false;
    }
    if (entry_.kind == WordingEntry::Kind::Jargon) {
      if (entry_.rule.empty())
        entry_.rule = "R19";
      if (entry_.explainTexts.empty()) {
        if (diags_)
          diags_->report(DiagId::MissingLexiconField, source_.phrase.range, "jargon",
                         source_.phrase.value, "explain",
                         "the plain words that must be said with it");
        ok = false;
      }
    }
    if (entry_.category.empty())
      entry_.category = defaultCategory(entry_.rule);
    return ok;
  }

private:
  void bad(SourceRange at, const std::string &key, const std::string &expected) {
    if (diags_)
      diags_->report(DiagId::BadLexiconValue, at, key, source_.phrase.value, expected);
  }

  bool isString(const Value &v, const std::string &key) {
    if (v.kind == Value::Kind::String && !v.text.empty())
      return true;
    bad(v.range, key, "non-empty strings");
    return false;
  }

  const Value *one(const ast::PolicySetting &field, const char *expected) {
    if (field.values.size() == 1)
      return &field.values[0];
    bad(field.range, field.key.text, expected);
    return nullptr;
  }

  bool rule(const ast::PolicySetting &field) {
    bool banned = entry_.kind == WordingEntry::Kind::Banned;
    const char *expected = banned ? "R09, R10 or R11" : "R19";
    const Value *v = one(field, expected);
    if (!v)
      return false;
    bool valid = v->kind != Value::Kind::Number &&
                 (banned ? (v->text == "R09" || v->text == "R10" || v->text == "R11")
                         : v->text == "R19");
    if (!valid) {
      bad(v->range, "rule", std::string(expected) + ", not '" + v->text + "'");
      return false;
    }
    entry_.rule = v->text;
    return true;
  }

  bool severity(const ast::PolicySetting &field) {
    bool banned = entry_.kind == WordingEntry::Kind::Banned;
    const char *expected = banned ? "error or warning" : "warning (jargon is advice)";
    const Value *v = one(field, expected);
    if (!v)
      return false;
    if (v->text == "warning") {
      entry_.severity = Severity::Warning;
      return true;
    }
    if (banned && v->text == "error") {
      entry_.severity = Severity::Error;
      return true;
    }
    bad(v->range, "severity", std::string(expected) + ", not '" + v->text + "'");
    return false;
  }

  const ast::LexiconEntry &source_;
  WordingEntry &entry_;
  DiagnosticEngine *diags_;
};

struct PendingExamples {
  std::vector<const Value *> matches, nomatches;
};

} // namespace

DiagId wordingDiag(const WordingEntry &entry) {
  bool warn = entry.severity == Severity::Warning;
  if (entry.kind == WordingEntry::Kind::Jargon)
    return DiagId::UnexplainedJargon;
  if (entry.rule == "R10")
    return warn ? DiagId::ServiceTabooWarning : DiagId::ServiceTaboo;
  if (entry.rule == "R11")
    return warn ? DiagId::ImproperClosingWarning : DiagId::ImproperClosing;
  return warn ? DiagId::MisleadingWordingWarning : DiagId::MisleadingWording;
}

Lexicon Lexicon::load(const ast::Policy &policy, DiagnosticEngine *diags) {
  const Normalizer &norm = Normalizer::standard();
  Lexicon lexicon;
  std::vector<PendingExamples> examples;
  std::map<std::u32string, const ast::LexiconEntry *> byPhrase;
  for (const ast::LexiconEntry &source : policy.entries) {
    WordingEntry entry;
    if (source.kind.text == "banned") {
      entry.kind = WordingEntry::Kind::Banned;
    } else if (source.kind.text == "jargon") {
      entry.kind = WordingEntry::Kind::Jargon;
      entry.severity = Severity::Warning;
    } else {
      if (diags)
        diags->report(DiagId::UnknownLexiconKind, source.kind.range, source.kind.text, kKinds);
      continue;
    }
    entry.source = &source;
    PendingExamples pending;
    bool ok = EntryReader(source, entry, diags).read(pending.matches, pending.nomatches);
    entry.phrase = norm.fold(source.phrase.value);
    if (entry.phrase.empty()) {
      if (diags)
        diags->report(DiagId::EmptyLexiconPhrase, source.phrase.range, source.phrase.value);
      continue;
    }
    if (auto [it, inserted] = byPhrase.emplace(entry.phrase, &source); !inserted) {
      if (diags)
        diags->report(DiagId::DuplicateLexiconEntry, source.phrase.range, source.phrase.value,
                      it->second->phrase.value)
            .notes.push_back({it->second->phrase.range, "first entry here"});
      continue;
    }
    if (!ok)
      continue;
    for (const std::string &e : entry.explainTexts)
      if (auto folded = norm.fold(e); !folded.empty())
        entry.explains.push_back(std::move(folded));
    entry.negatable = entry.kind == WordingEntry::Kind::Banned && entry.rule == "R09";
    std::string error;
    if (lexicon.patterns_.add(source.phrase.value, error) < 0) {
      if (diags)
        diags->report(DiagId::MalformedLexiconPattern, source.phrase.range, source.phrase.value,
                      error);
      continue;
    }
    lexicon.entries_.push_back(std::move(entry));
    examples.push_back(std::move(pending));
  }
  lexicon.patterns_.build();

  if (!diags)
    return lexicon;
  // The entries' own examples, run against the whole lexicon as a say text would be.
  for (uint32_t i = 0; i < lexicon.entries_.size(); ++i) {
    const WordingEntry &entry = lexicon.entries_[i];
    for (const Value *v : examples[i].matches) {
      NormalizedText text = norm.normalize(v->text);
      if (!lexicon.flags(i, text))
        diags->report(DiagId::LexiconMatchFails, v->range, v->text, entry.source->phrase.value,
                      toUtf8(text.text), toUtf8(entry.phrase));
    }
    for (const Value *v : examples[i].nomatches)
      if (lexicon.flags(i, norm.normalize(v->text)))
        diags->report(DiagId::LexiconNomatchFails, v->range, v->text,
                      entry.source->phrase.value);
  }
  return lexicon;
}

void Lexicon::hits(const NormalizedText &text, std::vector<PhraseHit> &out) const {
  size_t first = out.size();
  patterns_.find(text, out);
  out.erase(std::remove_if(out.begin() + static_cast<long>(first), out.end(),
                           [&](const PhraseHit &h) {
                             return entries_[h.phrase].negatable &&
                                    negated(text, h.begin, h.end);
                           }),
            out.end());
}

void Lexicon::find(const NormalizedText &text, std::vector<PhraseHit> &out) const {
  out.clear();
  hits(text, out);
  // Two entries with the same span (a phrase and a pattern that also spells it): the first
  // entry of the policy is the one named, in every run.
  std::sort(out.begin(), out.end(), [](const PhraseHit &a, const PhraseHit &b) {
    return a.begin != b.begin ? a.begin < b.begin
           : a.end != b.end   ? a.end > b.end
                              : a.phrase < b.phrase;
  });
  // Compacted in place: the hits kept so far never outnumber the hits looked at.
  size_t kept = 0;
  uint32_t reach = 0;
  for (const PhraseHit &h : out) {
    if (kept > 0 && h.end <= reach)
      continue; // inside an earlier, longer hit
    reach = std::max(reach, h.end);
    out[kept++] = h;
  }
  out.resize(kept);
}

bool Lexicon::explained(const WordingEntry &entry,
                        const std::vector<const std::u32string *> &scope) const {
  for (const std::u32string &explain : entry.explains)
    for (const std::u32string *text : scope)
      if (text->find(explain) != std::u32string::npos)
        return true;
  return false;
}

bool Lexicon::flags(uint32_t index, const NormalizedText &text) const {
  std::vector<PhraseHit> all;
  hits(text, all);
  for (const PhraseHit &h : all)
    if (h.phrase == index)
      return entries_[index].kind == WordingEntry::Kind::Banned ||
             !explained(entries_[index], {&text.text});
  return false;
}

} // namespace patter
