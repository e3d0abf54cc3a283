// Finding and repairing full-width and typographic punctuation outside strings.
#include "Confusables.h"

#include <cstring>

namespace patter {

namespace {

/// A character (or two) typed for patter punctuation, what the parsers read instead, and what
/// the message tells the writer.
struct Confusable {
  const char *spelling;    ///< UTF-8
  const char *repaired;    ///< what the parsers read; as many code points where possible
  const char *fixIt;       ///< the replacement offered
  const char *advice;
};

constexpr Confusable kConfusables[] = {
    {"\xEF\xBC\x8C", ",", ",", "use ',' here"},                          // ，
    {"\xE3\x80\x81", ",", ",", "use ',' here"},                          // 、
    {"\xEF\xBC\x9A", " ", "", "remove it: patter has no ':'"},           // ：
    {"\xEF\xBC\x9B", " ", "", "remove it: statements need no ';'"},      // ；
    {"\xEF\xBC\x88", " ", "", "remove it: patter has no '('"},           // （
    {"\xEF\xBC\x89", " ", "", "remove it: patter has no ')'"},           // ）
    {"\xEF\xBD\x9B", "{", "{", "use '{' here"},                          // ｛
    {"\xEF\xBD\x9D", "}", "}", "use '}' here"},                          // ｝
    {"\xEF\xBC\x8D\xEF\xBC\x9E", "->", "->", "use '->' here"},          // －＞
    {"\xEF\xBC\x8D>", "->", "->", "use '->' here"},                      // －>
    {"\xE2\x80\x94>", "->", "->", "use '->' here"},                      // —>
    {"\xE2\x86\x92", "->", "->", "use '->' here"},                       // →
    {"\xE3\x80\x80", " ", " ", "use an ASCII space here"},               // U+3000
};

/// Quotation marks that open or close a string as `"` does.
constexpr const char *kQuotes[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
                                   "\xE2\x80\x99", "\xEF\xBC\x82"}; // “ ” ‘ ’ ＂

bool at(std::string_view text, size_t i, const char *bytes) {
  return text.compare(i, std::strlen(bytes), bytes) == 0;
}

size_t quoteAt(std::string_view text, size_t i) {
  for (const char *q : kQuotes)
    if (at(text, i, q))
      return std::strlen(q);
  return 0;
}

size_t codePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

/// Walks the text, copying it into the repaired text and reporting as it goes.
class Repairer {
public:
  Repairer(std::string_view text, uint32_t file, DiagnosticEngine &diags)
      : text_(text), file_(file), diags_(diags) {
    out_.reserve(text.size());
  }

  bool run() {
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"')
        string();
      else if (at(text_, i_, "//"))
        lineComment();
      else if (at(text_, i_, "/*"))
        blockComment();
      else if (size_t q = quoteAt(text_, i_))
        curlyString(q);
      else if (!confusable())
        copy(1);
    }
    return changed_;
  }

  std::string take() { return std::move(out_); }

private:
  /// Copies `bytes` bytes, keeping count of lines and columns; a lone CR ends a line.
  void copy(size_t bytes) {
    for (size_t end = i_ + bytes; i_ < end; ++i_) {
      char c = text_[i_];
      if (c == '\r' && (i_ + 1 >= text_.size() || text_[i_ + 1] != '\n')) {
        out_ += '\n';
        changed_ = true;
        newLine();
        continue;
      }
      out_ += c;
      if (c == '\n')
        newLine();
      else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
        ++column_;
    }
  }
  void newLine() {
    ++line_;
    column_ = 1;
  }
  bool lineEnd() const { return text_[i_] == '\n' || text_[i_] == '\r'; }

  /// The bytes of one string character: an escape is two, unless it escapes a line end.
  size_t stringChar() const {
    bool escape = text_[i_] == '\\' && i_ + 1 < text_.size() && text_[i_ + 1] != '\n' &&
                  text_[i_ + 1] != '\r';
    return escape ? 2 : 1;
  }
  void string() {
    copy(1);
    while (i_ < text_.size() && !lineEnd() && text_[i_] != '"')
      copy(stringChar());
    if (i_ < text_.size() && text_[i_] == '"')
      copy(1);
  }
  void lineComment() {
    while (i_ < text_.size() && !lineEnd())
      copy(1);
  }
  void blockComment() {
    copy(2);
    while (i_ < text_.size() && !at(text_, i_, "*/"))
      copy(1);
    if (i_ < text_.size())
      copy(2);
  }

