// `patter explain CODE|RULE`: what a diagnostic or a rule means, its seed, a compliant example.
#include "DataDirs.h"
#include "Localize.h"
#include "Options.h"
#include "Rules.h"
#include "commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>

namespace {

using namespace patter;

constexpr size_t kWidth = 96;

/// The folder holding the per-code pages (DataDirs.h). Empty when none exists: explain then
/// falls back on the rule registry.
std::string docsDir() { return patter::cli::dataDirs().docs; }

/// Terminal cells of one UTF-8 code point starting with `lead`: two for CJK and full-width
/// forms (all at U+1100 and above, close enough for prose), one otherwise.
unsigned cells(std::string_view text, size_t at) {
  unsigned char lead = static_cast<unsigned char>(text[at]);
  if (lead < 0xE0)
    return 1;
  uint32_t cp = lead < 0xF0 ? (lead & 0x0F) << 12 : 0x10000;
  if (lead < 0xF0 && at + 1 < text.size())
    cp |= (static_cast<unsigned char>(text[at + 1]) & 0x3F) << 6;
  return cp >= 0x1100 && cp != 0x2026 ? 2 : 1; // `…` stays narrow
}

unsigned displayWidth(std::string_view word) {
  unsigned width = 0;
  for (size_t i = 0; i < word.size(); ++i)
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80)
      width += cells(word, i);
  return width;
}

/// Prints `text` word-wrapped to kWidth cells, every line after `indent`.
void printWrapped(std::string_view text, std::string_view indent) {
  std::string line;
  unsigned width = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view word = text.substr(at, end - at);
    unsigned w = displayWidth(word);
    if (!line.empty() && indent.size() + width + 1 + w > kWidth) {
      fmt::print("{}{}\n", indent, line);
      line.clear();
      width = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++width;
    }
    line += word;
    width += w;
    at = end + 1;
  }
  if (!line.empty())
    fmt::print("{}{}\n", indent, line);
}

void printIndented(std::string_view block, std::string_view indent) {
  size_t at = 0;
  while (at < block.size()) {
    size_t end = block.find('\n', at);
    if (end == std::string_view::npos)
      end = block.size();
    std::string_view line = block.substr(at, end - at);
    fmt::print("{}{}\n", line.empty() ? "" : indent, line);
    at = end + 1;
  }
}

/// What a code's page says: its title, the explanation before the examples, the passing example.
struct DocPage {
  std::string path;
  std::string title;
  std::string explanation;
  std::string passing;
};

std::optional<DocPage> readDocPage(std::string_view code) {
  std::string dir = docsDir();
  if (dir.empty())
    return std::nullopt;
  DocPage page;
  page.path = fmt::format("{}/{}.md", dir, code);
  std::string text;
  if (!readFile(page.path, text))
    return std::nullopt;
  size_t firstLineEnd = text.find('\n');
  std::string_view firstLine = std::string_view(text).substr(0, firstLineEnd);
  if (size_t colon = firstLine.find(": "); firstLine.rfind("# ", 0) == 0 && colon != firstLine.npos)
    page.title = firstLine.substr(colon + 2);
  size_t sections = text.find("\n## ");
  if (firstLineEnd != std::string::npos) {
    std::string body = text.substr(firstLineEnd + 1, sections == std::string::npos
                                                         ? std::string::npos
                                                         : sections - firstLineEnd - 1);
    size_t begin = body.find_first_not_of("\n ");
    size_t end = body.find_last_not_of("\n ");
    if (begin != std::string::npos)
      page.explanation = body.substr(begin, end - begin + 1);
  }
  size_t heading = text.find("## Passing example");
  size_t open = heading == std::string::npos ? heading : text.find("```patter\n", heading);
  if (open != std::string::npos) {
    open += 10;
    size_t close = text.find("\n```", open);
    if (close != std::string::npos)
      page.passing = text.substr(open, close - open);
  }
  return page;
}

/// True when a Markdown paragraph has structure its line breaks carry: a list, a table, code.
bool keepsLines(std::string_view paragraph) {
  size_t at = 0;
  while (at < paragraph.size()) {
    std::string_view line = paragraph.substr(at, paragraph.find('\n', at) - at);
    if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0 || line.rfind("|", 0) == 0 ||
        line.rfind("```", 0) == 0 || line.rfind("    ", 0) == 0 ||
        (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))))
      return true;
    at += line.size() + 1;
  }
  return false;
}

/// Prints Markdown prose: plain paragraphs reflowed to the terminal width, lists, tables and
/// code as written.
void printParagraphs(std::string_view text) {
  size_t at = 0;
  bool first = true;
  while (at < text.size()) {
    size_t end = text.find("\n\n", at);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view paragraph = text.substr(at, end - at);
    if (!first)
      fmt::print("\n");
    if (keepsLines(paragraph)) {
      printIndented(paragraph, "");
    } else {
      std::string flowing(paragraph);
      std::replace(flowing.begin(), flowing.end(), '\n', ' ');
      printWrapped(flowing, "");
    }
    first = false;
    at = end + 2;
    while (at < text.size() && text[at] == '\n')
      ++at;
  }
}

