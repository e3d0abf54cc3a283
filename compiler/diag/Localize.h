// Diagnostic messages in the writer's language: English (the registry) or zh-CN (the catalogue).
#pragma once

#include "Diagnostic.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

enum class Language { En, Zh };

/// `en` or `zh` (also `zh-CN`, `zh_CN.UTF-8`); nullopt for anything else.
std::optional<Language> parseLanguage(std::string_view name);
/// From $LC_ALL, else $LC_MESSAGES, else $LANG, as POSIX orders them: zh when it starts with `zh`.
Language languageFromEnvironment();

/// The zh-CN template of a code (Diagnostics.zh.def); empty when the catalogue has none.
std::string_view zhTemplate(DiagId id);

/// The message of `d` in `lang`. A diagnostic made without its arguments, or a template that does
/// not fit them, keeps its English message rather than lose what it says.
std::string messageIn(const Diagnostic &d, Language lang);

/// Rewrites every message in `lang`, for renderers that print `message` as it is.
void localize(std::vector<Diagnostic> &diagnostics, Language lang);

} // namespace patter
