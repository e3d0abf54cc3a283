// The one door to the parser: source text in, our own AST out. Nothing from ANTLR leaks here.
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include <memory>

namespace patter {

/// Parses one source file already added to `sources`. Syntax errors are reported to `diags`
/// and parsing recovers, so one run reports several; the returned module holds whatever could
/// be built. Invalid UTF-8 is reported and yields an empty module.
std::unique_ptr<ast::Module> parse(const SourceManager &sources, uint32_t file,
                                   DiagnosticEngine &diags);

} // namespace patter
