// The zh-CN catalogue and the formatting of a diagnostic's kept arguments into it.
#include "Localize.h"

#include <fmt/args.h>

#include <cstdlib>

namespace patter {
namespace {

std::vector<std::string_view> zhCatalogue() {
  std::vector<std::string_view> table(allDiagnostics().size());
#define DIAG_ZH(Name, Text) table[static_cast<size_t>(DiagId::Name)] = Text;
#include "Diagnostics.zh.def"
#undef DIAG_ZH
  return table;
}

bool startsWithZh(std::string_view name) {
  return name.size() >= 2 && (name[0] == 'z' || name[0] == 'Z') && (name[1] == 'h' || name[1] == 'H') &&
         (name.size() == 2 || name[2] == '-' || name[2] == '_' || name[2] == '.');
}

} // namespace

std::optional<Language> parseLanguage(std::string_view name) {
  if (name == "en" || name == "en-US" || name == "C")
    return Language::En;
  if (startsWithZh(name))
    return Language::Zh;
  return std::nullopt;
}

Language languageFromEnvironment() {
  for (const char *var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char *value = std::getenv(var);
    if (value && *value)
      return startsWithZh(value) ? Language::Zh : Language::En;
  }
  return Language::En;
}

std::string_view zhTemplate(DiagId id) {
  static const std::vector<std::string_view> table = zhCatalogue();
  return table[static_cast<size_t>(id)];
}

std::string messageIn(const Diagnostic &d, Language lang) {
  if (lang == Language::En)
    return d.message;
  const std::string_view text = zhTemplate(d.id);
  if (text.empty())
    return d.message;
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const DiagArg &arg : d.args)
    std::visit([&](const auto &value) { store.push_back(value); }, arg);
  try {
    return fmt::vformat(fmt::string_view(text.data(), text.size()), store);
  } catch (const fmt::format_error &) {
    return d.message;
  }
}

void localize(std::vector<Diagnostic> &diagnostics, Language lang) {
  if (lang == Language::En)
    return;
  for (Diagnostic &d : diagnostics)
    d.message = messageIn(d, lang);
}

} // namespace patter
