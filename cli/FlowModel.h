// The reviewer's view of one call flow: nodes, edges, every line that can be spoken and every
// kind of path to a sale. `patter graph`, `report`, `extract` and `diff` all read this one model,
// built from the emitted JSON flow.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace patter::cli {

/// Where a thing was written: a path from the flow's `sources` and a 1-based line and column.
struct Place {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  bool known() const { return line > 0; }
};

struct Node {
  enum class Kind {
    Step,        ///< a campaign step
    HandlerStep, ///< a step only handlers lead to (`std.silence`)
    Objection,
    Outcome,     ///< the end of a call with one outcome
    AnyWait,     ///< any step that waits: where handlers and objection keywords apply
    Resume,      ///< back to the question that was interrupted
  };
  std::string id; ///< unique among nodes: a step or objection id, `end:OUTCOME`, `*`, `resume`
  Kind kind = Kind::Step;
  std::string label;              ///< the step, objection or outcome name
  Place source;
  bool verifiesOwner = false;
  bool confirms = false;
  bool registersSale = false;
  std::vector<std::string> disclosed; ///< clause ids, in the order spoken
  bool retries = false;               ///< an objection that is a retention attempt (R08)
  std::vector<std::string> keywords;  ///< an objection's keywords
};

struct Edge {
  enum class Kind { Route, Next, Result, Exhausted, Retry, Handler, Keyword, End };
  std::string from, to; ///< node ids
  std::string label;    ///< the event, result or keyword list
  Kind kind = Kind::Route;
};

/// One line the call can speak, with an id that survives edits elsewhere in the file: the node
/// id, the kind and the ordinal of that kind in the node (`pitch.say.1`), or the clause id for a
/// disclosure (`pitch.clause.price`), or the runtime line's name (`runtime.pardon`).
struct SpokenLine {
  std::string id;
  std::string node; ///< step or objection id; empty for the runtime's own lines
  std::string kind; ///< `say`, `ask`, `clause`, `runtime`
  std::string clause; ///< the clause id a `clause` line discloses
  std::string text;
  Place source;     ///< the statement; for a clause, its definition when known
};

/// One kind of path from the start to a sale: the clauses in the order spoken, and the
/// shortest path of that kind.
struct SalePath {
  std::vector<std::string> clauses;
  std::vector<std::string> nodes; ///< node ids from the start to the step that registers
  std::vector<std::string> events; ///< the event taken out of each node but the last
  std::vector<std::string> missing; ///< mandatory clauses not spoken on it
  bool confirmed = false;          ///< a confirmation comes after the last disclosure
  std::size_t count = 0;           ///< how many simple paths are of this kind
};

struct FlowModel {
  nlohmann::json flow;
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  std::vector<SpokenLine> lines;
  std::vector<SalePath> salePaths;
  bool salePathsTruncated = false; ///< the search stopped at its bound; more kinds may exist

  const Node *node(const std::string &id) const;
  /// The node declared at `place` (a step's or objection's name), or null.
  const Node *nodeAt(const Place &place) const;
  /// A hash of the flow's identity (`identity.flow`, or `policy`, `lexicon`), empty when the
  /// flow carries none.
  std::string identity(std::string_view part = "flow") const;
  /// The text of clause `id`, empty when the flow has none.
  std::string clauseText(const std::string &id) const;
  /// The clause ids registration requires: `policy.mandatory`, or every clause without one.
  std::vector<std::string> mandatory() const;
};

/// Builds the model of a flow; `clauseSources` (clause id to definition) fills in clause lines'
/// places when the flow came from a source file.
FlowModel modelOf(nlohmann::json flow,
                  const std::vector<std::pair<std::string, Place>> &clauseSources = {});

} // namespace patter::cli
