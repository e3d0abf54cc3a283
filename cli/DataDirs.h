// Where the standard library and the diagnostic pages are, found from the executable's own place.
#pragma once

#include <string>

namespace patter::cli {

/// The folders `patter` reads beside its own files. An installed patter finds them relative to
/// its executable (`bin/../share/patter/`), so the prefix can be moved and the source and build
/// trees removed; a patter run from its build tree finds the sources through the
/// `patter-source-tree` file the build writes beside it. Either is empty when not found.
struct DataDirs {
  std::string stdlib; ///< holds `std/...`
  std::string docs;   ///< holds the per-code pages, `E0501.md`
};

/// $PATTER_STDLIB and $PATTER_DOCS override what is found.
const DataDirs &dataDirs();

} // namespace patter::cli
