// R02: the clauses block holds every clause the campaign's policy makes mandatory.
#pragma once

#include "Diagnostic.h"
#include "Program.h"

namespace patter {

void checkMandatoryClauses(const Program &program, DiagnosticEngine &diags);

} // namespace patter
