// Conversation tests: a hand-written flow, a sequence of replies, the exact actions expected.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "patter/session.h"
#include "support.h"

using namespace patter;
using namespace patter::test;

namespace {

const std::string kGreeting = "坐席: 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?";
const Lines kPitch = {
    "坐席: 为回馈老用户,我们推出了10元5GB流量月包。",
    "坐席: 每月只需10元",
    "坐席: 包含国内通用流量5GB",
    "坐席: 次月1日生效",
    "坐席: 活动期为12个月",
    "坐席: 到期后自动取消,无需您操作",
    "坐席: 活动期间不能降低套餐档次",
    "坐席: 您看给您办理上好吗?",
};
/// What `retry` and `resume` say: the question again, not the whole pitch.
const Lines kPitchQuestion = {"坐席: 您看给您办理上好吗?"};
const std::string kConfirm = "坐席: 本次业务办理以录音为证,为您135****7754号码开通10元5GB流量月包,现在为您登记办理好吧?";
const std::string kDeclinedReply = "坐席: 这次活动优惠力度非常大,很多老用户都已经参与了。";

/// The obligation a callback leaves on a session whose host never gave a time (the clock reads 0):
/// first attempt 30 s later, 3 attempts, deadline 2 days later (R14).
std::string callbackAt0(std::string_view reason) {
  return fmt::format("[callback {}: 3 attempts, from 1970-01-01T00:00:30Z until 1970-01-03T00:00:00Z]", reason);
}

Lines concat(std::initializer_list<Lines> parts) {
  Lines out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

/// A session on `flow`, started and answered yes at its first question (the owner check, then the pitch).
Session atPitch(const Flow& flow) {
  Session s(flow, CallContext{"13512347754"});
  s.start();
  s.feedText("是的");
  return s;
}

/// A session on `json`, started and answered yes at the owner check and at the pitch.
struct AtConfirm {
  Flow flow;
  Session session;
  explicit AtConfirm(std::string_view json) : flow(mustLoad(json)), session(flow, CallContext{"13512347754"}) {
    session.start();
    session.feedText("是的");
    REQUIRE(lines(session.feedText("好的")) == Lines{kConfirm});
  }
};

} // namespace

TEST_CASE("a willing customer is verified, told every clause, confirms and is registered", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});

  CHECK(lines(s.start()) == Lines{kGreeting});
  CHECK(s.waitingAt() == "greet");
  CHECK(lines(s.feedText("是的")) == kPitch);
  CHECK(s.ownerVerified());
  CHECK(lines(s.feedText("好的")) == Lines{kConfirm});
  const auto done = s.feedText("好的,办吧");
  CHECK(lines(done) == Lines{"[register 10元5GB流量月包 for 13512347754]",
                             "坐席: 已为您登记成功,稍后您会收到短信通知。", "[end success]"});
  CHECK(s.finished());
  CHECK(s.outcome() == "success");
  CHECK(s.registered());
  CHECK(s.consentEvidence() == "好的,办吧");
  CHECK(s.disclosed("term"));
  CHECK(done[0].number == "13512347754");
  CHECK(done[0].step == "done");
  CHECK(s.feedText("好的").empty());
}

TEST_CASE("disclosed lines carry their clause ids", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  const auto pitch = s.feedText("对");
  REQUIRE(pitch.size() == 8);
  CHECK(pitch[0].clause.empty());
  CHECK(pitch[1].clause == "price");
  CHECK(pitch[4].clause == "term");
  CHECK(pitch[6].clause == "downgrade");
  CHECK(pitch[4].step == "pitch");
}

TEST_CASE("templates are filled in from the called number", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"18899990123"});
  CHECK(lines(s.start()) == Lines{"坐席: 您好,我是中国移动10085客服,请问您是188尾号0123的机主吗?"});
  s.feedText("是");
  CHECK(lines(s.feedText("可以")) ==
        Lines{"坐席: 本次业务办理以录音为证,为您188****0123号码开通10元5GB流量月包,现在为您登记办理好吧?"});
}

TEST_CASE("not the owner ends the call at once", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedText("不是")) == Lines{"[end not_owner]"});
  CHECK(s.outcome() == "not_owner");
  CHECK_FALSE(s.ownerVerified());
}

