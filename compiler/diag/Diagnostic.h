// The diagnostic model shared by every pass and every renderer.
#pragma once

#include "SourceManager.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace patter {

enum class Severity { Error, Warning, Note };

/// Every code patter reports, generated from Diagnostics.def.
enum class DiagId {
#define DIAG(Name, Code, Sev, Rule, Text) Name,
#include "Diagnostics.def"
#undef DIAG
};

/// The registry entry behind a DiagId.
struct DiagInfo {
  DiagId id;
  std::string_view code;
  Severity severity;
  std::string_view rule;
  std::string_view text;
};

const DiagInfo &diagInfo(DiagId id);
/// All registry entries in definition order (for docs and `patter explain`).
const std::vector<DiagInfo> &allDiagnostics();
std::string_view severityName(Severity s);

/// A secondary message pointing at another place, e.g. one step of a counterexample path.
struct Note {
  SourceRange range;
  std::string message;
};

/// A suggested replacement of the text at `range`.
struct FixIt {
  SourceRange range;
  std::string replacement;
};

/// What applying a fix-it does, in the words the renderers print after "help: ".
inline std::string describe(const FixIt &fix) {
  return fix.replacement.empty() ? "remove it" : "replace with '" + fix.replacement + "'";
}

/// The `allow` that silenced a diagnostic: auditors see every exception and its reason.
struct Waived {
  SourceRange at; ///< the waiver's rule id
  std::string reason;
};

/// One argument of a message template, kept so the message can be formatted again in another
/// language (Localize.h): numbers stay numbers so format specs such as `{:02X}` still apply.
using DiagArg = std::variant<std::string, long long, unsigned long long, double>;

template <typename T> DiagArg toDiagArg(T &&value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_integral_v<V> && std::is_signed_v<V>)
    return static_cast<long long>(value);
  else if constexpr (std::is_integral_v<V>)
    return static_cast<unsigned long long>(value);
  else if constexpr (std::is_floating_point_v<V>)
    return static_cast<double>(value);
  else
    return fmt::format("{}", std::forward<T>(value));
}

struct Diagnostic {
  DiagId id;
  Severity severity;
  SourceRange range;
  std::string message;             ///< in English, the registry's language
  std::vector<DiagArg> args;       ///< what `message` was formatted from
  std::vector<Note> notes;
  std::vector<FixIt> fixIts;
  std::optional<Waived> waived; ///< set: reported for the record, but no error or warning

  std::string_view code() const { return diagInfo(id).code; }
  std::string_view rule() const { return diagInfo(id).rule; }
};

/// Collects diagnostics; passes never print or throw for user errors, they report here.
class DiagnosticEngine {
public:
  template <typename... Args>
  Diagnostic &report(DiagId id, SourceRange range, Args &&...args) {
    const DiagInfo &info = diagInfo(id);
    std::vector<DiagArg> kept;
    kept.reserve(sizeof...(Args));
    (kept.push_back(toDiagArg(args)), ...);
    return add(Diagnostic{id, info.severity, range, fmt::format(fmt::runtime(info.text), args...),
                          std::move(kept), {}, {}, std::nullopt});
  }

  bool hasErrors() const { return errorCount_ > 0; }
  unsigned errorCount() const { return errorCount_; }
  unsigned warningCount() const { return warningCount_; }

  /// Marks the diagnostics `waiverOf` returns a waiver for: they stay in the record (renderers
  /// list them as waived) but no longer count as errors or warnings.
  template <typename WaiverOf> void waive(WaiverOf waiverOf) {
    errorCount_ = warningCount_ = 0;
    for (Diagnostic &d : diagnostics_) {
      if (!d.waived)
        d.waived = waiverOf(d);
      if (!d.waived)
        (d.severity == Severity::Error ? errorCount_ : warningCount_) += 1;
    }
  }

  /// Diagnostics in a stable order: by file, line, column, then code.
  std::vector<Diagnostic> sorted() const;

private:
  Diagnostic &add(Diagnostic d);

  std::vector<Diagnostic> diagnostics_;
  unsigned errorCount_ = 0;
  unsigned warningCount_ = 0;
};

} // namespace patter
