// Whether a source file is UTF-8, and what it probably is when it is not.
#pragma once

#include "Diagnostic.h"

namespace patter {

/// Reports a file that is not UTF-8 and returns false: a UTF-16 file (even one whose bytes
/// happen to be valid UTF-8) or one that reads as GBK is E0009, naming the encoding to convert
/// from; any other invalid byte is E0001 at its line and column.
bool checkEncoding(const SourceManager &sources, uint32_t file, DiagnosticEngine &diags);

} // namespace patter
