// Policy extension: folding a base policy into the one that extends it, and the rule that an
// extension never weakens its base.
#include "PolicyExtends.h"

#include "Normalize.h"
#include "Resolve.h"

#include <algorithm>
#include <map>

namespace patter {

namespace {

/// Settings whose values add up: every value is one more word the confirmation must not hold.
bool additive(llvm::StringRef key) { return key == "confirm_forbids"; }

/// Settings whose values widen what passes: an extension may keep or drop values, never add.
bool narrowing(llvm::StringRef key) {
  return key == "channels" || key == "products" || key == "soothing";
}

std::string valuesText(const ast::PolicySetting &s) {
  std::string out;
  for (const ast::PolicyValue &v : s.values)
    out += (out.empty() ? "" : ", ") +
           (v.kind == ast::PolicyValue::Kind::String ? "\"" + v.text + "\"" : v.text);
  return out;
}

bool sameValues(const ast::PolicySetting &a, const ast::PolicySetting &b) {
  return std::equal(a.values.begin(), a.values.end(), b.values.begin(), b.values.end(),
                    [](const ast::PolicyValue &x, const ast::PolicyValue &y) {
                      return x.kind == y.kind && x.text == y.text;
                    });
}

/// The last setting of `key` (the one that counts, as PolicySettings reads them).
const ast::PolicySetting *lastSetting(const ast::Policy &p, llvm::StringRef key) {
  const ast::PolicySetting *found = nullptr;
  for (const ast::PolicySetting &s : p.settings)
    if (s.key.text == key)
      found = &s;
  return found;
}

/// The chain from `policy` to its root base, `policy` first; `broken` when a base is unknown
/// or the chain comes back on itself.
std::vector<const ast::Policy *> chainOf(const ast::Policy &policy,
                                         const std::vector<std::unique_ptr<ast::Module>> &modules,
                                         bool &broken) {
  std::vector<const ast::Policy *> chain{&policy};
  broken = false;
  while (chain.back()->base) {
    const ast::Policy *base = findPolicy(chain.back()->base->text, modules);
    if (!base || std::find(chain.begin(), chain.end(), base) != chain.end()) {
      broken = true;
      break;
    }
    chain.push_back(base);
  }
  return chain;
}

/// Folds `child`'s own items into `into`, which holds its base already folded.
void fold(ast::Policy &into, const ast::Policy &child) {
  into.name = child.name;
  into.range = child.range;
  for (const ast::Name &r : child.required)
    if (std::none_of(into.required.begin(), into.required.end(),
                     [&](const ast::Name &have) { return have.text == r.text; }))
      into.required.push_back(r);
  for (const ast::PolicyLimit &l : child.limits) {
    auto it = std::find_if(into.limits.begin(), into.limits.end(), [&](const ast::PolicyLimit &h) {
      return h.counter.text == l.counter.text;
    });
    if (it == into.limits.end())
      into.limits.push_back(l);
    else
      *it = l;
  }
  for (const ast::PolicySetting &s : child.settings) {
    auto &settings = into.settings;
    auto it = std::find_if(settings.rbegin(), settings.rend(), [&](const ast::PolicySetting &h) {
      return h.key.text == s.key.text;
    });
    if (it == settings.rend()) {
      settings.push_back(s);
    } else if (additive(s.key.text)) {
      it->values.insert(it->values.end(), s.values.begin(), s.values.end());
    } else {
      *it = s;
    }
  }
  into.entries.insert(into.entries.end(), child.entries.begin(), child.entries.end());
}

/// Reports every item of `child` that asks less than `base` (already folded) does.
void checkWeakening(const ast::Policy &child, const ast::Policy &base, DiagnosticEngine &diags) {
  auto weakens = [&](SourceRange at, const std::string &what) {
    diags.report(DiagId::WeakeningExtension, at, child.name.text, child.base->text, what);
  };
  for (const ast::PolicyLimit &l : child.limits)
    for (const ast::PolicyLimit &b : base.limits)
      if (b.counter.text == l.counter.text && l.value > b.value)
        weakens(l.range, "raises limit " + l.counter.text + " from " + std::to_string(b.value) +
                             " to " + std::to_string(l.value));
  for (const ast::PolicySetting &s : child.settings) {
    const ast::PolicySetting *b = lastSetting(base, s.key.text);
    if (!b || additive(s.key.text))
      continue;
    if (narrowing(s.key.text)) {
      for (const ast::PolicyValue &v : s.values)
        if (std::none_of(b->values.begin(), b->values.end(),
                         [&](const ast::PolicyValue &h) { return h.text == v.text; }))
          weakens(v.range, "adds " + (v.kind == ast::PolicyValue::Kind::String
                                          ? "\"" + v.text + "\""
                                          : "'" + v.text + "'") +
                               " to '" + s.key.text + "' (the base gives " + valuesText(*b) + ")");
    } else if (!sameValues(s, *b)) {
      weakens(s.range, "changes setting '" + s.key.text + "' (the base gives " + valuesText(*b) +
                           ")");
    }
  }
  const Normalizer &norm = Normalizer::standard();
  std::map<std::pair<std::string, std::u32string>, const ast::LexiconEntry *> inBase;
  for (const ast::LexiconEntry &e : base.entries)
    inBase.emplace(std::make_pair(e.kind.text, norm.fold(e.phrase.value)), &e);
  for (const ast::LexiconEntry &e : child.entries) {
    auto it = inBase.find({e.kind.text, norm.fold(e.phrase.value)});
    if (it != inBase.end() && !it->first.second.empty())
      weakens(e.phrase.range, "declares the base's " + e.kind.text + " entry \"" +
                                  it->second->phrase.value +
                                  "\" again (an entry of the base cannot be changed)");
  }
}

} // namespace

const ast::Policy *findPolicy(llvm::StringRef name,
                              const std::vector<std::unique_ptr<ast::Module>> &modules) {
  for (const auto &module : modules)
    for (const ast::Policy &p : module->policies)
      if (p.name.text == name)
        return &p;
  return nullptr;
}

std::unique_ptr<ast::Policy> flattenPolicy(const ast::Policy &policy,
                                           const std::vector<std::unique_ptr<ast::Module>> &modules) {
  if (!policy.base)
    return nullptr;
  bool broken = false;
  std::vector<const ast::Policy *> chain = chainOf(policy, modules, broken);
  if (broken)
    return nullptr;
  auto out = std::make_unique<ast::Policy>(*chain.back());
  for (size_t i = chain.size() - 1; i-- > 0;)
    fold(*out, *chain[i]);
  out->base.reset();
  return out;
}

void checkPolicyExtensions(const std::vector<std::unique_ptr<ast::Module>> &modules,
                           DiagnosticEngine &diags) {
  std::vector<llvm::StringRef> names;
  for (const auto &module : modules)
    for (const ast::Policy &p : module->policies)
      names.push_back(p.name.text);
  for (const auto &module : modules) {
    for (const ast::Policy &p : module->policies) {
      if (!p.base)
        continue;
      const ast::Policy *base = findPolicy(p.base->text, modules);
      if (!base) {
        diags.report(DiagId::UndefinedPolicy, p.base->range, p.base->text,
                     didYouMean(p.base->text, names));
        continue;
      }
      bool broken = false;
      std::vector<const ast::Policy *> chain = chainOf(*base, modules, broken);
      if (std::find(chain.begin(), chain.end(), &p) != chain.end()) {
        std::string through;
        for (const ast::Policy *link : chain)
          through += (through.empty() ? "'" : " -> '") + link->name.text + "'";
        diags.report(DiagId::PolicyCycle, p.base->range, p.name.text, through);
        continue;
      }
      if (broken)
        continue; // reported at the link that breaks
      std::unique_ptr<ast::Policy> folded = flattenPolicy(*base, modules);
      checkWeakening(p, folded ? *folded : *base, diags);
    }
  }
}

} // namespace patter
