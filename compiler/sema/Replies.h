// Reply vocabularies and the runtime's own lines: read from every `replies` block of a
// compilation, self-tested with the runtime's own reader, emitted under the flow's `replies`.
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include "patter/reply_reader.h"

#include <array>
#include <memory>
#include <vector>

namespace patter {

/// A line the runtime speaks of its own accord (include/patter/runtime_lines.def).
enum class RuntimeLine : uint8_t {
#define RUNTIME_LINE(Id, name, placeholders) Id,
#include "patter/runtime_lines.def"
};
inline constexpr size_t kRuntimeLineCount = 0
#define RUNTIME_LINE(Id, name, placeholders) +1
#include "patter/runtime_lines.def"
    ;

/// The name of a runtime line in the language and the flow (`explain_again`, ...).
llvm::StringRef runtimeLineName(RuntimeLine line);


/// Everything the `replies` blocks of a compilation say, merged: the words of every block, and
/// for each runtime line the first block's text in load order (the main file's before a
/// policy's before the standard library's, so the most specific wording wins).
struct Replies {
  /// A `reply` entry's own examples: what must, and must not, read as its class.
  struct Examples {
    WordClass cls;
    std::vector<const ast::PolicyValue *> matches, nomatches;
  };
  Vocabulary vocabulary;
  std::array<const ast::Text *, kRuntimeLineCount> lines{};
  std::vector<Examples> examples;
  bool any = false; ///< some `replies` block was loaded
};

/// Reads every `replies` block of `modules`. With `diags`, reports malformed entries and words
/// in two classes; without, keeps what is usable.
Replies readReplies(const std::vector<std::unique_ptr<ast::Module>> &modules, DiagnosticEngine *diags);

/// Reports each `match` / `nomatch` example that the runtime's reader, over the merged
/// vocabulary, reads otherwise (E0704, E0705).
void testReplyExamples(const Replies &replies, DiagnosticEngine &diags);

/// Reports runtime lines the campaign's flow would lack (E0708) when any vocabulary is loaded,
/// at the campaign's name.
void checkRepliesComplete(const Replies &replies, const ast::Campaign &campaign, DiagnosticEngine &diags);

} // namespace patter
