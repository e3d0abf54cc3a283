// Reading an audit log (JSON Lines) into calls, for `patter audit`.
#pragma once

#include "patter/action.h"

#include <nlohmann/json.hpp>

#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace patter::cli {

/// One record of a call, with the log line it came from.
struct AuditRecord {
  std::size_t line = 0;
  std::size_t order = 0; ///< its place among the call's records, from 1
  Millis time = 0;
  std::string type;
  nlohmann::json fields; ///< the whole record
};

struct AuditCall {
  std::string session, campaign, flow, outcome;
  std::vector<AuditRecord> records;
};

/// A line that is not a record, with the reason.
struct AuditProblem {
  std::size_t line = 0;
  std::string reason;
};

struct AuditLog {
  std::vector<AuditCall> calls; ///< in the order their first records appear
  std::vector<AuditProblem> problems;
};

/// Reads every line of `in`; a malformed line is kept as a problem and reading goes on. With
/// `only`, keeps only that session's records.
AuditLog readAuditLog(std::istream &in, const std::optional<std::string> &only);

/// A string field of a record, empty when absent.
std::string field(const nlohmann::json &record, std::string_view key);

} // namespace patter::cli
