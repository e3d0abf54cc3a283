// The reviewer's report: one self-contained HTML page in Chinese.
#pragma once

#include "FlowDiff.h"
#include "ReviewInput.h"

#include <optional>
#include <string>

namespace patter::cli {

/// The page for `input`, with its flow picture (`svg`, inlined) and, when given, the changes
/// since an earlier version.
std::string reportHtml(const ReviewInput &input, const std::string &svg,
                       const std::optional<FlowDiff> &diff);

} // namespace patter::cli
