// The SARIF 2.1.0 renderer: one log with one run, for code-scanning services and IDE viewers.
#include "Render.h"
#include "Rules.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <map>

namespace patter {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kStdlibPrefix = "<stdlib>/";

/// Percent-encodes everything but unreserved characters and `/`, so a path with spaces, colons
/// or Chinese characters is a valid URI reference (RFC 3986) whatever the viewer.
std::string encodePath(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep)
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

/// The artifactLocation of a source file. Files of the standard library are named relative to
/// the PATTER_STDLIB base, relative paths relative to %SRCROOT% (where patter was run), and
/// absolute paths become file: URIs, so the log reads the same on every machine.
Json artifactLocation(std::string_view path) {
  if (path.substr(0, kStdlibPrefix.size()) == kStdlibPrefix)
    return {{"uri", encodePath(path.substr(kStdlibPrefix.size()))}, {"uriBaseId", "PATTER_STDLIB"}};
  if (!path.empty() && path.front() == '/')
    return {{"uri", "file://" + encodePath(path)}};
  return {{"uri", encodePath(path)}, {"uriBaseId", "%SRCROOT%"}};
}

/// A region in SARIF terms: 1-based lines, columns in code points (run.columnKind), the end
/// column one past the last character, as in our SourceRange.
Json region(SourceRange r) {
  Json out = {{"startLine", r.begin.line}, {"startColumn", r.begin.column}};
  if (r.end.valid() && r.end.column > 0) {
    out["endLine"] = r.end.line;
    out["endColumn"] = r.end.column;
  }
  return out;
}

/// A location object, with a physicalLocation when the range has a position.
Json location(const SourceManager &sources, SourceRange r) {
  Json out = Json::object();
  if (r.begin.valid() && r.begin.file < sources.fileCount())
    out["physicalLocation"] = {{"artifactLocation", artifactLocation(sources.path(r.begin.file))},
                               {"region", region(r)}};
  return out;
}

std::string_view level(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

bool isPathNote(const Note &n) { return n.message.rfind("path", 0) == 0; }

/// The reportingDescriptor of one diagnostic code: what viewers show beside every result.
Json ruleDescriptor(const DiagInfo &info, const SarifOptions &options) {
  std::string docPath = fmt::format("docs/diagnostics/{}.md", info.code);
  Json descriptor = {{"id", info.code},
                     {"name", diagnosticName(info.id)},
                     {"shortDescription", {{"text", readableTemplate(info.text)}}}};
  std::string helpText, helpMarkdown;
  Json properties = Json::object();
  if (const RuleInfo *rule = findRule(info.rule)) {
    descriptor["fullDescription"] = {
        {"text", fmt::format("{} {}: {} (seed {})", rule->id, rule->title, rule->text, rule->source)}};
    helpText = fmt::format("{} {}: {}\nSeed: {}. Enforced: {}.\n\nCompliant example:\n{}\n\n",
                           rule->id, rule->title, rule->text, rule->source, rule->where,
                           rule->example);
    helpMarkdown = fmt::format("**{} {}**: {}\n\nSeed: {}. Enforced: {}.\n\nCompliant example:\n\n"
                               "```\n{}\n```\n\n",
                               rule->id, rule->title, rule->text, rule->source, rule->where,
                               rule->example);
    properties["rule"] = rule->id;
    properties["tags"] = {"compliance", rule->id};
  } else {
    // A language error cites no rule: its description is what it reports and where to read more.
    descriptor["fullDescription"] = {
        {"text", fmt::format("{} {}: {}. Explained in {} and by `patter explain {}`.",
                             severityName(info.severity), info.code, readableTemplate(info.text),
                             docPath, info.code)}};
    properties["tags"] = {"language"};
  }
  helpText += fmt::format("Documentation: {} (or run `patter explain {}`).", docPath, info.code);
  helpMarkdown += fmt::format("Documentation: [{}]({}) (or run `patter explain {}`).", docPath,
                              docPath, info.code);
  descriptor["help"] = {{"text", helpText}, {"markdown", helpMarkdown}};
  if (!options.docsBaseUri.empty())
    descriptor["helpUri"] = fmt::format("{}{}.md", options.docsBaseUri, info.code);
  descriptor["defaultConfiguration"] = {{"level", level(info.severity)}};
  descriptor["properties"] = std::move(properties);
  return descriptor;
}

/// All fix-its of a diagnostic are one fix, applied together (as clang's are), grouped into one
/// artifactChange per file.
Json fixOf(const Diagnostic &d, const SourceManager &sources) {
  std::vector<std::pair<uint32_t, Json>> changes; // file id -> artifactChange, in first-seen order
  std::vector<std::string> descriptions;
  for (const FixIt &fix : d.fixIts) {
    if (!fix.range.begin.valid() || fix.range.begin.file >= sources.fileCount())
      continue;
    descriptions.push_back(describe(fix));
    Json replacement = {{"deletedRegion", region(fix.range)},
                        {"insertedContent", {{"text", fix.replacement}}}};
    auto it = std::find_if(changes.begin(), changes.end(),
                           [&](const auto &c) { return c.first == fix.range.begin.file; });
    if (it == changes.end()) {
      changes.emplace_back(
          fix.range.begin.file,
          Json{{"artifactLocation", artifactLocation(sources.path(fix.range.begin.file))},
               {"replacements", Json::array()}});
      it = std::prev(changes.end());
    }
    it->second["replacements"].push_back(std::move(replacement));
  }
  if (changes.empty())
    return nullptr;
  Json artifactChanges = Json::array();
  for (auto &change : changes)
    artifactChanges.push_back(std::move(change.second));
  std::string description;
  for (const std::string &part : descriptions)
    description += (description.empty() ? "" : "; ") + part;
  return {{"description", {{"text", description}}},
          {"artifactChanges", std::move(artifactChanges)}};
}

Json result(const Diagnostic &d, const SourceManager &sources, size_t ruleIndex) {
  std::string_view rule = d.rule();
  std::string text = rule.empty() ? d.message : fmt::format("{} [{}]", d.message, rule);
  Json out = {{"ruleId", d.code()},
              {"ruleIndex", ruleIndex},
              {"level", level(d.severity)},
              {"message", {{"text", text}}}};
  Json primary = location(sources, d.range);
  out["locations"] = primary.empty() ? Json::array() : Json::array({primary});

  // Every note is a related location; ids keep repeated places (a path through a loop) distinct.
  Json related = Json::array();
  Json path = Json::array();
  for (size_t i = 0; i < d.notes.size(); ++i) {
    const Note &n = d.notes[i];
    Json where = location(sources, n.range);
    where["message"] = {{"text", n.message}};
    Json tagged = {{"id", i + 1}};
    tagged.update(where);
    related.push_back(std::move(tagged));
    if (isPathNote(n))
      path.push_back({{"location", std::move(where)}, {"executionOrder", path.size() + 1}});
  }
  if (!related.empty())
    out["relatedLocations"] = std::move(related);
  // The counterexample path, step by step, for viewers that can walk a code flow.
  if (!path.empty())
    out["codeFlows"] = Json::array(
        {{{"message", {{"text", "shortest counterexample path"}}},
          {"threadFlows", Json::array({{{"locations", std::move(path)}}})}}});

  // A waived finding is a suppressed result: SARIF viewers show it as accepted, with the reason.
  if (d.waived) {
    Json suppression = {{"kind", "inSource"}, {"justification", d.waived->reason}};
    Json at = location(sources, d.waived->at);
    if (!at.empty())
      suppression["location"] = std::move(at);
    out["suppressions"] = Json::array({std::move(suppression)});
  }

  Json fix = fixOf(d, sources);
  if (!fix.is_null())
    out["fixes"] = Json::array({std::move(fix)});
  if (!rule.empty())
    out["properties"] = {{"rule", rule}};
  return out;
}

} // namespace

std::string renderSarif(const std::vector<DiagnosticSet> &sets, const SarifOptions &options) {
  // One descriptor per code that occurs, in code order; results refer to them by index.
  std::map<std::string_view, const DiagInfo *> used;
  for (const DiagnosticSet &set : sets)
    for (const Diagnostic &d : set.diagnostics)
      used.emplace(d.code(), &diagInfo(d.id));
  Json rules = Json::array();
  std::map<std::string_view, size_t> ruleIndex;
  for (const auto &[code, info] : used) {
    ruleIndex[code] = rules.size();
    rules.push_back(ruleDescriptor(*info, options));
  }

  Json results = Json::array();
  for (const DiagnosticSet &set : sets)
    for (const Diagnostic &d : set.diagnostics)
      results.push_back(result(d, *set.sources, ruleIndex.at(d.code())));

  Json invocation = {{"executionSuccessful", options.unreadable.empty()}};
  if (!options.unreadable.empty()) {
    Json notifications = Json::array();
    for (const std::string &path : options.unreadable)
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", fmt::format("cannot read '{}'", path)}}},
           {"locations",
            Json::array({{{"physicalLocation", {{"artifactLocation", artifactLocation(path)}}}}})}});
    invocation["toolExecutionNotifications"] = std::move(notifications);
  }

  Json driver = {{"name", "patter"}};
  if (!options.informationUri.empty())
    driver["informationUri"] = options.informationUri;
  if (!options.toolVersion.empty()) {
    driver["version"] = options.toolVersion;
    driver["semanticVersion"] = options.toolVersion;
  }
  driver["rules"] = std::move(rules);

  Json run = {
      {"tool", {{"driver", std::move(driver)}}},
      {"invocations", Json::array({std::move(invocation)})},
      {"originalUriBaseIds",
       {{"%SRCROOT%",
         {{"description", {{"text", "The folder patter was run from; relative paths given on "
                                    "the command line are relative to it."}}}}},
        {"PATTER_STDLIB",
         {{"description", {{"text", "The patter standard library folder (--stdlib); its files "
                                    "appear as <stdlib>/... in the text output."}}}}}}},
      // Our columns count Unicode code points, not the UTF-16 code units SARIF assumes.
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(results)}};

  Json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(run)})}};
  return log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace patter
