// Interpretation of policy settings.
#include "PolicySettings.h"

#include "vocabulary/Vocabulary.h"

#include <algorithm>

namespace patter {

namespace {

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

/// The word values of a setting (host-call, outcome, channel and product names); reports a
/// value of another kind.
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

/// Reads one setting of vocabulary/PolicySettings.def into `out`.
void readSetting(vocab::PolicySettingId id, const ast::PolicySetting &s, PolicySettings &out,
                 DiagnosticEngine *diags) {
  using Id = vocab::PolicySettingId;
  if (id == Id::OwnerCheck) {
    // The one format R03 allows, checked for every campaign (E0504): the setting states it.
    bool first3Last4 = s.values.size() == 1 && s.values[0].kind == ast::PolicyValue::Kind::Word &&
                       s.values[0].text == "first3_last4";
    if (!first3Last4 && diags)
      diags->report(DiagId::BadPolicySetting, s.range, s.key.text, "first3_last4");
    return;
  }
  if (id == Id::SaleEffecting || id == Id::Lookups || id == Id::Channels || id == Id::Products) {
    (id == Id::SaleEffecting ? out.saleEffecting
     : id == Id::Lookups     ? out.lookups
     : id == Id::Channels    ? out.channels
                             : out.products) = words(s, diags);
    return;
  }
  if (id == Id::BalanceCheck || id == Id::Revoke || id == Id::ConfirmedOutcome) {
    std::vector<std::string> names = words(s, diags);
    if (names.size() != 1) {
      if (diags && !s.values.empty())
        diags->report(DiagId::BadPolicySetting, s.range, s.key.text, "one host call or outcome name");
      return;
    }
    (id == Id::BalanceCheck ? out.balanceCheck
     : id == Id::Revoke     ? out.revoke
                            : out.confirmedOutcome) = names.front();
    return;
  }
  std::vector<std::string> values = strings(s, diags);
  if (id == Id::ConfirmForbids || id == Id::Soothing) {
    (id == Id::Soothing ? out.soothing : out.confirmForbids) = std::move(values);
    return;
  }
  if (values.size() > 1 && diags)
    diags->report(DiagId::BadPolicySetting, s.values[1].range, s.key.text, "one string");
  if (values.empty())
    return;
  switch (id) {
  case Id::Recording: out.recording = values.front(); break;
  case Id::ConfirmPhrase: out.confirmPhrase = values.front(); break;
  case Id::Closing: out.closing = values.front(); break;
  case Id::WaitPhrase: out.waitPhrase = values.front(); break;
  default: break;
  }
}

} // namespace

PolicySettings readPolicySettings(const ast::Policy *policy, DiagnosticEngine *diags) {
  PolicySettings out;
  using vocab::CounterId;
  out.waitLimit = vocab::counter(CounterId::wait).defaultValue;
  out.retention = vocab::counter(CounterId::retention).defaultValue;
  out.retentionAngry = vocab::counter(CounterId::retentionAngry).defaultValue;
  out.retentionElderly = vocab::counter(CounterId::retentionElderly).defaultValue;
  if (!policy)
    return out;
  for (const ast::PolicyLimit &limit : policy->limits) {
    const vocab::Counter *counter = vocab::find(vocab::kCounters, limit.counter.text);
    if (!counter)
      continue; // E0206 names the unknown counter
    // A limit over the ceiling is E0207; the checks still use the ceiling the rules allow.
    unsigned value = std::min(limit.value, counter->ceiling);
    if (counter == &vocab::counter(CounterId::wait))
      out.waitLimit = limit.value;
    else if (counter == &vocab::counter(CounterId::retention))
      out.retention = value;
    else if (counter == &vocab::counter(CounterId::retentionAngry))
      out.retentionAngry = value;
    else if (counter == &vocab::counter(CounterId::retentionElderly))
      out.retentionElderly = value;
  }
  for (const ast::PolicySetting &s : policy->settings) {
    const std::string &key = s.key.text;
    if (const vocab::PolicySetting *setting = vocab::find(vocab::kPolicySettings, key))
      readSetting(setting->id, s, out, diags);
    else if (const vocab::TimingSetting *range = vocab::find(vocab::kTiming, key)) {
      unsigned value = 0;
      if (s.values.size() == 1 && s.values[0].kind == ast::PolicyValue::Kind::Number &&
          !llvm::StringRef(s.values[0].text).getAsInteger(10, value) && value >= range->min &&
          value <= range->max)
        out.timing.emplace_back(key, value);
      else if (diags)
        diags->report(DiagId::BadPolicySetting, s.range, key,
                      "a whole number from " + std::to_string(range->min) + " to " +
                          std::to_string(range->max));
    } else if (diags) {
      std::string known;
      for (const vocab::PolicySetting &k : vocab::kPolicySettings)
        known += (known.empty() ? "" : ", ") + std::string(k.name);
      for (const vocab::TimingSetting &k : vocab::kTiming)
        known += ", " + std::string(k.name);
      diags->report(DiagId::UnknownPolicySetting, s.key.range, key, known);
    }
  }
  // R14: the first callback attempt must fall inside the window of attempts.
  auto timing = [&](llvm::StringRef key, unsigned fallback) {
    for (const auto &[k, v] : out.timing)
      if (k == key)
        return v;
    return fallback;
  };
  const vocab::TimingSetting &delay = vocab::timing(vocab::TimingId::callbackDelay);
  const vocab::TimingSetting &window = vocab::timing(vocab::TimingId::callbackWindow);
  if (diags && timing(delay.name, delay.defaultValue) > timing(window.name, window.defaultValue))
    for (const ast::PolicySetting &s : policy->settings)
      if (s.key.text == delay.name)
        diags->report(DiagId::BadPolicySetting, s.range, s.key.text,
                      "a delay no longer than " + std::string(window.name));
  return out;
}

} // namespace patter
