// Reads audit logs (AuditLog.h).
#include "AuditLog.h"

#include "patter/format.h"

namespace patter::cli {

namespace ak = format::audit::key;
namespace at = format::audit::type;
using json = nlohmann::json;

std::string field(const json &record, std::string_view key) {
  auto it = record.is_object() ? record.find(key) : record.end();
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

/// Why a parsed line is not an audit record, or empty.
std::string problemOf(const json &r) {
  if (!r.is_object())
    return "not a JSON object";
  if (!r.contains(ak::type) || !r[ak::type].is_string())
    return "no 'type'";
  if (!r.contains(ak::session) || !r[ak::session].is_string())
    return "no 'session'";
  if (!r.contains(ak::time) || !r[ak::time].is_number_integer())
    return "no time 't'";
  if (r[ak::type] == at::start && field(r, ak::format) != format::audit::formatName)
    return "not a patter audit log";
  return "";
}

} // namespace

AuditLog readAuditLog(std::istream &in, const std::optional<std::string> &only) {
  AuditLog log;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    json r = json::parse(line, nullptr, false);
    std::string problem = r.is_discarded() ? "not valid JSON" : problemOf(r);
    if (!problem.empty()) {
      log.problems.push_back({number, problem});
      continue;
    }
    const std::string session = r[ak::session].get<std::string>();
    if (only && session != *only)
      continue;
    AuditCall *call = nullptr;
    for (AuditCall &c : log.calls)
      if (c.session == session)
        call = &c;
    if (!call) {
      call = &log.calls.emplace_back();
      call->session = session;
    }
    AuditRecord record{number, call->records.size() + 1, r[ak::time].get<Millis>(),
                       r[ak::type].get<std::string>(), std::move(r)};
    if (record.type == at::start) {
      call->campaign = field(record.fields, ak::campaign);
      call->flow = field(record.fields, ak::flow);
    } else if (record.type == at::end) {
      call->outcome = field(record.fields, ak::outcome);
    }
    call->records.push_back(std::move(record));
  }
  return log;
}

} // namespace patter::cli
