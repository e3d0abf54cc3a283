// The parser of conversation scenario files: one statement per line, words and quoted strings.
#include "Scenario.h"

#include <cctype>
#include <optional>
#include <string_view>

namespace patter::cli {
namespace {

/// A word or a quoted string on a line, with the column it starts at.
struct Token {
  std::string text;
  bool quoted = false;
  unsigned column = 0;
  unsigned endColumn = 0; ///< the column just after the token
};

/// Whether `c` starts a UTF-8 character (is not a continuation byte).
bool startsCharacter(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

/// Splits one line into tokens. Outside quotes `#` starts a comment; inside, `\"` and `\\` are
/// escapes. Returns false with `error` set on an unterminated string or a bad escape.
bool tokenize(std::string_view line, std::vector<Token> &tokens, ScenarioError &error, unsigned lineNo) {
  unsigned column = 1;
  std::size_t i = 0;
  auto advance = [&] {
    ++i;
    while (i < line.size() && !startsCharacter(line[i])) ++i;
    ++column;
  };
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      advance();
    } else if (c == '#') {
      break;
    } else if (c == '"') {
      Token token{{}, true, column, 0};
      advance();
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          advance();
          closed = true;
          break;
        }
        if (line[i] == '\\') {
          const unsigned escapeColumn = column;
          advance();
          if (i >= line.size() || (line[i] != '"' && line[i] != '\\')) {
            error = {{lineNo, escapeColumn}, "unknown escape in string: only \\\" and \\\\ are allowed"};
            return false;
          }
        }
        const std::size_t from = i;
        advance();
        token.text.append(line.substr(from, i - from));
      }
      if (!closed) {
        error = {{lineNo, token.column}, "unterminated string"};
        return false;
      }
      token.endColumn = column;
      tokens.push_back(std::move(token));
    } else {
      Token token{{}, false, column, 0};
      const std::size_t from = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '"' &&
             line[i] != '#')
        advance();
      token.text = std::string(line.substr(from, i - from));
      token.endColumn = column;
      tokens.push_back(std::move(token));
    }
  }
  return true;
}

/// `4s`, `500ms`, `2m`, `1h` in milliseconds.
std::optional<std::int64_t> parseDuration(std::string_view s) {
  std::size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  std::int64_t n = 0;
  for (std::size_t k = 0; k < digits; ++k) n = n * 10 + (s[k] - '0');
  const std::string_view unit = s.substr(digits);
  if (unit == "ms") return n;
  if (unit == "s") return n * 1000;
  if (unit == "m") return n * 60 * 1000;
  if (unit == "h") return n * 3600 * 1000;
  return std::nullopt;
}

/// Parses the statements of one file, line by line.
class Parser {
public:
  Parser(ScenarioFile &file, std::vector<ScenarioError> &errors) : file_(file), errors_(errors) {}

  void line(std::string_view text, unsigned lineNo) {
    tokens_.clear();
    ScenarioError error;
    if (!tokenize(text, tokens_, error, lineNo)) {
      errors_.push_back(std::move(error));
      return;
    }
    if (tokens_.empty()) return;
    lineNo_ = lineNo;
    const Token &head = tokens_[0];
    if (head.quoted) return fail(head, "expected a keyword, found a string");
    const std::string &word = head.text;
    if (word == "flow") return flow();
    if (word == "phone") return phone();
    if (word == "scenario") return scenario();
    Scenario *current = file_.scenarios.empty() ? nullptr : &file_.scenarios.back();
    if (!current)
      return fail(head, "'" + word + "' outside a scenario: a file starts with 'flow' and 'phone', then 'scenario \"NAME\"'");
    if (word == "customer") return step(ScenarioStep::Kind::Customer, 1, true);
    if (word == "event") return step(ScenarioStep::Kind::Event, 1, false);
    if (word == "invoke") return step(ScenarioStep::Kind::Invoke, 1, false);
    if (word == "wait") return wait();
    if (word == "agent") return agent();
    if (word == "expect") return expect();
    fail(head, "unknown statement '" + word +
                   "' (expected customer, event, wait, agent, invoke, expect, phone or scenario)");
  }

  /// Checks what only the whole file can tell.
  void finish() {
    if (file_.flowPath.empty()) errors_.push_back({{1, 1}, "missing the 'flow FILE' line"});
    else if (file_.scenarios.empty()) errors_.push_back({{1, 1}, "no scenario in the file"});
  }

private:
  void fail(const Token &at, std::string message) { errors_.push_back({{lineNo_, at.column}, std::move(message)}); }
  /// An error just after the last token: something is missing there.
  void fail(std::string message) { errors_.push_back({{lineNo_, tokens_.back().endColumn}, std::move(message)}); }

  ScenarioPos pos(const Token &t) const { return {lineNo_, t.column}; }

  /// Checks the statement has exactly `n` arguments after its keyword(s) starting at `first`.
  bool arity(std::size_t first, std::size_t n, const char *what) {
    if (tokens_.size() < first + n) {
      fail(std::string("missing ") + what);
      return false;
    }
    if (tokens_.size() > first + n) {
      fail(tokens_[first + n], "unexpected '" + tokens_[first + n].text + "' after " + what);
      return false;
    }
    return true;
  }

