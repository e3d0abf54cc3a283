// The C API (include/patter/patter.h): opaque handles over Flow and Session, no exceptions across.
#include "patter/patter.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "patter/action.h"
#include "patter/flow.h"
#include "patter/session.h"

#ifndef PATTER_VERSION_STRING
#define PATTER_VERSION_STRING "0.0.0"
#endif

static_assert(PATTER_NO_TIME == patter::kNoTime, "the C and C++ APIs must agree on 'no time'");

/// A loaded flow. Flow is a cheap handle onto immutable shared data, so sessions copy it and
/// outlive this wrapper.
struct patter_flow {
  patter::Flow flow;
  std::string campaignId; ///< NUL-terminated copy of flow.campaignId()
};

/// One call, and its audit sink: the host's C callback. The actions a feed hands out are not
/// kept here but in a buffer of the feeding thread (published()), so that a live session costs
/// no more than the Session itself and a few words (docs/PERFORMANCE.md). The struct never moves
/// (callers hold a pointer), so `session` may point at it as its sink.
struct patter_session final : patter::AuditSink {
  patter_audit_fn audit = nullptr;
  void* auditUser = nullptr;
  std::optional<patter::Session> session; ///< always set once the handle is handed out
  std::string error;                      ///< message of the last failed call

  bool write(std::string_view jsonLine) override { return audit(auditUser, jsonLine.data(), jsonLine.size()) == 0; }
};

namespace {

/// The actions of the last start or feed on this thread and their C views, which point into
/// them: valid until the next start or feed on the same thread (the documented lifetime).
struct Published {
  std::vector<patter::Action> actions;
  std::vector<patter_action> views;
};
Published& published() {
  thread_local Published p;
  return p;
}

/// A view of a string the flow owns (a std::string, so NUL-terminated), or "".
const char* flowString(std::string_view s) noexcept { return s.empty() ? "" : s.data(); }

/// A malloc'd NUL-terminated copy, so that patter_string_free is plain free(); NULL if out of memory.
char* copyString(std::string_view s) noexcept {
  auto* copy = static_cast<char*>(std::malloc(s.size() + 1));
  if (!copy) return nullptr;
  if (!s.empty()) std::memcpy(copy, s.data(), s.size());
  copy[s.size()] = '\0';
  return copy;
}

/// Stores a copy of `message` in `*error` when the caller asked for one.
patter_status fail(patter_status status, std::string_view message, char** error) noexcept {
  if (error) *error = copyString(message);
  return status;
}

/// Turns the exception being handled into a status and a message; call only from a catch block.
/// The messages are short enough for std::string's small buffer, so setting them cannot throw.
patter_status statusOfCurrentException(std::string& message) noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    message = "out of memory";
    return PATTER_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    try {
      message = std::string("internal error: ") + e.what();
    } catch (...) {
      message = "internal error";
    }
    return PATTER_ERROR_INTERNAL;
  } catch (...) {
    message = "internal error";
    return PATTER_ERROR_INTERNAL;
  }
}

/// The status and message of the exception being handled, stored in `*error`.
patter_status failWithCurrentException(char** error) noexcept {
  std::string message;
  const patter_status status = statusOfCurrentException(message);
  return fail(status, message, error);
}

patter_action_kind toC(patter::ActionKind kind) noexcept {
  switch (kind) {
  case patter::ActionKind::Say: return PATTER_ACTION_SAY;
  case patter::ActionKind::Invoke: return PATTER_ACTION_INVOKE;
  case patter::ActionKind::Register: return PATTER_ACTION_REGISTER;
  case patter::ActionKind::Refuse: return PATTER_ACTION_REFUSE;
  case patter::ActionKind::End: return PATTER_ACTION_END;
  case patter::ActionKind::ScheduleCallback: return PATTER_ACTION_SCHEDULE_CALLBACK;
  case patter::ActionKind::Cancel: return PATTER_ACTION_CANCEL;
  default: return PATTER_ACTION_OTHER; // a kind newer than this file: `kind_name` still tells
  }
}

