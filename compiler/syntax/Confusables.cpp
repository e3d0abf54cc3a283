// Finding and repairing full-width and typographic punctuation outside strings.
#include "Confusables.h"

#include <cstring>

namespace patter {

namespace {

/// A character (or two) typed for patter punctuation and what the parsers read instead. A
/// character with `use` is replaced by it (E0008); one without it stands for `lookalike`,
/// which patter does not have, and is removed (E0010).
struct Confusable {
  const char *spelling; ///< UTF-8
  const char *repaired; ///< what the parsers read; as many code points where possible
  const char *use;
  const char *lookalike;
};

constexpr Confusable kConfusables[] = {
    {"\xEF\xBC\x8C", ",", ",", nullptr},                   // ，
    {"\xE3\x80\x81", ",", ",", nullptr},                   // 、
    {"\xEF\xBC\x9A", " ", nullptr, ":"},                   // ：
    {"\xEF\xBC\x9B", " ", nullptr, ";"},                   // ；
    {"\xEF\xBC\x88", " ", nullptr, "("},                   // （
    {"\xEF\xBC\x89", " ", nullptr, ")"},                   // ）
    {"\xEF\xBD\x9B", "{", "{", nullptr},                   // ｛
    {"\xEF\xBD\x9D", "}", "}", nullptr},                   // ｝
    {"\xEF\xBC\x8D\xEF\xBC\x9E", "->", "->", nullptr},    // －＞
    {"\xEF\xBC\x8D>", "->", "->", nullptr},                // －>
    {"\xE2\x80\x94>", "->", "->", nullptr},                // —>
    {"\xE2\x86\x92", "->", "->", nullptr},                 // →
    {"\xE3\x80\x80", " ", " ", nullptr},                   // U+3000, the full-width space
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

/// Walks the text, copying it into the repaired text and noting each repair as it goes.
class Repairer {
public:
  Repairer(std::string_view text, uint32_t file) : text_(text), file_(file) {}

  bool run() {
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == '"')
        string();
      else if (at(text_, i_, "//"))
        lineComment();
      else if (at(text_, i_, "/*"))
        blockComment();
      else if (!mayStartConfusable(c))
        copy(1);
      else if (size_t q = quoteAt(text_, i_))
        curlyString(q);
      else if (!confusable())
        copy(1);
    }
    return changed_;
  }

  std::string take() {
    flush();
    return std::move(out_);
  }
  std::vector<PunctuationRepair> takeRepairs() { return std::move(repairs_); }

private:
  /// Every confusable starts with one of these lead bytes; the rest of a file is copied as it is.
  static bool mayStartConfusable(char c) { return c == '\xE2' || c == '\xE3' || c == '\xEF'; }

