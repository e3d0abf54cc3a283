// Session snapshots: one call's state as JSON, and its validated restore on the same flow.
// Besides the loader and the C API, the only file that knows about nlohmann/json.
#include <algorithm>
#include <new>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "digest.h"
#include "flow_data.h"
#include "json_line.h"
#include "patter/format.h"
#include "patter/session.h"
#include "session_impl.h"
#include "vocabulary/Vocabulary.h"

namespace patter {

using namespace detail;
using json = nlohmann::json;

namespace {

constexpr std::string_view kFormat = "patter-session";
constexpr int kVersion = 2;
/// The largest snapshot restore reads; a real one is a few hundred bytes plus the consent evidence.
constexpr std::size_t kMaxSnapshotBytes = std::size_t{1} << 20;
/// Each part of the flow is named in a snapshot by this many hex digits of its SHA-256.
constexpr std::size_t kPartDigits = 16;

/// Thrown inside restore only; turned into RestoreResult::error.
struct SnapshotError {
  std::string message;
};

[[noreturn]] void fail(std::string_view key, std::string_view message) {
  throw SnapshotError{fmt::format("snapshot: {}: {}", key, message)};
}

const json& field(const json& j, std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end()) fail(key, "missing");
  return *it;
}

std::string text(const json& j, std::string_view key) {
  const json& v = field(j, key);
  if (!v.is_string()) fail(key, "expected a string");
  return v.get<std::string>();
}

bool flag(const json& j, std::string_view key) {
  const json& v = field(j, key);
  if (!v.is_boolean()) fail(key, "expected a boolean");
  return v.get<bool>();
}

std::uint64_t number(const json& j, std::string_view key, std::uint64_t max) {
  const json& v = field(j, key);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    fail(key, "expected a non-negative integer");
  }
  const auto n = v.get<std::uint64_t>();
  if (n > max) fail(key, fmt::format("{} is out of range (at most {})", n, max));
  return n;
}

Millis time(const json& j, std::string_view key) {
  const json& v = field(j, key);
  if (!v.is_number_integer()) fail(key, "expected an integer time");
  return v.get<Millis>();
}

/// A node index or null (kNone), in range.
Index node(const json& j, std::string_view key, const FlowData& f) {
  const json& v = field(j, key);
  if (v.is_null()) return kNone;
  const std::uint64_t n = number(j, key, f.nodes.size() - 1);
  return static_cast<Index>(n);
}

json nodeOrNull(Index n) { return n == kNone ? json(nullptr) : json(n); }

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

/// The parts of the flow (top-level members) whose digests differ between a snapshot's and `f`.
std::string changedParts(const json& parts, const FlowData& f) {
  std::vector<std::string> changed;
  for (const auto& [name, digest] : f.parts) {
    const auto it = parts.find(name);
    if (it == parts.end() || !it->is_string() || it->get_ref<const std::string&>() != digest.substr(0, kPartDigits)) {
      changed.push_back(name);
    }
  }
  for (const auto& [name, digest] : parts.items()) {
    if (std::none_of(f.parts.begin(), f.parts.end(), [&key = name](const auto& p) { return p.first == key; })) changed.push_back(name);
  }
  return changed.empty() ? std::string("nothing the snapshot can name") : fmt::format("{}", fmt::join(changed, ", "));
}

} // namespace

