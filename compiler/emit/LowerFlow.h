// Lowers a campaign once into the call flow (callflow/CallFlow.h) that the checks read, the
// emitter writes and the runtime loads: handler precedence, targets and pitch marks decided here.
#pragma once

#include "FlowGraph.h"
#include "Offer.h"
#include "PolicySettings.h"
#include "Program.h"
#include "Replies.h"
#include "SourceManager.h"
#include "Templates.h"

#include "callflow/CallFlow.h"

namespace patter {

/// Lowers `program` into `flow`, then attaches `flow` to `graph` (FlowGraph::attach): the
/// checks that run after read every node's actions from the flow that is shipped, so what they
/// prove is what the runtime runs. `settings` are those of the campaign's policy; `replies`
/// the vocabularies and runtime lines it carries; `graph` the flow graph of the program: every
/// target of the flow is one of its edges, and its pitches (compiler/graph/Retention.h) are
/// marked so that the runtime counts retention where the path checks do (R08). A program with
/// errors (a review draft) lowers too: a target that names no node keeps its name and the
/// index callflow::kUnresolved. `identity.flow` is left empty: it hashes the written flow
/// (emitFlow). `flow` must outlive `graph`.
void lowerFlow(const Program &program, const std::vector<TypedFact> &offer,
               const TemplateScope &templates, const PolicySettings &settings,
               const Replies &replies, FlowGraph &graph, const SourceManager &sources,
               callflow::CallFlow &flow);

} // namespace patter