/// The NUL-terminated name of a kind. toString() gives the same names as views, which need not
/// be NUL-terminated; a kind newer than this file is "other".
const char* kindName(patter::ActionKind kind) noexcept {
  switch (kind) {
  case patter::ActionKind::Say: return "say";
  case patter::ActionKind::Invoke: return "invoke";
  case patter::ActionKind::Register: return "register";
  case patter::ActionKind::Refuse: return "refuse";
  case patter::ActionKind::End: return "end";
  case patter::ActionKind::ScheduleCallback: return "schedule_callback";
  case patter::ActionKind::Cancel: return "cancel";
  default: return "other";
  }
}

/// Replaces the thread's published actions with `actions` and hands out their C views.
void publish(std::vector<patter::Action> actions, const patter_action** out, size_t* count) {
  Published& s = published();
  s.views.clear();
  s.actions = std::move(actions);
  s.views.reserve(s.actions.size());
  for (const patter::Action& a : s.actions) {
    s.views.push_back(patter_action{toC(a.kind), kindName(a.kind), a.step.c_str(), a.text.c_str(),
                                    a.clause.c_str(), a.name.c_str(), a.number.c_str(), a.outcome.c_str(),
                                    a.rule.c_str(), a.reason.c_str(), a.at, a.deadline, a.attempts, a.request});
  }
  *out = s.views.empty() ? nullptr : s.views.data();
  *count = s.views.size();
}

/// The session's refusal of the last call as a host error (static text), or nullptr.
const char* hostError(const patter_session& s) noexcept {
  const std::string_view e = s.session->error();
  return e.empty() ? nullptr : e.data();
}

/// Runs one feed of `session` behind the C boundary: checks the arguments and turns every
/// exception into a status and the session's error message. `run` returns the message of an
/// invalid argument, or nullptr.
template <typename Feed>
patter_status feed(patter_session* session, const patter_action** actions, size_t* count, Feed&& run) noexcept {
  if (actions) *actions = nullptr;
  if (count) *count = 0;
  if (!session) return PATTER_ERROR_INVALID_ARGUMENT;
  try {
    session->error.clear();
    if (!actions || !count) {
      session->error = "actions and count must not be NULL";
      return PATTER_ERROR_INVALID_ARGUMENT;
    }
    if (const char* invalid = run(*session)) {
      session->error = invalid;
      return PATTER_ERROR_INVALID_ARGUMENT;
    }
    if (session->session->auditFailed()) {
      session->error = "an audit record could not be written: no sale is registered on this call";
      return PATTER_ERROR_AUDIT;
    }
    return PATTER_OK;
  } catch (...) {
    // The previous actions may be half replaced: drop them all rather than hand out a mix.
    published().views.clear();
    published().actions.clear();
    return statusOfCurrentException(session->error);
  }
}

/// A new, empty session handle with the audit callback of `options` (if any) ready for the
/// Session to point at.
patter_session* newHandle(const patter_session_options* options) {
  auto* handle = new patter_session;
  if (options && options->audit) {
    handle->audit = options->audit;
    handle->auditUser = options->audit_user;
  }
  return handle;
}

patter::AuditSink* sinkOf(patter_session& handle) noexcept { return handle.audit ? &handle : nullptr; }

} // namespace

