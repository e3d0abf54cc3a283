// Policies pinned by the compliance team: a project file `patter.json` in the campaign's folder
// or above, and `--policy MODULE[:NAME]` on the command line (docs/LANGUAGE.md, "Pinning the
// policy"). A pinned policy is a declaration in one file, not a name: a writer's own
// `policy mobile_outbound` is another policy.
#pragma once

#include "Diagnostic.h"
#include "ModuleLoader.h"
#include "Program.h"

#include <optional>
#include <string>

namespace patter {

/// The file name of a project file.
inline constexpr const char *kProjectFileName = "patter.json";

/// The nearest project file in the folder of `file` or one of its parents.
std::optional<std::string> findProjectFile(const std::string &file);

/// E0221: the campaign's policy is one of the policies each pinning source (the project file
/// found from `mainPath`, the `--policy` flags of `path`) allows. E0007: a project file that
/// cannot be read or understood, or a pin whose module is not found. The project file is added
/// to `sources` so that its errors have a place.
void checkPinnedPolicy(const Program &program, const LoadedModules &modules,
                       const std::string &mainPath, const SearchPath &path,
                       SourceManager &sources, DiagnosticEngine &diags);

} // namespace patter
