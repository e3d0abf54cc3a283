// What the files implementing Session share: route resolutions and the audit record writer.
#pragma once

#include "flow_data.h"
#include "json_line.h"
#include "patter/format.h"
#include "patter/session.h"

namespace patter {

/// How an event was resolved: by the waiting node's routes (or its invoke's results), by a flow
/// handler, as an objection raised by its own name, or not at all.
struct Session::Resolution {
  enum class Via : std::uint8_t { None, Route, Handler, Objection };
  detail::Target target;
  Via via = Via::None;
  std::uint32_t event = detail::kNone; ///< the event resolved
};

/// Writes one audit record of `type` at once, `fill` adding its own keys; false (and the session
/// remembers it: no sale after that) when the sink could not store it.
template <class Fill> bool Session::record(std::string_view type, Fill&& fill) {
  if (audit_ == nullptr) return true;
  detail::JsonLine record;
  namespace key = format::audit::key;
  record.num(key::seq, ++auditSeq_).num(key::time, now_).str(key::session, sessionId_).str(key::flow, flow_->identity)
      .str(key::type, type);
  fill(record);
  if (audit_->write(record.take())) return true;
  auditFailed_ = true; // reported by auditFailed(); every later sale is refused
  return false;
}

} // namespace patter
