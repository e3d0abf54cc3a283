// Defence in depth: what an attacker with write access to flows, snapshots, the audit log's disk or
// the host clock can try, and what the runtime does about it (docs/RUNTIME.md, "Threat model").
#include <catch2/catch.hpp>

#include <limits>

#include <fmt/format.h>

#include "commands.h"
#include "patter/identity.h"
#include "patter/session.h"
#include "support.h"

using namespace patter;
using namespace patter::test;

namespace {

std::string builtFlow(std::string_view example) {
  return slurp(kSource / "tests/golden/examples" / (std::string(example) + ".flow.json"));
}

/// The load error of `json` after an attacker's edit (identity recomputed).
std::string tamperedError(const std::string& json, std::string_view from, std::string_view to) {
  return loadError(resealed(replaced(json, from, to)));
}

/// Drives the data-pack example to its confirmation question.
Session atConfirm(const Flow& flow, std::string phone = "13512347754", AuditSink* audit = nullptr) {
  Session s(flow, CallContext{std::move(phone), "call-1", audit});
  s.start(0);
  s.feedText("是的", 1000);
  s.feedText("好的", 2000);
  REQUIRE(s.waitingAt() == "confirm");
  return s;
}

} // namespace

TEST_CASE("a flow's identity ignores indentation and source paths, and the loader checks it", "[runtime][tamper][identity]") {
  const std::string json = builtFlow("data_pack_10");
  const Flow flow = mustLoad(json);
  CHECK_THAT(std::string(flow.identity()), Catch::StartsWith("sha256:"));
  CHECK(flow.identity().size() == 7 + 64);
  CHECK(json.find(std::string(flow.identity())) != std::string::npos); // the flow carries it
  CHECK(flowIdentity(json) == std::string(flow.identity()));

  std::string flat;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '\n') {
      flat += json[i];
      continue;
    }
    while (i + 1 < json.size() && json[i + 1] == ' ') ++i;
  }
  CHECK(mustLoad(flat).identity() == flow.identity());
  const std::string moved = replaced(json, "\"examples/data_pack_10.patter\"", "\"./examples/../examples/data_pack_10.patter\"");
  CHECK(mustLoad(moved).identity() == flow.identity());

  // Edited without recomputing the identity: refused, naming the content's own identity.
  CHECK_THAT(loadError(replaced(json, "每月只需10元", "每月只需1元")),
             Catch::StartsWith("identity.flow: the content's identity is sha256:"));
  CHECK_THAT(loadError(replaced(json, "\"flow\": \"sha256:", "\"flow\": \"md5:")),
             Catch::StartsWith("identity.flow: expected \"sha256:\""));
}

TEST_CASE("an embedding that requires approval refuses every other flow", "[runtime][tamper][identity]") {
  const std::string json = builtFlow("data_pack_10");
  const std::string id(mustLoad(json).identity());
  LoadOptions approved;
  approved.approved = std::vector<std::string>{std::string(mustLoad(builtFlow("cable_tv_huashu")).identity()), id};
  CHECK(Flow::load(json, approved));

  const std::string edited = resealed(replaced(json, "每月只需10元", "每月只需1元"));
  const LoadResult r = Flow::load(edited, approved);
  CHECK_FALSE(r);
  CHECK(r.unapproved);
  CHECK_THAT(r.error, Catch::StartsWith("flow sha256:") && Catch::Contains("(campaign 'data_pack_10') is not on the approved list (2 approved)"));

  LoadOptions none;
  none.approved.emplace();
  CHECK_FALSE(Flow::load(json, none));
}