extern "C" {

const char* patter_version(void) { return PATTER_VERSION_STRING; }

const char* patter_status_string(patter_status status) {
  // A C host may pass any int. Read as the enum, a value outside its enumerators' range is
  // undefined behaviour in C++, so the bits are read as the underlying integer.
  std::underlying_type_t<patter_status> code;
  std::memcpy(&code, &status, sizeof code);
  switch (code) {
  case PATTER_OK: return "ok";
  case PATTER_ERROR_INVALID_ARGUMENT: return "invalid argument";
  case PATTER_ERROR_INVALID_FLOW: return "invalid flow";
  case PATTER_ERROR_OUT_OF_MEMORY: return "out of memory";
  case PATTER_ERROR_INTERNAL: return "internal error";
  case PATTER_ERROR_INVALID_SNAPSHOT: return "invalid snapshot";
  case PATTER_ERROR_AUDIT: return "audit record not written";
  case PATTER_ERROR_NOT_APPROVED: return "flow not approved";
  }
  return "unknown status";
}

void patter_string_free(char* string) { std::free(string); }

patter_status patter_flow_load(const char* json, size_t len, patter_flow** out, char** error) {
  return patter_flow_load_with_options(json, len, nullptr, out, error);
}

patter_status patter_flow_load_with_options(const char* json, size_t len, const patter_load_options* options,
                                            patter_flow** out, char** error) {
  if (error) *error = nullptr;
  if (!out) return fail(PATTER_ERROR_INVALID_ARGUMENT, "out must not be NULL", error);
  *out = nullptr;
  if (!json && len > 0) return fail(PATTER_ERROR_INVALID_ARGUMENT, "json is NULL but len is not 0", error);
  if (options && options->approved_count > 0 && !options->approved) {
    return fail(PATTER_ERROR_INVALID_ARGUMENT, "approved is NULL but approved_count is not 0", error);
  }
  if (options && options->snapshot_key_len > 0 && !options->snapshot_key) {
    return fail(PATTER_ERROR_INVALID_ARGUMENT, "snapshot_key is NULL but snapshot_key_len is not 0", error);
  }
  try {
    patter::LoadOptions settings;
    if (options && options->require_approval) {
      settings.approved.emplace();
      for (size_t i = 0; i < options->approved_count; ++i) {
        if (options->approved[i]) settings.approved->emplace_back(options->approved[i]);
      }
    }
    if (options && options->snapshot_key_len > 0) {
      settings.snapshotKey.assign(reinterpret_cast<const char*>(options->snapshot_key), options->snapshot_key_len);
    }
    auto loaded = patter::Flow::load(std::string_view(json ? json : "", len), settings);
    if (!loaded) {
      return fail(loaded.unapproved ? PATTER_ERROR_NOT_APPROVED : PATTER_ERROR_INVALID_FLOW, loaded.error, error);
    }
    std::string campaignId(loaded.flow->campaignId());
    *out = new patter_flow{std::move(*loaded.flow), std::move(campaignId)};
    return PATTER_OK;
  } catch (...) {
    return failWithCurrentException(error);
  }
}

void patter_flow_free(patter_flow* flow) { delete flow; }

const char* patter_flow_campaign_id(const patter_flow* flow) { return flow ? flow->campaignId.c_str() : ""; }

// Flow::identity() views a std::string of the flow's shared data, so it is NUL-terminated.
const char* patter_flow_identity(const patter_flow* flow) { return flow ? flow->flow.identity().data() : ""; }

patter_status patter_session_new(const patter_flow* flow, const char* phone, const patter_session_options* options,
                                 patter_session** out, char** error) {
  if (error) *error = nullptr;
  if (!out) return fail(PATTER_ERROR_INVALID_ARGUMENT, "out must not be NULL", error);
  *out = nullptr;
  if (!flow) return fail(PATTER_ERROR_INVALID_ARGUMENT, "flow must not be NULL", error);
  if (!phone || !*phone) return fail(PATTER_ERROR_INVALID_ARGUMENT, "phone must be a non-empty number", error);
  if (std::string digits; !patter::mainlandMobile(phone, digits)) {
    return fail(PATTER_ERROR_INVALID_ARGUMENT,
                "phone must be a mainland mobile number (11 digits from 13-19, optionally after +86)", error);
  }
  patter_session* handle = nullptr;
  try {
    handle = newHandle(options);
    patter::CallContext context;
    context.phone = phone;
    if (options && options->session_id) context.sessionId = options->session_id;
    context.audit = sinkOf(*handle);
    handle->session.emplace(flow->flow, std::move(context));
    *out = handle;
    return PATTER_OK;
  } catch (...) {
    delete handle;
    return failWithCurrentException(error);
  }
}

void patter_session_free(patter_session* session) { delete session; }

patter_status patter_session_start(patter_session* session, int64_t now, const patter_action** actions,
                                   size_t* count) {
  return feed(session, actions, count, [&](patter_session& s) -> const char* {
    publish(s.session->start(now), actions, count);
    return hostError(s);
  });
}

patter_status patter_session_feed_event(patter_session* session, const char* event, const patter_event_info* info,
                                        const patter_action** actions, size_t* count) {
  return feed(session, actions, count, [&](patter_session& s) -> const char* {
    if (!event || !*event) return "event must be a non-empty name";
    patter::EventInfo details;
    if (info) {
      details.now = info->now;
      details.at = info->at;
      details.request = info->request;
    }
    publish(s.session->feedEvent(event, details), actions, count);
    return hostError(s);
  });
}

patter_status patter_session_feed_text(patter_session* session, const char* text, size_t len, int64_t now,
                                       const patter_action** actions, size_t* count) {
  return feed(session, actions, count, [&](patter_session& s) -> const char* {
    if (!text && len > 0) return "text is NULL but len is not 0";
    publish(s.session->feedText(std::string_view(text ? text : "", len), now), actions, count);
    return hostError(s);
  });
}

patter_status patter_session_feed_reply(patter_session* session, const char* event, const char* words, size_t len,
                                        int64_t now, const patter_action** actions, size_t* count) {
  return feed(session, actions, count, [&](patter_session& s) -> const char* {
    if (!event || !*event) return "event must be a non-empty name";
    if (!words && len > 0) return "words is NULL but len is not 0";
    patter::EventInfo details;
    details.now = now;
    details.words = std::string_view(words ? words : "", len);
    publish(s.session->feedEvent(event, details), actions, count);
    return hostError(s);
  });
}

int patter_session_finished(const patter_session* session) { return session && session->session->finished() ? 1 : 0; }

const char* patter_session_outcome(const patter_session* session) {
  return session ? flowString(session->session->outcome()) : "";
}

const char* patter_session_waiting_at(const patter_session* session) {
  return session ? flowString(session->session->waitingAt()) : "";
}

int patter_session_audit_failed(const patter_session* session) {
  return session && session->session->auditFailed() ? 1 : 0;
}

const char* patter_session_error(const patter_session* session) { return session ? session->error.c_str() : ""; }

patter_status patter_session_snapshot(patter_session* session, char** json, size_t* len) {
  if (json) *json = nullptr;
  if (len) *len = 0;
  if (!session) return PATTER_ERROR_INVALID_ARGUMENT;
  try {
    session->error.clear();
    if (!json) {
      session->error = "json must not be NULL";
      return PATTER_ERROR_INVALID_ARGUMENT;
    }
    const std::string snapshot = session->session->snapshot();
    *json = copyString(snapshot);
    if (!*json) {
      session->error = "out of memory";
      return PATTER_ERROR_OUT_OF_MEMORY;
    }
    if (len) *len = snapshot.size();
    return PATTER_OK;
  } catch (...) {
    return statusOfCurrentException(session->error);
  }
}

patter_status patter_session_restore(const patter_flow* flow, const char* json, size_t len,
                                     const patter_session_options* options, patter_session** out, char** error) {
  if (error) *error = nullptr;
  if (!out) return fail(PATTER_ERROR_INVALID_ARGUMENT, "out must not be NULL", error);
  *out = nullptr;
  if (!flow) return fail(PATTER_ERROR_INVALID_ARGUMENT, "flow must not be NULL", error);
  if (!json && len > 0) return fail(PATTER_ERROR_INVALID_ARGUMENT, "json is NULL but len is not 0", error);
  patter_session* handle = nullptr;
  try {
    handle = newHandle(options);
    auto restored = patter::Session::restore(flow->flow, std::string_view(json ? json : "", len), sinkOf(*handle));
    if (!restored) {
      delete handle;
      return fail(PATTER_ERROR_INVALID_SNAPSHOT, restored.error, error);
    }
    handle->session.emplace(std::move(*restored.session));
    *out = handle;
    return PATTER_OK;
  } catch (...) {
    delete handle;
    return failWithCurrentException(error);
  }
}

} // extern "C"
