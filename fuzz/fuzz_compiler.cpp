// The compiler front end on any source text (with the standard library to import): diagnostics or
// a flow, never a crash; a flow it emits loads in the runtime.
#include <cstdlib>
#include <string>

#include "Compiler.h"
#include "patter/flow.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  patter::SearchPath path;
  path.stdlibDir = std::string(PATTER_SOURCE_DIR) + "/stdlib";
  patter::Compilation compilation(path);
  const auto flow = compilation.run("fuzz.patter", std::string(reinterpret_cast<const char*>(data), size), true);
  if (flow && !patter::Flow::load(*flow)) std::abort(); // a clean build always runs
  return 0;
}
