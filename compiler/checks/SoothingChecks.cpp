// R11 and R18 on the flow graph: an upset customer is soothed with one of the policy's soothing
// lines before any ending, on every route the `angry` event can take (the handler the runtime
// takes and every step's own `on angry`); a complaint never ends the call before the customer
// is asked again; every ending of a no-sale kind says the policy's closing first.
#include "Normalize.h"
#include "PathChecks.h"
#include "PathNodes.h"
#include "Retention.h"

#include "vocabulary/Vocabulary.h"

#include <llvm/ADT/SmallPtrSet.h>

#include <deque>
#include <set>
#include <tuple>

namespace patter {

namespace {

/// Lines of the policy (soothing, closing) as the wording checks compare them: spaces,
/// punctuation, width and traditional characters do not matter, every word does.
class ApprovedLines {
public:
  explicit ApprovedLines(const std::vector<std::string> &lines) {
    for (const std::string &line : lines)
      if (std::u32string folded = Normalizer::standard().fold(line); !folded.empty())
        folded_.push_back(std::move(folded));
  }
  bool empty() const { return folded_.empty(); }
  /// Whether `text` says one of the lines whole.
  bool saidIn(const std::string &text) const {
    if (folded_.empty())
      return false;
    std::u32string spoken = Normalizer::standard().fold(text);
    for (const std::u32string &line : folded_)
      if (spoken.find(line) != std::u32string::npos)
        return true;
    return false;
  }
  bool saidBy(const FlowNode &node) const {
    for (const callflow::Action &a : node.lowered->actions)
      if ((a.op == callflow::Op::Say || a.op == callflow::Op::Ask) && saidIn(a.text))
        return true;
    return false;
  }

private:
  std::vector<std::u32string> folded_;
};

/// The node's last `goto`: the one whose target the flow keeps.
const ast::Stmt *lastGoto(const FlowNode &node) {
  const ast::Stmt *last = nullptr;
  for (const auto &stmt : node.step ? node.step->body : node.objection->body)
    if (llvm::isa<ast::GotoStmt>(stmt.get()))
      last = stmt.get();
  return last;
}

/// One way an event can move the call: a step's own `on EVENT`, or the handler for it.
struct EventRoute {
  const FlowEdge *edge;
  int from; ///< the node whose route it is, or -1 for the handler
};

/// Every route the runtime may take for `event`: each node's own `on EVENT` and the handler
/// every waiting step shares (the campaign's, else the imported one; FlowGraph decided).
std::vector<EventRoute> routesFor(const FlowGraph &graph, llvm::StringRef event) {
  std::vector<EventRoute> out;
  const auto &nodes = graph.nodes();
  for (size_t n = 0; n < nodes.size(); ++n)
    for (const FlowEdge &e : nodes[n].edges)
      if (e.kind == FlowEdge::Kind::Route && e.label == event)
        out.push_back({&e, static_cast<int>(n)});
  for (const FlowNode &node : nodes)
    if (node.asks && node.kind == FlowNode::Kind::Step) {
      for (const FlowEdge &e : graph.interruptions(node))
        if (e.kind == FlowEdge::Kind::Handler && e.label == event)
          out.push_back({&e, -1});
      break;
    }
  return out;
}

/// Whether an edge is the customer leaving the call: no line of ours ends it.
bool customerHangsUp(const FlowEdge &e) {
  return (e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
         e.label == vocab::nameOf(vocab::Event::Hangup);
}

/// Searches from the target of `route` until `stops` says a node settles it; returns the
/// nodes to the first node that leaves (an end, or back to the call) unsettled, or {} when
/// every way is settled. `leaves` is set to the edge that leaves.
template <typename Stops>
std::vector<int> unsettledPath(const FlowGraph &graph, const FlowEdge &route, Stops stops,
                               bool backCounts, const FlowEdge *&leaves) {
  const auto &nodes = graph.nodes();
  leaves = nullptr;
  if (route.to < 0) {
    if (route.to != -1 && !backCounts)
      return {}; // straight back to the call
    leaves = &route;
    return {-1};
  }
  std::vector<int> parent(nodes.size(), -2);
  std::deque<int> queue{route.to};
  parent[route.to] = -1;
  while (!queue.empty()) {
    int n = queue.front();
    queue.pop_front();
    if (stops(nodes[n]))
      continue;
    for (const FlowEdge &e : graph.edges(n)) {
      if (customerHangsUp(e))
        continue;
      if (e.to >= 0) {
        if (parent[e.to] == -2) {
          parent[e.to] = n;
          queue.push_back(e.to);
        }
        continue;
      }
      bool back = e.kind == FlowEdge::Kind::Retry || e.to == FlowEdge::kResume;
      if (back && !backCounts)
        continue;
      leaves = &e;
      std::vector<int> path;
      for (int i = n; i >= 0; i = parent[i])
        path.insert(path.begin(), i);
      return path;
    }
  }
  return {};
}

void addPath(Diagnostic &d, const FlowGraph &graph, const std::vector<int> &path) {
  for (int n : path)
    if (n >= 0)
      d.notes.push_back({graph.nodes()[n].range, "path: " + nodeLabel(graph.nodes()[n])});
}

std::string routeName(const FlowGraph &graph, const EventRoute &r) {
  std::string event = r.edge->label;
  return r.from < 0 ? "the '" + event + "' handler"
                    : "'on " + event + "' in " + nodeLabel(graph.nodes()[r.from]);
}

} // namespace

/// R11: every route of `angry` passes a soothing line before it ends the call or goes back.
void checkAngryRoute(const ComplianceInputs &in, DiagnosticEngine &diags) {
  ApprovedLines soothing(in.policy.soothing);
  if (soothing.empty())
    return;
  const FlowGraph &graph = in.graph;
  std::vector<EventRoute> routes = routesFor(graph, vocab::nameOf(vocab::Event::Angry));
  bool handled = std::any_of(routes.begin(), routes.end(),
                             [](const EventRoute &r) { return r.from < 0; });
  if (!handled)
    diags.report(DiagId::AngryWithoutSoothing, in.program.campaign->name.range,
                 "no handler takes the 'angry' event: an upset customer must be soothed before "
                 "any closing (import \"std/handlers\" or add 'on angry -> STEP')");
  for (const EventRoute &r : routes) {
    const FlowEdge *leaves = nullptr;
    std::vector<int> path = unsettledPath(
        graph, *r.edge, [&](const FlowNode &n) { return soothing.saidBy(n); }, true, leaves);
    if (path.empty())
      continue;
    if (path.front() < 0) {
      diags.report(DiagId::AngryWithoutSoothing, r.edge->range,
                   routeName(graph, r) + " ends the call without a soothing line of the policy");
      continue;
    }
    Diagnostic &d = diags.report(DiagId::AngryWithoutSoothing, r.edge->range,
                                 routeName(graph, r) + " can leave " +
                                     nodeLabel(graph.nodes()[path.back()]) +
                                     " without a soothing line of the policy");
    addPath(d, graph, path);
  }
}

/// R18: a complaint is soothed and recorded, never hung up on: no route of `complaint` ends
/// the call before a step asks the customer again (or goes back to the interrupted one).
void checkComplaintRoutes(const ComplianceInputs &in, DiagnosticEngine &diags) {
  const FlowGraph &graph = in.graph;
  for (const EventRoute &r : routesFor(graph, vocab::nameOf(vocab::Event::Complaint))) {
    const FlowEdge *leaves = nullptr;
    std::vector<int> path = unsettledPath(
        graph, *r.edge, [](const FlowNode &n) { return n.asks; }, false, leaves);
    if (path.empty())
      continue;
    Diagnostic &d = diags.report(DiagId::ComplaintEndsCall, r.edge->range, routeName(graph, r),
                                 leaves ? leaves->outcome : std::string());
    addPath(d, graph, path);
  }
}

/// R11: every ending of a no-sale kind says the policy's closing first.
void checkClosings(const ComplianceInputs &in, DiagnosticEngine &diags) {
  const std::string &closing = in.policy.closing;
  ApprovedLines approved({closing});
  if (approved.empty())
    return;
  auto noSale = [&](llvm::StringRef outcome) {
    std::optional<vocab::OutcomeKind> kind = in.program.outcomeKind(outcome);
    return kind && vocab::needsClosing(*kind); // an undeclared outcome is E0118
  };
  auto callsAgain = [&](llvm::StringRef outcome) {
    std::optional<vocab::OutcomeKind> kind = in.program.outcomeKind(outcome);
    return kind && (*kind == vocab::OutcomeKind::Callback || *kind == vocab::OutcomeKind::Appointment);
  };
  std::set<std::tuple<uint32_t, uint32_t, uint32_t>> reported;
  auto once = [&](SourceRange r) {
    return reported.insert({r.begin.file, r.begin.line, r.begin.column}).second;
  };
  llvm::SmallPtrSet<const FlowEdge *, 2> sharedChecked;
  for (const FlowNode &node : in.graph.nodes()) {
    // What the flow says and where it ends: its actions, then its `goto`.
    bool saysClosing = false, exhaustedRoute = false;
    auto ends = [&](const std::string &outcome, SourceRange at) {
      if (noSale(outcome) && !saysClosing && once(at))
        diags.report(DiagId::MissingClosing, at, nodeLabel(node), outcome, closing);
    };
    for (auto [action, stmt] : actionsOf(node)) {
      if (action.op == callflow::Op::Say || action.op == callflow::Op::Ask)
        saysClosing |= approved.saidIn(action.text);
      else if (action.op == callflow::Op::End)
        ends(action.outcome, stmt->range());
    }
    const std::optional<callflow::Target> &next = node.lowered->next;
    if (next && next->kind == callflow::Target::Kind::End)
      ends(next->name, lastGoto(node)->range());
    auto checkEdges = [&](llvm::ArrayRef<FlowEdge> edges) {
      for (const FlowEdge &e : edges) {
        exhaustedRoute |= e.kind == FlowEdge::Kind::Exhausted;
        bool direct = e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Result ||
                      e.kind == FlowEdge::Kind::Exhausted || e.kind == FlowEdge::Kind::Handler;
        // A refusal that ends the call ends it without a sale whatever the outcome says:
        // `on no -> end callback` owes the customer the closing, not three more calls (R08).
        bool refused = e.kind == FlowEdge::Kind::Exhausted ||
                       ((e.kind == FlowEdge::Kind::Route || e.kind == FlowEdge::Kind::Handler) &&
                        isObjection(in.graph, static_cast<int>(&node - in.graph.nodes().data()), e));
        bool owed = noSale(e.outcome) || (refused && callsAgain(e.outcome));
        if (direct && e.to == -1 && owed && once(e.range)) {
          std::string how = e.kind == FlowEdge::Kind::Exhausted ? "retention spent"
                            : e.kind == FlowEdge::Kind::Result  ? "result " + e.label
                            : e.kind == FlowEdge::Kind::Handler ? "on " + e.label + " (handler)"
                                                                : "on " + e.label;
          diags.report(DiagId::MissingClosing, e.range, "'" + how + "' in " + nodeLabel(node),
                       e.outcome, closing);
        }
      }
    };
    checkEdges(node.edges);
    // The interruptions waiting steps share are reported at the first, and hold no `exhausted`.
    llvm::ArrayRef<FlowEdge> shared = in.graph.interruptions(node);
    if (!shared.empty() && sharedChecked.insert(shared.data()).second)
      checkEdges(shared);
    // Without an `exhausted` route the runtime ends the call 'declined' without a word.
    if (node.kind == FlowNode::Kind::Objection && retries(node) && !exhaustedRoute)
      diags.report(DiagId::MissingClosing, node.range,
                   "running out of retention in " + nodeLabel(node) + " (no 'exhausted' route)",
                   std::string(vocab::nameOf(vocab::RuntimeOutcome::Declined)), closing);
  }
}

} // namespace patter
