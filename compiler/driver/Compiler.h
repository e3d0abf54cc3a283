// The compiler driver: the passes in order, from source text to diagnostics and a JSON flow.
#pragma once

#include "Diagnostic.h"
#include "ModuleLoader.h"
#include "ReviewFacts.h"

#include "callflow/CallFlow.h"

#include <optional>
#include <string>

namespace patter {

class ModuleCache;

/// One compilation of one main file: owns its sources and diagnostics.
class Compilation {
public:
  /// With `cache`, imported modules (and their policies' lexicons) parsed by an earlier
  /// compilation through the same cache are reused; diagnostics and output are the same as
  /// without. The cache must outlive `run`.
  explicit Compilation(SearchPath path, ModuleCache *cache = nullptr)
      : path_(std::move(path)), cache_(cache) {}

  /// Runs every pass over `mainPath` (read from `text`); returns the JSON flow of its campaign
  /// when `emit` is set and no error was reported.
  std::optional<std::string> run(const std::string &mainPath, std::string text, bool emit);

  /// Makes `run` keep the review facts of the campaign (reviewFacts()), its flow emitted even
  /// when errors were reported.
  void keepReviewFacts() { wantReview_ = true; }
  /// Set by `run` after keepReviewFacts() when the file has a campaign.
  const std::optional<ReviewFacts> &reviewFacts() const { return review_; }

  const SourceManager &sources() const { return sources_; }
  const DiagnosticEngine &diagnostics() const { return diags_; }
  /// The call flow `run` lowered the campaign into: the one the checks read and its JSON flow
  /// is written from; set once `run` resolved a campaign, whether or not it checked clean.
  const std::optional<callflow::CallFlow> &lowered() const { return lowered_; }
  /// The modules `run` loaded, main file first: what tools that navigate the source read.
  const LoadedModules &modules() const { return loaded_; }

private:
  SearchPath path_;
  ModuleCache *cache_;
  SourceManager sources_;
  DiagnosticEngine diags_;
  LoadedModules loaded_;
  bool wantReview_ = false;
  std::optional<ReviewFacts> review_;
  std::optional<callflow::CallFlow> lowered_;
};

} // namespace patter
