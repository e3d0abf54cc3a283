// Writes a checked campaign as the JSON call flow (docs/FLOW_FORMAT.md).
#pragma once

#include "Offer.h"
#include "Program.h"
#include "Templates.h"

#include <string>

namespace patter {

/// The flow as text: deterministic, sorted keys, two-space indent, final newline.
std::string emitFlow(const Program &program, const std::vector<TypedFact> &offer,
                     const TemplateScope &templates, const SourceManager &sources);

} // namespace patter
