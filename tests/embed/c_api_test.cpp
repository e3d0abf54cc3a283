// The C API (patter.h) through the shared library: ownership, error paths, a whole call, threads.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "patter/patter.h"
#include "patter/session.h"

extern "C" int patter_c_header_check(void); // c_header_check.c, compiled as C99
extern "C" const char* patter_c_unknown_status_string(void); // c_header_check.c

namespace {

std::string readSource(const std::string& relative) {
  std::ifstream in(std::string(PATTER_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The compiled 10085 data-pack campaign, as `patter build` writes it.
const std::string& dataPackJson() {
  static const std::string json = readSource("tests/golden/examples/data_pack_10.flow.json");
  return json;
}

constexpr std::int64_t kStart = 1'700'000'000'000;

constexpr unsigned char kSnapshotKey[] = "embedding test key";

/// Owns a flow handle for a test, loaded with a snapshot key.
struct FlowHandle {
  patter_flow* flow = nullptr;
  FlowHandle() {
    char* error = nullptr;
    patter_load_options options{};
    options.snapshot_key = kSnapshotKey;
    options.snapshot_key_len = sizeof kSnapshotKey - 1;
    REQUIRE(patter_flow_load_with_options(dataPackJson().data(), dataPackJson().size(), &options, &flow, &error) ==
            PATTER_OK);
    REQUIRE(error == nullptr);
  }
  ~FlowHandle() { patter_flow_free(flow); }
};

/// A new session on `flow` for the number 13512347754; the caller frees it.
patter_session* newSession(const patter_flow* flow, const patter_session_options* options = nullptr) {
  patter_session* s = nullptr;
  REQUIRE(patter_session_new(flow, "13512347754", options, &s, nullptr) == PATTER_OK);
  return s;
}

/// What a feed returned, copied out of the session's storage.
struct Turn {
  patter_status status = PATTER_OK;
  std::vector<std::string> lines; ///< "say TEXT", "register PRODUCT for NUMBER", "end OUTCOME", ...
};

Turn copyOut(patter_status status, const patter_action* actions, std::size_t count) {
  Turn turn{status, {}};
  for (std::size_t i = 0; i < count; ++i) {
    const patter_action& a = actions[i];
    switch (a.kind) {
    case PATTER_ACTION_SAY: turn.lines.push_back(std::string("say ") + a.text); break;
    case PATTER_ACTION_REGISTER: turn.lines.push_back(std::string("register ") + a.text + " for " + a.number); break;
    case PATTER_ACTION_END: turn.lines.push_back(std::string("end ") + a.outcome); break;
    default: turn.lines.push_back(a.kind_name); break;
    }
  }
  return turn;
}

Turn start(patter_session* s) {
  const patter_action* actions = nullptr;
  std::size_t count = 0;
  const patter_status status = patter_session_start(s, kStart, &actions, &count);
  return copyOut(status, actions, count);
}

Turn reply(patter_session* s, const char* text) {
  const patter_action* actions = nullptr;
  std::size_t count = 0;
  const patter_status status = patter_session_feed_text(s, text, std::strlen(text), PATTER_NO_TIME, &actions, &count);
  return copyOut(status, actions, count);
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  for (const auto& l : lines)
    if (l == line) return true;
  return false;
}

} // namespace

TEST_CASE("the library reports the version of its header", "[c_api][embed]") {
  const std::string expected = std::to_string(PATTER_VERSION_MAJOR) + "." + std::to_string(PATTER_VERSION_MINOR) +
                               "." + std::to_string(PATTER_VERSION_PATCH);
  CHECK(std::string(patter_version()) == expected);
}

TEST_CASE("the header compiles as C and the API works from C", "[c_api][embed]") {
  CHECK(patter_c_header_check() == 1);
}

TEST_CASE("every status has a description", "[c_api][embed]") {
  CHECK(std::string(patter_status_string(PATTER_OK)) == "ok");
  CHECK(std::string(patter_status_string(PATTER_ERROR_INVALID_FLOW)) == "invalid flow");
  // From C: in C++ a patter_status outside its enumerators' range cannot even be formed.
  CHECK(std::string(patter_c_unknown_status_string()) == "unknown status");
}

TEST_CASE("a flow that is not JSON gives an error message and no flow", "[c_api][embed]") {
  const char json[] = "{\"format\": \"patter-flow\", ";
  patter_flow* flow = reinterpret_cast<patter_flow*>(&flow); // must be overwritten
  char* error = nullptr;
  CHECK(patter_flow_load(json, sizeof json - 1, &flow, &error) == PATTER_ERROR_INVALID_FLOW);
  CHECK(flow == nullptr);
  REQUIRE(error != nullptr);
  CHECK(std::strlen(error) > 0);
  patter_string_free(error);
}

TEST_CASE("a flow that fails validation names the JSON path", "[c_api][embed]") {
  const std::string json = "{\"format\": \"patter-flow\", \"version\": 99}";
  patter_flow* flow = nullptr;
  char* error = nullptr;
  CHECK(patter_flow_load(json.data(), json.size(), &flow, &error) == PATTER_ERROR_INVALID_FLOW);
  REQUIRE(error != nullptr);
  CHECK(std::string(error).find("version") != std::string::npos);
  patter_string_free(error);
}

TEST_CASE("loading needs somewhere to put the flow; the error message is optional", "[c_api][embed]") {
  char* error = nullptr;
  CHECK(patter_flow_load(dataPackJson().data(), dataPackJson().size(), nullptr, &error) ==
        PATTER_ERROR_INVALID_ARGUMENT);
  REQUIRE(error != nullptr);
  patter_string_free(error);
  patter_flow* flow = nullptr;
  CHECK(patter_flow_load(nullptr, 10, &flow, nullptr) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_flow_load(nullptr, 0, &flow, nullptr) == PATTER_ERROR_INVALID_FLOW);
  CHECK(flow == nullptr);
}

TEST_CASE("freeing NULL handles and strings is harmless", "[c_api][embed]") {
  patter_flow_free(nullptr);
  patter_session_free(nullptr);
  patter_string_free(nullptr);
  CHECK(std::string(patter_flow_campaign_id(nullptr)).empty());
  CHECK(patter_session_finished(nullptr) == 0);
  CHECK(std::string(patter_session_outcome(nullptr)).empty());
  CHECK(std::string(patter_session_error(nullptr)).empty());
}

TEST_CASE("a session needs a flow and a phone number", "[c_api][embed]") {
  FlowHandle f;
  patter_session* s = nullptr;
  char* error = nullptr;
  CHECK(patter_session_new(nullptr, "13512347754", nullptr, &s, &error) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(s == nullptr);
  REQUIRE(error != nullptr);
  CHECK(std::string(error).find("flow") != std::string::npos);
  patter_string_free(error);
  CHECK(patter_session_new(f.flow, nullptr, nullptr, &s, nullptr) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_session_new(f.flow, "", nullptr, &s, nullptr) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_session_new(f.flow, "13512347754", nullptr, nullptr, nullptr) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(s == nullptr);
}

TEST_CASE("feeding with missing arguments is refused with a message, and the call goes on", "[c_api][embed]") {
  FlowHandle f;
  patter_session* s = newSession(f.flow);
  const patter_action* actions = nullptr;
  std::size_t count = 7;
  CHECK(patter_session_start(nullptr, kStart, &actions, &count) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(count == 0);
  CHECK(patter_session_start(s, kStart, nullptr, &count) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(patter_session_error(s)).find("NULL") != std::string::npos);
  CHECK(start(s).lines.size() == 1);
  CHECK(patter_session_feed_event(s, nullptr, nullptr, &actions, &count) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_session_feed_event(s, "", nullptr, &actions, &count) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_session_feed_text(s, nullptr, 3, PATTER_NO_TIME, &actions, &count) == PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(patter_session_error(s)).find("text") != std::string::npos);
  const Turn owner = reply(s, "是的");
  CHECK(owner.status == PATTER_OK);
  CHECK(std::string(patter_session_error(s)).empty());
  CHECK(std::string(patter_session_waiting_at(s)) == "pitch");
  patter_session_free(s);
}

TEST_CASE("a whole call through the C API ends in a sale for the called number", "[c_api][embed]") {
  FlowHandle f;
  CHECK(std::string(patter_flow_campaign_id(f.flow)) == "data_pack_10");
  patter_session* s = newSession(f.flow);
  const Turn greeting = start(s);
  REQUIRE(greeting.lines.size() == 1);
  CHECK(greeting.lines[0] == "say 您好,我是中国移动10085客服,请问您是135尾号7754的机主吗?");
  CHECK(contains(reply(s, "是的").lines, "say 每月只需10元"));
  reply(s, "好的");
  const Turn done = reply(s, "是的,办理吧");
  CHECK(contains(done.lines, "register 10元5GB流量月包 for 13512347754"));
  CHECK(contains(done.lines, "end success"));
  CHECK(patter_session_finished(s) == 1);
  CHECK(std::string(patter_session_outcome(s)) == "success");
  patter_session_free(s);
}

TEST_CASE("actions stay valid until the next feed on the thread", "[c_api][embed]") {
  FlowHandle f;
  patter_session* s = newSession(f.flow);
  const patter_action* actions = nullptr;
  std::size_t count = 0;
  REQUIRE(patter_session_start(s, kStart, &actions, &count) == PATTER_OK);
  REQUIRE(count == 1);
  const char* greeting = actions[0].text;
  // Queries are not feeds: they leave the actions alone.
  CHECK(patter_session_finished(s) == 0);
  CHECK(std::string(patter_session_waiting_at(s)) == "greet");
  CHECK(std::string(greeting).find("10085") != std::string::npos);
  CHECK(actions[0].kind == PATTER_ACTION_SAY);
  CHECK(std::string(actions[0].kind_name) == "say");
  CHECK(std::string(actions[0].rule).empty()); // fields that do not apply are "", never NULL
  patter_session_free(s);
}

TEST_CASE("a session outlives the flow handle it was made from", "[c_api][embed]") {
  auto* f = new FlowHandle;
  patter_session* s = newSession(f->flow);
  delete f;
  CHECK(start(s).lines.size() == 1);
  CHECK(reply(s, "是的").status == PATTER_OK);
  patter_session_free(s);
}

TEST_CASE("the audit callback receives one JSON object per record", "[c_api][embed][audit]") {
  FlowHandle f;
  std::vector<std::string> records;
  patter_session_options options{};
  options.session_id = "call-42";
  options.audit = [](void* user, const char* line, std::size_t len) {
    static_cast<std::vector<std::string>*>(user)->emplace_back(line, len);
    return 0;
  };
  options.audit_user = &records;
  patter_session* s = newSession(f.flow, &options);
  start(s);
  reply(s, "是的");
  patter_session_free(s);
  REQUIRE(!records.empty());
  for (const std::string& r : records) {
    CHECK(r.front() == '{');
    CHECK(r.back() == '}');
    CHECK(r.find('\n') == std::string::npos);
  }
  bool mentionsId = false;
  for (const std::string& r : records) mentionsId |= r.find("call-42") != std::string::npos;
  CHECK(mentionsId);
}

TEST_CASE("an audit callback that fails is reported at once and refuses the sale", "[c_api][embed][audit]") {
  FlowHandle f;
  int stored = 0;
  patter_session_options options{};
  options.audit = [](void* user, const char*, std::size_t) { return ++*static_cast<int*>(user) > 3 ? 28 /* ENOSPC */ : 0; };
  options.audit_user = &stored;
  patter_session* s = newSession(f.flow, &options);
  start(s);
  CHECK(patter_session_audit_failed(s) == 0);
  const patter_action* actions = nullptr;
  std::size_t count = 0;
  CHECK(patter_session_feed_text(s, "是的", std::strlen("是的"), PATTER_NO_TIME, &actions, &count) == PATTER_ERROR_AUDIT);
  CHECK(count > 0); // the actions are still handed out
  CHECK(patter_session_audit_failed(s) == 1);
  CHECK(reply(s, "好的").status == PATTER_ERROR_AUDIT);
  const auto confirmed = reply(s, "好的");
  for (const std::string& line : confirmed.lines) CHECK(line.find("[register") == std::string::npos);
  patter_session_free(s);
}

TEST_CASE("a host that requires approval loads only approved flows", "[c_api][embed][identity]") {
  FlowHandle f;
  const std::string id = patter_flow_identity(f.flow);
  CHECK(id.rfind("sha256:", 0) == 0);
  const char* approved[] = {id.c_str()};
  patter_load_options options{};
  options.require_approval = 1;
  options.approved = approved;
  options.approved_count = 1;
  patter_flow* flow = nullptr;
  char* error = nullptr;
  CHECK(patter_flow_load_with_options(dataPackJson().data(), dataPackJson().size(), &options, &flow, &error) == PATTER_OK);
  patter_flow_free(flow);
  options.approved_count = 0;
  const patter_status refused =
      patter_flow_load_with_options(dataPackJson().data(), dataPackJson().size(), &options, &flow, &error);
  INFO("error: " << (error ? error : ""));
  CHECK(refused == PATTER_ERROR_NOT_APPROVED);
  CHECK(flow == nullptr);
  REQUIRE(error != nullptr);
  CHECK(std::string(error).find(id + " (campaign 'data_pack_10') is not on the approved list") != std::string::npos);
  patter_string_free(error);
}

TEST_CASE("a snapshot restores into a session that goes on exactly like the original", "[c_api][embed][snapshot]") {
  FlowHandle f;
  patter_session* original = newSession(f.flow);
  start(original);
  reply(original, "是的");
  char* json = nullptr;
  std::size_t len = 0;
  REQUIRE(patter_session_snapshot(original, &json, &len) == PATTER_OK);
  REQUIRE(json != nullptr);
  CHECK(std::strlen(json) == len);

  patter_session* copy = nullptr;
  char* error = nullptr;
  REQUIRE(patter_session_restore(f.flow, json, len, nullptr, &copy, &error) == PATTER_OK);
  patter_string_free(json);
  CHECK(std::string(patter_session_waiting_at(copy)) == "pitch");
  for (const char* text : {"我家里有WiFi", "好的", "是的"})
    CHECK(reply(copy, text).lines == reply(original, text).lines);
  CHECK(std::string(patter_session_outcome(copy)) == "success");
  patter_session_free(copy);
  patter_session_free(original);
}

TEST_CASE("a damaged snapshot is refused with a message", "[c_api][embed][snapshot]") {
  FlowHandle f;
  patter_session* s = nullptr;
  char* error = nullptr;
  const char junk[] = "{\"not\": \"a snapshot\"}";
  CHECK(patter_session_restore(f.flow, junk, sizeof junk - 1, nullptr, &s, &error) ==
        PATTER_ERROR_INVALID_SNAPSHOT);
  CHECK(s == nullptr);
  REQUIRE(error != nullptr);
  CHECK(std::strlen(error) > 0);
  patter_string_free(error);
  CHECK(patter_session_restore(nullptr, junk, sizeof junk - 1, nullptr, &s, nullptr) ==
        PATTER_ERROR_INVALID_ARGUMENT);
  CHECK(patter_session_snapshot(nullptr, &error, nullptr) == PATTER_ERROR_INVALID_ARGUMENT);
}

TEST_CASE("one flow drives calls on several threads at once", "[c_api][embed][threads]") {
  FlowHandle f;
  std::vector<std::thread> threads;
  std::vector<int> succeeded(4, 0);
  for (std::size_t t = 0; t < succeeded.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < 50; ++call) {
        patter_session* s = nullptr;
        if (patter_session_new(f.flow, "13512347754", nullptr, &s, nullptr) != PATTER_OK) return;
        const patter_action* actions = nullptr;
        std::size_t count = 0;
        patter_session_start(s, kStart, &actions, &count);
        for (const char* text : {"是的", "好的", "是的"})
          patter_session_feed_text(s, text, std::strlen(text), PATTER_NO_TIME, &actions, &count);
        succeeded[t] += std::string(patter_session_outcome(s)) == "success";
        patter_session_free(s);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(succeeded == std::vector<int>(4, 50));
}

TEST_CASE("the C++ API is exported from the shared library too", "[c_api][embed]") {
  auto loaded = patter::Flow::load(dataPackJson());
  REQUIRE(loaded);
  patter::CallContext context;
  context.phone = "13512347754";
  patter::Session session(*loaded.flow, context);
  const auto actions = session.start(kStart);
  REQUIRE(actions.size() == 1);
  CHECK(patter::transcriptLine(actions[0]).find("10085") != std::string::npos);
  CHECK(loaded.flow->reader().read("不用了").kind != patter::ReplyClass::Yes);
}

TEST_CASE("labelled corpus through the C API: only an explicit yes registers a sale", "[c_api][embed][corpus]") {
  FlowHandle f;
  std::istringstream corpus(readSource("tests/runtime/replies/corpus.tsv"));
  int rows = 0;
  for (std::string line; std::getline(corpus, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('\t'), b = line.find('\t', a + 1);
    const std::string step = line.substr(0, a), label = line.substr(a + 1, b - a - 1), reply = line.substr(b + 1);
    if (step != "confirm") continue;
    ++rows;
    INFO(label << ": " << reply);
    patter_session* s = newSession(f.flow);
    const patter_action* actions = nullptr;
    std::size_t count = 0;
    patter_session_start(s, kStart, &actions, &count);
    for (const char* answer : {"是的", "好的"}) patter_session_feed_text(s, answer, std::strlen(answer), kStart, &actions, &count);
    REQUIRE(patter_session_feed_text(s, reply.data(), reply.size(), kStart, &actions, &count) == PATTER_OK);
    bool registered = false;
    for (std::size_t i = 0; i < count; ++i) registered |= actions[i].kind == PATTER_ACTION_REGISTER;
    if (registered) CHECK(label == "yes");
    // The same words from a host that reads speech itself: its `yes` counts only if they read as one.
    patter_session* h = newSession(f.flow);
    patter_session_start(h, kStart, &actions, &count);
    for (const char* answer : {"是的", "好的"}) patter_session_feed_text(h, answer, std::strlen(answer), kStart, &actions, &count);
    REQUIRE(patter_session_feed_reply(h, "yes", reply.data(), reply.size(), kStart, &actions, &count) == PATTER_OK);
    registered = false;
    for (std::size_t i = 0; i < count; ++i) registered |= actions[i].kind == PATTER_ACTION_REGISTER;
    if (registered) CHECK(label == "yes");
    patter_session_free(s);
    patter_session_free(h);
  }
  CHECK(rows >= 300);
}
