// A session driven by any sequence of replies and events on the example flows, checking the sale
// invariant (driver.h) after every feed.
#include "driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& flows = patter::fuzz::flows();
  const patter::Flow& flow = flows[data[0] % flows.size()];
  patter::Session s(flow, patter::CallContext{"13512347754"});
  patter::fuzz::check(flow, s, s.start(0), false);
  patter::fuzz::drive(flow, s, data + 1, size - 1);
  return 0;
}
