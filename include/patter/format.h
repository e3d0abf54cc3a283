// Keys and names of the JSON call flow, shared by the compiler's emitter and the runtime's loader.
#pragma once

#include <string_view>

/// The call-flow file format (docs/FLOW_FORMAT.md). Both sides spell every key through these
/// constants so that a renamed key cannot drift between writer and reader.
namespace patter::format {

inline constexpr std::string_view kFormatName = "patter-flow";
inline constexpr int kVersion = 1;

namespace key {
inline constexpr std::string_view format = "format";
inline constexpr std::string_view version = "version";
inline constexpr std::string_view campaign = "campaign";
inline constexpr std::string_view id = "id";
inline constexpr std::string_view title = "title";
inline constexpr std::string_view channel = "channel";
inline constexpr std::string_view policy = "policy";
inline constexpr std::string_view limits = "limits";
inline constexpr std::string_view mandatory = "mandatory";
inline constexpr std::string_view offer = "offer";
inline constexpr std::string_view type = "type";
inline constexpr std::string_view value = "value";
inline constexpr std::string_view amount = "amount";
inline constexpr std::string_view unit = "unit";
inline constexpr std::string_view per = "per";
inline constexpr std::string_view clauses = "clauses";
inline constexpr std::string_view text = "text";
inline constexpr std::string_view start = "start";
inline constexpr std::string_view steps = "steps";
inline constexpr std::string_view actions = "actions";
inline constexpr std::string_view routes = "routes";
inline constexpr std::string_view next = "next";
inline constexpr std::string_view op = "op";
inline constexpr std::string_view name = "name";
inline constexpr std::string_view results = "results";
inline constexpr std::string_view outcome = "outcome";
inline constexpr std::string_view step = "step";
inline constexpr std::string_view end = "end";
inline constexpr std::string_view objection = "objection";
inline constexpr std::string_view resume = "resume";
inline constexpr std::string_view objections = "objections";
inline constexpr std::string_view keywords = "keywords";
inline constexpr std::string_view pitch = "pitch";
inline constexpr std::string_view retry = "retry";
inline constexpr std::string_view exhausted = "exhausted";
inline constexpr std::string_view handlers = "handlers";
inline constexpr std::string_view waivers = "waivers";
inline constexpr std::string_view rule = "rule";
inline constexpr std::string_view reason = "reason";
inline constexpr std::string_view source = "source";
inline constexpr std::string_view sources = "sources";
inline constexpr std::string_view file = "file";
inline constexpr std::string_view line = "line";
inline constexpr std::string_view column = "column";
inline constexpr std::string_view timing = "timing";
/// `identity`: `{"flow": ..., "policy": ..., "lexicon": ...}`, each `sha256:<64 hex>`
/// (docs/FLOW_FORMAT.md, "Identity"); `policy` is also the key of the policy section.
inline constexpr std::string_view identity = "identity";
inline constexpr std::string_view flow = "flow";
inline constexpr std::string_view lexicon = "lexicon";
/// `policy.recording`: the recording notice every confirmation must carry (R04).
inline constexpr std::string_view recording = "recording";
/// `policy.wait_phrase`: the phrase R12 counts, at most `limits.wait` times per call.
inline constexpr std::string_view waitPhrase = "wait_phrase";
/// The reply vocabularies (`replies std { reply "yes" { words ... } }`): `replies.classes`
/// maps each reply class (replies.def) to its words, `replies.lines` the runtime's own lines.
inline constexpr std::string_view replies = "replies";
inline constexpr std::string_view classes = "classes";
inline constexpr std::string_view lines = "lines";
} // namespace key

/// Values of `op` in an action.
namespace op {
inline constexpr std::string_view say = "say";
inline constexpr std::string_view ask = "ask";
inline constexpr std::string_view disclose = "disclose";
inline constexpr std::string_view verifyOwner = "verify_owner";
inline constexpr std::string_view confirm = "confirm";
inline constexpr std::string_view registerSale = "register";
inline constexpr std::string_view invoke = "invoke";
inline constexpr std::string_view end = "end";
} // namespace op

/// Values of `type` in an offer fact.
namespace factType {
inline constexpr std::string_view text = "text";
inline constexpr std::string_view money = "money";
inline constexpr std::string_view duration = "duration";
inline constexpr std::string_view enumeration = "enum";
} // namespace factType

/// Offer fact names the runtime reads.
namespace fact {
/// A `text` fact naming what `register` registers (falls back to `campaign.title`).
inline constexpr std::string_view product = "product";
} // namespace fact

// Counter, timing, event and outcome names are the vocabulary's (vocabulary/*.def).

/// The audit log (JSON Lines): record types and keys, shared by the session that writes it and
/// `patter audit`, which reads it (docs/RUNTIME.md, "Audit log").
namespace audit {
inline constexpr std::string_view formatName = "patter-audit";
inline constexpr int kVersion = 1;
namespace key {
inline constexpr std::string_view format = "format";
inline constexpr std::string_view version = "version";
inline constexpr std::string_view seq = "seq";
inline constexpr std::string_view time = "t";
inline constexpr std::string_view session = "session";
inline constexpr std::string_view type = "type";
inline constexpr std::string_view campaign = "campaign";
inline constexpr std::string_view flow = "flow";
inline constexpr std::string_view flowVersion = "flow_version";
inline constexpr std::string_view phone = "phone";
inline constexpr std::string_view product = "product";
inline constexpr std::string_view step = "step";
inline constexpr std::string_view text = "text";
inline constexpr std::string_view clause = "clause";
inline constexpr std::string_view kind = "class";
inline constexpr std::string_view matched = "matched";
inline constexpr std::string_view event = "event";
inline constexpr std::string_view name = "name";
inline constexpr std::string_view request = "request";
inline constexpr std::string_view reply = "reply";
inline constexpr std::string_view rule = "rule";
inline constexpr std::string_view reason = "reason";
inline constexpr std::string_view outcome = "outcome";
inline constexpr std::string_view number = "number";
inline constexpr std::string_view at = "at";
inline constexpr std::string_view deadline = "deadline";
inline constexpr std::string_view attempts = "attempts";
inline constexpr std::string_view counter = "counter";
inline constexpr std::string_view value = "value";
inline constexpr std::string_view limit = "limit";
/// Reply, owner and consent records: how the customer's words were read and why they counted.
inline constexpr std::string_view words = "words";           ///< the customer's words, as said
inline constexpr std::string_view readAs = "read_as";        ///< the reply class they were read as
inline constexpr std::string_view decidedBy = "decided_by";  ///< the clause that carried the decision
inline constexpr std::string_view why = "why";               ///< the reading rule that decided (`explicit_yes`, `question`, `negated`, ...)
inline constexpr std::string_view hostEvent = "host_event";  ///< the reply event a host fed with the words (`yes`)
} // namespace key
/// Values of `type`.
namespace type {
inline constexpr std::string_view start = "start";
inline constexpr std::string_view say = "say";
inline constexpr std::string_view reply = "reply";
inline constexpr std::string_view event = "event";
inline constexpr std::string_view owner = "owner";
inline constexpr std::string_view consent = "consent";
/// A host's reply event that the runtime's own reading of the words contradicted (no consent).
inline constexpr std::string_view disagreement = "disagreement";
/// A pending host call cancelled because the customer withdrew before it answered.
inline constexpr std::string_view cancel = "cancel";
inline constexpr std::string_view invoke = "invoke";
inline constexpr std::string_view result = "result";
inline constexpr std::string_view registerSale = "register";
inline constexpr std::string_view refuse = "refuse";
inline constexpr std::string_view callback = "callback";
inline constexpr std::string_view limit = "limit";
inline constexpr std::string_view suppressed = "suppressed";
inline constexpr std::string_view restore = "restore";
inline constexpr std::string_view end = "end";
} // namespace type
} // namespace audit

} // namespace patter::format