std::string Session::Impl::snapshot() const {
  const FlowData& f = *flow_;
  json disclosed = json::array();
  for (std::size_t c = 0; c < f.clauseIds.size(); ++c) {
    if ((disclosed_[c / 64] >> (c % 64)) & 1u) disclosed.push_back(f.clauseIds[c]);
  }
  json parts = json::object();
  for (const auto& [name, digest] : f.parts) parts[name] = digest.substr(0, kPartDigits);
  json j = {
      {"format", kFormat},
      {"version", kVersion},
      {"flow", f.identity},
      {"flow_parts", std::move(parts)},
      {"campaign", f.campaignId},
      {"phone", phone_},
      {"session", sessionId_},
      {"started", started_},
      {"finished", finished_},
      {"outcome", outcome_ == kNone ? json(nullptr) : json(f.symbols[outcome_])},
      {"waiting", nodeOrNull(waiting_)},
      {"last_wait", nodeOrNull(lastWaitStep_)},
      {"interrupted", nodeOrNull(interrupted_)},
      {"consent_step", nodeOrNull(consentStep_)},
      {"now", now_},
      {"invoke_at", invokeAt_},
      {"request", request_},
      {"last_request", lastRequest_},
      {"audit_seq", auditSeq_},
      {"disclosed", std::move(disclosed)},
      {"owner_verified", ownerVerified_},
      {"consent", consent_},
      {"consent_evidence", consentEvidence_},
      {"filler_pending", fillerPending_},
      {"registered", registered_},
      {"angry", angry_},
      {"elderly", elderly_},
      {"busy", busy_},
      {"refused", refused_},
      {"owner_named", ownerNamed_},
      {"confirm_named", confirmNamed_},
      {"confirm_informed", confirmInformed_},
      {"failed_result", failedResult_},
      {"audit_failed", auditFailed_},
      {"counters",
       {{"retention", retention_},
        {"not_understood", notUnderstood_},
        {"offtopic", offtopic_},
        {"abuse", abuse_},
        {"silence", silence_},
        {"wait", wait_},
        {"ticks", ticks_}}},
  };
  // Invalid UTF-8 in a customer's reply (kept as consent evidence) is replaced, never thrown on.
  // The MAC covers the canonical text of everything else, which restore rebuilds the same way.
  // Without a key the snapshot carries none, and no flow restores it.
  if (!f.snapshotKey.empty()) j["mac"] = hmacSha256Hex(f.snapshotKey, dumped(j));
  return dumped(j);
}

