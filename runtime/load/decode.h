// Decodes a flow's JSON into the lowered call flow the compiler wrote it from.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "callflow/CallFlow.h"

namespace patter::detail {

/// The flow `root` holds, with every value of the right type and every name resolved: ids
/// unique, targets naming a step or objection that exists. Throws LoadError (load_error.h),
/// naming the JSON path, for the first value that is not. What the values mean (ceilings,
/// wording, the order of actions) is the loader's to check.
callflow::CallFlow decodeFlow(const nlohmann::json& root);

/// Checks `identity` (optional; every built flow has it) against `actual`, the identity of the
/// content: a flow edited after it was built is refused before anything else is read.
void checkIdentity(const nlohmann::json& root, const std::string& actual);

} // namespace patter::detail
