// Snapshots: a restored session behaves exactly like the one it was taken from (property test on
// seeded random calls), restore refuses snapshots that do not fit the flow, and sessions stay small.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <optional>
#include <random>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/hmac.h>

#include "patter/session.h"
#include "support.h"

using namespace patter;
using namespace patter::test;

namespace {

/// Every field of an action, so that two runs compare exactly.
std::string describe(const Action& a) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", toString(a.kind), a.step, a.text, a.clause, a.name,
                     a.number, a.outcome, a.rule, a.reason, a.at, a.deadline, a.attempts, a.request);
}

std::vector<std::string> describe(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions) out.push_back(describe(a));
  return out;
}

/// One input of a random call: a reply or an event, at a time.
struct Input {
  bool text = false;
  std::string value;
  EventInfo info;
};

std::vector<Action> feed(Session& s, const Input& in) {
  return in.text ? s.feedText(in.value, in.info.now) : s.feedEvent(in.value, in.info);
}

std::vector<Input> randomCall(std::mt19937& rng, std::size_t length) {
  static const std::vector<std::string> kTexts = {"是的", "不是", "好的", "不需要", "嗯", "啊。", "什么事", "家里有wifi",
                                                  "不用流量", "可以", "不要", "喂喂", "流量够用", "很少看", "好的,办吧"};
  static const std::vector<std::string> kEvents = {"silence", "angry",  "elderly", "abuse",  "offtopic", "complaint",
                                                   "tick",    "timeout", "sufficient", "insufficient", "ok",
                                                   "gibberish", "yes", "no", "filler", "unclear", "busy", "hangup"};
  std::vector<Input> call;
  Millis now = 1'700'000'000'000;
  for (std::size_t i = 0; i < length; ++i) {
    Input in;
    now += std::uniform_int_distribution<int>(0, 15'000)(rng);
    in.info.now = now;
    if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) {
      in.text = true;
      in.value = kTexts[std::uniform_int_distribution<std::size_t>(0, kTexts.size() - 1)(rng)];
    } else {
      // busy and hangup end the call: make them rare so that calls run long.
      std::size_t e = std::uniform_int_distribution<std::size_t>(0, kEvents.size() - 1)(rng);
      if (e >= kEvents.size() - 2 && std::uniform_int_distribution<int>(0, 3)(rng) > 0) e = 0;
      in.value = kEvents[e];
      if (in.value == "busy") in.info.at = now + 3'600'000;
      if (in.value == "sufficient" && std::uniform_int_distribution<int>(0, 3)(rng) == 0) in.info.request = 9;
    }
    call.push_back(std::move(in));
  }
  return call;
}

