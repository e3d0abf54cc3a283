// Hand-written call flows shared by the runtime tests, and helpers to edit them.
#pragma once

#include "patter/identity.h"
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "patter/action.h"
#include "patter/flow.h"

namespace patter::test {

/// The 10085 data-pack campaign of the design brief, as `patter build` would write it.
inline constexpr std::string_view kDataPack = R"json({
  "format": "patter-flow",
  "version": 1,
  "campaign": { "id": "data_pack_10", "title": "10元5GB流量月包", "channel": "outbound", "policy": "mobile_outbound" },
  "policy": { "id": "mobile_outbound", "limits": { "retention": 2, "retention_angry": 1, "retention_elderly": 2, "not_understood": 3 }, "mandatory": [], "wait_phrase": "请稍等" },
  "offer": {
    "product": { "type": "text", "value": "10元5GB流量月包" },
    "price": { "type": "money", "amount": 10, "unit": "yuan", "per": "month" },
    "term": { "type": "duration", "amount": 12, "unit": "month" },
    "expiry": { "type": "enum", "value": "auto_cancel" }
  },
  "clauses": [
    { "id": "price", "text": "每月只需10元" },
    { "id": "includes", "text": "包含国内通用流量5GB" },
    { "id": "effective", "text": "次月1日生效" },
    { "id": "term", "text": "活动期为12个月" },
    { "id": "expiry", "text": "到期后自动取消,无需您操作" },
    { "id": "downgrade", "text": "活动期间不能降低套餐档次" }
  ],
  "start": "greet",
  "steps": [
    { "id": "greet", "source": { "file": 0, "line": 30, "column": 3 },
      "actions": [
        { "op": "say", "text": "您好,我是中国移动10085客服,请问您是{phone.first3}尾号{phone.last4}的机主吗?" },
        { "op": "verify_owner" } ],
      "routes": { "yes": { "step": "pitch" }, "no": { "end": "not_owner" } } },
    { "id": "pitch",
      "actions": [
        { "op": "say", "text": "为回馈老用户,我们推出了10元5GB流量月包。" },
        { "op": "disclose", "clauses": ["price", "includes", "effective", "term", "expiry", "downgrade"] },
        { "op": "ask", "text": "您看给您办理上好吗?" } ],
      "routes": { "yes": { "step": "confirm" }, "no": { "objection": "declined" } } },
    { "id": "confirm",
      "actions": [
        { "op": "say", "text": "本次业务办理以录音为证,为您{phone.masked}号码开通10元5GB流量月包,现在为您登记办理好吧?" },
        { "op": "confirm" } ],
      "routes": { "yes": { "step": "done" }, "no": { "end": "declined" }, "hangup": { "end": "callback" } } },
    { "id": "done",
      "actions": [
        { "op": "register" },
        { "op": "say", "text": "已为您登记成功,稍后您会收到短信通知。" },
        { "op": "end", "outcome": "success" } ] },
    { "id": "still_there",
      "actions": [ { "op": "ask", "text": "您好,请问您还在听吗?" } ],
      "routes": { "yes": { "resume": true }, "no": { "end": "callback" } } }
  ],
  "objections": [
    { "id": "wifi", "keywords": ["WiFi", "无线网"],
      "actions": [ { "op": "say", "text": "WiFi覆盖有区域限制,出门在外还是需要流量的。" } ], "retry": true },
    { "id": "no_data", "keywords": ["不用流量"],
      "actions": [ { "op": "say", "text": "现在手机看视频、导航都离不开流量。" } ], "retry": true },
    { "id": "declined", "keywords": ["不需要", "不用了"],
      "actions": [ { "op": "say", "text": "这次活动优惠力度非常大,很多老用户都已经参与了。" } ],
      "retry": true, "exhausted": { "end": "declined" } }
  ],
  "handlers": { "silence": { "step": "still_there" } },
  "waivers": [],
  "sources": ["examples/data_pack_10.patter"]
})json";

/// `text` with the first occurrence of `from` replaced by `to`; fails the test if absent.
inline std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const auto at = s.find(from);
  INFO("looking for: " << from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

/// The snapshot key the tests load flows with when they snapshot.
inline constexpr std::string_view kSnapshotKey = "test snapshot key";
inline LoadOptions keyed() {
  LoadOptions o;
  o.snapshotKey = kSnapshotKey;
  return o;
}

/// The standard reply vocabularies and runtime lines as `patter build` writes them, taken from
/// the data-pack campaign's golden flow.
inline const std::string& standardReplies() {
  static const std::string replies = [] {
    std::ifstream in(std::string(PATTER_SOURCE_DIR) + "/tests/golden/examples/data_pack_10.flow.json");
    std::ostringstream s;
    s << in.rdbuf();
    const auto flow = nlohmann::json::parse(s.str(), nullptr, false);
    return flow.is_object() && flow.contains("replies") ? flow["replies"].dump() : std::string("{}");
  }();
  return replies;
}

/// A hand-written flow with the standard `replies` spliced in, unless it has its own: every flow
/// `patter build` writes has them, and without them the runtime understands no reply at all.
inline std::string withStandardReplies(std::string_view json) {
  std::string s(json);
  const auto open = s.find('{');
  if (open == std::string::npos || s.find("\"replies\"") != std::string::npos) return s;
  s.insert(open + 1, "\"replies\": " + standardReplies() + ",");
  return s;
}

/// `json` with its `identity.flow` recomputed, as an attacker who edits a flow would do.
inline std::string resealed(std::string json) {
  const std::string marker = "\"flow\": \"sha256:";
  const auto at = json.find(marker);
  REQUIRE(at != std::string::npos);
  const auto id = flowIdentity(json);
  REQUIRE(id);
  json.replace(at + marker.size() - 7, id->size(), *id);
  return json;
}

/// Loads a flow that must be valid (with the standard replies when it has none of its own).
inline Flow mustLoad(std::string_view json, const LoadOptions& options = {}) {
  // The test adds the standard replies after the build, so it reseals the identity as a builder would.
  std::string text = withStandardReplies(json);
  if (text != json && text.find("\"flow\": \"sha256:") != std::string::npos) text = resealed(text);
  LoadResult r = Flow::load(text, options);
  INFO("load error: " << r.error);
  REQUIRE(r.flow.has_value());
  return *r.flow;
}

/// The load error of a flow that must be invalid.
inline std::string loadError(std::string_view json) {
  LoadResult r = Flow::load(json);
  REQUIRE_FALSE(r.flow.has_value());
  REQUIRE_FALSE(r.error.empty());
  return r.error;
}

/// The transcript lines of some actions, as `patter run` prints them.
inline std::vector<std::string> lines(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions) out.push_back(transcriptLine(a));
  return out;
}

} // namespace patter::test
