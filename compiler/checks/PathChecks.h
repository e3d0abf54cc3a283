// Path-sensitive compliance checks on the flow graph (R01, R03, R04, R05, R07, R08, R11, R12),
// each explained by the shortest path from `start` that breaks the rule.
#pragma once

#include "Diagnostic.h"
#include "FlowGraph.h"
#include "PolicySettings.h"
#include "Templates.h"
#include "Wording.h"

namespace patter {

struct ComplianceInputs {
  const Program &program;
  const FlowGraph &graph;
  const PolicySettings &policy;
  const TemplateScope &templates;
  std::string product; ///< the offer's product as spoken, or empty
  const ClauseClaims &claims; ///< claims allowed only after a clause (R09), from the wording pass
};

/// Explores every path from `start` (with the state a rule needs: clauses disclosed, owner
/// verified, consent fresh, wait phrases in a row) and reports the first, shortest violation at
/// each statement.
void checkCallPaths(const ComplianceInputs &in, DiagnosticEngine &diags);

/// The two halves of checkCallPaths. Whether some path breaks a rule checkCallPaths checks:
/// a search that does not keep the step each interruption returns to, linear in the campaign.
bool callPathsBreakRules(const ComplianceInputs &in);
/// The search that finds, for each statement, the shortest path on which it breaks a rule;
/// its states grow with steps times objections, so checkCallPaths runs it only when needed.
void reportCallPaths(const ComplianceInputs &in, DiagnosticEngine &diags);

/// Checks that need no path: the owner check's wording (R03), refusal loops that count no
/// retention (R08), the angry and complaint routes and the closings (R11, R18). Each is one of
/// the functions below, in that order. The confirmation's wording (R04, R05) is ConfirmTurn's.
void checkComplianceStructure(const ComplianceInputs &in, DiagnosticEngine &diags);

/// R03: the owner check names the number by its first 3 and last 4 digits (OwnerCheckWording).
void checkOwnerCheckWording(const FlowNode &node, DiagnosticEngine &diags);
/// R08: no `no` route leads back through steps alone (RefusalLoops).
void checkRefusalLoops(const FlowGraph &graph, DiagnosticEngine &diags);
/// R11: every route of `angry` (the handler and each step's own) soothes with a line of the
/// policy's `soothing` before it ends the call or goes back to it (SoothingChecks).
void checkAngryRoute(const ComplianceInputs &in, DiagnosticEngine &diags);
/// R18: no route of `complaint` ends the call before the customer is asked again.
void checkComplaintRoutes(const ComplianceInputs &in, DiagnosticEngine &diags);
/// R11: every ending of a no-sale kind says the policy's `closing` first.
void checkClosings(const ComplianceInputs &in, DiagnosticEngine &diags);

} // namespace patter
