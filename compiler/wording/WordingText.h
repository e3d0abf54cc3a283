// A spoken literal as the customer hears it, with the way back to its source columns: what the
// wording pass and the confirmation-turn check match.
#pragma once

#include "AST.h"
#include "Normalize.h"
#include "SourceManager.h"
#include "Templates.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// A spoken literal as the customer hears it: escapes resolved and build-time template
/// variables (`{offer.product}`, `{campaign.title}`) filled in, with the source columns each of
/// its code points covers. Callers keep these and reuse their buffers.
struct SpokenText {
  const ast::Stmt *stmt = nullptr; ///< the say or ask; null for a clause's or a fact's text
  const ast::Text *text = nullptr;
  size_t position = 0;   ///< the statement's index in its body: consecutive lines are adjacent
  SourceLocation at;     ///< the file and line of every code point
  std::string_view line; ///< the source line (the SourceManager's), for quoting what a hit covers
  std::u32string codePoints;
  std::vector<uint32_t> columns, ends; ///< the columns code point i covers: [columns, ends)
  /// 0 for a code point written in the literal; k for one of the value of its k-th variable.
  std::vector<uint16_t> variable;
  NormalizedText normalized;
};

/// The text a `say` or `ask` speaks, or null for any other statement.
const ast::Text *spokenText(const ast::Stmt &s);

/// Decodes a literal from its source into `out`: escapes resolved, `{{` and `}}` unescaped,
/// each build-time `{variable}` replaced by its value (every code point of which covers the
/// whole `{variable}`), each runtime one by kTemplateMark; normalised as it is decoded.
void decodeSpoken(const ast::Text &text, const SourceManager &sources,
                  const TemplateScope &templates, SpokenText &out);

/// The source range of code points [b, e) of a spoken text (e > b).
SourceRange rangeOf(const SpokenText &t, uint32_t b, uint32_t e);

/// The source text of code points [b, e), as written (escapes and all).
std::string quote(const SpokenText &t, uint32_t b, uint32_t e);

/// Whether code points [b, e) all come from one variable's value: what the offer fact or the
/// title says, checked where it is written.
bool insideOneVariable(const SpokenText &t, uint32_t b, uint32_t e);

} // namespace patter
