// Writes a checked campaign as the JSON call flow (docs/FLOW_FORMAT.md).
#pragma once

#include "FlowGraph.h"
#include "Offer.h"
#include "PolicySettings.h"
#include "Program.h"
#include "Replies.h"
#include "Templates.h"

#include <string>

namespace patter {

/// The flow as text: deterministic, sorted keys, two-space indent, final newline. `settings`
/// are those of the campaign's policy; `replies` the vocabularies and runtime lines it carries;
/// `graph` the flow graph the checks read, whose pitches (compiler/Retention.h) are marked so
/// that the runtime counts retention where the path checks do (R08).
std::string emitFlow(const Program &program, const std::vector<TypedFact> &offer,
                     const TemplateScope &templates, const PolicySettings &settings,
                     const Replies &replies, const FlowGraph &graph, const SourceManager &sources);

} // namespace patter