TEST_CASE("a refusal is retained at most twice, then the call ends declined without more talk",
          "[runtime][session][retention]") {
  const auto flow = mustLoad(kDataPack);
  Session s = atPitch(flow);
  CHECK(lines(s.feedText("不要")) == concat({{kDeclinedReply}, kPitchQuestion}));
  CHECK(s.retentionUsed() == 1);
  CHECK(lines(s.feedText("不要")) == concat({{kDeclinedReply}, kPitchQuestion}));
  CHECK(s.retentionUsed() == 2);
  CHECK(lines(s.feedText("不要")) == Lines{"[end declined]"});
  CHECK(s.outcome() == "declined");
  CHECK_FALSE(s.registered());
}

TEST_CASE("an angry customer is retained at most once", "[runtime][session][retention]") {
  const auto flow = mustLoad(kDataPack);
  Session s = atPitch(flow);
  // No handler: the runtime soothes (R11) and lowers the ceiling.
  CHECK(lines(s.feedEvent("angry")) ==
        Lines{"坐席: 我非常理解您现在的心情,请相信,我们能够很好的处理这个问题,请您别着急。"});
  CHECK(s.angry());
  CHECK(lines(s.feedText("不需要")) == concat({{kDeclinedReply}, kPitchQuestion}));
  CHECK(lines(s.feedText("不需要")) == Lines{"[end declined]"});
}

TEST_CASE("an elderly customer is retained no more than the elderly ceiling", "[runtime][session][retention]") {
  const auto flow = mustLoad(replaced(kDataPack, R"("retention_elderly": 2)", R"("retention_elderly": 0)"));
  Session s = atPitch(flow);
  s.feedEvent("elderly");
  CHECK(lines(s.feedText("不要")) == Lines{"[end declined]"});
}

TEST_CASE("the longest keyword wins: 不用流量 raises its objection, not a plain no", "[runtime][session][objection]") {
  const auto flow = mustLoad(kDataPack);
  Session s = atPitch(flow);
  const auto out = s.feedText("我平时不用流量");
  REQUIRE(!out.empty());
  CHECK(lines(out) == concat({{"坐席: 现在手机看视频、导航都离不开流量。"}, kPitchQuestion}));
  CHECK(out[0].step == "no_data");
  CHECK(s.retentionUsed() == 1);
}

TEST_CASE("at the confirmation an objection's words are a refusal, and `on no` decides", "[runtime][session][objection]") {
  AtConfirm c(kDataPack);
  CHECK(lines(c.session.feedText("家里有wifi")) == Lines{"[end declined]"});
  CHECK_FALSE(c.session.registered());
}

TEST_CASE("at the owner check an objection never starts a retention pitch", "[runtime][session][objection]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedText("不需要")) == Lines{"[end not_owner]"});
  CHECK(s.retentionUsed() == 0);
}

TEST_CASE("an objection a confirmation routes itself is raised there", "[runtime][session][objection]") {
  AtConfirm c(replaced(kDataPack, R"("routes": { "yes": { "step": "done" })",
                       R"("routes": { "wifi": { "objection": "wifi" }, "yes": { "step": "done" })"));
  CHECK(lines(c.session.feedText("家里有wifi")) ==
        Lines{"坐席: WiFi覆盖有区域限制,出门在外还是需要流量的。", kConfirm});
  CHECK(c.session.waitingAt() == "confirm");
  CHECK(lines(c.session.feedText("好的")).front() == "[register 10元5GB流量月包 for 13512347754]");
}

TEST_CASE("filler at the confirmation is not consent, an explicit yes afterwards is", "[runtime][session][consent]") {
  AtConfirm c(kDataPack);
  CHECK(lines(c.session.feedText("嗯")) == Lines{"坐席: 您刚才\"嗯\"的意思是同意办理对吗?"});
  CHECK_FALSE(c.session.consented());
  CHECK(c.session.waitingAt() == "confirm");
  CHECK(lines(c.session.feedText("啊。")) == Lines{"坐席: 您刚才\"啊\"的意思是同意办理对吗?"});
  const auto out = c.session.feedText("是的");
  CHECK(lines(out).front() == "[register 10元5GB流量月包 for 13512347754]");
  CHECK(c.session.outcome() == "success");
  CHECK(c.session.consentEvidence() == "是的");
}

