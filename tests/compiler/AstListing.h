// A listing of a whole AST, every field and every source range, for tests that compare trees.
// Module::dump is what golden files read and leaves most ranges out; this leaves out nothing.
#pragma once

#include "AST.h"

#include <string>

namespace patter::test {

/// One line per node or field, indented by depth, ranges as `[file:line:column-line:column)`.
std::string listAst(const ast::Module &module);

} // namespace patter::test
