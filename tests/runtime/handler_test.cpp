// Conversation tests for the standard handlers (stdlib/std/handlers.patter, compiled into the
// example flows), handler precedence, the per-call counters and their ceilings, host calls and
// the callback obligations.
#include <catch2/catch.hpp>

#include "patter/session.h"
#include "support.h"

using namespace patter;
using namespace patter::test;

namespace {

/// The compiled examples: campaign steps plus the standard handlers module.
const Flow& dataPack() {
  static const Flow flow = goldenFlow("examples/data_pack_10.flow.json");
  return flow;
}
const Flow& cableTv() {
  static const Flow flow = goldenFlow("examples/cable_tv_zhibo140.flow.json");
  return flow;
}

constexpr Millis kT0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z

const std::string kGreet = "坐席: 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?";
const std::string kPitchQuestion = "坐席: 这次活动优惠力度非常大,很多老用户都已经参与了,您看给您办理上好吗?";
const std::string kConfirm = "坐席: 本次业务办理以录音为证,为您135****7754号码开通10元5GB流量月包,现在为您登记办理10元5GB流量月包好吧?";
const std::string kDeclined = "坐席: 这次活动优惠力度非常大,很多老用户都已经参与了,到期后也会自动取消。";
const std::string kSilence1 = "坐席: 您好!请问有什么可以帮助您?";
const std::string kSilence2 = "坐席: 您好,听不到您的声音,请问有什么可以帮助您?";
const std::string kSilence3 = "坐席: 对不起,听不到您的声音,不打扰了,再见!";
const std::string kSoothe = "坐席: 我非常理解您现在的心情,请相信,我们能够很好的处理这个问题,请您别着急。";
/// R11: the approved no-sale closing the examples say before ending 'declined'.
const std::string kClosing =
    "坐席: 那抱歉打扰您了,今后有更优惠的活动再与您联系,请您稍后对我的服务进行满意度评价,祝您生活愉快,请稍后!";
const std::string kWarn = "坐席: 对不起,请问有什么可以帮到您?为了更好地为您服务,请您文明用语,谢谢配合。";
const std::string kRedirect = "坐席: 您咨询的内容已超出了我们的工作范围,非常抱歉没能帮助到您,建议您挂机后拨打客服热线咨询。";

/// A data-pack call that has reached the pitch question at kT0.
struct AtPitch {
  Session s;
  explicit AtPitch(const Flow& flow = dataPack()) : s(flow, CallContext{"13512347754"}) {
    s.start(kT0);
    REQUIRE(lines(s.feedText("是的", kT0)).back() == kPitchQuestion);
  }
};

/// The action of `kind` in `actions`: a reference into them, so keep the feed's result alive
/// beyond the full expression when the reference is.
const Action& find(const std::vector<Action>& actions, ActionKind kind) {
  for (const auto& a : actions) {
    if (a.kind == kind) return a;
  }
  FAIL("no action of that kind");
  return actions.front();
}

} // namespace

// --- silence (R13) ---------------------------------------------------------------------------

TEST_CASE("silence: three stages, then goodbye and the call ends without a callback", "[runtime][handler][silence]") {
  AtPitch c;
  CHECK(lines(c.s.feedEvent("silence")) == Lines{kSilence1});
  CHECK(c.s.waitingAt() == "std.silence");
  CHECK(lines(c.s.feedEvent("silence")) == Lines{kSilence2});
  const auto last = c.s.feedEvent("silence");
  CHECK(lines(last) == Lines{kSilence3, "[end no_answer]"});
  CHECK_FALSE(has(last, ActionKind::ScheduleCallback));
  CHECK(c.s.outcome() == "no_answer");
}

TEST_CASE("silence: the customer's answer after 'are you there' is the answer to the pitch", "[runtime][handler][silence]") {
  AtPitch c;
  c.s.feedEvent("silence");
  SECTION("yes goes on to the confirmation") {
    CHECK(lines(c.s.feedText("好的")) == Lines{kConfirm});
    CHECK(c.s.waitingAt() == "confirm");
  }
  SECTION("a refusal is the pitch's refusal and costs one retention") {
    CHECK(lines(c.s.feedText("不需要")) == Lines{kDeclined, kPitchQuestion});
    CHECK(c.s.retentionUsed() == 1);
  }
  SECTION("any reply resets the silence count") {
    c.s.feedText("不需要");
    CHECK(c.s.silenceCount() == 0);
    CHECK(lines(c.s.feedEvent("silence")) == Lines{kSilence1});
  }
}

