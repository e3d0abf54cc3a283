// Reading the pins and holding the campaign's policy to them, by the file that declares it.
#include "PolicyPins.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace patter {

namespace {

/// One pinned policy: `MODULE[:NAME]`, NAME defaulting to the module's last path component.
struct Pin {
  std::string module;
  std::string name;
  std::optional<FileIdentity> file; ///< where MODULE resolves; nothing if it does not
};

/// Where a pin's module is: `std/...` in the standard library only, any other module relative
/// to `base` (the project file's folder, or the working folder for `--policy`).
std::optional<FileIdentity> resolvePin(const std::string &module, const fs::path &base,
                                       const std::string &stdlibDir) {
  bool standard = module.rfind("std/", 0) == 0;
  if (standard && stdlibDir.empty())
    return std::nullopt;
  fs::path file = (standard ? fs::path(stdlibDir) : base) / (module + ".patter");
  return regularFileIdentity(file.string());
}

/// Parses `MODULE[:NAME]`; false if it is not of that form.
bool parsePin(const std::string &text, Pin &out) {
  size_t colon = text.rfind(':');
  out.module = text.substr(0, colon);
  if (out.module.empty() || out.module.back() == '/')
    return false;
  out.name = colon == std::string::npos ? out.module.substr(out.module.rfind('/') + 1)
                                        : text.substr(colon + 1);
  return !out.name.empty() && out.name.find('/') == std::string::npos;
}

/// A source of pins: its name for messages and the policies it allows.
struct PinSource {
  std::string what; ///< "the project file 'x/patter.json'" or "--policy"
  std::vector<Pin> pins;
};

std::string allowedList(const PinSource &source) {
  std::string out;
  for (const Pin &p : source.pins)
    out += (out.empty() ? "" : ", ") + p.module + ":" + p.name;
  return out;
}

/// Reads the project file at `file`; reports what is wrong with it at its first line.
std::optional<PinSource> readProjectFile(const std::string &file, const std::string &stdlibDir,
                                         SourceManager &sources, DiagnosticEngine &diags) {
  std::string text;
  bool readable = readFile(file, text);
  auto fail = [&](const std::string &why) -> std::optional<PinSource> {
    uint32_t id = sources.add(file, readable ? text : std::string());
    diags.report(DiagId::BadPolicyPin, {{id, 1, 1}, {id, 1, 2}},
                 "project file '" + file + "' " + why);
    return std::nullopt;
  };
  if (!readable)
    return fail("cannot be read");
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return fail("is not a JSON object such as {\"policies\": [\"std/policy/mobile_outbound\"]}");
  for (const auto &[key, value] : doc.items())
    if (key != "policies")
      return fail("has the unknown key \"" + key + "\" (expected: policies)");
  const nlohmann::json *list = doc.contains("policies") ? &doc["policies"] : nullptr;
  if (!list || !list->is_array() || list->empty())
    return fail("must list the allowed policies: \"policies\": [\"MODULE[:NAME]\", ...]");
  PinSource source{"the project file '" + file + "'", {}};
  fs::path base = fs::path(file).parent_path();
  for (const nlohmann::json &entry : *list) {
    Pin pin;
    if (!entry.is_string() || !parsePin(entry.get<std::string>(), pin))
      return fail("lists " + entry.dump() + ", which is not \"MODULE\" or \"MODULE:NAME\"");
    pin.file = resolvePin(pin.module, base, stdlibDir);
    if (!pin.file)
      return fail("pins module '" + pin.module + "', which is not found");
    source.pins.push_back(std::move(pin));
  }
  return source;
}

} // namespace

std::optional<std::string> findProjectFile(const std::string &file) {
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(file), ec).parent_path();
  if (ec)
    return std::nullopt;
  for (;;) {
    fs::path candidate = dir / kProjectFileName;
    if (fs::exists(candidate, ec))
      return candidate.lexically_normal().string();
    if (!dir.has_parent_path() || dir.parent_path() == dir)
      return std::nullopt;
    dir = dir.parent_path();
  }
}

void checkPinnedPolicy(const Program &program, const LoadedModules &modules,
                       const std::string &mainPath, const SearchPath &path,
                       SourceManager &sources, DiagnosticEngine &diags) {
  std::vector<PinSource> pinning;
  if (std::optional<std::string> project = findProjectFile(mainPath)) {
    std::optional<PinSource> source = readProjectFile(*project, path.stdlibDir, sources, diags);
    if (!source)
      return;
    pinning.push_back(std::move(*source));
  }
  const ast::Setting *named =
      program.campaign->policies.empty() ? nullptr : &program.campaign->policies.front();
  if (!path.pinnedPolicies.empty()) {
    PinSource flags{"--policy", {}};
    for (const std::string &text : path.pinnedPolicies) {
      Pin pin;
      bool wellFormed = parsePin(text, pin);
      if (wellFormed)
        pin.file = resolvePin(pin.module, fs::current_path(), path.stdlibDir);
      if (!pin.file) {
        if (named)
          diags.report(DiagId::BadPolicyPin, named->value.range,
                       "--policy '" + text + "' " +
                           (wellFormed ? "names a module that is not found"
                                       : "is not MODULE or MODULE:NAME"));
        return;
      }
      flags.pins.push_back(std::move(pin));
    }
    pinning.push_back(std::move(flags));
  }
  if (pinning.empty() || !named || !program.declaredPolicy)
    return; // no pins, or E0220 / E0105 already

  // The file that declares the campaign's policy.
  std::optional<FileIdentity> declaredIn;
  std::string declaredPath;
  for (size_t i = 0; i < modules.size(); ++i)
    for (const ast::Policy &p : modules[i].policies)
      if (&p == program.declaredPolicy) {
        declaredIn = modules.identity(i);
        declaredPath = std::string(sources.path(modules[i].file));
      }
  for (const PinSource &source : pinning) {
    bool allowed = declaredIn && std::any_of(source.pins.begin(), source.pins.end(), [&](const Pin &p) {
      return p.file == declaredIn && p.name == program.declaredPolicy->name.text;
    });
    if (!allowed)
      diags.report(DiagId::UnpinnedPolicy, named->value.range, program.declaredPolicy->name.text,
                   declaredPath, source.what, allowedList(source))
          .notes.push_back({program.declaredPolicy->name.range, "the policy used is declared here"});
  }
}

} // namespace patter