void printRule(const RuleInfo &rule) {
  printWrapped(rule.text, "  ");
  fmt::print("  seed:     {}\n", rule.source);
  fmt::print("  enforced: {}\n", rule.where);
}

void explainCode(const DiagInfo &info) {
  auto page = readDocPage(info.code);
  fmt::print("{}{}\n", info.code, page && !page->title.empty() ? ": " + page->title : "");
  fmt::print("  severity: {}\n", severityName(info.severity));
  std::string message = readableTemplate(info.text);
  fmt::print("  message:  {}\n", message == "…" ? "(written by the check; see below)" : message);
  if (std::string zh = readableTemplate(std::string(zhTemplate(info.id))); zh != message)
    fmt::print("  zh-CN:    {}\n", zh);
  if (page && !page->explanation.empty()) {
    fmt::print("\n");
    printParagraphs(page->explanation);
  }
  const RuleInfo *rule = findRule(info.rule);
  fmt::print("\n");
  if (rule) {
    fmt::print("Rule {}: {}\n", rule->id, rule->title);
    printRule(*rule);
  } else {
    fmt::print("Rule: none; {} is a language error, not a compliance rule.\n", info.code);
  }
  fmt::print("\n");
  if (page && !page->passing.empty()) {
    fmt::print("Compliant example (the passing example of {}):\n\n", page->path);
    printIndented(page->passing, "    ");
  } else if (rule) {
    fmt::print("Compliant example (rule {}):\n\n", rule->id);
    printIndented(rule->example, "    ");
  } else {
    fmt::print("No example: the documentation folder was not found (set PATTER_DOCS).\n");
  }
}

void explainRule(const RuleInfo &rule) {
  fmt::print("{}: {}\n", rule.id, rule.title);
  printRule(rule);
  fmt::print("\n");
  auto codes = diagnosticsForRule(rule.id);
  if (codes.empty()) {
    fmt::print("Enforced by: no compiler diagnostic; {} is enforced as stated above.\n", rule.id);
  } else {
    fmt::print("Enforced by:\n");
    for (const DiagInfo *info : codes)
      fmt::print("  {}  {:<7}  {}\n", info->code, severityName(info->severity),
                 readableTemplate(info->text));
  }
  fmt::print("\nCompliant example:\n\n");
  printIndented(rule.example, "    ");
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The closest code or rule id to a name that is neither, if it is close enough to be a typo.
std::optional<std::string_view> closest(std::string_view name) {
  std::optional<std::string_view> best;
  size_t bestDistance = 3;
  auto consider = [&](std::string_view candidate) {
    size_t d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  };
  for (const DiagInfo &info : allDiagnostics())
    consider(info.code);
  for (const RuleInfo &rule : allRules())
    consider(rule.id);
  return best;
}

/// `e0501` is E0501, `r8` and `R8` are R08.
std::string normalise(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (out.size() == 2 && out[0] == 'R' && std::isdigit(static_cast<unsigned char>(out[1])))
    out.insert(1, "0");
  return out;
}

} // namespace

int explainCommand(const std::vector<std::string> &args) {
  std::vector<std::string> names;
  for (const std::string &a : args) {
    if (a == "--help" || a == "-h") {
      fmt::print("usage: patter explain CODE|RULE...\n\n"
                 "Explains a diagnostic code (E0501) or a compliance rule (R08): what it means,\n"
                 "the seed rule behind it, and a compliant example.\n\n"
                 "  patter explain E0501   the code's severity and message, its rule and seed,\n"
                 "                         and the passing example of docs/diagnostics/E0501.md\n"
                 "  patter explain R08     the rule, every code that enforces it, an example\n\n"
                 "options:\n"
                 "  --help, --version\n\n"
                 "The pages are read from $PATTER_DOCS, else the documentation folder found\n"
                 "beside patter ({}).\n\n"
                 "exit status: 0 explained, 2 unknown code or rule, or usage trouble\n",
                 docsDir().empty() ? "none found" : docsDir());
      return 0;
    }
    if (a == "--version") {
      patter::cli::printVersion();
      return 0;
    }
    if (a.size() > 1 && a[0] == '-') {
      fmt::print(stderr, "patter explain: unknown option '{}'\nTry 'patter explain --help'.\n", a);
      return 2;
    }
    names.push_back(a);
  }
  if (names.empty()) {
    fmt::print(stderr, "patter explain: name a diagnostic code (E0501) or a rule (R08)\n"
                       "Try 'patter explain --help'.\n");
    return 2;
  }
  // Check every name first, so a typo prints nothing but the complaint.
  for (const std::string &name : names) {
    std::string id = normalise(name);
    if (findDiagnostic(id) || findRule(id))
      continue;
    auto suggestion = closest(id);
    fmt::print(stderr, "patter explain: '{}' is neither a diagnostic code nor a rule id{}\n", name,
               suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : "");
    fmt::print(stderr, "Codes are listed in docs/DIAGNOSTICS.md; rules are R01..R{:02}.\n",
               allRules().size());
    return 2;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      fmt::print("\n");
    std::string id = normalise(names[i]);
    if (const DiagInfo *info = findDiagnostic(id))
      explainCode(*info);
    else
      explainRule(*findRule(id));
  }
  return 0;
}
