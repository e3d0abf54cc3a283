// Interpretation of policy settings.
#include "PolicySettings.h"

namespace patter {

namespace {

/// The timing settings and their allowed range in seconds (or attempts), as the runtime's
/// loader enforces them (docs/FLOW_FORMAT.md, "Policy timing"; R12, R13, R14).
struct TimingRange {
  const char *key;
  unsigned min, max;
};
constexpr TimingRange kTiming[] = {
    {"silence_seconds", 1, 60},          {"wait_tick_seconds", 1, 60},
    {"hangup_delay_seconds", 0, 60},     {"callback_delay_seconds", 30, 172800},
    {"callback_attempts", 1, 3},         {"callback_window_seconds", 60, 172800},
    {"appointment_default_seconds", 30, 172800},
};

const TimingRange *timingRange(llvm::StringRef key) {
  for (const TimingRange &t : kTiming)
    if (key == t.key)
      return &t;
  return nullptr;
}

/// The string values of a setting; reports a value of another kind.
std::vector<std::string> strings(const ast::PolicySetting &s, DiagnosticEngine *diags) {
  std::vector<std::string> out;
  for (const ast::PolicyValue &v : s.values) {
    if (v.kind == ast::PolicyValue::Kind::String && !v.text.empty())
      out.push_back(v.text);
    else if (diags)
      diags->report(DiagId::BadPolicySetting, v.range, s.key.text, "a non-empty string");
  }
  return out;
}

/// The word values of a setting; reports a value of another kind.
std::vector<std::string> words(const ast::PolicySetting &s, DiagnosticEngine *diags) {
  std::vector<std::string> out;
  for (const ast::PolicyValue &v : s.values) {
    if (v.kind == ast::PolicyValue::Kind::Word)
      out.push_back(v.text);
    else if (diags)
      diags->report(DiagId::BadPolicySetting, v.range, s.key.text, "names (words, not strings)");
  }
  return out;
}

} // namespace

PolicySettings readPolicySettings(const ast::Policy *policy, DiagnosticEngine *diags) {
  PolicySettings out;
  if (!policy)
    return out;
  for (const ast::PolicyLimit &limit : policy->limits)
    if (limit.counter.text == "wait")
      out.waitLimit = limit.value;
  for (const ast::PolicySetting &s : policy->settings) {
    const std::string &key = s.key.text;
    if (key == "recording" || key == "confirm_phrase" || key == "wait_phrase" ||
        key == "closing") {
      auto values = strings(s, diags);
      if (values.size() > 1 && diags)
        diags->report(DiagId::BadPolicySetting, s.values[1].range, key, "one string");
      if (values.empty())
        continue;
      (key == "recording"        ? out.recording
       : key == "confirm_phrase" ? out.confirmPhrase
       : key == "closing"        ? out.closing
                                 : out.waitPhrase) = values.front();
    } else if (key == "confirm_forbids") {
      out.confirmForbids = strings(s, diags);
    } else if (key == "soothing") {
      out.soothing = strings(s, diags);
    } else if (key == "channels" || key == "products") {
      auto values = words(s, diags);
      (key == "channels" ? out.channels : out.products) = std::move(values);
    } else if (const TimingRange *range = timingRange(key)) {
      unsigned value = 0;
      if (s.values.size() == 1 && s.values[0].kind == ast::PolicyValue::Kind::Number &&
          !llvm::StringRef(s.values[0].text).getAsInteger(10, value) && value >= range->min &&
          value <= range->max)
        out.timing.emplace_back(key, value);
      else if (diags)
        diags->report(DiagId::BadPolicySetting, s.range, key,
                      "a whole number from " + std::to_string(range->min) + " to " +
                          std::to_string(range->max));
    } else if (key == "owner_check") {
      if (s.values.size() == 1 && s.values[0].kind == ast::PolicyValue::Kind::Word &&
          s.values[0].text == "first3_last4")
        out.ownerCheckFirst3Last4 = true;
      else if (diags)
        diags->report(DiagId::BadPolicySetting, s.range, key, "first3_last4");
    } else if (diags) {
      diags->report(DiagId::UnknownPolicySetting, s.key.range, key,
                    "recording, confirm_phrase, confirm_forbids, owner_check, wait_phrase, "
                    "soothing, closing, channels, products, silence_seconds, wait_tick_seconds, "
                    "hangup_delay_seconds, callback_delay_seconds, callback_attempts, "
                    "callback_window_seconds, appointment_default_seconds");
    }
  }
  // R14: the first callback attempt must fall inside the window of attempts.
  auto timing = [&](llvm::StringRef key, unsigned fallback) {
    for (const auto &[k, v] : out.timing)
      if (k == key)
        return v;
    return fallback;
  };
  if (diags && timing("callback_delay_seconds", 30) > timing("callback_window_seconds", 172800))
    for (const ast::PolicySetting &s : policy->settings)
      if (s.key.text == "callback_delay_seconds")
        diags->report(DiagId::BadPolicySetting, s.range, s.key.text,
                      "a delay no longer than callback_window_seconds");
  return out;
}

} // namespace patter