TEST_CASE("silence at the confirmation: a yes after 'are you there' is not consent, the question is asked again",
          "[runtime][handler][silence][consent]") {
  AtPitch c;
  c.s.feedText("好的");
  c.s.feedEvent("silence");
  CHECK(lines(c.s.feedText("好的")) == Lines{kConfirm});
  CHECK_FALSE(c.s.consented());
  CHECK(lines(c.s.feedText("好的")).front() == "[register 10元5GB流量月包 for 13512347754]");
}

TEST_CASE("silence without a handler: the runtime speaks the stages and ends at the third",
          "[runtime][handler][silence]") {
  const auto flow = mustLoad(replaced(kDataPack, R"("handlers": { "silence": { "step": "still_there" } })", R"("handlers": {})"));
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedEvent("silence")) == Lines{kSilence1});
  CHECK(lines(s.feedEvent("silence")) == Lines{kSilence2});
  CHECK(lines(s.feedEvent("silence")) == Lines{kSilence3, "[end no_answer]"});
}

TEST_CASE("silence: a handler that would ask forever is stopped at the third silence", "[runtime][handler][silence]") {
  const auto flow = mustLoad(kDataPack); // silence -> still_there, which routes only yes and no
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedEvent("silence")) == Lines{"坐席: 您好,请问您还在听吗?"});
  CHECK(lines(s.feedEvent("silence")) == Lines{"坐席: 您好,请问您还在听吗?"});
  CHECK(lines(s.feedEvent("silence")) == Lines{kSilence3, "[end no_answer]"});
}

// --- unclear audio (R13) ---------------------------------------------------------------------

TEST_CASE("unclear audio: ask to repeat, then promise a callback and end", "[runtime][handler][unclear]") {
  Session s(dataPack(), CallContext{"13512347754"});
  s.start(kT0);
  CHECK(lines(s.feedEvent("unclear", {.now = kT0})) ==
        Lines{"坐席: 很抱歉!由于环境嘈杂,刚没听清,您能调整一下位置再重复一遍吗?"});
  SECTION("a clear yes after the handler's question is not taken as the owner's yes: asked again (R03)") {
    CHECK(lines(s.feedText("是的", kT0)) == Lines{kGreet});
    CHECK_FALSE(s.ownerVerified());
    CHECK(lines(s.feedText("是的", kT0)).back() == kPitchQuestion);
    CHECK(s.ownerVerified());
  }
  SECTION("a clear no is the answer to the owner check") {
    CHECK(lines(s.feedText("不是", kT0)) == Lines{"[end not_owner]"});
  }
  SECTION("still unclear: the promised callback is an obligation") {
    const auto out = s.feedEvent("unclear", {.now = kT0 + 5000});
    CHECK(lines(out) == Lines{"坐席: 实在抱歉,还是听不清楚您的声音,稍后马上给您回复,请您注意接听,再见!",
                              "[callback promised: 3 attempts, from 2023-11-14T22:13:55Z until 2023-11-16T22:13:25Z]",
                              "[end callback]"});
  }
}

// --- busy -> appointment (R14, R08) ------------------------------------------------------------

