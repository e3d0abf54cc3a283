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

/// Calls `onVariable(name, byteOffset)` for each `{name}`, `onText` for literal text; returns
/// the byte offset of an unclosed `{`, or npos.
template <typename OnText, typename OnVariable>
size_t scan(const std::string &text, OnText onText, OnVariable onVariable) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      onText(c);
      ++i;
    } else if (c == '{') {
      size_t close = text.find('}', i);
      if (close == std::string::npos)
        return i;
      onVariable(text.substr(i + 1, close - i - 1), i);
      i = close;
    } else {
      onText(c);
    }
  }
  return std::string::npos;
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
  std::vector<llvm::StringRef> known(std::begin(kRuntimeTemplates), std::end(kRuntimeTemplates));
  for (const auto &[name, value] : values_)
    known.push_back(name);
  size_t unclosed = scan(
      text.value, [](char) {},
      [&](const std::string &name, size_t offset) {
        if (isRuntimeTemplate(name))
          return;
        for (const auto &[known_name, value] : values_)
          if (known_name == name)
            return;
        diags.report(DiagId::UndefinedTemplate, rangeAt(offset, name.size() + 2), name,
                     didYouMean(name, known));
      });
  if (unclosed != std::string::npos)
    diags.report(DiagId::MalformedTemplate, rangeAt(unclosed, 1));
}

std::string TemplateScope::expand(const std::string &text) const {
  std::string out;
  out.reserve(text.size());
  scan(
      text, [&](char c) { out += c; },
      [&](const std::string &name, size_t) {
        for (const auto &[known, value] : values_)
          if (known == name) {
            out += value;
            return;
          }
        out += "{" + name + "}";
      });
  return out;
}

} // namespace patter
