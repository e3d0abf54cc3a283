// `allow R09 "reason"`: silences one rule in one statement, clause or step, and nothing else.
#pragma once

#include "Diagnostic.h"
#include "Program.h"

namespace patter {

/// Marks each diagnostic of a waived rule whose position lies inside the waiver's statement,
/// clause or step as waived (kept for the record, no longer an error); then warns about every
/// waiver that silenced nothing (W0512).
void applyWaivers(const Program &program, DiagnosticEngine &diags);

} // namespace patter
