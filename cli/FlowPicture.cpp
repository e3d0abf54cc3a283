// Draws the flow model: DOT for Graphviz, Mermaid for Markdown viewers, SVG through `dot`.
#include "FlowPicture.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unistd.h>
#include <sys/wait.h>

namespace patter::cli {

namespace {

/// The font both the picture's layout and its viewers use for Chinese text.
constexpr std::string_view kFont = "Noto Sans CJK SC";
constexpr std::string_view kHighlight = "#d62728";

/// The marks of a node, one per line under its name: what a reviewer looks for.
std::vector<std::string> marks(const Node &n) {
  std::vector<std::string> out;
  if (n.verifiesOwner)
    out.push_back("核实机主 (R03)");
  if (!n.disclosed.empty()) {
    std::string list;
    for (const std::string &c : n.disclosed)
      list += (list.empty() ? "" : ", ") + c;
    out.push_back("披露: " + list);
  }
  if (n.confirms)
    out.push_back("确认办理 (R05)");
  if (n.registersSale)
    out.push_back("登记销售");
  if (n.kind == Node::Kind::Objection)
    out.push_back(n.retries ? "异议 · 挽留 (R08)" : "异议 · 解答");
  if (n.kind == Node::Kind::HandlerStep)
    out.push_back("处理步骤");
  return out;
}

std::string title(const Node &n) {
  return n.kind == Node::Kind::Outcome ? "结束: " + n.label : n.label;
}

std::string dotEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

std::string dotLabel(const Node &n) {
  std::string label = dotEscape(title(n));
  for (const std::string &m : marks(n))
    label += "\\n" + dotEscape(m);
  return label;
}

std::string dotNodeStyle(const Node &n) {
  std::string style;
  switch (n.kind) {
  case Node::Kind::Step: style = "shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\""; break;
  case Node::Kind::HandlerStep:
    style = "shape=box, style=\"rounded,dashed,filled\", fillcolor=\"#f4f4f4\", color=\"#777777\"";
    break;
  case Node::Kind::Objection: style = "shape=hexagon, style=filled, fillcolor=\"#fff4e0\""; break;
  case Node::Kind::Outcome:
    style = n.label == "success" ? "shape=oval, style=filled, fillcolor=\"#c8e6c9\""
                                 : "shape=oval, style=filled, fillcolor=\"#eeeeee\"";
    break;
  case Node::Kind::AnyWait: style = "shape=note, style=filled, fillcolor=\"#f4f4f4\""; break;
  case Node::Kind::Resume: style = "shape=cds, style=filled, fillcolor=\"#f4f4f4\""; break;
  }
  if (n.registersSale)
    style = "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#c8e6c9\"";
  else if (n.confirms)
    style = "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#ffe0b2\"";
  else if (!n.disclosed.empty())
    style = "shape=box, style=\"rounded,filled\", fillcolor=\"#e3f2fd\"";
  return style;
}

std::string edgeStyle(const Edge &e) {
  switch (e.kind) {
  case Edge::Kind::Handler: return "style=dashed, color=\"#888888\", fontcolor=\"#666666\"";
  case Edge::Kind::Keyword: return "style=dotted, color=\"#888888\", fontcolor=\"#666666\"";
  case Edge::Kind::Retry: return "style=dashed, color=\"#b26a00\"";
  case Edge::Kind::Exhausted: return "color=\"#b26a00\"";
  default: return "";
  }
}

bool highlighted(const Highlight &h, const Edge &e) { return h.edges.count({e.from, e.to}) > 0; }

} // namespace

Highlight highlightOf(const std::vector<std::string> &nodes, std::string caption) {
  Highlight h;
  h.caption = std::move(caption);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    h.nodes.insert(nodes[i]);
    if (i > 0)
      h.edges.insert({nodes[i - 1], nodes[i]});
  }
  return h;
}

std::string dotOf(const FlowModel &model, const Highlight &highlight) {
  std::string out = "digraph flow {\n";
  out += fmt::format("  graph [rankdir=TB, fontname=\"{0}\", label=\"{1}\", labelloc=t];\n"
                     "  node [fontname=\"{0}\", fontsize=11];\n"
                     "  edge [fontname=\"{0}\", fontsize=10];\n",
                     kFont, dotEscape(highlight.caption));
  for (const Node &n : model.nodes) {
    std::string style = dotNodeStyle(n);
    if (highlight.nodes.count(n.id))
      style += fmt::format(", color=\"{}\", penwidth=3", kHighlight);
    out += fmt::format("  \"{}\" [label=\"{}\", {}];\n", dotEscape(n.id), dotLabel(n), style);
  }
  for (const Edge &e : model.edges) {
    std::string style = edgeStyle(e);
    if (highlighted(highlight, e))
      style = fmt::format("color=\"{0}\", fontcolor=\"{0}\", penwidth=3", kHighlight);
    out += fmt::format("  \"{}\" -> \"{}\" [label=\"{}\"{}{}];\n", dotEscape(e.from),
                       dotEscape(e.to), dotEscape(e.label), style.empty() ? "" : ", ", style);
  }
  out += "}\n";
  return out;
}

