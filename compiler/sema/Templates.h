// `{templates}` in spoken text: checked at compile time, offer facts filled in at build time.
#pragma once

#include "Diagnostic.h"
#include "Offer.h"

#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// The template variables the runtime fills in from the call itself.
inline constexpr const char *kRuntimeTemplates[] = {"phone.first3", "phone.last4",
                                                    "phone.masked"};

/// Whether `text` has a brace: only such text has templates or escaped braces.
inline bool hasBraces(std::string_view text) {
  return text.find('{') != std::string_view::npos || text.find('}') != std::string_view::npos;
}

/// The variables a text may use: the runtime's, `campaign.title` and `offer.<fact>`.
class TemplateScope {
public:
  TemplateScope(std::string title, const std::vector<TypedFact> &facts);

  /// Reports unknown variables and unclosed braces in `text`.
  void check(const ast::Text &text, DiagnosticEngine &diags) const;

  /// The text with `{{`/`}}` unescaped and every build-time variable replaced; runtime
  /// variables stay as `{phone.first3}` for the runtime to fill in.
  std::string expand(std::string_view text) const;

  /// The same, without a copy of text that has nothing to expand: `text` itself when it holds
  /// no brace, else the expansion, written over `buffer`.
  std::string_view expand(std::string_view text, std::string &buffer) const;

  /// The text a build-time variable (`offer.product`, `campaign.title`) reads as, or null.
  const std::string *valueOf(std::string_view name) const {
    for (const auto &[known, value] : values_)
      if (known == name)
        return &value;
    return nullptr;
  }

private:
  std::vector<std::pair<std::string, std::string>> values_; ///< build-time variables
};

} // namespace patter
