// The contract between emitter and loader: every flow `patter build` wrote for the golden tests
// loads, and the example call scripts run on it to their documented end.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "patter/session.h"
#include "support.h"

namespace fs = std::filesystem;
using patter::test::goldenFlow;
using patter::test::kSource;
using patter::test::lines;
using patter::test::slurp;

namespace {

/// Runs the replies of an `examples/calls/*.txt` script (the `patter run --replies` format).
std::vector<std::string> runCall(const patter::Flow& flow, const fs::path& script) {
  patter::Session s(flow, patter::CallContext{"13512347754"});
  std::vector<std::string> out;
  const auto record = [&out](const std::vector<patter::Action>& actions) {
    const auto more = lines(actions);
    out.insert(out.end(), more.begin(), more.end());
  };
  record(s.start());
  std::istringstream replies(slurp(script));
  std::string line;
  while (!s.finished() && std::getline(replies, line)) {
    if (line.empty() || line[0] == '#') continue;
    record(line[0] == '!' ? s.feedEvent(line.substr(1)) : s.feedText(line));
  }
  if (!s.finished()) record(s.feedEvent("hangup"));
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view prefix) {
  for (const auto& l : v) {
    if (l.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

} // namespace

TEST_CASE("every golden flow written by the compiler loads", "[runtime][golden]") {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kSource / "tests" / "golden")) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.size() < 10 || name.substr(name.size() - 10) != ".flow.json") continue;
    INFO(entry.path().string());
    const auto r = patter::Flow::load(slurp(entry.path()));
    CHECK(r.error == "");
    ++count;
  }
  CHECK(count > 0);
}

TEST_CASE("the data-pack example calls end as their scripts say", "[runtime][golden]") {
  const auto flow = goldenFlow("examples/data_pack_10.flow.json");
  SECTION("success") {
    const auto t = runCall(flow, kSource / "examples/calls/data_pack_success.txt");
    CHECK(contains(t, "坐席: 您刚才\"嗯\"的意思是同意办理对吗?"));
    CHECK(contains(t, "[register 10元5GB流量月包 for 13512347754]"));
    CHECK(t.back() == "[end success]");
  }
  SECTION("declined after two retention attempts") {
    const auto t = runCall(flow, kSource / "examples/calls/data_pack_declined.txt");
    CHECK_FALSE(contains(t, "[register"));
    CHECK(t.back() == "[end declined]");
  }
  SECTION("unclear audio goes to the standard handler: repeat once, then a promised callback (R13)") {
    patter::Session s(flow, patter::CallContext{"13512347754"});
    s.start();
    CHECK(lines(s.feedEvent("unclear")) ==
          std::vector<std::string>{"坐席: 很抱歉!由于环境嘈杂,刚没听清,您能调整一下位置再重复一遍吗?"});
    const auto last = lines(s.feedText(""));
    CHECK(last.front() == "坐席: 实在抱歉,还是听不清楚您的声音,稍后马上给您回复,请您注意接听,再见!");
    CHECK(last.back() == "[end callback]");
  }
  SECTION("a question heard clearly gets the purpose and the owner check again, never the noise line") {
    patter::Session s(flow, patter::CallContext{"13512347754"});
    s.start();
    const auto t = lines(s.feedText("什么事"));
    CHECK_FALSE(contains(t, "坐席: 很抱歉!由于环境嘈杂,刚没听清,您能调整一下位置再重复一遍吗?"));
    CHECK(t.front() == "坐席: 不好意思,这次来电是想为您介绍10元5GB流量月包的优惠活动,办理业务需要先和机主本人确认。");
    CHECK_FALSE(s.ownerVerified());
  }
}

TEST_CASE("a follow-up call revokes the order on an objection even with no retention budget",
          "[runtime][golden][objection]") {
  // Regression: an objection without `retry` counted as a retention attempt, so the follow-up
  // policy's budget of 0 ended the call 'declined' instead of revoking the order (R20).
  const auto flow = goldenFlow("examples/cable_tv_followup.flow.json");
  patter::Session s(flow, patter::CallContext{"13512347754"});
  s.start();
  s.feedText("是的");
  const auto revoke = lines(s.feedText("我不想要了"));
  CHECK(contains(revoke, "坐席: 好的,非常抱歉给您带来不便,现在为您退订,今天不会产生任何费用。"));
  CHECK(contains(revoke, "[invoke boss_revoke"));
  CHECK(lines(s.feedEvent("done")).back() == "[end revoked]");
  CHECK(s.retentionUsed() == 0);
}
