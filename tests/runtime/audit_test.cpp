// The audit log: the exact JSON Lines of a scripted call (golden), one record per write, and the
// verdicts of `patter audit` on compliant, non-compliant and malformed logs (R20).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "patter/session.h"
#include "support.h"

namespace fs = std::filesystem;
using patter::test::Captured;
using patter::test::capture;
using patter::test::kDataPack;
using patter::test::kSource;
using patter::test::replaced;
using patter::test::Scratch;
using patter::test::slurp;

namespace {

const fs::path kGolden = kSource / "tests/runtime/golden";

/// Compares `actual` with the golden file; PATTER_UPDATE_GOLDEN=1 rewrites it instead.
void compareGolden(const fs::path& golden, const std::string& actual) {
  if (const char* u = std::getenv("PATTER_UPDATE_GOLDEN"); u != nullptr && std::string_view(u) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  INFO("golden: " << golden.string() << " (PATTER_UPDATE_GOLDEN=1 rewrites it)");
  CHECK(slurp(golden) == actual);
}

/// Runs a scripted call with `patter run --audit`; returns the log.
std::string auditedRun(Scratch& s, std::string_view flowJson, std::string_view replies, const std::string& name) {
  const auto flow = s.write(name + ".json", flowJson);
  const auto script = s.write(name + ".txt", replies);
  const std::string log = (s.dir / (name + ".jsonl")).string();
  const Captured c = capture(runCommand, {flow, "--replies", script, "--audit", log, "--session", "call-0001",
                                          "--start-time", "1700000000000"});
  REQUIRE(c.status == 0);
  return slurp(log);
}

const char* const kSuccessReplies = "是的\n家里有wifi\n好的\n嗯\n是的,办理吧\n";

} // namespace

TEST_CASE("the audit log of a scripted sale, line by line", "[runtime][audit]") {
  Scratch s("audit");
  compareGolden(kGolden / "data_pack_success.audit.jsonl", auditedRun(s, kDataPack, kSuccessReplies, "success"));
}

TEST_CASE("every audit record is written (and flushed) as it happens", "[runtime][audit]") {
  struct Sink : patter::AuditSink {
    std::vector<std::string> lines;
    void write(std::string_view line) override { lines.emplace_back(line); }
  } sink;
  const auto flow = patter::test::mustLoad(kDataPack);
  patter::Session session(flow, patter::CallContext{"13512347754", "call-9", &sink});
  session.start(1000);
  REQUIRE(sink.lines.size() == 2); // start, and the greeting
  CHECK_THAT(sink.lines[0], Catch::Contains(R"("type":"start")") && Catch::Contains(std::string(flow.hash())));
  session.feedText("是的", 2000);
  CHECK_THAT(sink.lines[2], Catch::Contains(R"("type":"reply")") && Catch::Contains(R"("class":"yes")"));
  CHECK_THAT(sink.lines[3], Catch::Contains(R"("type":"owner")") && Catch::Contains(R"("reply":"是的")"));
  CHECK_THAT(sink.lines[5], Catch::Contains(R"("clause":"price")") && Catch::Contains(R"("t":2000)"));
  for (const auto& line : sink.lines) CHECK(line.find('\n') == std::string::npos);
}

TEST_CASE("patter audit proves a compliant call", "[runtime][audit][cli]") {
  Scratch s("audit");
  const auto log = s.write("log.jsonl", auditedRun(s, kDataPack, kSuccessReplies, "success"));
  const Captured c = capture(auditCommand, {log});
  CHECK(c.status == 0);
  CHECK(c.err.empty());
  compareGolden(kGolden / "data_pack_success.audit.txt", c.out);
}

TEST_CASE("patter audit: a call without a sale made none, which is no failure", "[runtime][audit][cli]") {
  Scratch s("audit");
  const auto log = s.write("log.jsonl", auditedRun(s, kDataPack, "是的\n好的\n!hangup\n", "hangup"));
  const Captured c = capture(auditCommand, {log});
  CHECK(c.status == 0);
  CHECK_THAT(c.out, Catch::Contains("  no sale was made (outcome callback): nothing was registered, so there is no "
                                    "consent to prove\n"));
  CHECK_THAT(c.out, Catch::Contains("  verdict: no sale\n"));
  CHECK_THAT(c.out, !Catch::Contains("NOT PROVEN"));
}

/// A hand-written call: start, then `body`, then a registration.
std::string saleLog(const std::string& body) {
  return R"({"seq":1,"t":0,"session":"x","type":"start","format":"patter-audit","campaign":"c","flow":"f"}
)" + body + R"({"seq":9,"t":9,"session":"x","type":"register","step":"done","product":"p","number":"135"}
)";
}

