// Compares two flow models section by section (FlowDiff.h).
#include "FlowDiff.h"

#include "patter/format.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace patter::cli {

namespace {

using json = nlohmann::json;
namespace key = format::key;

using Keyed = std::map<std::string, std::string>; ///< subject to text, compared by subject

/// Appends the added, removed and changed entries of two keyed lists.
void compare(const Keyed &before, const Keyed &after, const char *section,
             std::vector<Change> &out) {
  for (const auto &[subject, text] : before) {
    auto it = after.find(subject);
    if (it == after.end())
      out.push_back({section, "removed", subject, text, ""});
    else if (it->second != text)
      out.push_back({section, "changed", subject, text, it->second});
  }
  for (const auto &[subject, text] : after)
    if (!before.count(subject))
      out.push_back({section, "added", subject, "", text});
}

std::string str(const json &j, std::string_view k) {
  auto it = j.is_object() ? j.find(k) : j.end();
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json &member(const json &j, std::string_view k) {
  static const json none;
  auto it = j.is_object() ? j.find(k) : j.end();
  return it != j.end() ? *it : none;
}

Keyed clausesOf(const FlowModel &m) {
  Keyed out;
  for (const json &c : member(m.flow, key::clauses))
    out[str(c, key::id)] = str(c, key::text);
  return out;
}

Keyed mandatoryOf(const FlowModel &m) {
  Keyed out;
  for (const std::string &id : m.mandatory())
    out[id] = "mandatory";
  return out;
}

std::string join(const std::vector<std::string> &list, const char *separator) {
  std::string out;
  for (const std::string &s : list)
    out += (out.empty() ? "" : separator) + s;
  return out;
}

/// One kind of path to a sale, named by its clauses in the order spoken.
Keyed salePathsOf(const FlowModel &m) {
  Keyed out;
  for (const SalePath &p : m.salePaths) {
    std::string kind = p.clauses.empty() ? "(no clause)" : join(p.clauses, " → ");
    if (!p.confirmed)
      kind += " (no confirmation after the last clause)";
    out[kind] = join(p.nodes, " → ");
  }
  return out;
}

/// The lines a set of nodes speaks, by line id.
template <typename Pick> Keyed linesOf(const FlowModel &m, Pick pick) {
  Keyed out;
  for (const SpokenLine &l : m.lines)
    if (pick(l))
      out[l.id] = l.text;
  return out;
}

/// Nodes whose call ends without a sale: their lines are the closing text.
std::set<std::string> closingNodes(const FlowModel &m) {
  std::set<std::string> out;
  for (const Edge &e : m.edges)
    if (e.kind == Edge::Kind::End && e.to != "end:success")
      out.insert(e.from);
  return out;
}

Keyed numbersOf(const json &object) {
  Keyed out;
  if (object.is_object())
    for (const auto &[name, value] : object.items())
      out[name] = value.dump();
  return out;
}

Keyed waiversOf(const FlowModel &m) {
  Keyed out;
  for (const json &w : member(m.flow, key::waivers))
    out[fmt::format("{} at {}", str(w, key::rule), str(w, key::step))] = str(w, key::reason);
  return out;
}

Keyed lexiconOf(const std::vector<ReviewFacts::LexiconEntry> &entries) {
  Keyed out;
  for (const auto &e : entries)
    out[fmt::format("{} \"{}\"", e.kind, e.phrase)] = e.fields;
  return out;
}

Keyed policyOf(const FlowModel &m) {
  Keyed out;
  out["id"] = str(member(m.flow, key::policy), key::id);
  for (const char *part : {"policy", "lexicon"})
    if (std::string hash = m.identity(part); !hash.empty())
      out[fmt::format("{} identity", part)] = hash;
  return out;
}

} // namespace

const std::vector<DiffSection> &diffSections() {
  static const std::vector<DiffSection> sections = {
      {"clause", "Clauses", "条款"},
      {"mandatory", "Mandatory clauses", "必须披露的条款"},
      {"sale_path", "Paths to a sale", "成交路径"},
      {"confirmation", "Confirmation text", "确认话术"},
      {"closing", "Closing text", "结束话术"},
      {"ceiling", "Ceilings", "上限"},
      {"timing", "Timing", "时间设置"},
      {"waiver", "Waivers", "豁免"},
      {"lexicon", "Lexicon entries", "词表条目"},
      {"policy", "Policy", "政策"},
      {"line", "Every other spoken line", "其他话术"},
  };
  return sections;
}

FlowDiff diffOf(const ReviewInput &before, const ReviewInput &after) {
  FlowDiff d;
  d.oldPath = before.path;
  d.newPath = after.path;
  d.oldIdentity = before.model.identity();
  d.newIdentity = after.model.identity();
  const FlowModel &a = before.model, &b = after.model;
  std::vector<Change> &out = d.changes;
  compare(clausesOf(a), clausesOf(b), "clause", out);
  compare(mandatoryOf(a), mandatoryOf(b), "mandatory", out);
  compare(salePathsOf(a), salePathsOf(b), "sale_path", out);
  auto confirming = [](const FlowModel &m) {
    return linesOf(m, [&](const SpokenLine &l) {
      const Node *n = m.node(l.node);
      return n && n->confirms && l.kind == "ask";
    });
  };
  compare(confirming(a), confirming(b), "confirmation", out);
  auto closing = [](const FlowModel &m) {
    std::set<std::string> nodes = closingNodes(m);
    return linesOf(m, [&](const SpokenLine &l) { return nodes.count(l.node) > 0; });
  };
  const Keyed closingA = closing(a), closingB = closing(b);
  compare(closingA, closingB, "closing", out);
  compare(numbersOf(member(member(a.flow, key::policy), key::limits)),
          numbersOf(member(member(b.flow, key::policy), key::limits)), "ceiling", out);
  compare(numbersOf(member(member(a.flow, key::policy), key::timing)),
          numbersOf(member(member(b.flow, key::policy), key::timing)), "timing", out);
  compare(waiversOf(a), waiversOf(b), "waiver", out);
  if (before.lexicon && after.lexicon)
    compare(lexiconOf(*before.lexicon), lexiconOf(*after.lexicon), "lexicon", out);
  else
    d.notes.push_back("lexicon entries: a flow file does not list them; compare the sources, "
                      "or the policy and lexicon identities below");
  compare(policyOf(a), policyOf(b), "policy", out);
  // Every other line, by its stable id: the clause, confirmation and closing lines are above.
  auto others = [](const FlowModel &m, const Keyed &closingLines) {
    return linesOf(m, [&](const SpokenLine &l) {
      const Node *n = m.node(l.node);
      return l.kind != "clause" && !closingLines.count(l.id) &&
             !(n && n->confirms && l.kind == "ask");
    });
  };
  compare(others(a, closingA), others(b, closingB), "line", out);
  if (d.oldIdentity.empty() || d.newIdentity.empty())
    d.notes.push_back("flow identity: not carried by both flows");
  return d;
}

std::string diffText(const FlowDiff &d) {
  std::string out = fmt::format("--- {}{}\n+++ {}{}\n", d.oldPath,
                                d.oldIdentity.empty() ? "" : "  " + d.oldIdentity, d.newPath,
                                d.newIdentity.empty() ? "" : "  " + d.newIdentity);
  if (d.changes.empty())
    out += "no change in compliance terms\n";
  for (const DiffSection &section : diffSections()) {
    bool heading = false;
    for (const Change &c : d.changes) {
      if (c.section != section.id)
        continue;
      if (!heading)
        out += fmt::format("\n{}:\n", section.english);
      heading = true;
      if (c.kind == "added")
        out += fmt::format("  + {}: {}\n", c.subject, c.after);
      else if (c.kind == "removed")
        out += fmt::format("  - {}: {}\n", c.subject, c.before);
      else
        out += fmt::format("  ~ {}: {}\n    → {}\n", c.subject, c.before, c.after);
    }
  }
  for (const std::string &note : d.notes)
    out += fmt::format("\nnot compared: {}\n", note);
  return out;
}

std::string diffJson(const FlowDiff &d) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (const Change &c : d.changes) {
    nlohmann::ordered_json entry = {{"section", c.section}, {"kind", c.kind}, {"subject", c.subject}};
    if (c.kind != "added")
      entry["before"] = c.before;
    if (c.kind != "removed")
      entry["after"] = c.after;
    changes.push_back(std::move(entry));
  }
  nlohmann::ordered_json doc = {
      {"old", {{"file", d.oldPath}, {"identity", d.oldIdentity.empty() ? nullptr : nlohmann::ordered_json(d.oldIdentity)}}},
      {"new", {{"file", d.newPath}, {"identity", d.newIdentity.empty() ? nullptr : nlohmann::ordered_json(d.newIdentity)}}},
      {"changed", !d.changes.empty()},
      {"changes", std::move(changes)},
      {"not_compared", d.notes}};
  return doc.dump(2) + "\n";
}

} // namespace patter::cli