/// `snapshot` signed again under the tests' key, as someone holding the key could: the checks
/// behind the MAC still hold.
std::string resigned(const std::string& snapshot) {
  auto j = nlohmann::json::parse(snapshot);
  j.erase("mac");
  const std::string body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  unsigned char md[32];
  unsigned len = 0;
  HMAC(EVP_sha256(), kSnapshotKey.data(), static_cast<int>(kSnapshotKey.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), md, &len);
  std::string mac;
  for (unsigned i = 0; i < len; ++i) mac += fmt::format("{:02x}", md[i]);
  j["mac"] = mac;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

TEST_CASE("a restored session behaves exactly like the original (random calls)", "[runtime][snapshot][property]") {
  const std::vector<std::pair<std::string, Flow>> flows = {
      {"data_pack_10", goldenFlow("examples/data_pack_10.flow.json", keyed())},
      {"cable_tv_zhibo140", goldenFlow("examples/cable_tv_zhibo140.flow.json", keyed())},
      {"hand-written", mustLoad(kDataPack, keyed())},
  };
  int compared = 0;
  for (const auto& [name, flow] : flows) {
    for (unsigned seed = 1; seed <= 150; ++seed) {
      std::mt19937 rng(seed);
      const auto call = randomCall(rng, 40);
      const std::size_t split = std::uniform_int_distribution<std::size_t>(0, call.size())(rng);
      INFO(name << " seed " << seed << " snapshot after " << split << " inputs");

      Session original(flow, CallContext{"13512347754", fmt::format("call-{}", seed)});
      original.start(1'700'000'000'000);
      for (std::size_t i = 0; i < split; ++i) feed(original, call[i]);
      const std::string snapshot = original.snapshot();

      auto restored = Session::restore(flow, snapshot);
      REQUIRE(restored.error == "");
      Session& copy = *restored.session;
      REQUIRE(copy.snapshot() == snapshot);
      for (std::size_t i = split; i < call.size(); ++i) {
        INFO("input " << i << ": " << call[i].value);
        REQUIRE(describe(feed(copy, call[i])) == describe(feed(original, call[i])));
        ++compared;
      }
      CHECK(copy.snapshot() == original.snapshot());
      CHECK(copy.outcome() == original.outcome());
    }
  }
  CHECK(compared > 1000);
}

TEST_CASE("a snapshot keeps the call's evidence and counters", "[runtime][snapshot]") {
  const auto flow = mustLoad(kDataPack, keyed());
  Session s(flow, CallContext{"13512347754", "call-7"});
  s.start(5000);
  s.feedText("是的", 6000);
  s.feedText("不需要", 7000);
  s.feedText("好的", 8000);
  s.feedText("好的,办吧", 9000);
  auto r = Session::restore(flow, s.snapshot());
  REQUIRE(r);
  CHECK(r.session->sessionId() == "call-7");
  CHECK(r.session->phone() == "13512347754");
  CHECK(r.session->registered());
  CHECK_FALSE(r.session->consented()); // consumed by the registration
  CHECK(r.session->consentEvidence() == "好的,办吧"); // the evidence stays
  CHECK(r.session->retentionUsed() == 1);
  CHECK(r.session->disclosed("term"));
  CHECK(r.session->outcome() == "success");
  CHECK(r.session->now() == 9000);
}

TEST_CASE("restore refuses a snapshot that does not fit the flow", "[runtime][snapshot]") {
  const auto flow = mustLoad(kDataPack, keyed());
  Session s(flow, CallContext{"13512347754", "call-1"});
  s.start();
  s.feedText("是的");
  const std::string snap = s.snapshot();
  REQUIRE(Session::restore(flow, snap));

  SECTION("another flow") {
    const auto other = mustLoad(replaced(kDataPack, "每月只需10元", "每月只需12元"), keyed());
    const auto r = Session::restore(other, snap);
    CHECK_FALSE(r);
    CHECK_THAT(r.error, Catch::StartsWith("snapshot: flow: taken on flow " + std::string(flow.identity())));
  }
  SECTION("not JSON") { CHECK(Session::restore(flow, "{\"format\":").error == "snapshot: not valid JSON"); }
  SECTION("an index out of range") {
    CHECK(Session::restore(flow, resigned(replaced(snap, R"("waiting":1)", R"("waiting":99)"))).error ==
          "snapshot: waiting: 99 is out of range (at most 7)");
  }
  SECTION("a node that never waits") {
    CHECK(Session::restore(flow, resigned(replaced(snap, R"("waiting":1)", R"("waiting":3)"))).error ==
          "snapshot: waiting: that node never waits");
  }
  SECTION("a clause the flow does not have") {
    CHECK(Session::restore(flow, resigned(replaced(snap, R"("disclosed":["price")", R"("disclosed":["bonus")"))).error ==
          "snapshot: disclosed: no clause 'bonus' in this flow");
  }
  SECTION("a counter over its ceiling") {
    CHECK(Session::restore(flow, resigned(replaced(snap, R"("retention":0)", R"("retention":4)"))).error ==
          "snapshot: retention: 4 is out of range (at most 3)");
  }
  SECTION("a missing field") {
    CHECK(Session::restore(flow, resigned(replaced(snap, R"("consent":false,)", ""))).error == "snapshot: consent: missing");
  }
}

TEST_CASE("sessions stay small: under 1 KiB with their heap for a typical call", "[runtime][snapshot][perf]") {
  const auto flow = goldenFlow("examples/data_pack_10.flow.json");
  // What 200 live sessions at the end of a sale hold on the heap beyond the flow they share,
  // measured by the allocator itself (sizeof(Session) is one pointer: the state is behind it).
  constexpr std::size_t kSessions = 200;
  std::vector<std::optional<Session>> live(kSessions);
  const std::size_t before = mallinfo2().uordblks;
  for (auto& s : live) {
    s.emplace(flow, CallContext{"13512347754", "dialer-7-call-000123"});
    s->start();
    s->feedText("是的");
    s->feedText("好的");
    s->feedText("好的,办吧");
  }
  const std::size_t perSession = (mallinfo2().uordblks - before) / kSessions + sizeof(Session);
  INFO(perSession << " bytes per session");
  CHECK(perSession < 1024);
}
