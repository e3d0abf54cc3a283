// What a reviewer's tools (`patter graph`, `report`, `extract`, `diff`) read from a compilation
// besides its diagnostics: the flow, even a draft one, and what the flow does not carry.
#pragma once

#include "SourceManager.h"

#include <string>
#include <vector>

namespace patter {

struct Program;

struct ReviewFacts {
  /// The JSON flow. When errors were reported it is a draft: drawn and listed for the reviewer
  /// to see where the errors are, never written as a flow a runtime could load.
  std::string flow;
  bool draft = false;

  /// Where each clause of the campaign is defined (the flow lists clauses without positions).
  struct Clause {
    std::string id;
    SourceRange range;
  };
  std::vector<Clause> clauses;

  /// One lexicon entry of the campaign's policy, as written.
  struct LexiconEntry {
    std::string kind;   ///< `banned`, `jargon`
    std::string phrase;
    std::string fields; ///< its fields as written, `rule R09; suggest "…"`, for comparing
  };
  std::vector<LexiconEntry> lexicon;
};

/// The clause positions and lexicon entries of a resolved campaign.
ReviewFacts reviewFactsOf(const Program &program);

} // namespace patter
