// Memory per live C API session (docs/PERFORMANCE.md): 100,000 calls opened through patter.h on one
// flow, each left at the confirmation, as runtime_bench leaves its C++ sessions.
//
//   c_api_bench [--sessions N]
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "measure.h"
#include "patter/patter.h"

namespace {

patter_session* openAtConfirmation(const patter_flow* flow, const char* phone) {
  patter_session* s = nullptr;
  if (patter_session_new(flow, phone, nullptr, &s, nullptr) != PATTER_OK) std::exit(1);
  const patter_action* actions = nullptr;
  size_t count = 0;
  patter_session_start(s, PATTER_NO_TIME, &actions, &count);
  for (const char* reply : {"是的", "好的"}) {
    patter_session_feed_text(s, reply, std::strlen(reply), PATTER_NO_TIME, &actions, &count);
  }
  return s;
}

} // namespace

int main(int argc, char** argv) {
  unsigned count = 100000;
  if (argc == 3 && std::string(argv[1]) == "--sessions") count = static_cast<unsigned>(std::atoi(argv[2]));
  std::ifstream in(PATTER_SOURCE_DIR "/tests/golden/examples/data_pack_10.flow.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  patter_flow* flow = nullptr;
  char* error = nullptr;
  if (patter_flow_load(json.data(), json.size(), &flow, &error) != PATTER_OK) {
    std::fprintf(stderr, "error: %s\n", error ? error : "cannot load the flow");
    return 1;
  }
  std::vector<std::string> phones;
  phones.reserve(count);
  for (unsigned i = 0; i < count; ++i) phones.push_back("135" + std::to_string(10000000 + i));
  std::vector<patter_session*> sessions;
  sessions.reserve(count);
  // The thread's published actions of the first call are allocated once, outside the figure.
  patter_session_free(openAtConfirmation(flow, "13500000000"));
  malloc_trim(0);
  const struct mallinfo2 before = mallinfo2();
  const long rssBefore = patter::bench::residentBytes();
  for (unsigned i = 0; i < count; ++i) sessions.push_back(openAtConfirmation(flow, phones[i].c_str()));
  const struct mallinfo2 after = mallinfo2();
  const long rss = patter::bench::residentBytes() - rssBefore;
  for (patter_session* s : sessions) {
    if (std::strcmp(patter_session_waiting_at(s), "confirm") != 0) {
      std::fprintf(stderr, "error: a session is at '%s', not at the confirmation\n", patter_session_waiting_at(s));
      return 1;
    }
  }
  const double heap = static_cast<double>((after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd)) / count;
  const double resident = static_cast<double>(rss) / count;
  std::printf("## Memory per live C API session (%u sessions at the confirmation, one flow)\n\n", count);
  std::printf("| heap bytes/session (mallinfo2) | RSS bytes/session | RSS for all MB | <= 512 bytes/session |\n");
  std::printf("|---|---|---|---|\n| %.0f | %.0f | %.1f | %s |\n", heap, resident, rss / 1e6,
              heap <= 512 && resident <= 512 ? "met" : "NOT met");
  for (patter_session* s : sessions) patter_session_free(s);
  patter_flow_free(flow);
  return 0;
}
