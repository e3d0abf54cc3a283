// The flow loader on any bytes: an error or a flow, never a crash, a hang or undefined behaviour;
// a flow that loads has an identity that loading it again reproduces.
#include <cstdlib>
#include <string_view>

#include "patter/flow.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const patter::LoadResult r = patter::Flow::load(text);
  if (r && patter::Flow::load(text).flow->identity() != r.flow->identity()) std::abort();
  if (!r && r.error.empty()) std::abort();
  return 0;
}
