// Shared by the session and snapshot harnesses: a flow from the examples, a call driven by the
// fuzzer's bytes, and the sale invariant checked after every feed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "patter/flow.h"
#include "patter/session.h"

namespace patter::fuzz {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The example flows the harnesses drive, loaded with a snapshot key.
inline const std::vector<Flow>& flows() {
  static const std::vector<Flow> all = [] {
    std::vector<Flow> out;
    LoadOptions options;
    options.snapshotKey = "fuzz snapshot key";
    for (const char* name : {"data_pack_10", "cable_tv_hd_b01", "cable_tv_followup"}) {
      auto r = Flow::load(slurp(std::string(PATTER_SOURCE_DIR) + "/tests/golden/examples/" + name + ".flow.json"), options);
      if (!r) {
        std::fprintf(stderr, "cannot load %s: %s\n", name, r.error.c_str());
        std::abort();
      }
      out.push_back(*r.flow);
    }
    return out;
  }();
  return all;
}

[[noreturn]] inline void violated(const char* what) {
  std::fprintf(stderr, "sale invariant violated: %s\n", what);
  std::abort();
}

/// The sale invariant, after every feed: a Register only with the owner's yes, every mandatory
/// clause spoken, an explicit consent given and not taken back since (`consentCurrent`, which
/// the driver keeps from the replies it fed); and no counter ever over its ceiling.
inline void check(const Flow& flow, const Session& s, const std::vector<Action>& out, bool consentCurrent) {
  const Limits& l = flow.limits();
  if (s.retentionUsed() > 3 || s.retentionUsed() > l.retention) violated("retention over its ceiling");
  if (s.notUnderstoodCount() > l.notUnderstood) violated("not understood over its ceiling");
  if (s.offtopicCount() > l.offtopic + 1 || s.abuseCount() > l.abuse + 1) violated("off-topic or abuse over its ceiling");
  if (s.silenceCount() > 3) violated("silence over three stages");
  for (const Action& a : out) {
    if (a.kind != ActionKind::Register) continue;
    if (!s.ownerVerified()) violated("a sale without the owner's yes");
    for (std::size_t c = 0; c < flow.clauseCount(); ++c) {
      if (flow.isMandatory(c) && !s.disclosed(flow.clauseId(c))) violated("a sale without every mandatory clause");
    }
    const std::string_view evidence = s.consentEvidence();
    const Reading yes = flow.reader().read(evidence);
    const bool explicitYes = evidence == "!yes" || (yes.kind == ReplyClass::Yes && yes.explicitYes);
    if (!explicitYes) violated("a sale without an explicit yes");
    if (!consentCurrent) violated("a sale after the customer took the consent back");
    if (s.auditFailed()) violated("a sale whose records were lost");
    if (a.number != s.phone()) violated("a sale for another number");
  }
}

/// Whether a reply gives (true), takes back (false) or leaves (nullopt) the consent: the driver's
/// own reading, independent of the session's, so that a session acting on a consent the
/// customer withdrew (R07) fails the invariant.
inline std::optional<bool> consentBy(const Flow& flow, const char* reply) {
  const Reading r = flow.reader().read(reply);
  switch (r.kind) {
  case ReplyClass::Yes: return r.explicitYes ? std::optional<bool>(true) : std::nullopt;
  case ReplyClass::No: case ReplyClass::Hesitation: case ReplyClass::Question: case ReplyClass::Complaint:
  case ReplyClass::Angry: case ReplyClass::Busy: case ReplyClass::NotOwner: case ReplyClass::Abuse:
  case ReplyClass::Objection:
    return false;
  default:
    return std::nullopt;
  }
}

/// Feeds the call the bytes describe: each byte picks a reply or an event, and the clock moves.
/// `consent` is whether the customer's last word on the sale was an explicit yes; returned as it
/// stands after the last feed.
inline bool drive(const Flow& flow, Session& s, const std::uint8_t* data, std::size_t size, bool consent = false) {
  static const char* const kReplies[] = {"是的", "不是", "好的", "不需要", "嗯", "什么事", "家里有wifi", "可以",
                                         "好的,办吧", "不要了,我不办了", "我考虑一下", "多少钱?", "对", "行吧"};
  static const char* const kEvents[] = {"yes", "no", "filler", "unclear", "silence", "angry", "elderly", "offtopic",
                                        "abuse", "complaint", "tick", "timeout", "sufficient", "insufficient", "done",
                                        "busy", "hangup", "ok", "wifi", "question", "hesitation", "not_owner"};
  constexpr std::size_t kReplyCount = sizeof kReplies / sizeof *kReplies;
  constexpr std::size_t kEventCount = sizeof kEvents / sizeof *kEvents;
  Millis now = 1'700'000'000'000;
  for (std::size_t i = 0; i < size && !s.finished(); ++i) {
    const std::uint8_t b = data[i];
    now += 1000 * static_cast<Millis>(1 + i % 7);
    const char* const event = (b & 0x80) ? kEvents[(b & 0x7f) % kEventCount] : nullptr;
    const std::string_view e = event ? event : "";
    if (event && e == "yes") consent = true;
    if (event && (e == "no" || e == "angry" || e == "abuse" || e == "complaint" || e == "busy" || e == "question" ||
                  e == "hesitation" || e == "not_owner")) {
      consent = false;
    }
    if (!event) consent = consentBy(flow, kReplies[b % kReplyCount]).value_or(consent);
    const std::vector<Action> out = event ? s.feedEvent(event, {.now = now}) : s.feedText(kReplies[b % kReplyCount], now);
    check(flow, s, out, consent);
  }
  return consent;
}

} // namespace patter::fuzz
