// The picture of a call flow: Graphviz DOT, Mermaid, or SVG drawn by Graphviz `dot`.
#pragma once

#include "FlowModel.h"

#include <optional>
#include <set>
#include <string>

namespace patter::cli {

/// A path to draw highlighted: its nodes, and its edges as (from, to) pairs.
struct Highlight {
  std::set<std::string> nodes;
  std::set<std::pair<std::string, std::string>> edges;
  std::string caption;
};

/// The highlight of a path through `nodes` (ids, in order).
Highlight highlightOf(const std::vector<std::string> &nodes, std::string caption);

std::string dotOf(const FlowModel &model, const Highlight &highlight);
std::string mermaidOf(const FlowModel &model, const Highlight &highlight);

/// Runs Graphviz `dot -Tsvg` on `dot`; on failure returns nullopt and says why in `error`.
std::optional<std::string> svgOf(const std::string &dot, std::string &error);

} // namespace patter::cli
