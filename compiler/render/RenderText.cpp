// The clang-style text renderer.
#include "Render.h"

#include <fmt/format.h>

namespace patter {

namespace {

struct Palette {
  const char *bold = "", *red = "", *magenta = "", *cyan = "", *green = "", *reset = "";
};

Palette palette(TextStyle style) {
  if (!style.colour)
    return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;35m", "\x1b[1;36m", "\x1b[1;32m", "\x1b[0m"};
}

std::string location(const SourceManager &sources, SourceLocation at) {
  if (!at.valid())
    return fmt::format("{}", sources.fileCount() > at.file ? sources.path(at.file) : "patter");
  return fmt::format("{}:{}:{}", sources.path(at.file), at.line, at.column);
}

/// The source line and a caret line under [begin, end) of the range's first line.
void snippet(std::string &out, const SourceManager &sources, SourceRange range,
             const Palette &p) {
  if (!range.begin.valid())
    return;
  std::string_view line = sources.lineText(range.begin.file, range.begin.line);
  if (line.empty())
    return;
  uint32_t endColumn = range.end.line == range.begin.line && range.end.column > range.begin.column
                           ? range.end.column
                           : static_cast<uint32_t>(range.begin.column + 1);
  if (range.end.line != range.begin.line) {
    uint32_t lineLength = 1;
    for (unsigned char c : line)
      lineLength += (c & 0xC0) != 0x80;
    endColumn = std::max(lineLength, range.begin.column + 1);
  }
  unsigned width = std::max(
      1u, sources.displayWidth(range.begin.file, range.begin.line, range.begin.column, endColumn));
  // Each code point before the span becomes as many spaces as it takes cells (two for CJK);
  // tabs are copied so the caret lines up whatever the terminal's tab width. One pass over the
  // line: the work is linear in its length however long it is.
  std::string indent;
  size_t at = 0;
  for (uint32_t column = 1; column < range.begin.column && at < line.size(); ++column) {
    size_t next = at + 1;
    while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80)
      ++next;
    if (line[at] == '\t')
      indent += '\t';
    else
      indent.append(displayWidth(line.substr(at, next - at)), ' ');
    at = next;
  }
  out += fmt::format("  {}\n  {}{}^{}{}\n", line, indent, p.green, std::string(width - 1, '~'),
                     p.reset);
}

} // namespace

std::string renderText(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                       TextStyle style) {
  Palette p = palette(style);
  std::string out;
  unsigned errors = 0, warnings = 0;
  std::vector<const Diagnostic *> waived;
  for (const Diagnostic &d : diags) {
    if (d.waived) {
      waived.push_back(&d);
      continue;
    }
    (d.severity == Severity::Error ? errors : warnings) += 1;
    const char *colour = d.severity == Severity::Error ? p.red : p.magenta;
    std::string rule = d.rule().empty() ? "" : fmt::format(" [{}]", d.rule());
    out += fmt::format("{}{}: {}{}[{}]{}: {}{}{}\n", p.bold, location(sources, d.range.begin),
                       colour, severityName(d.severity), d.code(), p.reset, p.bold,
                       d.message + rule, p.reset);
    snippet(out, sources, d.range, p);
    for (const FixIt &fix : d.fixIts) {
      out += fmt::format("{}{}: {}help{}: {}\n", p.bold, location(sources, fix.range.begin),
                         p.cyan, p.reset, describe(fix));
    }
    for (const Note &n : d.notes) {
      out += fmt::format("{}{}: {}note{}: {}\n", p.bold, location(sources, n.range.begin), p.cyan,
                         p.reset, n.message);
      snippet(out, sources, n.range, p);
    }
  }
  // Waived findings are not errors, but an auditor must see every exception and its reason.
  for (const Diagnostic *d : waived)
    out += fmt::format("{}{}: {}waived{}[{}]: {} [{}] (allowed at {}: \"{}\")\n", p.bold,
                       location(sources, d->range.begin), p.cyan, p.reset, d->code(), d->message,
                       d->rule(), location(sources, d->waived->at.begin), d->waived->reason);
  if (errors || warnings || !waived.empty()) {
    out += fmt::format("{} error{} and {} warning{} generated", errors, errors == 1 ? "" : "s",
                       warnings, warnings == 1 ? "" : "s");
    out += waived.empty() ? ".\n"
                          : fmt::format(", {} waived.\n", waived.size());
  }
  return out;
}

} // namespace patter