  /// Passes over `bytes` bytes, keeping count of lines and columns; a lone CR ends a line.
  void copy(size_t bytes) {
    for (size_t end = i_ + bytes; i_ < end; ++i_) {
      char c = text_[i_];
      if (c == '\r' && (i_ + 1 >= text_.size() || text_[i_ + 1] != '\n')) {
        flush();
        out_ += '\n';
        flushed_ = i_ + 1;
        changed_ = true;
        newLine();
      } else if (c == '\n') {
        newLine();
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  /// Appends the text passed over since the last repair: most files need none, and then
  /// nothing is copied at all.
  void flush() {
    out_.append(text_.substr(flushed_, i_ - flushed_));
    flushed_ = i_;
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

  /// One error at the `bytes` bytes here, with a fix-it: `use` in their place, or, when
  /// patter has nothing like them, their removal.
  void report(size_t bytes, const char *use, const char *lookalike) {
    std::string_view spelled = text_.substr(i_, bytes);
    SourceLocation begin{file_, line_, column_};
    SourceLocation end{file_, line_, column_ + static_cast<uint32_t>(codePoints(spelled))};
    repairs_.push_back({use ? DiagId::ConfusablePunctuation : DiagId::UnneededPunctuation,
                        {begin, end}, std::string(spelled), use ? use : lookalike,
                        {{{begin, end}, use ? use : ""}}});
  }
  /// Replaces `bytes` bytes by `with`, counted as the code points they replace.
  void replace(size_t bytes, const char *with) {
    flush();
    column_ += static_cast<uint32_t>(codePoints(text_.substr(i_, bytes)));
    i_ += bytes;
    flushed_ = i_;
    out_ += with;
    changed_ = true;
  }

  /// `“您好”`: one error for the string, with a fix-it for each mark that is not `"`, and a
  /// string to the parsers. A mark left open to the end of the line is an error of its own.
  void curlyString(size_t openBytes) {
    size_t close = i_ + openBytes, closeBytes = 0;
    while (close < text_.size() && text_[close] != '\n' && text_[close] != '\r' &&
           text_[close] != '"' && !(closeBytes = quoteAt(text_, close)))
      close += text_[close] == '\\' && close + 1 < text_.size() && text_[close + 1] != '\n' &&
                       text_[close + 1] != '\r'
                   ? 2
                   : 1;
    if (!closeBytes) {
      report(openBytes, "\"", nullptr);
      replace(openBytes, "\"");
      while (i_ < text_.size() && !lineEnd() && text_[i_] != '"')
        copy(stringChar());
      if (i_ < text_.size() && text_[i_] == '"')
        copy(1);
      return;
    }
    const auto columnAfter = [&](size_t bytes) {
      return column_ + static_cast<uint32_t>(codePoints(text_.substr(i_, bytes)));
    };
    const SourceLocation begin{file_, line_, column_};
    const SourceLocation openEnd{file_, line_, columnAfter(openBytes)};
    const SourceLocation closeBegin{file_, line_, columnAfter(close - i_)};
    const SourceLocation end{file_, line_, columnAfter(close + closeBytes - i_)};
    repairs_.push_back({DiagId::ConfusablePunctuation, {begin, end},
                        std::string(text_.substr(i_, openBytes)) + "…" +
                            std::string(text_.substr(close, closeBytes)),
                        "\"…\"", {{{begin, openEnd}, "\""}, {{closeBegin, end}, "\""}}});
    replace(openBytes, "\"");
    copy(close - i_);
    replace(closeBytes, "\"");
  }

  bool confusable() {
    for (const Confusable &k : kConfusables) {
      if (!at(text_, i_, k.spelling))
        continue;
      size_t bytes = std::strlen(k.spelling);
      report(bytes, k.use, k.lookalike);
      bool arrow = codePoints(k.spelling) == 1 && std::strlen(k.repaired) == 2;
      if (arrow && i_ > flushed_ && text_[i_ - 1] == ' ') {
        // `yes →`: the space before takes the '-', so columns stay as written.
        flush();
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
  std::vector<PunctuationRepair> repairs_;
  std::string out_;
  size_t i_ = 0;
  size_t flushed_ = 0; ///< the bytes before this are in `out_` already
  uint32_t line_ = 1, column_ = 1;
  bool changed_ = false;
};

} // namespace

RepairedText repairConfusables(const SourceManager &sources, uint32_t file) {
  Repairer repairer(sources.text(file), file);
  RepairedText out;
  if (repairer.run())
    out.text = repairer.take();
  out.repairs = repairer.takeRepairs();
  return out;
}

void reportRepairs(const std::vector<PunctuationRepair> &repairs, DiagnosticEngine &diags) {
  for (const PunctuationRepair &r : repairs) {
    if (r.misplaced) {
      diags.report(DiagId::MisplacedPunctuation, r.range, r.spelled, r.instead)
          .fixIts.push_back({r.range, ""});
      continue;
    }
    diags.report(r.id, r.range, r.spelled, r.instead).fixIts = r.fixIts;
  }
}

} // namespace patter
