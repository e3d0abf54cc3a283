// The settings of a policy that compliance checks read: recording notice, confirmation phrase
// and the words forbidden around it, owner-check format, wait phrase, soothing lines.
#pragma once

#include "Diagnostic.h"
#include "Program.h"

#include <string>
#include <vector>

namespace patter {

/// A policy's settings with their meaning (docs/LANGUAGE.md, "Policies"). Empty means the
/// policy does not ask for that check.
struct PolicySettings {
  std::string recording;                   ///< R04: the notice the confirming step must give
  std::string confirmPhrase;               ///< R05: the explicit confirmation question
  std::vector<std::string> confirmForbids; ///< R05: inducing or vague words near it
  std::string waitPhrase;                  ///< R12: counted against `limit wait`
  unsigned waitLimit = 0; ///< `limit wait`, else the counter's default
  std::vector<std::string> soothing;       ///< R11: lines that soothe an upset customer
  std::string closing;                     ///< R11: said before a call ends `declined`
  /// Host calls that open a service or place an order (`invoke boss_order`): each is a sale
  /// and gets every rule `register` gets.
  std::vector<std::string> saleEffecting;
  /// R07: host calls that only look something up and sell nothing. Under a policy that names
  /// its sale-effecting calls, any other host call (not the balance check or `revoke` either)
  /// is an error (E0527): the compiler cannot tell whether it opens a service.
  std::vector<std::string> lookups;
  std::string balanceCheck;      ///< R21: a sale needs this host call answered `sufficient`
  std::string revoke;            ///< R20: the host call that revokes the order of a follow-up
  std::string confirmedOutcome;  ///< R20: the outcome that ends a follow-up as confirmed
  /// The retention ceilings of R08 (`limit retention`, `retention_angry`, `retention_elderly`),
  /// the counters' defaults where the policy gives none, never above their ceilings
  /// (vocabulary/Counters.def).
  unsigned retention = 0, retentionAngry = 0, retentionElderly = 0;
  /// What the policy applies to: the campaign's channel and its offer's `kind` must be listed.
  std::vector<std::string> channels, products;
  /// Timing for the dialer and the runtime's callbacks (`silence_seconds 4`, ...), emitted as
  /// `policy.timing`, in the order written.
  std::vector<std::pair<std::string, unsigned>> timing;
};

/// Reads the settings of `policy` (null: no settings), reporting unknown keys and bad values.
PolicySettings readPolicySettings(const ast::Policy *policy, DiagnosticEngine *diags);

} // namespace patter
