// R08 as the path search and the runtime count it: where a return after a refusal is one
// retention attempt, and which moves of the call are refusals (docs/LANGUAGE.md, "Retention").
#pragma once

#include "FlowGraph.h"
#include "PolicySettings.h"

#include <vector>

namespace patter {

/// Whether the host call `name` is one the policy lists as sale-effecting.
bool isSaleInvoke(llvm::StringRef name, const PolicySettings &policy);

/// The pitches, as a mask over the graph's nodes: campaign steps and objections that ask the
/// customer (other than the owner check) and from which a sale (`register`, a sale-effecting
/// `invoke`) or a follow-up's confirming outcome can be reached by their own routes and
/// gotos. Coming to a pitch after a refusal is one retention attempt, whatever the route.
/// Reads the nodes' actions: the graph must have its flow attached (FlowGraph::attach).
std::vector<bool> pitchNodes(const FlowGraph &graph, const PolicySettings &policy);

/// Whether leaving node `from` by `e` objects to the offer: a `no` or a `hesitation` (except
/// at the owner check), raising any objection, `exhausted`. A follow-up revokes the order after one (R20).
bool isObjection(const FlowGraph &graph, int from, const FlowEdge &e);

/// Whether leaving node `from` by `e` is a refusal the next return to a pitch answers: an
/// objection, `angry`, `busy` or `elderly` (an elderly customer pitched again is retained).
bool isRefusal(const FlowGraph &graph, int from, const FlowEdge &e);

} // namespace patter
