// Writes a lowered call flow as JSON (docs/FLOW_FORMAT.md).
#pragma once

#include "callflow/CallFlow.h"

#include <string>

namespace patter {

/// The flow as text: deterministic, sorted keys, two-space indent, final newline, and
/// `identity.flow` the SHA-256 of the rest (patter/identity.h), whatever the lowered flow
/// held there.
std::string emitFlow(const callflow::CallFlow &flow);

} // namespace patter