RestoreResult Session::restore(const Flow& flow, std::string_view snapshot, AuditSink* audit) {
  RestoreResult result;
  try {
    if (snapshot.size() > kMaxSnapshotBytes) {
      throw SnapshotError{fmt::format("snapshot: {} bytes, over the limit of {} bytes", snapshot.size(), kMaxSnapshotBytes)};
    }
    json j;
    try {
      j = json::parse(snapshot.begin(), snapshot.end());
    } catch (const json::exception&) {
      throw SnapshotError{"snapshot: not valid JSON"};
    }
    if (!j.is_object()) throw SnapshotError{"snapshot: expected a JSON object"};
    if (text(j, "format") != kFormat) fail("format", fmt::format("expected \"{}\"", kFormat));
    if (number(j, "version", 1000) != kVersion) fail("version", fmt::format("unsupported (this runtime reads {})", kVersion));
    const FlowData& f = *flow.data_;
    // Authenticate before believing a word of it.
    if (f.snapshotKey.empty()) fail("mac", "no snapshot key is configured for this flow (LoadOptions::snapshotKey)");
    const std::string mac = text(j, "mac");
    j.erase("mac");
    if (!sameMac(mac, hmacSha256Hex(f.snapshotKey, dumped(j)))) {
      fail("mac", "does not verify: the snapshot was edited, or taken with another key");
    }
    if (text(j, "flow") != f.identity) {
      const json& parts = field(j, "flow_parts");
      if (!parts.is_object()) fail("flow_parts", "expected an object");
      fail("flow", fmt::format("taken on flow {}, not on this flow ({}); changed: {}", text(j, "flow"), f.identity,
                               changedParts(parts, f)));
    }

    Session session(flow, CallContext{text(j, "phone"), text(j, "session"), audit});
    Impl& s = *session.impl_;
    s.started_ = flag(j, "started");
    s.finished_ = flag(j, "finished");
    const json& outcome = field(j, "outcome");
    if (!outcome.is_null()) {
      if (!outcome.is_string()) fail("outcome", "expected a string or null");
      s.outcome_ = f.symbolOf(outcome.get<std::string>());
      if (s.outcome_ == kNone) fail("outcome", fmt::format("'{}' is not an outcome of this flow", outcome.get<std::string>()));
    }
    if (s.finished_ != (s.outcome_ != kNone)) fail("outcome", "a finished session has an outcome, and only it");
    s.waiting_ = node(j, "waiting", f);
    s.lastWaitStep_ = node(j, "last_wait", f);
    s.interrupted_ = node(j, "interrupted", f);
    s.consentStep_ = node(j, "consent_step", f);
    if (s.consentStep_ != kNone && f.nodes[s.consentStep_].wait != Wait::Confirm) fail("consent_step", "not a confirmation");
    if (s.waiting_ != kNone && f.nodes[s.waiting_].wait == Wait::None) fail("waiting", "that node never waits");
    if (s.waiting_ != kNone && (s.finished_ || !s.started_)) fail("waiting", "only a running session waits");
    if (s.started_ && !s.finished_ && s.waiting_ == kNone) fail("waiting", "a running session waits somewhere");
    if (s.lastWaitStep_ != kNone && (f.nodes[s.lastWaitStep_].isObjection || f.nodes[s.lastWaitStep_].wait == Wait::None)) {
      fail("last_wait", "not a step that waits");
    }
    s.now_ = time(j, "now");
    s.invokeAt_ = time(j, "invoke_at");
    s.request_ = static_cast<std::uint32_t>(number(j, "request", 0xffffffffu));
    s.lastRequest_ = static_cast<std::uint32_t>(number(j, "last_request", 0xffffffffu));
    if (s.request_ > s.lastRequest_) fail("request", "later than the last request handed out");
    if (s.request_ != 0 && (s.waiting_ == kNone || f.nodes[s.waiting_].wait != Wait::Invoke) &&
        (s.interrupted_ == kNone || f.nodes[s.interrupted_].wait != Wait::Invoke)) {
      fail("request", "pending, but no host call waits for it");
    }
    s.auditSeq_ = static_cast<std::uint32_t>(number(j, "audit_seq", 0xffffffffu));

    const json& disclosed = field(j, "disclosed");
    if (!disclosed.is_array()) fail("disclosed", "expected an array of clause ids");
    for (const json& c : disclosed) {
      if (!c.is_string()) fail("disclosed", "expected an array of clause ids");
      const auto& ids = f.clauseIds;
      const auto it = std::find(ids.begin(), ids.end(), c.get<std::string>());
      if (it == ids.end()) fail("disclosed", fmt::format("no clause '{}' in this flow", c.get<std::string>()));
      const auto index = static_cast<std::size_t>(it - ids.begin());
      s.disclosed_[index / 64] |= std::uint64_t{1} << (index % 64);
    }
    s.ownerVerified_ = flag(j, "owner_verified");
    s.consent_ = flag(j, "consent");
    s.consentEvidence_ = text(j, "consent_evidence");
    s.fillerPending_ = flag(j, "filler_pending");
    s.registered_ = flag(j, "registered");
    s.angry_ = flag(j, "angry");
    s.elderly_ = flag(j, "elderly");
    s.busy_ = flag(j, "busy");
    s.refused_ = flag(j, "refused");
    s.ownerNamed_ = flag(j, "owner_named");
    s.confirmNamed_ = flag(j, "confirm_named");
    s.confirmInformed_ = flag(j, "confirm_informed");
    s.failedResult_ = flag(j, "failed_result");
    s.auditFailed_ = flag(j, "audit_failed");

    const json& counters = field(j, "counters");
    if (!counters.is_object()) fail("counters", "expected an object");
    const auto counter = [&](std::string_view name, std::uint64_t max) {
      return static_cast<std::uint16_t>(number(counters, name, max));
    };
    s.retention_ = counter("retention", vocab::counter(vocab::CounterId::retention).ceiling); // R08
    s.notUnderstood_ = counter("not_understood", f.limits.notUnderstood);
    s.offtopic_ = counter("offtopic", f.limits.offtopic + 1);
    s.abuse_ = counter("abuse", f.limits.abuse + 1);
    s.silence_ = counter("silence", kSilenceStages);
    s.wait_ = counter("wait", 0xffff);
    s.ticks_ = counter("ticks", 0xffff);

    if (audit != nullptr) {
      namespace ak = format::audit::key;
      JsonLine line;
      line.num(ak::seq, ++s.auditSeq_).num(ak::time, s.now_).str(ak::session, s.sessionId_)
          .str(ak::flow, f.identity).str(ak::type, format::audit::type::restore).str(ak::step, s.waitingAt());
      if (!audit->write(line.take())) s.auditFailed_ = true;
    }
    result.session.emplace(std::move(session));
  } catch (const SnapshotError& e) {
    result.error = e.message;
  } catch (const std::bad_alloc&) {
    result.error = "snapshot: out of memory";
  } catch (const std::exception& e) {
    result.error = fmt::format("snapshot: {}", e.what());
  }
  return result;
}

} // namespace patter
