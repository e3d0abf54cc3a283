// What `patter graph`, `report`, `extract` and `diff` read: a campaign source (compiled, with
// its diagnostics) or an emitted flow file, as one FlowModel.
#pragma once

#include "Compiler.h"
#include "FlowModel.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace patter::cli {

/// How a spoken line fared in the checks.
struct Verdict {
  enum class Kind { Passed, Warning, Error, Waived, Unchecked };
  Kind kind = Kind::Passed;
  std::string text; ///< in Chinese, for the reviewer: `通过`, `错误 E0620: …`
};

struct ReviewInput {
  std::string path;
  /// The compilation of a source file; null for a flow file.
  std::unique_ptr<Compilation> compilation;
  std::vector<Diagnostic> diagnostics; ///< sorted; empty for a flow file
  FlowModel model;
  bool draft = false; ///< the source has errors: the model is of a flow that was not built
  /// The policy's lexicon entries; known only for a source file.
  std::optional<std::vector<ReviewFacts::LexiconEntry>> lexicon;

  bool fromSource() const { return compilation != nullptr; }
  Place placeOf(SourceRange range) const;
  /// The diagnostics reported at the line of `line`'s statement (or clause definition).
  std::vector<const Diagnostic *> diagnosticsAt(const SpokenLine &line) const;
  Verdict verdict(const SpokenLine &line) const;
  /// The nodes of a diagnostic's counterexample path (its `path:` notes), in order.
  std::vector<std::string> pathNodes(const Diagnostic &d) const;
  /// The diagnostic `CODE@LINE` names (its code, at that line of the main file), or null.
  const Diagnostic *findDiagnostic(const std::string &codeAtLine) const;
};

/// Reads `path`: a JSON flow (validated as the runtime would load it) or a campaign source.
/// A source without a campaign, or a file that cannot be read, gives nullopt and `error`.
std::optional<ReviewInput> loadReviewInput(const std::string &path, const SearchPath &search,
                                           std::string &error);

/// The options of the reviewer's commands: `-I DIR`, `--stdlib DIR`, `-o FILE`, `--format F`
/// and the command's own valued options, then the inputs.
struct ReviewOptions {
  std::vector<std::string> inputs;
  SearchPath searchPath;
  std::string output;
  std::string format;
  std::vector<std::pair<std::string, std::string>> values; ///< the command's own `--name VALUE`
  bool help = false, version = false;

  std::optional<std::string> value(const std::string &name) const;
};

/// Parses `args`; `own` lists the command's own valued options (`--path`). On a usage error
/// prints it and returns nullopt.
std::optional<ReviewOptions> parseReviewOptions(const std::vector<std::string> &args,
                                                const char *command,
                                                const std::vector<std::string> &formats,
                                                const std::vector<std::string> &own);

/// Writes `text` to `output` atomically, or to stdout when `output` is empty or `-`; on failure
/// prints why and returns false.
bool writeOutput(const std::string &output, const std::string &text, const char *command);

} // namespace patter::cli
