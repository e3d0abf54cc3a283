// Writes a checked campaign as the JSON call flow (docs/FLOW_FORMAT.md).
#pragma once

#include "Offer.h"
#include "PolicySettings.h"
#include "Program.h"
#include "Replies.h"
#include "Templates.h"

#include <string>

namespace patter {

/// The flow as text: deterministic, sorted keys, two-space indent, final newline. `settings`
/// are those of the campaign's policy; `replies` the vocabularies and runtime lines it carries.
std::string emitFlow(const Program &program, const std::vector<TypedFact> &offer,
                     const TemplateScope &templates, const PolicySettings &settings,
                     const Replies &replies, const SourceManager &sources);

} // namespace patter
