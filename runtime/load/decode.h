// Decodes a flow's JSON into the lowered call flow the compiler wrote it from.
#pragma once

#include <string>

#include "callflow/CallFlow.h"
#include "json_tape.h"

namespace patter::detail {

/// The flow the document of `tape` holds, with every value of the right type and every name resolved: ids
/// unique, targets naming a step or objection that exists. Throws LoadError (load_error.h),
/// naming the JSON path, for the first value that is not. What the values mean (ceilings,
/// wording, the order of actions) is the loader's to check.
callflow::CallFlow decodeFlow(const JsonTape& tape);

/// Checks the document's `identity` (optional; every built flow has it) against `actual`, the identity of the
/// content: a flow edited after it was built is refused before anything else is read.
void checkIdentity(const JsonTape& tape, const std::string& actual);

} // namespace patter::detail