  void flow() {
    if (!file_.scenarios.empty()) return fail(tokens_[0], "'flow' must come before the first scenario");
    if (!file_.flowPath.empty()) return fail(tokens_[0], "a file has one 'flow'");
    if (!arity(1, 1, "the flow file (a .patter campaign or a .json flow)")) return;
    file_.flowPath = tokens_[1].text;
    file_.flowPos = pos(tokens_[1]);
  }

  void phone() {
    if (!arity(1, 1, "the called number")) return;
    const std::string &number = tokens_[1].text;
    if (number.empty()) return fail(tokens_[1], "the phone number is empty");
    if (file_.scenarios.empty()) {
      file_.phone = number;
    } else {
      Scenario &s = file_.scenarios.back();
      if (!s.steps.empty()) return fail(tokens_[0], "'phone' must come before the scenario's first step");
      s.phone = number;
    }
  }

  void scenario() {
    if (!arity(1, 1, "the scenario's name in quotes")) return;
    if (!tokens_[1].quoted) return fail(tokens_[1], "the scenario's name must be quoted");
    for (const Scenario &s : file_.scenarios)
      if (s.name == tokens_[1].text)
        return fail(tokens_[1], "a scenario named \"" + s.name + "\" is already defined on line " +
                                    std::to_string(s.pos.line));
    file_.scenarios.push_back(Scenario{tokens_[1].text, pos(tokens_[0]), file_.phone, {}});
  }

  void step(ScenarioStep::Kind kind, std::size_t first, bool quoted) {
    const char *what = kind == ScenarioStep::Kind::Customer ? "the reply in quotes"
                       : kind == ScenarioStep::Kind::Event  ? "the event name"
                                                            : "the host call's name";
    if (!arity(first, 1, what)) return;
    const Token &arg = tokens_[first];
    if (quoted && !arg.quoted) return fail(arg, std::string("expected ") + what);
    if (!quoted && arg.quoted) return fail(arg, std::string("expected ") + what + ", not a string");
    if (!quoted && arg.text.empty()) return fail(arg, std::string("empty ") + what);
    add(kind, arg.text, tokens_[0]);
  }

  void wait() {
    if (!arity(1, 1, "a duration such as 4s, 500ms, 2m or 1h")) return;
    const auto millis = parseDuration(tokens_[1].text);
    if (!millis || tokens_[1].quoted) return fail(tokens_[1], "expected a duration such as 4s, 500ms, 2m or 1h");
    add(ScenarioStep::Kind::Wait, {}, tokens_[0]).millis = *millis;
  }

  void agent() {
    const bool contains = tokens_.size() > 1 && !tokens_[1].quoted && tokens_[1].text == "~";
    const std::size_t first = contains ? 2 : 1;
    if (!arity(first, 1, "the agent's line in quotes")) return;
    if (!tokens_[first].quoted) return fail(tokens_[first], "expected the agent's line in quotes");
    add(contains ? ScenarioStep::Kind::AgentHas : ScenarioStep::Kind::Agent, tokens_[first].text, tokens_[0]);
  }

  void expect() {
    std::size_t i = 1;
    const bool negated = tokens_.size() > i && !tokens_[i].quoted && tokens_[i].text == "no";
    if (negated) ++i;
    if (tokens_.size() <= i)
      return fail("expected what to expect: register, refused, callback, outcome or running");
    const Token &what = tokens_[i];
    using K = ScenarioStep::Kind;
    std::optional<K> kind;
    bool takesArgument = false, needsArgument = false;
    if (what.text == "register") {
      kind = K::Register;
    } else if (what.text == "refused") {
      kind = K::Refused, takesArgument = !negated;
    } else if (what.text == "callback") {
      kind = K::Callback, takesArgument = !negated;
    } else if (what.text == "outcome" && !negated) {
      kind = K::Outcome, takesArgument = needsArgument = true;
    } else if (what.text == "running" && !negated) {
      kind = K::Running;
    }
    if (!kind || what.quoted)
      return fail(what, "unknown expectation '" + what.text +
                            "' (expected register, no register, refused [RULE], no refused, callback [REASON], "
                            "no callback, outcome NAME or running)");
    const std::size_t end = i + 1 + (takesArgument ? 1 : 0);
    if (tokens_.size() > end) return fail(tokens_[end], "unexpected '" + tokens_[end].text + "'");
    if (needsArgument && tokens_.size() == i + 1) return fail("missing the outcome's name");
    ScenarioStep &step = add(*kind, tokens_.size() > i + 1 ? tokens_[i + 1].text : std::string(), tokens_[0]);
    step.negated = negated;
  }

  ScenarioStep &add(ScenarioStep::Kind kind, std::string text, const Token &at) {
    auto &steps = file_.scenarios.back().steps;
    steps.push_back(ScenarioStep{kind, std::move(text), 0, false, pos(at)});
    return steps.back();
  }

  ScenarioFile &file_;
  std::vector<ScenarioError> &errors_;
  std::vector<Token> tokens_;
  unsigned lineNo_ = 0;
};

} // namespace

bool parseScenarios(const std::string &text, ScenarioFile &file, std::vector<ScenarioError> &errors) {
  const std::size_t before = errors.size();
  Parser parser(file, errors);
  unsigned lineNo = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++lineNo;
    parser.line(std::string_view(text).substr(start, end - start), lineNo);
    start = end + 1;
  }
  parser.finish();
  return errors.size() == before;
}

} // namespace patter::cli
