// `patter run`: the transcript printed for a flow and a replies file, and its errors.
#include <catch2/catch.hpp>

#include "commands.h"
#include "support.h"

using patter::test::Captured;
using patter::test::capture;
using patter::test::Scratch;

TEST_CASE("patter run prints the transcript of a sale", "[runtime][cli]") {
  Scratch s("run");
  const auto flow = s.write("flow.json", patter::test::withStandardReplies(patter::test::kDataPack));
  const auto replies = s.write("replies.txt", "# the owner answers\n是的\n\n好的\n嗯\n是的\n");
  const Captured c = capture(runCommand, {flow, "--replies", replies});
  CHECK(c.status == 0);
  CHECK(c.err.empty());
  CHECK(c.out ==
        "坐席: 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?\n"
        "客户: 是的\n"
        "坐席: 为回馈老用户,我们推出了10元5GB流量月包。\n"
        "坐席: 每月只需10元\n"
        "坐席: 包含国内通用流量5GB\n"
        "坐席: 次月1日生效\n"
        "坐席: 活动期为12个月\n"
        "坐席: 到期后自动取消,无需您操作\n"
        "坐席: 活动期间不能降低套餐档次\n"
        "坐席: 您看给您办理上好吗?\n"
        "客户: 好的\n"
        "坐席: 本次业务办理以录音为证,为您135****7754号码开通10元5GB流量月包,现在为您登记办理好吧?\n"
        "客户: 嗯\n"
        "坐席: 您刚才\"嗯\"的意思是同意办理对吗?\n"
        "客户: 是的\n"
        "[register 10元5GB流量月包 for 13512347754]\n"
        "坐席: 已为您登记成功,稍后您会收到短信通知。\n"
        "[end success]\n");
}

TEST_CASE("patter run takes events, the phone number, and hangs up when replies run out", "[runtime][cli]") {
  Scratch s("run");
  const auto flow = s.write("flow.json", patter::test::withStandardReplies(patter::test::kDataPack));
  const auto replies = s.write("replies.txt", "是\r\n!silence\n");
  const Captured c =
      capture(runCommand, {"--phone", "18899990123", flow, "--replies=" + replies, "--start-time", "1700000000000"});
  CHECK(c.status == 0);
  CHECK_THAT(c.out, Catch::StartsWith("坐席: 您好,我是中国移动10085客服,请问您是188尾号0123的机主吗?\n客户: 是\n"));
  // The simulated clock: one second per line, so the hang-up is at +3 s and the first callback 30 s later.
  CHECK_THAT(c.out, Catch::EndsWith("[event silence]\n坐席: 您好,请问您还在听吗?\n[no more replies: hangup]\n"
                                    "[callback hangup: 3 attempts, from 2023-11-14T22:13:53Z until 2023-11-16T22:13:23Z]\n"
                                    "[end callback]\n"));
}

TEST_CASE("patter run reports bad input with exit status 2", "[runtime][cli]") {
  Scratch s("run");
  SECTION("missing flow file") {
    const auto path = (s.dir / "none.json").string();
    const Captured c = capture(runCommand, {path});
    CHECK(c.status == 2);
    CHECK(c.err == "patter: error: " + path + ": cannot open: No such file or directory\n");
  }
  SECTION("invalid flow") {
    const auto flow = s.write("bad.json", patter::test::replaced(patter::test::kDataPack, R"("version": 1)", R"("version": 7)"));
    const Captured c = capture(runCommand, {flow});
    CHECK(c.status == 2);
    CHECK(c.err == "patter: error: " + flow + ": version: unsupported version 7 (this runtime reads version 1)\n");
    CHECK(c.out.empty());
  }
  SECTION("usage") {
    CHECK(capture(runCommand, {}).status == 2);
    CHECK(capture(runCommand, {"a.json", "--bogus"}).status == 2);
    CHECK(capture(runCommand, {"a.json", "--phone"}).status == 2);
    CHECK(capture(runCommand, {"a.json", "b.json"}).status == 2);
  }
}

TEST_CASE("patter run --help prints usage", "[runtime][cli]") {
  const Captured c = capture(runCommand, {"--help"});
  CHECK(c.status == 0);
  CHECK_THAT(c.out, Catch::StartsWith("usage: patter run FLOW.json"));
}
