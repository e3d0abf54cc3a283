// Conversation scenario files (docs/SCENARIOS.md): the parsed form and its parser.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace patter::cli {

/// A position in a scenario file: 1-based line, and column in characters (code points).
struct ScenarioPos {
  unsigned line = 0;
  unsigned column = 0;
};

/// One line of a scenario body: something the customer or the host does, or something the
/// agent must have done.
struct ScenarioStep {
  enum class Kind {
    Customer,     ///< `customer "text"`: the customer's reply, classified by the flow
    Event,        ///< `event NAME`: an event from the host (`hangup`, `silence`, `sufficient`, ...)
    Wait,         ///< `wait 4s`: the host's clock moves on (`millis`)
    Agent,        ///< `agent "text"`: the turn says exactly this line next
    AgentHas,     ///< `agent ~ "text"`: the turn says a line containing this next
    Invoke,       ///< `invoke NAME`: the turn asks the host to call NAME
    Register,     ///< `expect register` / `expect no register` (`negated`)
    Refused,      ///< `expect refused [RULE]` / `expect no refused`
    Callback,     ///< `expect callback [REASON]` / `expect no callback`
    Outcome,      ///< `expect outcome NAME`: the call is over with this outcome
    Running,      ///< `expect running`: the call is not over
  };
  Kind kind = Kind::Customer;
  std::string text; ///< the reply, line, event, host call, rule, reason or outcome ("" = any)
  std::int64_t millis = 0;
  bool negated = false;
  ScenarioPos pos;
};

struct Scenario {
  std::string name;
  ScenarioPos pos;
  std::string phone; ///< the file's phone unless the scenario sets its own
  std::vector<ScenarioStep> steps;
};

struct ScenarioFile {
  std::string path;
  std::string flowPath; ///< as written, relative to the scenario file's folder
  ScenarioPos flowPos;
  std::string phone = "13512347754";
  std::vector<Scenario> scenarios;
};

/// A syntax error with its position.
struct ScenarioError {
  ScenarioPos pos;
  std::string message;
};

/// Parses the text of a scenario file. Returns false and fills `errors` (every error, in order)
/// when the text is not a valid scenario file.
bool parseScenarios(const std::string &text, ScenarioFile &file, std::vector<ScenarioError> &errors);

} // namespace patter::cli
