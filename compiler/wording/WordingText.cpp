// Decoding spoken literals with their source columns.
#include "WordingText.h"

#include <algorithm>

namespace patter {

namespace {

char32_t decodeOne(std::string_view s, size_t &i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size())
    len = 1;
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (int k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

uint32_t codePointCount(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

} // namespace

const ast::Text *spokenText(const ast::Stmt &s) {
  if (const auto *say = llvm::dyn_cast<ast::SayStmt>(&s))
    return &say->text;
  if (const auto *ask = llvm::dyn_cast<ast::AskStmt>(&s))
    return &ask->text;
  return nullptr;
}

void decodeSpoken(const ast::Text &text, const SourceManager &sources,
                  const TemplateScope &templates, SpokenText &out) {
  SourceLocation begin = text.range.begin;
  std::string_view line;
  if (begin.valid() && text.range.end.line == begin.line)
    line = sources.lineText(begin.file, begin.line);
  size_t from = byteOffsetOfColumn(line, begin.column);
  size_t to = byteOffsetOfColumn(line, text.range.end.column);
  bool raw = to > from + 1 && line[from] == '"' && line[to - 1] == '"';
  // With no source to read, the value stands in, columns counted from the opening quote.
  std::string_view literal = raw ? line.substr(from + 1, to - from - 2) : text.value;

  out.text = &text;
  out.at = begin;
  out.line = raw ? line : std::string_view();
  out.codePoints.clear();
  out.columns.clear();
  out.ends.clear();
  out.variable.clear();
  out.normalized.clear();
  // A literal's bytes bound its code points (a build-time value may add more): one allocation
  // per buffer for most texts instead of a doubling series.
  out.codePoints.reserve(literal.size());
  out.columns.reserve(literal.size());
  out.ends.reserve(literal.size());
  out.variable.reserve(literal.size());
  out.normalized.text.reserve(literal.size());
  out.normalized.origin.reserve(literal.size());
  const Normalizer &normalizer = Normalizer::standard();
  uint16_t variables = 0;
  auto emit = [&](char32_t cp, uint32_t column, uint32_t end, uint16_t variable) {
    normalizer.append(cp, static_cast<uint32_t>(out.codePoints.size()), out.normalized);
    out.codePoints += cp;
    out.columns.push_back(column);
    out.ends.push_back(end);
    out.variable.push_back(variable);
  };
  uint32_t column = begin.column + 1;
  for (size_t i = 0; i < literal.size();) {
    char c = literal[i];
    size_t close;
    if (raw && c == '\\' && i + 1 < literal.size()) {
      ++i;
      char32_t e = decodeOne(literal, i);
      emit(e == U'n' ? U'\n' : e == U't' ? U'\t' : e, column, column + 2, 0);
      column += 2;
    } else if ((c == '{' || c == '}') && i + 1 < literal.size() && literal[i + 1] == c) {
      emit(static_cast<char32_t>(c), column, column + 2, 0);
      column += 2;
      i += 2;
    } else if (c == '{' && (close = literal.find('}', i)) != std::string_view::npos) {
      uint32_t width = codePointCount(literal.substr(i, close + 1 - i));
      const std::string *value = templates.valueOf(literal.substr(i + 1, close - i - 1));
      if (value && !value->empty() && variables < UINT16_MAX) {
        ++variables;
        for (size_t k = 0; k < value->size();)
          emit(decodeOne(*value, k), column, column + width, variables);
      } else if (!value) {
        emit(kTemplateMark, column, column + width, 0);
      }
      column += width;
      i = close + 1;
    } else {
      emit(decodeOne(literal, i), column, column + 1, 0);
      ++column;
    }
  }
}

SourceRange rangeOf(const SpokenText &t, uint32_t b, uint32_t e) {
  return {{t.at.file, t.at.line, t.columns[b]}, {t.at.file, t.at.line, t.ends[e - 1]}};
}

std::string quote(const SpokenText &t, uint32_t b, uint32_t e) {
  if (t.line.empty())
    return toUtf8(std::u32string_view(t.codePoints).substr(b, e - b));
  size_t from = byteOffsetOfColumn(t.line, t.columns[b]);
  size_t to = byteOffsetOfColumn(t.line, t.ends[e - 1]);
  return std::string(t.line.substr(from, to - from));
}

bool insideOneVariable(const SpokenText &t, uint32_t b, uint32_t e) {
  uint16_t v = t.variable[b];
  return v != 0 && std::all_of(t.variable.begin() + b, t.variable.begin() + e,
                               [&](uint16_t w) { return w == v; });
}

} // namespace patter
