/* The C API of the patter runtime: load a call flow, drive calls on it, for dialers in any language. */
#ifndef PATTER_PATTER_H
#define PATTER_PATTER_H

/*
 * Pure C (C99 and later; also valid C++). Everything is reached through two opaque handles:
 *
 *   patter_flow     a loaded, validated call flow. Immutable: one flow may be shared by any
 *                   number of sessions on any number of threads at once.
 *   patter_session  one call on a flow. A session may move between threads but must be used by
 *                   one thread at a time; different sessions need no locking.
 *
 * No C++ exception ever crosses this API: every function that can fail returns a
 * patter_status, and a human-readable message is available (through a `char** error` out
 * parameter, or patter_session_error()).
 *
 * Ownership is explicit:
 *   - a handle returned through an out parameter belongs to the caller, who frees it with the
 *     matching *_free function (which accepts NULL);
 *   - a `char*` returned through an out parameter is a copy the caller frees with
 *     patter_string_free();
 *   - the `patter_action` array a start or feed hands out, and every string in it, is owned by
 *     the library and stays valid until the next start / feed on the same thread (on any
 *     session): perform or copy the actions before feeding another call on that thread. The
 *     session keeps no copy, so a live session costs under 512 bytes;
 *   - a `const char*` returned by any other function is owned by the library or the handle and
 *     stays valid until the next start / feed on that handle or its free (static ones forever).
 * All strings are UTF-8 and NUL-terminated; string fields that do not apply are "" (never NULL).
 *
 * docs/EMBEDDING.md shows a complete program; examples/embed/drive_call.c is one.
 */

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PATTER_BUILDING_LIBRARY)
#    define PATTER_API __declspec(dllexport)
#  else
#    define PATTER_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define PATTER_API __attribute__((visibility("default")))
#else
#  define PATTER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of this header; patter_version() gives the library's. */
#define PATTER_VERSION_MAJOR 0
#define PATTER_VERSION_MINOR 1
#define PATTER_VERSION_PATCH 0

typedef struct patter_flow patter_flow;
typedef struct patter_session patter_session;

/** What a function returns. Zero is success; never rely on the numeric value of the others. */
typedef enum patter_status {
  PATTER_OK = 0,
  PATTER_ERROR_INVALID_ARGUMENT = 1, /**< a NULL where a value is required, or a bad value */
  PATTER_ERROR_INVALID_FLOW = 2,     /**< the flow JSON failed to parse or validate */
  PATTER_ERROR_OUT_OF_MEMORY = 3,
  PATTER_ERROR_INTERNAL = 4,         /**< a bug in patter: please report the message */
  PATTER_ERROR_INVALID_SNAPSHOT = 5, /**< a snapshot of another flow, damaged or tampered with */
  PATTER_ERROR_AUDIT = 6,            /**< an audit record could not be written (the audit callback
                                          returned non-zero): the actions are handed out as usual and
                                          must be performed, but no sale is ever registered on the
                                          session again; every later feed returns this too */
  PATTER_ERROR_NOT_APPROVED = 7      /**< the flow is valid but its identity is not on the approved list */
} patter_status;

/** The kinds of action a session hands back (see include/patter/action.h for the C++ side). */
typedef enum patter_action_kind {
  PATTER_ACTION_SAY = 0,      /**< speak `text`; `clause` names the mandatory clause it discloses */
  PATTER_ACTION_INVOKE = 1,   /**< call host system `name`; answer with a result event */
  PATTER_ACTION_REGISTER = 2, /**< the sale: register `text` (the product) for `number` */
  PATTER_ACTION_REFUSE = 3,   /**< a registration was refused: `rule` and `reason` */
  PATTER_ACTION_END = 4,      /**< the call is over with `outcome` */
  PATTER_ACTION_SCHEDULE_CALLBACK = 5, /**< call the customer back: `reason`, `at`, `deadline`, `attempts` */
  PATTER_ACTION_CANCEL = 6,   /**< cancel the pending host call `name` / `request`: the customer withdrew */
  PATTER_ACTION_OTHER = 99    /**< a kind newer than this header: see `kind_name` */
} patter_action_kind;