std::string mermaidOf(const FlowModel &model, const Highlight &highlight) {
  // Mermaid ids must be plain words; the step names are shown in the labels.
  std::map<std::string, std::string> ids;
  for (const Node &n : model.nodes)
    ids[n.id] = fmt::format("n{}", ids.size());
  auto escape = [](std::string_view s) {
    std::string out;
    for (char c : s)
      out += c == '"' ? std::string("#quot;") : std::string(1, c);
    return out;
  };
  std::string out = "flowchart TD\n";
  if (!highlight.caption.empty())
    out += fmt::format("  %% {}\n", highlight.caption);
  for (const Node &n : model.nodes) {
    std::string label = escape(title(n));
    for (const std::string &m : marks(n))
      label += "<br/>" + escape(m);
    const char *open = "[", *close = "]";
    if (n.kind == Node::Kind::Objection)
      open = "{{", close = "}}";
    else if (n.kind == Node::Kind::Outcome)
      open = "([", close = "])";
    out += fmt::format("  {}{}\"{}\"{}\n", ids[n.id], open, label, close);
  }
  std::vector<std::size_t> marked;
  for (std::size_t i = 0; i < model.edges.size(); ++i) {
    const Edge &e = model.edges[i];
    const bool faint = e.kind == Edge::Kind::Handler || e.kind == Edge::Kind::Keyword ||
                       e.kind == Edge::Kind::Retry;
    const std::string arrow = faint ? "-.->" : "-->";
    out += e.label.empty()
               ? fmt::format("  {} {} {}\n", ids[e.from], arrow, ids[e.to])
               : fmt::format("  {} {}|\"{}\"| {}\n", ids[e.from], arrow, escape(e.label), ids[e.to]);
    if (highlighted(highlight, e))
      marked.push_back(i);
  }
  out += "  classDef sale fill:#c8e6c9,stroke-width:2px\n"
         "  classDef confirm fill:#ffe0b2,stroke-width:2px\n"
         "  classDef disclose fill:#e3f2fd\n";
  for (const Node &n : model.nodes) {
    if (n.registersSale)
      out += fmt::format("  class {} sale\n", ids[n.id]);
    else if (n.confirms)
      out += fmt::format("  class {} confirm\n", ids[n.id]);
    else if (!n.disclosed.empty())
      out += fmt::format("  class {} disclose\n", ids[n.id]);
    if (highlight.nodes.count(n.id))
      out += fmt::format("  style {} stroke:{},stroke-width:3px\n", ids[n.id], kHighlight);
  }
  for (std::size_t i : marked)
    out += fmt::format("  linkStyle {} stroke:{},stroke-width:3px\n", i, kHighlight);
  return out;
}

std::optional<std::string> svgOf(const std::string &dot, std::string &error) {
  char in[] = "/tmp/patter-graph-XXXXXX";
  int fd = mkstemp(in);
  if (fd < 0) {
    error = fmt::format("cannot create a temporary file: {}", std::strerror(errno));
    return std::nullopt;
  }
  const bool written = write(fd, dot.data(), dot.size()) == static_cast<ssize_t>(dot.size());
  close(fd);
  std::optional<std::string> svg;
  if (!written) {
    error = "cannot write a temporary file";
  } else if (std::FILE *pipe = popen(fmt::format("dot -Tsvg '{}' 2>&1", in).c_str(), "r")) {
    std::string out;
    char buffer[8192];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      out.append(buffer, n);
    const int status = pclose(pipe);
    if (status == 0)
      svg = std::move(out);
    else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      error = "Graphviz 'dot' was not found (Debian package graphviz; scripts/install-deps.sh "
              "installs it)";
    else
      error = "Graphviz 'dot' failed: " + out.substr(0, 500);
  } else {
    error = fmt::format("cannot run Graphviz 'dot': {}", std::strerror(errno));
  }
  std::remove(in);
  return svg;
}

} // namespace patter::cli