TEST_CASE("patter audit: what a non-compliant sale fails to prove", "[runtime][audit][cli]") {
  Scratch s("audit");
  SECTION("the end time was never stated") {
    const auto log = s.write("log.jsonl", saleLog(R"({"seq":2,"t":1,"session":"x","type":"say","step":"p","text":"每月10元","clause":"price"}
{"seq":3,"t":2,"session":"x","type":"say","step":"p","text":"5GB","clause":"includes"}
{"seq":4,"t":3,"session":"x","type":"consent","step":"confirm","reply":"好的"}
)"));
    const Captured c = capture(auditCommand, {log});
    CHECK(c.status == 1);
    CHECK_THAT(c.out, Catch::Contains("  end time stated: NOT PROVEN (no line disclosed the clause 'term' or 'expiry')\n"));
    CHECK_THAT(c.out, Catch::Contains("  customer accepted: NOT PROVEN\n"));
    CHECK_THAT(c.out, Catch::Contains("  not proven: no explicit yes at a confirmation after every clause was stated and "
                                      "before the sale\n"));
  }
  SECTION("a yes before the price was stated is not acceptance of it") {
    const auto log = s.write("log.jsonl", saleLog(R"({"seq":2,"t":1,"session":"x","type":"consent","step":"confirm","reply":"好的"}
{"seq":3,"t":2,"session":"x","type":"say","step":"p","text":"每月10元","clause":"price"}
{"seq":4,"t":3,"session":"x","type":"say","step":"p","text":"5GB","clause":"includes"}
{"seq":5,"t":4,"session":"x","type":"say","step":"p","text":"12个月","clause":"term"}
)"));
    const Captured c = capture(auditCommand, {log});
    CHECK(c.status == 1);
    CHECK_THAT(c.out, Catch::Contains("customer accepted: NOT PROVEN"));
  }
  SECTION("a clause stated only after the sale") {
    const auto log = s.write("log.jsonl", saleLog(R"({"seq":2,"t":1,"session":"x","type":"say","step":"p","text":"每月10元","clause":"price"}
{"seq":3,"t":2,"session":"x","type":"say","step":"p","text":"5GB","clause":"includes"}
{"seq":4,"t":3,"session":"x","type":"consent","step":"confirm","reply":"好的"}
)") + R"({"seq":10,"t":10,"session":"x","type":"say","step":"p","text":"12个月","clause":"term"}
)");
    const Captured c = capture(auditCommand, {log});
    CHECK(c.status == 1);
    CHECK_THAT(c.out, Catch::Contains("  not proven: clause 'term' or 'expiry' was not stated before the sale\n"));
  }
}

TEST_CASE("patter audit reports malformed lines with their numbers and judges the rest", "[runtime][audit][cli]") {
  Scratch s("audit");
  const auto log = s.write("bad.jsonl", R"({"seq":1,"t":0,"session":"x","type":"start","format":"patter-audit"}
{"seq":2,"t":1,"session":"x","type":"say","text":"每月10元","clause":"price"}
{"seq":3,"t":1,"session":"x","type":"say",
[1,2]

{"seq":5,"session":"x","type":"say"}
{"seq":6,"t":2,"session":"x","type":"end","step":"p","outcome":"declined"}
)");
  const Captured c = capture(auditCommand, {log});
  CHECK(c.status == 2);
  CHECK_THAT(c.out, Catch::Contains("  no sale was made (outcome declined)"));
  CHECK(c.err == "patter: error: " + log + ":3: malformed audit record: not valid JSON\n" +
                     "patter: error: " + log + ":4: malformed audit record: not a JSON object\n" +
                     "patter: error: " + log + ":6: malformed audit record: no time 't'\n" +
                     "patter: error: " + log + ": 3 malformed lines\n");
  CHECK(capture(auditCommand, {(s.dir / "none.jsonl").string()}).status == 2);
  CHECK(capture(auditCommand, {s.write("empty.jsonl", "")}).status == 2);
  CHECK(capture(auditCommand, {}).status == 2);
}