/** One action. Plain data owned by the session; fields that do not apply are "". */
typedef struct patter_action {
  patter_action_kind kind;
  const char* kind_name; /**< "say", "invoke", "register", "refuse", "end", ... */
  const char* step;      /**< id of the step or objection that produced the action */
  const char* text;      /**< SAY: the line to speak; REGISTER: the product */
  const char* clause;    /**< SAY: the clause id when the line discloses a mandatory clause */
  const char* name;      /**< INVOKE: the host call, e.g. "balance_check" */
  const char* number;    /**< REGISTER: the number registered (always the called number) */
  const char* outcome;   /**< END: "success", "declined", "callback", ... */
  const char* rule;      /**< REFUSE: the rule that forbade the registration, e.g. "R01" */
  const char* reason;    /**< REFUSE: why, e.g. "clause 'term' not disclosed";
                              SCHEDULE_CALLBACK: why ("hangup", "busy", "promised", ...) */
  int64_t at;            /**< SCHEDULE_CALLBACK: earliest first attempt, ms since the Unix epoch (UTC) */
  int64_t deadline;      /**< SCHEDULE_CALLBACK: no attempt after this time (ms since the epoch) */
  uint32_t attempts;     /**< SCHEDULE_CALLBACK: how many attempts at most */
  uint32_t request;      /**< INVOKE: the request id its result event answers (1, 2, ...) */
} patter_action;

/** The library's version, "MAJOR.MINOR.PATCH". A static string: never free it. */
PATTER_API const char* patter_version(void);

/** A short English description of a status ("invalid argument", ...). Static: never free it. */
PATTER_API const char* patter_status_string(patter_status status);

/** Frees a string the library gave to the caller. NULL is fine. */
PATTER_API void patter_string_free(char* string);

/**
 * Parses and validates a JSON call flow of `len` bytes (need not be NUL-terminated).
 * On success stores a new flow in `*out` and returns PATTER_OK. On failure stores NULL in `*out`
 * and, when `error` is not NULL, a message naming the JSON path in `*error` (free it with
 * patter_string_free), e.g. "steps[3].routes.yes: unknown step 'confrim'".
 */
PATTER_API patter_status patter_flow_load(const char* json, size_t len, patter_flow** out, char** error);

/**
 * What the host configures for a flow (docs/EMBEDDING.md, "What the host configures"). Every
 * field may be zero / NULL.
 */
typedef struct patter_load_options {
  /** Non-zero: refuse the flow unless its identity (patter_flow_identity) is one of `approved`. */
  int require_approval;
  const char* const* approved; /**< `approved_count` NUL-terminated identities, "sha256:<64 hex>" */
  size_t approved_count;
  /** The secret that authenticates snapshots (HMAC-SHA256); without it no snapshot restores. */
  const unsigned char* snapshot_key;
  size_t snapshot_key_len;
} patter_load_options;

/**
 * patter_flow_load with options (NULL: none). A flow not on a required approved list is refused
 * with PATTER_ERROR_NOT_APPROVED and a message naming its identity.
 */
PATTER_API patter_status patter_flow_load_with_options(const char* json, size_t len, const patter_load_options* options,
                                                       patter_flow** out, char** error);

/** The flow's identity, "sha256:<64 hex>", valid while the flow lives ("" for NULL). */
PATTER_API const char* patter_flow_identity(const patter_flow* flow);

/** Frees a flow. Sessions created from it stay valid: they share its data. NULL is fine. */
PATTER_API void patter_flow_free(patter_flow* flow);

/** The flow's campaign id, valid while the flow lives ("" for NULL). */
PATTER_API const char* patter_flow_campaign_id(const patter_flow* flow);

/** "No time given" for a `now` argument: the session keeps the last time it was told. */
#define PATTER_NO_TIME INT64_MIN

/**
 * Receives the session's audit log: one JSON object per call, `len` bytes, without a line break
 * and not NUL-terminated. It is called during the feed that produced the record, on the feeding
 * thread, before the feed returns, so a sink that writes through at once loses nothing already
 * said if the process dies. It returns 0 when the record is stored, anything else when it could
 * not be (a full disk, an I/O error, a closed pipe): the feed then returns PATTER_ERROR_AUDIT
 * and no sale is registered on the session (no proof, no sale). It must not call back into the
 * same session.
 */
typedef int (*patter_audit_fn)(void* user, const char* line, size_t len);

/** Optional settings of a new session; pass NULL for none. Every field may be zero / NULL. */
typedef struct patter_session_options {
  const char* session_id; /**< the host's id for the call, written to the audit log and snapshots */
  patter_audit_fn audit;  /**< where the audit log goes; NULL: no log */
  void* audit_user;       /**< passed to `audit` as is */
} patter_session_options;

/** What a host may say about an event; pass NULL for none. */
typedef struct patter_event_info {
  int64_t now;      /**< the host's clock (ms since the Unix epoch), or PATTER_NO_TIME */
  int64_t at;       /**< "busy": when the customer asked to be called back, or PATTER_NO_TIME */
  uint32_t request; /**< a host-call result: the `request` of the INVOKE it answers; 0 = the pending one */
} patter_event_info;

