// The diagnostic registry and the collecting engine.
#include "Diagnostic.h"

#include <algorithm>
#include <tuple>

namespace patter {

const std::vector<DiagInfo> &allDiagnostics() {
  static const std::vector<DiagInfo> registry = {
#define DIAG(Name, Code, Sev, Rule, Text) {DiagId::Name, Code, Severity::Sev, Rule, Text},
#include "Diagnostics.def"
#undef DIAG
  };
  return registry;
}

const DiagInfo &diagInfo(DiagId id) { return allDiagnostics()[static_cast<size_t>(id)]; }

std::string_view severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

Diagnostic &DiagnosticEngine::add(Diagnostic d) {
  if (d.severity == Severity::Error)
    ++errorCount_;
  else if (d.severity == Severity::Warning)
    ++warningCount_;
  diagnostics_.push_back(std::move(d));
  return diagnostics_.back();
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
    auto key = [](const Diagnostic &d) {
      return std::make_tuple(d.range.begin.file, d.range.begin.line, d.range.begin.column,
                             diagInfo(d.id).code);
    };
    return key(a) < key(b);
  });
  return out;
}

} // namespace patter
