// Type checking of offer facts, channels and policy limits.
#include "Offer.h"

#include "vocabulary/Vocabulary.h"

#include <llvm/ADT/StringSwitch.h>

#include <array>

namespace patter {

namespace {

struct KnownFact {
  llvm::StringRef name;
  TypedFact::Type type;
  llvm::StringRef description;
  std::vector<llvm::StringRef> values; ///< for enums
};

const std::vector<KnownFact> &knownFacts() {
  static const std::vector<KnownFact> facts = {
      {"product", TypedFact::Type::Text, "text such as \"10元5GB流量月包\"", {}},
      {"price", TypedFact::Type::Money, "an amount of money such as `10 yuan per month`", {}},
      {"includes", TypedFact::Type::Text, "text", {}},
      {"effective", TypedFact::Type::Text, "text such as \"次月1日\"", {}},
      {"term", TypedFact::Type::Duration, "a duration such as `12 months`", {}},
      {"expiry", TypedFact::Type::Enum, "auto_cancel or manual_cancel",
       {"auto_cancel", "manual_cancel"}},
      {"downgrade", TypedFact::Type::Enum, "allowed or forbidden", {"allowed", "forbidden"}},
      {"revert", TypedFact::Type::Enum, "allowed or forbidden", {"allowed", "forbidden"}},
      // Any word; the policy's `products` list says which kinds it applies to.
      {"kind", TypedFact::Type::Enum, "a word naming the kind of product, such as mobile_data", {}},
  };
  return facts;
}

/// Canonical singular unit of a duration, or "" if `unit` is not one.
llvm::StringRef durationUnit(llvm::StringRef unit) {
  return llvm::StringSwitch<llvm::StringRef>(unit)
      .Cases("day", "days", "day")
      .Cases("week", "weeks", "week")
      .Cases("month", "months", "month")
      .Cases("year", "years", "year")
      .Default("");
}

bool isMoneyUnit(llvm::StringRef unit) { return unit == "yuan"; }

const char *kindName(ast::FactValue::Kind kind) {
  switch (kind) {
  case ast::FactValue::Kind::Text: return "text";
  case ast::FactValue::Kind::Quantity: return "a quantity";
  case ast::FactValue::Kind::Word: return "a word";
  }
  return "";
}

std::string joined(const std::vector<llvm::StringRef> &values) {
  std::string out;
  for (llvm::StringRef v : values)
    out += (out.empty() ? "" : ", ") + v.str();
  return out;
}

/// Types a quantity (`10 yuan per month`, `12 months`); false after reporting a bad unit.
bool typeQuantity(const ast::FactValue &v, TypedFact &out, DiagnosticEngine &diags) {
  out.amount = v.number;
  if (isMoneyUnit(v.unit.text)) {
    out.type = TypedFact::Type::Money;
    out.unit = v.unit.text;
    if (v.per) {
      llvm::StringRef per = durationUnit(v.per->text);
      if (per.empty()) {
        diags.report(DiagId::UnknownUnit, v.per->range, v.per->text, "day, week, month, year");
        return false;
      }
      out.per = per.str();
    }
    return true;
  }
  llvm::StringRef unit = durationUnit(v.unit.text);
  if (unit.empty()) {
    diags.report(DiagId::UnknownUnit, v.unit.range, v.unit.text,
                 "yuan, day(s), week(s), month(s), year(s)");
    return false;
  }
  if (v.per) {
    diags.report(DiagId::UnknownUnit, v.per->range, v.per->text,
                 "none here: 'per' follows an amount of money, not a duration");
    return false;
  }
  out.type = TypedFact::Type::Duration;
  out.unit = unit.str();
  return true;
}

} // namespace

std::vector<TypedFact> checkOffer(const Program &program, DiagnosticEngine &diags) {
  std::vector<TypedFact> facts;
  for (const auto &[name, fact] : program.offer) {
    TypedFact typed;
    typed.name = name.str();
    const ast::FactValue &v = fact->value;
    bool ok = true;
    switch (v.kind) {
    case ast::FactValue::Kind::Text:
      typed.type = TypedFact::Type::Text;
      typed.text = v.text.value;
      break;
    case ast::FactValue::Kind::Quantity:
      ok = typeQuantity(v, typed, diags);
      break;
    case ast::FactValue::Kind::Word:
      typed.type = TypedFact::Type::Enum;
      typed.text = v.word.text;
      break;
    }
    if (!ok)
      continue;
    const auto &known = knownFacts();
    auto it = std::find_if(known.begin(), known.end(),
                           [&name = name](const KnownFact &k) { return k.name == name; });
    if (it != known.end()) {
      if (it->type != typed.type) {
        diags.report(DiagId::MistypedFact, v.range, name.str(), it->description.str(),
                     kindName(v.kind));
        continue;
      }
      if (typed.type == TypedFact::Type::Enum && !it->values.empty() &&
          std::find(it->values.begin(), it->values.end(), typed.text) == it->values.end()) {
        diags.report(DiagId::UnknownEnumValue, v.range, typed.text,
                     "value of '" + name.str() + "'", joined(it->values));
        continue;
      }
    }
    facts.push_back(std::move(typed));
  }
  return facts;
}

std::string spokenFact(const TypedFact &fact) {
  static const llvm::StringMap<std::string> unitWords = {
      {"yuan", "元"}, {"day", "天"}, {"week", "周"}, {"month", "个月"}, {"year", "年"}};
  static const llvm::StringMap<std::string> perWords = {
      {"day", "天"}, {"week", "周"}, {"month", "月"}, {"year", "年"}};
  static const llvm::StringMap<std::string> enumWords = {
      {"auto_cancel", "到期自动取消"}, {"manual_cancel", "到期需您手动取消"},
      {"allowed", "可以"}, {"forbidden", "不可以"}};
  switch (fact.type) {
  case TypedFact::Type::Text:
    return fact.text;
  case TypedFact::Type::Enum:
    return enumWords.count(fact.text) ? enumWords.lookup(fact.text) : fact.text;
  case TypedFact::Type::Money:
    return fact.amount + unitWords.lookup(fact.unit) +
           (fact.per.empty() ? "" : "/" + perWords.lookup(fact.per));
  case TypedFact::Type::Duration:
    return fact.amount + unitWords.lookup(fact.unit);
  }
  return fact.text;
}

const std::vector<llvm::StringRef> &knownChannels() {
  static const std::vector<llvm::StringRef> channels = {"outbound", "inbound", "online",
                                                        "followup"};
  return channels;
}

void checkChannel(const Program &program, DiagnosticEngine &diags) {
  const auto &channels = knownChannels();
  for (const ast::Setting &s : program.campaign->channels)
    if (std::find(channels.begin(), channels.end(), s.value.text) == channels.end())
      diags.report(DiagId::UnknownEnumValue, s.value.range, s.value.text, "channel",
                   joined(channels));
}

void checkPolicyLimits(const ast::Policy &policy, DiagnosticEngine &diags) {
  for (const ast::PolicyLimit &limit : policy.limits) {
    llvm::StringRef counter = limit.counter.text;
    const vocab::Counter *c = vocab::find(vocab::kCounters, counter);
    if (!c) {
      std::vector<llvm::StringRef> names;
      for (const vocab::Counter &k : vocab::kCounters)
        names.push_back(k.name);
      diags.report(DiagId::UnknownLimit, limit.counter.range, limit.counter.text, joined(names));
      continue;
    }
    if (limit.value <= c->ceiling)
      continue;
    using vocab::CounterId;
    if (c->rule == vocab::counter(CounterId::retention).rule)
      diags.report(DiagId::RetentionAboveCap, limit.range, counter.str(), limit.value, c->ceiling);
    else if (c == &vocab::counter(CounterId::wait))
      diags.report(DiagId::WaitAboveCap, limit.range, limit.value);
    else if (c == &vocab::counter(CounterId::notUnderstood))
      diags.report(DiagId::NotUnderstoodAboveCap, limit.range, limit.value);
    else
      diags.report(DiagId::RedirectAboveCap, limit.range, counter.str(), limit.value,
                   c == &vocab::counter(CounterId::abuse) ? "warnings" : "redirections");
  }
}

} // namespace patter
