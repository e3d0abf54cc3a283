// Snapshot restore on any bytes: refused with a reason, or a session that keeps the sale
// invariant (driver.h) however the call goes on. The first half of the input also drives a call
// whose real snapshot is then restored and driven by the second half.
#include "driver.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& flows = patter::fuzz::flows();
  if (size == 0) return 0;
  const patter::Flow& flow = flows[data[0] % flows.size()];
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto r = patter::Session::restore(flow, text)) {
    // Whatever consent a restored snapshot claims is taken as current: only its other checks apply.
    patter::fuzz::drive(flow, *r.session, data, size, true);
  } else if (r.error.empty()) {
    std::abort();
  }
  patter::Session s(flow, patter::CallContext{"13512347754"});
  s.start(0);
  const std::size_t half = size / 2;
  const bool consent = patter::fuzz::drive(flow, s, data + 1, half);
  auto restored = patter::Session::restore(flow, s.snapshot());
  if (!restored) patter::fuzz::violated("a real snapshot does not restore");
  patter::fuzz::drive(flow, *restored.session, data + 1 + half, size - 1 - half, consent);
  return 0;
}