TEST_CASE("a hand-edited flow cannot claim less than it must say", "[runtime][tamper][loader]") {
  const std::string pack = builtFlow("data_pack_10");
  SECTION("mandatory clauses dropped from the policy's list (R02)") {
    CHECK(tamperedError(pack, R"("mandatory": [
      "price",
      "includes",
      "effective",
      "term",
      "expiry",
      "downgrade"
    ])", R"("mandatory": ["price"])") == "offer.downgrade: the offer states a downgrade but no mandatory clause 'downgrade' discloses it (R02)");
  }
  SECTION("a clause that says nothing (R01)") {
    CHECK(tamperedError(pack, "\"每月只需10元\"", "\"。\"") == "clauses[0].text: clause 'price' says nothing a customer could hear (R01)");
  }
  SECTION("an owner question without the number (R03)") {
    CHECK(tamperedError(pack, "{phone.first3}尾号{phone.last4}", "尾号{phone.last4}") ==
          "steps[0]: the owner question must name the called number by {phone.first3} and {phone.last4} (R03)");
  }
  SECTION("a confirmation question replaced (R04, R05)") {
    CHECK_THAT(tamperedError(pack, "本次业务办理以录音为证,为您{phone.masked}号码开通10元5GB流量月包,", ""),
               Catch::EndsWith("the confirmation question must carry the recording notice '本次业务办理以录音为证' (R04)"));
  }
  SECTION("the product swapped (R05)") {
    CHECK_THAT(tamperedError(pack, R"("value": "10元5GB流量月包")", R"("value": "20元30GB流量月包")"),
               Catch::EndsWith("the confirmation question must name the product '20元30GB流量月包' (R05)"));
  }
  SECTION("ceilings above the rules' caps (R17)") {
    CHECK(tamperedError(pack, R"("abuse": 2)", R"("abuse": 99)") == "policy.limits.abuse: 99 exceeds the rules' cap of 2 (R17)");
    CHECK(tamperedError(pack, R"("wait": 2)", R"("wait": 3)") == "policy.limits.wait: 3 exceeds the rules' cap of 2 (R12)");
  }
  SECTION("a failed balance check routed to the sale (R21)") {
    const std::string cable = builtFlow("cable_tv_hd_b01");
    CHECK_THAT(tamperedError(cable, R"("step": "topup")", R"("step": "open")"),
               Catch::EndsWith("results.insufficient: the result 'insufficient' of 'balance_check' does not say it succeeded, and leads to the sale in 'open' (R21)"));
  }
}

TEST_CASE("disclosures moved after the confirmation never make a sale (R01)", "[runtime][tamper][session]") {
  const std::string disclose = R"({ "op": "disclose", "clauses": ["price", "includes", "effective", "term", "expiry", "downgrade"] },)";
  std::string moved = replaced(kDataPack, disclose, "");
  moved = replaced(moved, R"({ "op": "register" })", disclose + R"( { "op": "register" })");
  const Flow flow = mustLoad(moved);
  Session s = atConfirm(flow);
  const auto out = s.feedText("好的", 3000);
  CHECK_FALSE(has(out, ActionKind::Register));
  CHECK(lines(out)[6] == "[refused: R01 mandatory clauses were spoken only after the confirmation question]");
  CHECK_FALSE(s.registered());
}

TEST_CASE("a second registration on a finished sale is refused plainly, without a callback", "[runtime][tamper][session]") {
  const Flow flow = mustLoad(replaced(kDataPack, R"({ "op": "register" })", R"({ "op": "register" }, { "op": "register" })"));
  Session s = atConfirm(flow);
  const auto out = s.feedText("好的", 3000);
  CHECK(lines(out) == Lines{"[register 10元5GB流量月包 for 13512347754]", "[refused: R07 the sale is already registered on this call]",
                            "坐席: 已为您登记成功,稍后您会收到短信通知。", "[end success]"});
  CHECK_FALSE(has(out, ActionKind::ScheduleCallback));
  CHECK(s.outcome() == "success");
}

TEST_CASE("no proof, no sale: a lost audit record refuses the sale", "[runtime][tamper][audit]") {
  struct FailingSink : AuditSink {
    int good;              ///< records stored before the disk fills
    std::string_view lost; ///< records containing this are lost too
    explicit FailingSink(int n, std::string_view l = "\x01") : good(n), lost(l) {}
    bool write(std::string_view line) override { return line.find(lost) == std::string_view::npos && good-- > 0; }
  };
  const Flow flow = mustLoad(kDataPack);
  SECTION("an earlier record was lost") {
    FailingSink sink(2);
    Session s = atConfirm(flow, "13512347754", &sink);
    CHECK(s.auditFailed());
    const auto out = s.feedText("好的", 3000);
    CHECK_FALSE(has(out, ActionKind::Register));
    CHECK(lines(out).front() == "[refused: R20 the audit log could not be written: no proof, no sale]");
    CHECK(s.outcome() == "callback");
  }
  SECTION("the registration record itself is lost") {
    FailingSink sink(1000, R"("type":"register")");
    Session s = atConfirm(flow, "13512347754", &sink);
    REQUIRE_FALSE(s.auditFailed());
    const auto out = s.feedText("好的", 3000);
    CHECK_FALSE(has(out, ActionKind::Register));
    CHECK(s.auditFailed());
    CHECK_FALSE(s.registered());
  }
  SECTION("patter run exits non-zero when the audit log cannot be written") {
    Scratch scratch("tamper");
    const auto path = scratch.write("flow.json", kDataPack);
    const auto replies = scratch.write("replies.txt", "是的\n好的\n好的\n");
    const Captured c = capture(runCommand, {path, "--phone", "13512347754", "--replies", replies, "--audit", "/dev/full"});
    CHECK(c.status == 2);
    CHECK(c.out.find("[register") == std::string::npos);
    CHECK_THAT(c.err, Catch::Contains("/dev/full: an audit record could not be written; no sale is registered"));
  }
}

