// Writing an output file so that readers see the old file or the whole new one, never half.
#pragma once

#include <string>

namespace patter::cli {

/// Writes `contents` to a temporary file beside `path`, flushes it to disk and renames it
/// over `path`. On failure `path` is untouched, the temporary is removed and `error` says why.
bool writeFileAtomically(const std::string &path, const std::string &contents,
                         std::string &error);

} // namespace patter::cli
