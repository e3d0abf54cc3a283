// Reads an emitted flow into the reviewer's model (FlowModel.h).
#include "FlowModel.h"

#include "patter/format.h"

#include <algorithm>
#include <map>
#include <set>

namespace patter::cli {

namespace {

using json = nlohmann::json;
namespace key = format::key;
namespace op = format::op;

// Keys other parts of the flow format are adding; spelled through format.h once it has them.
constexpr std::string_view kReplies = "replies", kLines = "lines";
constexpr std::string_view kIdentity = "identity";

/// The bound of the sale path search: a flow of a few dozen steps has far fewer simple paths.
constexpr std::size_t kMaxSalePaths = 20000;

std::string str(const json &j, std::string_view k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json &member(const json &j, std::string_view k) {
  static const json none;
  if (!j.is_object())
    return none;
  auto it = j.find(k);
  return it != j.end() ? *it : none;
}

Place placeOf(const json &flow, const json &source) {
  Place p;
  if (!source.is_object())
    return p;
  const json &files = member(flow, key::sources);
  const json &file = member(source, key::file);
  if (file.is_number_unsigned() && file.get<std::size_t>() < files.size() &&
      files[file.get<std::size_t>()].is_string())
    p.file = files[file.get<std::size_t>()].get<std::string>();
  if (member(source, key::line).is_number_unsigned())
    p.line = member(source, key::line).get<unsigned>();
  if (member(source, key::column).is_number_unsigned())
    p.column = member(source, key::column).get<unsigned>();
  return p;
}

class Builder {
public:
  explicit Builder(FlowModel &m) : m_(m) {}

  void build(const std::vector<std::pair<std::string, Place>> &clauseSources) {
    const json &flow = m_.flow;
    for (const auto &[id, place] : clauseSources)
      clauseSource_[id] = place;
    for (const json &step : member(flow, key::steps))
      addNode(step, str(step, key::id).find('.') == std::string::npos ? Node::Kind::Step
                                                                      : Node::Kind::HandlerStep);
    for (const json &objection : member(flow, key::objections))
      addNode(objection, Node::Kind::Objection);
    m_.nodes.push_back(pseudoNode("*", Node::Kind::AnyWait, "任何等待中的步骤"));
    for (const auto &[event, target] : member(flow, key::handlers).items())
      edge("*", target, event, Edge::Kind::Handler);
    for (const json &objection : member(flow, key::objections)) {
      std::string keywords;
      for (const json &k : member(objection, key::keywords))
        if (k.is_string())
          keywords += (keywords.empty() ? "" : "、") + k.get<std::string>();
      if (!keywords.empty())
        m_.edges.push_back({"*", str(objection, key::id), keywords, Edge::Kind::Keyword});
    }
    for (const json &step : member(flow, key::steps))
      addEdges(step);
    for (const json &objection : member(flow, key::objections))
      addEdges(objection);
    addRuntimeLines();
    searchSalePaths();
  }

private:
  void addNode(const json &j, Node::Kind kind) {
    Node n;
    n.id = n.label = str(j, key::id);
    n.kind = kind;
    n.source = placeOf(m_.flow, member(j, key::source));
    n.retries = member(j, key::retry).is_boolean() && member(j, key::retry).get<bool>();
    for (const json &k : member(j, key::keywords))
      if (k.is_string())
        n.keywords.push_back(k.get<std::string>());
    std::map<std::string, unsigned> ordinal;
    for (const json &a : member(j, key::actions)) {
      const std::string o = str(a, key::op);
      const Place at = placeOf(m_.flow, member(a, key::source));
      if (o == op::verifyOwner)
        n.verifiesOwner = true;
      else if (o == op::confirm)
        n.confirms = true;
      else if (o == op::registerSale)
        n.registersSale = true;
      else if (o == op::say || o == op::ask)
        m_.lines.push_back({fmt(n.id, o, ++ordinal[o]), n.id, o, "", str(a, key::text), at});
      else if (o == op::disclose)
        for (const json &c : member(a, key::clauses)) {
          if (!c.is_string())
            continue;
          const std::string id = c.get<std::string>();
          n.disclosed.push_back(id);
          const unsigned nth = ++ordinal["clause." + id];
          auto def = clauseSource_.find(id);
          m_.lines.push_back({nth == 1 ? n.id + ".clause." + id : fmt(n.id, "clause." + id, nth),
                              n.id, "clause", id, m_.clauseText(id),
                              def != clauseSource_.end() ? def->second : at});
        }
    }
    m_.nodes.push_back(std::move(n));
  }

  static Node pseudoNode(std::string id, Node::Kind kind, std::string label) {
    Node n;
    n.id = std::move(id);
    n.kind = kind;
    n.label = std::move(label);
    return n;
  }

  static std::string fmt(const std::string &node, const std::string &kind, unsigned nth) {
    return node + "." + kind + "." + std::to_string(nth);
  }

  /// The node a target leads to, added on first use for outcomes and resumption.
  std::string targetNode(const json &target) {
    if (!str(target, key::step).empty())
      return str(target, key::step);
    if (!str(target, key::objection).empty())
      return str(target, key::objection);
    if (!str(target, key::end).empty())
      return outcomeNode(str(target, key::end));
    if (member(target, key::resume).is_boolean())
      return resumeNode();
    return "";
  }

  std::string outcomeNode(const std::string &outcome) {
    std::string id = "end:" + outcome;
    if (!m_.node(id))
      m_.nodes.push_back(pseudoNode(id, Node::Kind::Outcome, outcome));
    return id;
  }

  std::string resumeNode() {
    if (!m_.node("resume"))
      m_.nodes.push_back(pseudoNode("resume", Node::Kind::Resume, "回到被打断的问题"));
    return "resume";
  }

  void edge(const std::string &from, const json &target, const std::string &label, Edge::Kind k) {
    std::string to = targetNode(target);
    if (!to.empty())
      m_.edges.push_back({from, to, label, k});
  }

  void addEdges(const json &j) {
    const std::string id = str(j, key::id);
    for (const json &a : member(j, key::actions)) {
      if (str(a, key::op) == op::end)
        m_.edges.push_back({id, outcomeNode(str(a, key::outcome)), "", Edge::Kind::End});
      if (str(a, key::op) == op::invoke)
        for (const auto &[result, target] : member(a, key::results).items())
          edge(id, target, result, Edge::Kind::Result);
    }
    for (const auto &[event, target] : member(j, key::routes).items())
      edge(id, target, event, Edge::Kind::Route);
    if (member(j, key::next).is_object())
      edge(id, member(j, key::next), "next", Edge::Kind::Next);
    if (member(j, key::exhausted).is_object())
      edge(id, member(j, key::exhausted), "exhausted", Edge::Kind::Exhausted);
    if (member(j, key::retry).is_boolean() && member(j, key::retry).get<bool>())
      m_.edges.push_back({id, resumeNode(), "retry", Edge::Kind::Retry});
  }

  /// The runtime's own lines, when the flow lists them (`replies.lines`: name to text, or to a
  /// list of texts).
  void addRuntimeLines() {
    const json &lines = member(member(m_.flow, kReplies), kLines);
    if (!lines.is_object())
      return;
    for (const auto &[name, value] : lines.items()) {
      if (value.is_string())
        m_.lines.push_back({"runtime." + name, "", "runtime", "", value.get<std::string>(), {}});
      else if (value.is_array())
        for (std::size_t i = 0; i < value.size(); ++i)
          if (value[i].is_string())
            m_.lines.push_back({"runtime." + name + "." + std::to_string(i + 1), "", "runtime", "",
                                value[i].get<std::string>(), {}});
    }
  }

  /// Every simple path from the start through campaign steps and objections to a step that
  /// registers a sale, grouped by the clauses spoken on it. Retries are not followed: they ask
  /// an earlier question again, which a simple path has already passed.
  void searchSalePaths() {
    const std::string start = str(m_.flow, key::start);
    if (!m_.node(start))
      return;
    std::map<std::string, std::vector<const Edge *>> out;
    for (const Edge &e : m_.edges)
      if (e.from != "*" && e.kind != Edge::Kind::Retry)
        out[e.from].push_back(&e);
    // Depth-first with an explicit stack, so that a long flow cannot overflow the call stack.
    struct Frame {
      std::string node;
      std::size_t next = 0;
    };
    std::vector<Frame> stack{{start}};
    std::vector<std::string> path{start}, events;
    std::set<std::string> onPath{start};
    std::size_t found = 0;
    if (m_.node(start)->registersSale)
      record(path, events);
    while (!stack.empty()) {
      Frame &f = stack.back();
      const auto &edges = out[f.node];
      if (m_.node(f.node)->registersSale || f.next >= edges.size()) {
        onPath.erase(f.node);
        stack.pop_back();
        path.pop_back();
        if (!events.empty())
          events.pop_back();
        continue;
      }
      const Edge *e = edges[f.next++];
      const Node *to = m_.node(e->to);
      if (!to || onPath.count(e->to) || to->kind == Node::Kind::Outcome ||
          to->kind == Node::Kind::HandlerStep || to->kind == Node::Kind::Resume)
        continue;
      stack.push_back({e->to});
      path.push_back(e->to);
      events.push_back(e->label);
      onPath.insert(e->to);
      if (to->registersSale) {
        record(path, events);
        if (++found >= kMaxSalePaths) {
          m_.salePathsTruncated = true;
          return;
        }
      }
    }
  }

  void record(const std::vector<std::string> &path, const std::vector<std::string> &events) {
    SalePath p;
    std::size_t lastDisclosure = 0, lastConfirm = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
      const Node *n = m_.node(path[i]);
      for (const std::string &c : n->disclosed) {
        p.clauses.push_back(c);
        lastDisclosure = i + 1;
      }
      if (n->confirms)
        lastConfirm = i + 1;
    }
    p.confirmed = lastConfirm > 0 && lastConfirm >= lastDisclosure;
    for (const std::string &c : m_.mandatory())
      if (std::find(p.clauses.begin(), p.clauses.end(), c) == p.clauses.end())
        p.missing.push_back(c);
    for (SalePath &known : m_.salePaths)
      if (known.clauses == p.clauses && known.confirmed == p.confirmed) {
        ++known.count;
        if (path.size() < known.nodes.size()) {
          known.nodes = path;
          known.events = events;
        }
        return;
      }
    p.nodes = path;
    p.events = events;
    p.count = 1;
    m_.salePaths.push_back(std::move(p));
  }

  FlowModel &m_;
  std::map<std::string, Place> clauseSource_;
};

} // namespace

const Node *FlowModel::node(const std::string &id) const {
  for (const Node &n : nodes)
    if (n.id == id)
      return &n;
  return nullptr;
}

const Node *FlowModel::nodeAt(const Place &place) const {
  for (const Node &n : nodes)
    if (n.source.known() && n.source.file == place.file && n.source.line == place.line &&
        n.source.column == place.column)
      return &n;
  return nullptr;
}

std::string FlowModel::identity(std::string_view part) const {
  return str(member(flow, kIdentity), part);
}

std::string FlowModel::clauseText(const std::string &id) const {
  for (const json &c : member(flow, key::clauses))
    if (str(c, key::id) == id)
      return str(c, key::text);
  return "";
}

std::vector<std::string> FlowModel::mandatory() const {
  std::vector<std::string> out;
  for (const json &id : member(member(flow, key::policy), key::mandatory))
    if (id.is_string())
      out.push_back(id.get<std::string>());
  if (out.empty())
    for (const json &c : member(flow, key::clauses))
      out.push_back(str(c, key::id));
  return out;
}

FlowModel modelOf(nlohmann::json flow,
                  const std::vector<std::pair<std::string, Place>> &clauseSources) {
  FlowModel m;
  m.flow = std::move(flow);
  Builder(m).build(clauseSources);
  return m;
}

} // namespace patter::cli
