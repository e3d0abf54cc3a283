// The confirmation turn (R04, R05): everything the agent says from the customer's last reply to
// a `confirm`, checked for the recording notice, the product, the confirmation question and
// inducing words.
#pragma once

#include "Diagnostic.h"
#include "PathChecks.h"
#include "SourceManager.h"

namespace patter {

/// For each step with `confirm`, its turn is its own lines and, where the call comes into the
/// step without the customer speaking, the lines said right before: those of a step whose `goto`
/// or host-call result leads here, and of an objection whose `retry` returns here. Reports:
///
/// - words of the policy's `confirm_forbids` (patterns, as lexicon phrases) anywhere in the turn
///   (E0508, at the words);
/// - a turn without the policy's `recording` notice (E0506), without the offer's product or the
///   policy's `confirm_phrase` (E0507). These must be in the step's own lines, or, when the step
///   is only ever entered by `goto` or a host-call result, in the lines of each step that leads
///   there.
///
/// Texts are compared as spoken and normalised: templates filled in, traditional characters,
/// full-width forms, spaces and punctuation as the lexicon treats them.
void checkConfirmTurn(const ComplianceInputs &in, const SourceManager &sources,
                      DiagnosticEngine &diags);

} // namespace patter