TEST_CASE("filler then hang-up is a callback, never a sale", "[runtime][session][consent]") {
  SECTION("with the flow's own hangup route") {
    AtConfirm c(kDataPack);
    c.session.feedText("嗯嗯");
    const auto out = c.session.feedEvent("hangup");
    CHECK(lines(out) == Lines{callbackAt0("filler_then_hangup"), "[end callback]"});
    CHECK(c.session.outcome() == "callback");
    CHECK_FALSE(c.session.registered());
  }
  SECTION("even when the flow routes hangup elsewhere") {
    AtConfirm c(replaced(kDataPack, R"("hangup": { "end": "callback" })", R"("hangup": { "end": "declined" })"));
    c.session.feedText("嗯");
    CHECK(lines(c.session.feedEvent("hangup")) == Lines{callbackAt0("filler_then_hangup"), "[end callback]"});
  }
}

TEST_CASE("filler at the owner check does not verify the owner", "[runtime][session][consent]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedText("哦")) == Lines{"坐席: 您刚才\"哦\"的意思是您是机主对吗?"});
  CHECK_FALSE(s.ownerVerified());
  CHECK(s.waitingAt() == "greet");
  CHECK(lines(s.feedText("是的")) == kPitch);
  CHECK(s.ownerVerified());
}

TEST_CASE("a hand-edited flow that skips a clause is refused under R01", "[runtime][session][enforcement]") {
  AtConfirm c(replaced(kDataPack, R"("effective", "term", "expiry")", R"("effective", "expiry")"));
  const auto out = c.session.feedText("好的");
  CHECK(lines(out) == Lines{"[refused: R01 clause 'term' not disclosed]", callbackAt0("refused"), "[end callback]"});
  CHECK(out[0].rule == "R01");
  CHECK_FALSE(has(out, ActionKind::Register));
  CHECK(c.session.outcome() == "callback");
}

TEST_CASE("only the policy's mandatory clauses are required when it lists them", "[runtime][session][enforcement]") {
  // The offer states a price, a term and what happens at expiry: those clauses at least (R02).
  auto json = replaced(kDataPack, R"("mandatory": [])", R"("mandatory": ["price", "term", "expiry"])");
  AtConfirm c(replaced(json, R"("effective", "term", "expiry")", R"("effective", "expiry")"));
  CHECK(lines(c.session.feedText("好的")).front() == "[refused: R01 clause 'term' not disclosed]");

  AtConfirm ok(replaced(json, R"("effective", "term", "expiry", "downgrade")", R"("term", "expiry")"));
  CHECK(lines(ok.session.feedText("好的")).front() == "[register 10元5GB流量月包 for 13512347754]");
}

TEST_CASE("a hand-edited flow without owner verification is refused under R03", "[runtime][session][enforcement]") {
  const auto flow = mustLoad(replaced(kDataPack, R"({ "op": "verify_owner" })", R"({ "op": "ask", "text": "方便吗?" })"));
  Session s = atPitch(flow);
  s.feedText("好的");
  const auto out = s.feedText("好的");
  CHECK(lines(out) == Lines{"[refused: R03 owner not verified with an explicit yes]", callbackAt0("refused"), "[end callback]"});
}

TEST_CASE("a hand-edited flow without a confirmation is refused under R07", "[runtime][session][enforcement]") {
  // The pitch's yes goes straight to the registration: nothing ever asked for consent.
  const auto flow = mustLoad(replaced(kDataPack, R"("yes": { "step": "confirm" })", R"("yes": { "step": "done" })"));
  Session s = atPitch(flow);
  const auto out = s.feedText("好的");
  CHECK(lines(out) == Lines{"[refused: R07 no explicit yes at a confirmation]", callbackAt0("refused"), "[end callback]"});
  CHECK_FALSE(s.registered());
}

TEST_CASE("a confirm step turned into a plain question gives no consent (R07)", "[runtime][session][enforcement]") {
  const auto flow = mustLoad(replaced(kDataPack, R"({ "op": "confirm" })", R"({ "op": "ask", "text": "好吗?" })"));
  Session s = atPitch(flow);
  CHECK(lines(s.feedText("好的")).back() == "坐席: 好吗?");
  CHECK(lines(s.feedText("好的")).front() == "[refused: R07 no explicit yes at a confirmation]");
}

