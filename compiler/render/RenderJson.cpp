// The JSON renderer: one document for tools and editors, whatever the number of inputs.
#include "Render.h"

#include <nlohmann/json.hpp>

namespace patter {

namespace {

nlohmann::json place(const SourceManager &sources, SourceRange r) {
  if (!r.begin.valid())
    return nullptr;
  return {{"file", sources.path(r.begin.file)},
          {"line", r.begin.line},
          {"column", r.begin.column},
          {"end_line", r.end.line},
          {"end_column", r.end.column}};
}

} // namespace

std::string renderJson(const std::vector<Diagnostic> &diags, const SourceManager &sources) {
  return renderJson(std::vector<DiagnosticSet>{{&sources, diags}});
}

std::string renderJson(const std::vector<DiagnosticSet> &sets) {
  nlohmann::json list = nlohmann::json::array();
  unsigned errors = 0, warnings = 0, waived = 0;
  for (const DiagnosticSet &set : sets) {
    const SourceManager &sources = *set.sources;
    for (const Diagnostic &d : set.diagnostics) {
      if (d.waived)
        ++waived;
      else
        (d.severity == Severity::Error ? errors : warnings) += 1;
      nlohmann::json notes = nlohmann::json::array();
      for (const Note &n : d.notes)
        notes.push_back({{"message", n.message}, {"location", place(sources, n.range)}});
      nlohmann::json fixes = nlohmann::json::array();
      for (const FixIt &f : d.fixIts)
        fixes.push_back({{"replacement", f.replacement}, {"location", place(sources, f.range)}});
      list.push_back({{"code", d.code()},
                      {"severity", severityName(d.severity)},
                      {"rule", d.rule().empty() ? nlohmann::json(nullptr)
                                                : nlohmann::json(d.rule())},
                      {"message", d.message},
                      {"location", place(sources, d.range)},
                      {"notes", std::move(notes)},
                      {"fixits", std::move(fixes)},
                      {"waived", d.waived ? nlohmann::json{{"reason", d.waived->reason},
                                                           {"location", place(sources, d.waived->at)}}
                                          : nlohmann::json(nullptr)}});
    }
  }
  nlohmann::json doc = {{"diagnostics", std::move(list)},
                        {"errors", errors},
                        {"warnings", warnings},
                        {"waived", waived}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace patter