/**
 * Creates a session (one call) on `flow` for the called number `phone` (NUL-terminated; the only
 * number the call can ever register). The session does not enter the flow until
 * patter_session_start(). On failure stores NULL in `*out` and a message in `*error` if given.
 */
PATTER_API patter_status patter_session_new(const patter_flow* flow, const char* phone,
                                            const patter_session_options* options, patter_session** out,
                                            char** error);

/** Frees a session and everything it handed out. NULL is fine. */
PATTER_API void patter_session_free(patter_session* session);

/**
 * Enters the start step at time `now` (ms since the epoch, or PATTER_NO_TIME). Stores the
 * actions to perform, in order, in `*actions` / `*count` (NULL / 0 when there are none, and on
 * failure); they stay valid until the next start or feed on this thread. A second start gives none.
 */
PATTER_API patter_status patter_session_start(patter_session* session, int64_t now, const patter_action** actions,
                                              size_t* count);

/**
 * Feeds an event (NUL-terminated): "yes", "no", "filler", "unclear", "silence", "hangup",
 * "busy", "angry", "elderly", "offtopic", "abuse", "complaint", an objection id, a host-call
 * result ("sufficient", "timeout", ...), "tick" while a host call is pending, or any name the
 * flow routes. `info` may be NULL. Actions as for patter_session_start.
 */
PATTER_API patter_status patter_session_feed_event(patter_session* session, const char* event,
                                                   const patter_event_info* info, const patter_action** actions,
                                                   size_t* count);

/**
 * Feeds the customer's raw reply, `len` bytes of UTF-8 (need not be NUL-terminated), which the
 * flow's reply reader reads (docs/RUNTIME.md, "Reading replies"), at time `now` (or
 * PATTER_NO_TIME). Actions as for patter_session_start. Invalid UTF-8, an unknown event name, a
 * call not started or already over are refused with PATTER_ERROR_INVALID_ARGUMENT and a message
 * (patter_session_error), and change nothing.
 */
PATTER_API patter_status patter_session_feed_text(patter_session* session, const char* text, size_t len,
                                                  int64_t now, const patter_action** actions, size_t* count);

/**
 * Feeds a reply event (NUL-terminated, e.g. "yes") from a host that reads speech itself, with
 * the customer's words as recognised (`len` bytes of UTF-8). At a confirmation or an owner check
 * a "yes" counts only if the runtime's own reading of the words is an explicit yes too; a "yes"
 * fed without words there is no consent. Actions as for patter_session_start.
 */
PATTER_API patter_status patter_session_feed_reply(patter_session* session, const char* event, const char* words,
                                                   size_t len, int64_t now, const patter_action** actions,
                                                   size_t* count);

/** 1 when the call is over, else 0 (also 0 for NULL). */
PATTER_API int patter_session_finished(const patter_session* session);

/** The outcome once finished ("success", "declined", "callback", ...), else "". */
PATTER_API const char* patter_session_outcome(const patter_session* session);

/** Id of the step or objection waiting for the next event, or "". */
PATTER_API const char* patter_session_waiting_at(const patter_session* session);

/** 1 once an audit record of the session could not be written, else 0 (also 0 for NULL). */
PATTER_API int patter_session_audit_failed(const patter_session* session);

/** The message of the last failed call on this session, or "" (also "" for NULL). */
PATTER_API const char* patter_session_error(const patter_session* session);

/**
 * The session's state as JSON, so that the call can continue in another process or on another
 * host (patter_session_restore). Stores a copy in `*json` (free it with patter_string_free) and
 * its length in `*len` when `len` is not NULL.
 */
PATTER_API patter_status patter_session_snapshot(patter_session* session, char** json, size_t* len);

/**
 * A session from patter_session_snapshot() output (`len` bytes), on a flow of the same identity
 * loaded with the same snapshot key: it behaves exactly as the original would have. The session
 * id comes from the snapshot; `options` (may be NULL) gives only the audit callback. A snapshot
 * of another flow (the message names the parts that changed), one whose HMAC does not verify
 * (edited, or another key), or any snapshot on a flow without a key, is refused with
 * PATTER_ERROR_INVALID_SNAPSHOT and a message in `*error`.
 */
PATTER_API patter_status patter_session_restore(const patter_flow* flow, const char* json, size_t len,
                                                const patter_session_options* options, patter_session** out,
                                                char** error);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PATTER_PATTER_H */