TEST_CASE("three replies not understood end the call politely", "[runtime][session][not_understood]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  const Lines purpose{"坐席: 不好意思,这次来电是想为您介绍10元5GB流量月包的优惠活动,办理业务需要先和机主本人确认。",
                      "坐席: 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?"};
  CHECK(lines(s.feedText("有什么事?")) == purpose); // 000#Q18: the purpose, then the check again
  CHECK(lines(s.feedText("你说什么")) == purpose);
  CHECK(s.notUnderstoodCount() == 2);
  CHECK(lines(s.feedText("喂喂")) ==
        Lines{"坐席: 很抱歉没能给您解释清楚,那抱歉打扰您了,今后有更优惠的活动再与您联系,祝您生活愉快,再见!",
              "[end not_understood]"});
  CHECK(s.outcome() == "not_understood");
}

TEST_CASE("an understood reply resets the not-understood count", "[runtime][session][not_understood]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  s.start();
  s.feedText("什么事");
  s.feedText("什么事");
  s.feedText("是的");
  CHECK(s.notUnderstoodCount() == 0);
  CHECK(lines(s.feedText("什么")).front() == "坐席: 没关系,我再为您讲一遍。"); // R16, not the noise line
  CHECK_FALSE(s.finished());
}

TEST_CASE("a handler interrupts and resume returns to the interrupted step", "[runtime][session][handler]") {
  const auto flow = mustLoad(kDataPack);
  Session s = atPitch(flow);
  CHECK(lines(s.feedEvent("silence")) == Lines{"坐席: 您好,请问您还在听吗?"});
  CHECK(s.waitingAt() == "still_there");
  SECTION("resume asks the interrupted step's question again") {
    CHECK(lines(s.feedText("是的")) == kPitchQuestion);
    CHECK(s.waitingAt() == "pitch");
  }
  SECTION("a reply the handler step does not route answers the interrupted question") {
    // "不需要" is not routed by still_there: it is the customer's answer to the pitch.
    CHECK(lines(s.feedText("不需要")) == concat({{kDeclinedReply}, kPitchQuestion}));
    CHECK(s.retentionUsed() == 1);
  }
  SECTION("a reply that answers nothing at the handler step asks the interrupted question again") {
    CHECK(lines(s.feedText("在的,你说")) == kPitchQuestion);
    CHECK(s.waitingAt() == "pitch");
  }
  SECTION("a handler interrupting the handler keeps the first interruption") {
    CHECK(lines(s.feedEvent("silence")) == Lines{"坐席: 您好,请问您还在听吗?"});
    CHECK(lines(s.feedText("是的")) == kPitchQuestion);
  }
}

TEST_CASE("hanging up mid-pitch without a route is a callback, before the pitch it is a hangup",
          "[runtime][session][hangup]") {
  const auto flow = mustLoad(kDataPack);
  {
    Session s(flow, CallContext{"13512347754"});
    s.start();
    CHECK(lines(s.feedEvent("hangup")) == Lines{"[end hangup]"});
  }
  {
    Session s = atPitch(flow);
    CHECK(lines(s.feedEvent("hangup")) == Lines{callbackAt0("hangup"), "[end callback]"});
  }
}

TEST_CASE("host calls wait for their result event", "[runtime][session][invoke]") {
  std::string json = replaced(kDataPack, R"({ "id": "done",)", R"({ "id": "check",
      "actions": [ { "op": "say", "text": "请稍等,正在帮您查询" }, { "op": "invoke", "name": "balance_check",
                     "results": { "ok": { "step": "done" }, "insufficient": { "end": "callback" } } } ] },
    { "id": "done",)");
  json = replaced(json, R"("yes": { "step": "done" })", R"("yes": { "step": "check" })");
  AtConfirm c(json);
  CHECK(lines(c.session.feedText("好的")) == Lines{"坐席: 请稍等,正在帮您查询", "[invoke balance_check]"});
  CHECK(c.session.waitingAt() == "check");
  SECTION("ok registers: the consent given at the confirmation still counts") {
    CHECK(lines(c.session.feedEvent("ok")).front() == "[register 10元5GB流量月包 for 13512347754]");
  }
  SECTION("insufficient balance ends with a callback") {
    CHECK(lines(c.session.feedEvent("insufficient")) == Lines{callbackAt0("promised"), "[end callback]"});
  }
}

