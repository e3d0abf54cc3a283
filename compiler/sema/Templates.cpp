// Template checking and build-time expansion.
#include "Templates.h"

#include "Resolve.h"

namespace patter {

TemplateScope::TemplateScope(std::string title, const std::vector<TypedFact> &facts) {
  values_.emplace_back("campaign.title", std::move(title));
  for (const TypedFact &f : facts)
    values_.emplace_back("offer." + f.name, spokenFact(f));
}

namespace {

bool isRuntimeTemplate(llvm::StringRef name) {
  for (const char *t : kRuntimeTemplates)
    if (name == t)
      return true;
  return false;
}

/// Calls `onVariable(name, byteOffset)` for each `{name}`, `onText` for each run of literal
/// text; returns the byte offset of an unclosed `{`, or npos.
template <typename OnText, typename OnVariable>
size_t scan(std::string_view text, OnText onText, OnVariable onVariable) {
  size_t run = 0; // start of the literal text not yet passed on
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '{' && c != '}')
      continue;
    onText(text.substr(run, i - run));
    if (i + 1 < text.size() && text[i + 1] == c) {
      ++i;
      run = i; // the second brace is literal text
    } else if (c == '{') {
      size_t close = text.find('}', i);
      if (close == std::string_view::npos)
        return i;
      onVariable(text.substr(i + 1, close - i - 1), i);
      i = close;
      run = close + 1;
    } else {
      run = i; // a lone `}` is literal text
    }
  }
  onText(text.substr(run));
  return std::string_view::npos;
}

uint32_t codePointsBefore(const std::string &text, size_t offset) {
  uint32_t n = 0;
  for (size_t i = 0; i < offset; ++i)
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

} // namespace

void TemplateScope::check(const ast::Text &text, DiagnosticEngine &diags) const {
  auto rangeAt = [&](size_t offset, size_t length) {
    SourceRange r = text.range;
    // One past the opening quote; exact unless escapes precede the brace.
    r.begin.column += 1 + codePointsBefore(text.value, offset);
    r.end = r.begin;
    r.end.column += codePointsBefore(text.value.substr(offset, length), length);
    return r;
  };
  size_t unclosed = scan(
      text.value, [](std::string_view) {},
      [&](std::string_view name, size_t offset) {
        if (isRuntimeTemplate(name))
          return;
        for (const auto &[known_name, value] : values_)
          if (known_name == name)
            return;
        std::vector<llvm::StringRef> known(std::begin(kRuntimeTemplates),
                                           std::end(kRuntimeTemplates));
        for (const auto &[known_name, value] : values_)
          known.push_back(known_name);
        diags.report(DiagId::UndefinedTemplate, rangeAt(offset, name.size() + 2), name,
                     didYouMean(name, known));
      });
  if (unclosed != std::string::npos)
    diags.report(DiagId::MalformedTemplate, rangeAt(unclosed, 1));
}

std::string TemplateScope::expand(std::string_view text) const {
  std::string buffer;
  return std::string(expand(text, buffer));
}

std::string_view TemplateScope::expand(std::string_view text, std::string &buffer) const {
  if (!hasBraces(text))
    return text;
  buffer.clear();
  scan(
      text, [&](std::string_view literal) { buffer += literal; },
      [&](std::string_view name, size_t) {
        for (const auto &[known, value] : values_)
          if (known == name) {
            buffer += value;
            return;
          }
        buffer += '{';
        buffer += name;
        buffer += '}';
      });
  return buffer;
}

} // namespace patter
