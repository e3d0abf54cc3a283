// Offer facts with their checked types, and how each reads aloud in a template.
#pragma once

#include "Diagnostic.h"
#include "Program.h"

#include <string>
#include <vector>

namespace patter {

/// An offer fact after type checking. `amount`, `unit` and `per` are set for money and
/// durations, `text` for text and enum values. Units are canonical and singular.
struct TypedFact {
  enum class Type { Text, Money, Duration, Enum };
  std::string name;
  Type type = Type::Text;
  std::string text;
  std::string amount; ///< digits as written, so 9.9 stays 9.9
  std::string unit;
  std::string per;    ///< empty for a one-off amount
};

/// Checks every offer fact against its known type (price is money, term a duration, ...);
/// returns the facts that type-checked, in source order.
std::vector<TypedFact> checkOffer(const Program &program, DiagnosticEngine &diags);

/// How a fact is spoken in a template: `10元/月`, `12个月`, the text itself.
std::string spokenFact(const TypedFact &fact);

/// The values of a campaign's `channel` (and of a policy's `channels`).
const std::vector<llvm::StringRef> &knownChannels();

/// Checks the campaign's `channel` value.
void checkChannel(const Program &program, DiagnosticEngine &diags);

/// Checks policy limits: known counters, and the R08 retention cap.
void checkPolicyLimits(const ast::Policy &policy, DiagnosticEngine &diags);

} // namespace patter
