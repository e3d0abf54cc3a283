// A policy's wording lexicon: banned phrases (R09, R10, R11) and jargon (R19), normalised and
// compiled into one matcher, with each entry's own match / nomatch examples checked on load.
#pragma once

#include "AST.h"
#include "Diagnostic.h"
#include "Normalize.h"
#include "WordingPattern.h"

#include <string>
#include <vector>

namespace patter {

/// One usable lexicon entry.
struct WordingEntry {
  enum class Kind { Banned, Jargon };
  Kind kind = Kind::Banned;
  const ast::LexiconEntry *source = nullptr;
  std::u32string phrase;   ///< normalised (pattern syntax dropped): the key for duplicates
  std::string rule;        ///< R09, R10, R11 (banned) or R19 (jargon)
  std::string category;    ///< e.g. `misleading`, `taboo`, `closing`, `jargon`
  Severity severity = Severity::Error;
  std::string suggest;     ///< replacement wording, as written; may be empty
  /// A claim that is only misleading before this clause is disclosed (`after_clause includes`):
  /// the path checks, not the wording pass, report it.
  std::string afterClause;
  std::vector<std::string> explainTexts;     ///< jargon: the explanations, as written
  std::vector<std::u32string> explains;      ///< ... and normalised
  /// An R09 claim: an honest negation just before it (`并不是完全免费的`) unsays it.
  bool negatable = false;
};

/// The lexicon of one policy. Immutable once loaded.
class Lexicon {
public:
  /// The entry kinds a policy may declare.
  static constexpr const char *kKinds = "banned, jargon";

  /// Interprets the lexicon entries of `policy`. With `diags`, reports malformed entries and
  /// runs every entry's `match` / `nomatch` examples, reporting each that fails at the
  /// example; without, silently keeps the usable entries.
  static Lexicon load(const ast::Policy &policy, DiagnosticEngine *diags);

  const std::vector<WordingEntry> &entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

  /// Occurrences of entries in normalised text (`PhraseHit::phrase` is the entry index), as
  /// PatternSet finds them (Latin phrases at word boundaries, no clause boundary the phrase
  /// does not have), without R09 claims that an honest negation unsays, and a hit lying
  /// inside a longer hit dropped, so `完全不收费` is reported once, not also as `不收费`.
  /// The hits replace the contents of `out`, so that a caller going through many texts
  /// reuses one buffer.
  void find(const NormalizedText &text, std::vector<PhraseHit> &out) const;

  /// Whether a jargon entry's explanation is said in any of `scope` (normalised texts).
  bool explained(const WordingEntry &entry,
                 const std::vector<const std::u32string *> &scope) const;

private:
  /// Appends every occurrence of an entry to `out`, negated claims left out.
  void hits(const NormalizedText &text, std::vector<PhraseHit> &out) const;
  /// Whether `text` alone would be reported for entry `index` (the self-test's question).
  bool flags(uint32_t index, const NormalizedText &text) const;

  std::vector<WordingEntry> entries_;
  PatternSet patterns_; ///< pattern i is entry i
};

/// The diagnostic a hit of `entry` raises: one code per rule and severity.
DiagId wordingDiag(const WordingEntry &entry);

} // namespace patter