TEST_CASE("busy: an appointment at the time the customer asked for", "[runtime][handler][busy][callback]") {
  AtPitch c;
  SECTION("with a promised time") {
    const auto out = c.s.feedEvent("busy", EventInfo{.now = kT0 + 10'000, .at = kT0 + 3'600'000});
    CHECK(lines(out) == Lines{"坐席: 好的,不打扰您了,我们在您方便的时候再与您联系,祝您生活愉快,再见!",
                              "[callback busy: 3 attempts, from 2023-11-14T23:13:20Z until 2023-11-16T23:13:20Z]",
                              "[end appointment]"});
    CHECK(find(out, ActionKind::ScheduleCallback).at == kT0 + 3'600'000);
    CHECK(c.s.outcome() == "appointment");
  }
  SECTION("without one: the policy's default delay") {
    const auto out = c.s.feedEvent("busy", EventInfo{.now = kT0});
    CHECK(find(out, ActionKind::ScheduleCallback).at == kT0 + 3'600'000);
  }
  SECTION("a promised time sooner than 30 s is moved to 30 s (R14)") {
    const auto out = c.s.feedEvent("busy", EventInfo{.now = kT0, .at = kT0 + 1000});
    CHECK(find(out, ActionKind::ScheduleCallback).at == kT0 + 30'000);
  }
}

TEST_CASE("busy without a handler: the runtime makes the appointment itself", "[runtime][handler][busy]") {
  Session s(mustLoad(kDataPack), CallContext{"13512347754"});
  s.start();
  const auto out = s.feedEvent("busy", EventInfo{.now = 0, .at = 7'200'000});
  CHECK(find(out, ActionKind::ScheduleCallback).at == 7'200'000);
  CHECK(s.outcome() == "appointment");
}

// --- angry (R11, R08) --------------------------------------------------------------------------

TEST_CASE("angry: soothed first; back to the pitch is the one retention an angry customer gets",
          "[runtime][handler][angry][retention]") {
  AtPitch c;
  CHECK(lines(c.s.feedEvent("angry")) == Lines{kSoothe, kPitchQuestion});
  CHECK(c.s.angry());
  CHECK(c.s.retentionUsed() == 1);
  CHECK(lines(c.s.feedText("不需要")) == Lines{kClosing, "[end declined]"});
}

TEST_CASE("angry after a retention: soothed, then not asked again but closed as a no",
          "[runtime][handler][angry][retention]") {
  AtPitch c;
  CHECK(lines(c.s.feedText("不需要")) == Lines{kDeclined, kPitchQuestion});
  CHECK(lines(c.s.feedEvent("angry")) == Lines{kSoothe, kClosing, "[end declined]"});
  CHECK(c.s.retentionUsed() == 1);
}

TEST_CASE("busy, routed back to the pitch, ends the call instead of pushing (R08)",
          "[runtime][handler][busy][retention]") {
  const std::string golden = slurp(kSource / "tests/golden/examples/data_pack_10.flow.json");
  const Flow flow = mustLoad(resealed(replaced(golden, R"("step": "std.busy")", R"("step": "pitch")")));
  AtPitch c(flow);
  const auto out = c.s.feedEvent("busy");
  CHECK(lines(out) == Lines{"[end declined]"});
  CHECK(c.s.retentionUsed() == 0);
}

TEST_CASE("elderly: retained at most twice, never more", "[runtime][handler][elderly][retention]") {
  AtPitch c;
  CHECK(c.s.feedEvent("elderly").empty());
  c.s.feedText("不需要");
  c.s.feedText("不需要");
  CHECK(lines(c.s.feedText("不需要")) == Lines{kClosing, "[end declined]"});
  CHECK(c.s.retentionUsed() == 2);
}

TEST_CASE("elderly, routed back to the pitch, is one retention attempt each time (R08)",
          "[runtime][handler][elderly][retention]") {
  const std::string golden = slurp(kSource / "tests/golden/examples/data_pack_10.flow.json");
  const std::string pitchRoutes = R"("id": "pitch",
      "pitch": true,
      "routes": {)";
  const Flow flow = mustLoad(resealed(replaced(golden, pitchRoutes, pitchRoutes + std::string(R"(
        "elderly": { "step": "pitch" },)"))));
  AtPitch c(flow);
  CHECK(lines(c.s.feedEvent("elderly")).back() == kPitchQuestion);
  CHECK(c.s.retentionUsed() == 1);
  CHECK(lines(c.s.feedEvent("elderly")).back() == kPitchQuestion);
  CHECK(c.s.retentionUsed() == 2);
  CHECK(lines(c.s.feedEvent("elderly")) == Lines{"[end declined]"});
}

// --- abuse and off-topic (R17) ---------------------------------------------------------------

TEST_CASE("abuse: two warnings, the third ends the call although the handler would warn again",
          "[runtime][handler][abuse][counter]") {
  AtPitch c;
  CHECK(lines(c.s.feedEvent("abuse")) == Lines{kWarn, kPitchQuestion});
  CHECK(lines(c.s.feedEvent("abuse")) == Lines{kWarn, kPitchQuestion});
  CHECK(lines(c.s.feedEvent("abuse")) ==
        Lines{"坐席: 对不起,由于您多次使用不文明用语,我们将结束本次通话,再见!", "[end abuse]"});
  CHECK(c.s.abuseCount() == 3);
}

TEST_CASE("abuse: the policy's ceiling decides, 0 ends at the first", "[runtime][handler][abuse][counter]") {
  const auto flow = mustLoad(replaced(kDataPack, R"("not_understood": 3 })", R"("not_understood": 3, "abuse": 0 })"));
  Session s(flow, CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedEvent("abuse")).back() == "[end abuse]");
}

TEST_CASE("off-topic: redirected twice, the third ends the call politely", "[runtime][handler][offtopic][counter]") {
  AtPitch c;
  CHECK(lines(c.s.feedEvent("offtopic")) == Lines{kRedirect, kPitchQuestion});
  CHECK(lines(c.s.feedEvent("offtopic")) == Lines{kRedirect, kPitchQuestion});
  CHECK(lines(c.s.feedEvent("offtopic")) ==
        Lines{"坐席: 由于您多次咨询其他业务,这里暂无法及时帮助到您,我们将结束本次服务,感谢您的支持,再见!", "[end offtopic]"});
  CHECK(c.s.offtopicCount() == 3);
}

// --- complaint (R18) ----------------------------------------------------------------------------

TEST_CASE("complaint: soothed and recorded, never hung up on", "[runtime][handler][complaint]") {
  AtPitch c;
  for (int i = 0; i < 5; ++i) {
    CHECK(lines(c.s.feedEvent("complaint")) ==
          Lines{"坐席: 非常抱歉给您添麻烦了,感谢您的宝贵意见,我会认真记录以建议形式反馈,请您后期关注。", kPitchQuestion});
  }
  CHECK_FALSE(c.s.finished());
}

// --- not understood (R16) ----------------------------------------------------------------------

TEST_CASE("not understood three times: the standard handler's polite closing", "[runtime][handler][not_understood][counter]") {
  Session s(dataPack(), CallContext{"13512347754"});
  s.start();
  CHECK(lines(s.feedText("我在吃饭")).front() == "坐席: 不好意思,这次来电是想为您介绍10元5GB流量月包的优惠活动,办理业务需要先和机主本人确认。");
  s.feedText("我在吃饭");
  CHECK(lines(s.feedText("我在吃饭")) ==
        Lines{"坐席: 很抱歉没能给您解释清楚,那抱歉打扰您了,今后有更优惠的活动再与您联系,祝您生活愉快,再见!",
              "[end not_understood]"});
}

TEST_CASE("filler at the confirmation counts towards not understood", "[runtime][handler][not_understood][consent]") {
  AtPitch c;
  c.s.feedText("好的");
  c.s.feedText("嗯");
  c.s.feedText("嗯");
  CHECK(lines(c.s.feedText("嗯")).back() == "[end not_understood]");
  CHECK_FALSE(c.s.registered());
}

// --- precedence ---------------------------------------------------------------------------------

TEST_CASE("precedence: the step's route, then the campaign's handler, then the imported one", "[runtime][handler][precedence]") {
  SECTION("a campaign-level handler overrides the standard one (compiled flow)") {
    const auto flow = goldenFlow("handlers_inherited.flow.json");
    Session s(flow, CallContext{"13512347754"});
    s.start();
    CHECK(lines(s.feedEvent("busy")).front() == "坐席: 好的,稍后再与您联系。");
    CHECK(s.outcome() == "appointment");
  }
  SECTION("imported handlers still apply to what the campaign does not handle") {
    const auto flow = goldenFlow("handlers_inherited.flow.json");
    Session s(flow, CallContext{"13512347754"});
    s.start();
    CHECK(lines(s.feedEvent("silence")) == Lines{kSilence1});
  }
  SECTION("a step's own route beats every handler") {
    const auto flow = mustLoad(replaced(kDataPack, R"("handlers": { "silence": { "step": "still_there" } })",
                                        R"("handlers": { "silence": { "step": "still_there" }, "hangup": { "end": "declined" } })"));
    Session atPitch(flow, CallContext{"13512347754"});
    atPitch.start();
    atPitch.feedText("是的");
    CHECK(lines(atPitch.feedEvent("hangup")) == Lines{"[end declined]"}); // the handler
    Session atConfirm(flow, CallContext{"13512347754"});
    atConfirm.start();
    atConfirm.feedText("是的");
    atConfirm.feedText("好的");
    CHECK(lines(atConfirm.feedEvent("hangup")).back() == "[end callback]"); // confirm's own route
  }
}

// --- host calls (R21) and wait phrases (R12) ----------------------------------------------------

namespace {
/// A cable-TV call that reached the balance check at kT0.
struct AtCharge {
  Session s;
  std::uint32_t request = 0;
  AtCharge() : s(cableTv(), CallContext{"13512347754"}) {
    s.start(kT0);
    s.feedText("是的", kT0);
    s.feedText("可以", kT0);
    const auto out = s.feedText("好的", kT0);
    REQUIRE(lines(out) == Lines{"坐席: 请稍等,正在帮您查询。", "[invoke balance_check]"});
    request = find(out, ActionKind::Invoke).request;
    REQUIRE(request == s.pendingRequest());
    REQUIRE(s.waitPhrases() == 1);
  }
};
} // namespace

TEST_CASE("host call: the result event decides, and the sale follows the balance check", "[runtime][invoke]") {
  AtCharge c;
  CHECK(c.request == 1);
  CHECK(lines(c.s.feedEvent("sufficient", EventInfo{.request = c.request})).front() ==
        "[register 直播140节目包 for 13512347754]");
  CHECK(c.s.pendingRequest() == 0);
}

TEST_CASE("host call: timeout is an event routed like a result", "[runtime][invoke]") {
  AtCharge c;
  const auto out = c.s.feedEvent("timeout", EventInfo{.now = kT0 + 8000});
  CHECK(lines(out) == Lines{"[callback timeout: 3 attempts, from 2023-11-14T22:13:58Z until 2023-11-16T22:13:28Z]",
                            "[end callback]"});
}

TEST_CASE("host call: an unknown result is refused under R21 and ends with flow_error", "[runtime][invoke]") {
  AtCharge c;
  const auto out = c.s.feedEvent("maybe");
  CHECK(lines(out) == Lines{"[refused: R21 unknown result 'maybe' of host call 'balance_check']", "[end flow_error]"});
  CHECK_FALSE(c.s.registered());
}

TEST_CASE("host call: a stale result for another request is ignored", "[runtime][invoke]") {
  AtCharge c;
  CHECK(c.s.feedEvent("sufficient", EventInfo{.request = c.request + 7}).empty());
  CHECK(c.s.waitingAt() == "charge");
  CHECK_FALSE(c.s.registered());
}

TEST_CASE("host call: words that keep the consent change nothing while it is pending", "[runtime][invoke]") {
  AtCharge c;
  CHECK(c.s.feedText("嗯嗯").empty());
  CHECK(c.s.feedText("好的").empty());
  CHECK(c.s.feedEvent("silence").empty());
  CHECK(c.s.waitingAt() == "charge");
  CHECK(c.s.pendingRequest() == c.request);
}

TEST_CASE("host call: a refusal while it is pending cancels the sale and the call follows the refusal",
          "[runtime][invoke][consent]") {
  AtCharge c;
  const auto out = c.s.feedText("不要了,我不办了", kT0);
  REQUIRE_FALSE(out.empty());
  CHECK(out.front().kind == ActionKind::Cancel);
  CHECK(out.front().request == c.request);
  CHECK(out.front().name == "balance_check");
  CHECK(c.s.pendingRequest() == 0);
  CHECK_FALSE(c.s.consented());
  CHECK(c.s.finished());
  CHECK(c.s.outcome() == "declined");
  // The late result of the cancelled request can no longer make the sale.
  CHECK(c.s.feedEvent("sufficient", EventInfo{.request = c.request}).empty());
  CHECK_FALSE(c.s.registered());
}

TEST_CASE("host call: a question or a hesitation while it is pending cancels the sale too", "[runtime][invoke][consent]") {
  for (const char* reply : {"要钱吗", "我再考虑一下"}) {
    INFO(reply);
    AtCharge c;
    const auto out = c.s.feedText(reply, kT0);
    REQUIRE_FALSE(out.empty());
    CHECK(out.front().kind == ActionKind::Cancel);
    CHECK_FALSE(c.s.consented());
    CHECK(c.s.pendingRequest() == 0);
    CHECK_FALSE(has(c.s.feedEvent("sufficient"), ActionKind::Register));
    CHECK_FALSE(c.s.registered());
  }
}

TEST_CASE("host call: an upset, busy or complaining customer cancels the pending sale as their words would",
          "[runtime][invoke][consent]") {
  // R07: the host's mood events take the consent back like the replies they stand for.
  for (const char* event : {"angry", "busy", "abuse", "complaint"}) {
    INFO(event);
    AtCharge c;
    const auto out = c.s.feedEvent(event, EventInfo{.now = kT0});
    REQUIRE_FALSE(out.empty());
    CHECK(out.front().kind == ActionKind::Cancel);
    CHECK(out.front().request == c.request);
    CHECK_FALSE(c.s.consented());
    CHECK(c.s.pendingRequest() == 0);
    CHECK_FALSE(has(c.s.feedEvent("sufficient"), ActionKind::Register));
    CHECK_FALSE(c.s.registered());
  }
}

TEST_CASE("host call: an interruption never sends the request twice", "[runtime][invoke][handler]") {
  AtCharge c;
  const auto out = c.s.feedEvent("offtopic");
  CHECK_FALSE(has(out, ActionKind::Invoke));
  CHECK(c.s.waitingAt() == "charge");
  CHECK(lines(c.s.feedEvent("sufficient")).front() == "[register 直播140节目包 for 13512347754]");
}

TEST_CASE("wait phrases: ticks check in until the ceiling, then the call is given up as timed out",
          "[runtime][invoke][wait][counter]") {
  AtCharge c;
  SECTION("a tick, then the answer: thanks for waiting") {
    CHECK(lines(c.s.feedEvent("tick", EventInfo{.now = kT0 + 10'000})) == Lines{"坐席: 感谢您的耐心等待,正在为您查询,请稍等。"});
    CHECK(c.s.waitPhrases() == 2);
    CHECK(lines(c.s.feedEvent("sufficient", EventInfo{.now = kT0 + 15'000})).front() == "坐席: 感谢您的耐心等候。");
  }
  SECTION("after a wait over 20 s the agent apologises (R12)") {
    c.s.feedEvent("tick", EventInfo{.now = kT0 + 10'000});
    CHECK(lines(c.s.feedEvent("sufficient", EventInfo{.now = kT0 + 21'000})).front() ==
          "坐席: 抱歉让您久等了,感谢您的耐心等候。");
  }
  SECTION("no third wait phrase: the next tick is a timeout") {
    c.s.feedEvent("tick", EventInfo{.now = kT0 + 10'000});
    const auto out = c.s.feedEvent("tick", EventInfo{.now = kT0 + 20'000});
    CHECK(lines(out).front() == "坐席: 感谢您的耐心等候。");
    CHECK(lines(out).back() == "[end callback]");
    CHECK(c.s.waitPhrases() == 2);
  }
}

TEST_CASE("wait phrases in the flow beyond the policy's ceiling are left out (R12)", "[runtime][wait][counter]") {
  std::string json = replaced(kDataPack, R"({ "id": "done",)", R"({ "id": "check",
      "actions": [ { "op": "say", "text": "请稍等,正在帮您查询" }, { "op": "say", "text": "请稍等" },
                   { "op": "say", "text": "请稍等,马上好" }, { "op": "invoke", "name": "balance_check",
                     "results": { "ok": { "step": "done" } } } ] },
    { "id": "done",)");
  json = replaced(json, R"("yes": { "step": "done" })", R"("yes": { "step": "check" })");
  Session s(mustLoad(json), CallContext{"13512347754"});
  s.start();
  s.feedText("是的");
  s.feedText("好的");
  CHECK(lines(s.feedText("好的")) == Lines{"坐席: 请稍等,正在帮您查询", "坐席: 请稍等", "[invoke balance_check]"});
  CHECK(s.waitPhrases() == 2);

  SECTION("the phrase counted is the policy's, as the compiler counts it") {
    Session other(mustLoad(replaced(json, R"("wait_phrase": "请稍等")", R"("wait_phrase": "马上好")")),
                  CallContext{"13512347754"});
    other.start();
    other.feedText("是的");
    other.feedText("好的");
    CHECK(lines(other.feedText("好的")) ==
          Lines{"坐席: 请稍等,正在帮您查询", "坐席: 请稍等", "坐席: 请稍等,马上好", "[invoke balance_check]"});
    CHECK(other.waitPhrases() == 1);
  }
}

// --- callback obligations (R14, R06, R01) -------------------------------------------------------

TEST_CASE("callbacks: the obligation a call leaves when it ends without the sale", "[runtime][callback]") {
  SECTION("hang-up mid-pitch: first attempt more than 30 s later, 3 attempts within 2 days") {
    AtPitch c;
    const auto out = c.s.feedEvent("hangup", EventInfo{.now = kT0 + 60'000});
    const Action& cb = find(out, ActionKind::ScheduleCallback);
    CHECK(cb.reason == "hangup");
    CHECK(cb.at == kT0 + 90'000);
    CHECK(cb.attempts == 3);
    CHECK(cb.deadline == kT0 + 60'000 + 2 * 24 * 3'600'000LL);
    CHECK(cb.step == "pitch");
    CHECK(out.back().kind == ActionKind::End);
  }
  SECTION("filler then hang-up (R06)") {
    AtPitch c;
    c.s.feedText("好的");
    c.s.feedText("嗯");
    CHECK(find(c.s.feedEvent("hangup"), ActionKind::ScheduleCallback).reason == "filler_then_hangup");
  }
  SECTION("a refused registration (R01)") {
    Session s(mustLoad(replaced(kDataPack, R"("effective", "term", "expiry")", R"("effective", "expiry")")),
              CallContext{"13512347754"});
    s.start();
    s.feedText("是的");
    s.feedText("好的");
    CHECK(find(s.feedText("好的"), ActionKind::ScheduleCallback).reason == "refused");
  }
  SECTION("no obligation after a sale, a decline or a hang-up before anything was said") {
    Session s(mustLoad(kDataPack), CallContext{"13512347754"});
    s.start();
    CHECK_FALSE(has(s.feedEvent("hangup"), ActionKind::ScheduleCallback));
    AtPitch c;
    c.s.feedText("好的");
    CHECK_FALSE(has(c.s.feedText("好的"), ActionKind::ScheduleCallback));
  }
}

TEST_CASE("callbacks: policy timing changes delay, attempts and window within R14's bounds", "[runtime][callback][loader]") {
  const std::string base = R"("mandatory": [])";
  const auto flow = mustLoad(replaced(kDataPack, base,
                                      R"("mandatory": [], "timing": { "callback_delay_seconds": 120, "callback_attempts": 2,
                                         "callback_window_seconds": 86400, "silence_seconds": 5 })"));
  CHECK(flow.timing().silence == 5);
  Session s(flow, CallContext{"13512347754"});
  s.start(0);
  s.feedText("是的");
  const std::vector<Action> hangup = s.feedEvent("hangup");
  const Action& cb = find(hangup, ActionKind::ScheduleCallback);
  CHECK(cb.at == 120'000);
  CHECK(cb.attempts == 2);
  CHECK(cb.deadline == 86'400'000);

  CHECK(loadError(replaced(kDataPack, base, R"("mandatory": [], "timing": { "callback_delay_seconds": 10 })")) ==
        "policy.timing.callback_delay_seconds: 10 is out of range (30 to 172800, R14)");
  CHECK(loadError(replaced(kDataPack, base, R"("mandatory": [], "timing": { "callback_attempts": 4 })")) ==
        "policy.timing.callback_attempts: 4 is out of range (1 to 3, R14)");
}