  void report(size_t bytes, const char *fixIt, const std::string &advice) {
    std::string_view spelled = text_.substr(i_, bytes);
    SourceLocation begin{file_, line_, column_};
    SourceLocation end{file_, line_, column_ + static_cast<uint32_t>(codePoints(spelled))};
    Diagnostic &d = diags_.report(DiagId::ConfusablePunctuation, {begin, end}, spelled, advice);
    d.fixIts.push_back({{begin, end}, fixIt});
  }
  /// Replaces `bytes` bytes by `with`, counted as the code points they replace.
  void replace(size_t bytes, const char *with) {
    column_ += static_cast<uint32_t>(codePoints(text_.substr(i_, bytes)));
    i_ += bytes;
    out_ += with;
    changed_ = true;
  }

  /// `“您好”`: one error at each mark that is not `"`, and a string to the parsers.
  void curlyString(size_t openBytes) {
    report(openBytes, "\"", "use '\"' here");
    replace(openBytes, "\"");
    while (i_ < text_.size() && !lineEnd()) {
      if (text_[i_] == '"') {
        copy(1);
        return;
      }
      if (size_t q = quoteAt(text_, i_)) {
        report(q, "\"", "use '\"' here");
        replace(q, "\"");
        return;
      }
      copy(stringChar());
    }
  }

  bool confusable() {
    for (const Confusable &k : kConfusables) {
      if (!at(text_, i_, k.spelling))
        continue;
      size_t bytes = std::strlen(k.spelling);
      report(bytes, k.fixIt, k.advice);
      bool arrow = codePoints(k.spelling) == 1 && std::strlen(k.repaired) == 2;
      if (arrow && !out_.empty() && out_.back() == ' ') {
        // `yes →`: the space before takes the '-', so columns stay as written.
        out_.back() = '-';
        replace(bytes, ">");
      } else if (arrow && i_ + bytes < text_.size() && text_[i_ + bytes] == ' ') {
        replace(bytes + 1, k.repaired); // `→ pitch`: the arrow and its space become `->`
      } else {
        replace(bytes, k.repaired);
      }
      return true;
    }
    return false;
  }

  std::string_view text_;
  uint32_t file_;
  DiagnosticEngine &diags_;
  std::string out_;
  size_t i_ = 0;
  uint32_t line_ = 1, column_ = 1;
  bool changed_ = false;
};

/// Whether every byte past ASCII pairs up as a GBK (GB18030 two-byte) character.
bool decodesAsGbk(std::string_view text) {
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80)
      continue;
    if (lead == 0x80 || lead == 0xFF || i + 1 >= text.size())
      return false;
    auto trail = static_cast<unsigned char>(text[i + 1]);
    if (trail < 0x40 || trail == 0x7F || trail == 0xFF)
      return false;
    any = true;
    ++i;
  }
  return any;
}

} // namespace

std::optional<std::string> repairConfusables(const SourceManager &sources, uint32_t file,
                                             DiagnosticEngine &diags) {
  Repairer repairer(sources.text(file), file, diags);
  if (!repairer.run())
    return std::nullopt;
  return repairer.take();
}

bool looksLikeUtf16(std::string_view text) {
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                           (text[0] == '\xFE' && text[1] == '\xFF')))
    return true;
  size_t nuls = 0;
  for (char c : text.substr(0, 4096))
    nuls += c == '\0';
  return text.size() >= 2 && nuls * 4 >= std::min<size_t>(text.size(), 4096);
}

std::string encodingAdvice(std::string_view text) {
  if (looksLikeUtf16(text))
    return ": the file is UTF-16; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)";
  if (decodesAsGbk(text))
    return ": the file looks like GBK; convert it to UTF-8 (iconv -f GB18030 -t UTF-8)";
  return ": convert the file to UTF-8";
}

} // namespace patter