TEST_CASE("host times near the ends of int64 saturate instead of overflowing", "[runtime][tamper][time]") {
  const Flow flow = mustLoad(kDataPack);
  const Millis end = std::numeric_limits<Millis>::max();
  Session s(flow, CallContext{"13512347754"});
  s.start(end - 1000);
  s.feedText("是的", end - 10);
  s.feedText("好的", end - 5);
  const auto out = s.feedEvent("hangup", {.now = end});
  const auto cb = std::find_if(out.begin(), out.end(), [](const Action& a) { return a.kind == ActionKind::ScheduleCallback; });
  REQUIRE(cb != out.end());
  CHECK(cb->at == end);
  CHECK(cb->deadline == end);
}

TEST_CASE("inputs over the size limits get a clear error, not an allocation failure", "[runtime][tamper][limits]") {
  const std::string huge(kMaxFlowBytes + 1, ' ');
  CHECK(loadError(huge) == fmt::format("the flow is {} bytes, over the limit of {} bytes", huge.size(), kMaxFlowBytes));
  const Flow flow = mustLoad(kDataPack, keyed());
  CHECK_THAT(Session::restore(flow, std::string_view(huge).substr(0, (1u << 20) + 1)).error,
             Catch::StartsWith("snapshot: 1048577 bytes, over the limit of 1048576 bytes"));
  const Captured c = capture(runCommand, {"/dev/zero", "--phone", "13512347754"});
  CHECK(c.status == 2);
  CHECK_THAT(c.err, Catch::Contains("/dev/zero: larger than the limit of"));
}

TEST_CASE("snapshots are authenticated and bound to the call and the flow", "[runtime][tamper][snapshot]") {
  const std::string json = builtFlow("data_pack_10");
  const Flow flow = mustLoad(json, keyed());
  Session s(flow, CallContext{"13512347754", "call-1"});
  s.start(0);
  const std::string snap = s.snapshot();
  REQUIRE(Session::restore(flow, snap));

  SECTION("edited to say the owner was verified") {
    CHECK(Session::restore(flow, replaced(snap, R"("owner_verified":false)", R"("owner_verified":true)")).error ==
          "snapshot: mac: does not verify: the snapshot was edited, or taken with another key");
  }
  SECTION("edited to name another phone number") {
    CHECK_THAT(Session::restore(flow, replaced(snap, "13512347754", "13900001111")).error, Catch::StartsWith("snapshot: mac: does not verify"));
  }
  SECTION("another key") {
    LoadOptions other;
    other.snapshotKey = "another key";
    CHECK_THAT(Session::restore(mustLoad(json, other), snap).error, Catch::StartsWith("snapshot: mac: does not verify"));
  }
  SECTION("a flow without a key restores nothing") {
    CHECK_THAT(Session::restore(mustLoad(json), snap).error, Catch::StartsWith("snapshot: mac: no snapshot key is configured"));
  }
  SECTION("a rebuilt identical flow restores") {
    const std::string rebuilt = replaced(json, "\"examples/data_pack_10.patter\"", "\"/srv/campaigns/data_pack_10.patter\"");
    CHECK(Session::restore(mustLoad(rebuilt, keyed()), snap));
  }
  SECTION("a changed flow is refused with what changed") {
    const Flow changed = mustLoad(resealed(replaced(json, "每月只需10元", "每月只需12元")), keyed());
    CHECK_THAT(Session::restore(changed, snap).error, Catch::EndsWith("; changed: clauses"));
  }
}