TEST_CASE("events and replies after the end, or before the start, do nothing", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  CHECK(s.feedText("是的").empty());
  CHECK(s.feedEvent("hangup").empty());
  s.start();
  CHECK(s.start().empty());
  s.feedText("不是");
  CHECK(s.finished());
  CHECK(s.feedEvent("yes").empty());
}

TEST_CASE("reply events from the host count like text", "[runtime][session]") {
  AtConfirm c(kDataPack);
  // A filler event without words is heard as the vocabulary's first filler word; with words,
  // the clarification quotes them (R06).
  CHECK(lines(c.session.feedEvent("filler")) == Lines{"坐席: 您刚才\"嗯\"的意思是同意办理对吗?"});
  CHECK(lines(c.session.feedEvent("filler", {.words = "呃"})) == Lines{"坐席: 您刚才\"呃\"的意思是同意办理对吗?"});
  CHECK(lines(c.session.feedEvent("yes", {.words = "好的,办吧"})).front() == "[register 10元5GB流量月包 for 13512347754]");
  CHECK(c.session.consentEvidence() == "好的,办吧");
}

TEST_CASE("host mistakes are errors returned to the host, never spoken lines", "[runtime][session][host]") {
  const auto flow = mustLoad(kDataPack);
  Session s(flow, CallContext{"13512347754"});
  CHECK(s.feedText("是的").empty());
  CHECK(s.error() == "the call has not started");
  s.start();
  CHECK(s.feedEvent("gibberish").empty());
  CHECK(s.error() == "unknown event name");
  CHECK(s.feedText("\xff\xfe").empty());
  CHECK(s.error() == "the reply is not valid UTF-8");
  CHECK(s.notUnderstoodCount() == 0);
  CHECK(s.waitingAt() == "greet");
  s.feedText("不是");
  CHECK(s.finished());
  CHECK(s.feedText("是的").empty());
  CHECK(s.error() == "the call is over");
}

TEST_CASE("the called number must be a mainland mobile number, with or without +86", "[runtime][session][host]") {
  const auto flow = mustLoad(kDataPack);
  for (const char* ok : {"13512347754", "+8613512347754", "+86 135 1234 7754", "8613512347754"}) {
    INFO(ok);
    Session s(flow, CallContext{ok});
    const auto out = s.start();
    REQUIRE_FALSE(out.empty());
    CHECK(out.front().text == "您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?");
    CHECK(s.phone() == "13512347754");
  }
  for (const char* bad : {"+86", "1351234775", "23512347754", "135123477541", "1351234775x", "+8623512347754", "10086"}) {
    INFO(bad);
    Session s(flow, CallContext{bad});
    CHECK(s.start().empty());
    CHECK_FALSE(s.error().empty());
  }
}

TEST_CASE("a host's yes at a confirmation counts only with words the runtime reads as a yes", "[runtime][session][consent]") {
  AtConfirm c(kDataPack);
  CHECK(lines(c.session.feedEvent("yes")).front() == "坐席: 没关系,我再为您讲一遍。");
  CHECK_FALSE(c.session.consented());
  CHECK_FALSE(has(c.session.feedEvent("yes", {.words = "要钱吗"}), ActionKind::Register));
  CHECK_FALSE(c.session.consented());
}

TEST_CASE("an objection can be raised by name as an event", "[runtime][session][objection]") {
  Session s = atPitch(mustLoad(kDataPack));
  CHECK(lines(s.feedEvent("wifi")) == concat({{"坐席: WiFi覆盖有区域限制,出门在外还是需要流量的。"}, kPitchQuestion}));
}

TEST_CASE("sessions share the flow", "[runtime][session]") {
  const auto flow = mustLoad(kDataPack);
  Session a(flow, CallContext{"13512347754"});
  Session b(flow, CallContext{"13900001111"});
  a.start();
  b.start();
  a.feedText("不是");
  CHECK(a.finished());
  CHECK_FALSE(b.finished());
  CHECK(lines(b.feedText("是")) == kPitch);
}
