// A campaign's policy: named, genuine, and meant for this kind of campaign.
#include "PolicyScope.h"

#include "Offer.h"
#include "PolicyExtends.h"
#include "PolicySettings.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace patter {

namespace {

std::string listed(const std::vector<std::string> &values) {
  std::string out;
  for (const std::string &v : values)
    out += (out.empty() ? "'" : ", '") + v + "'";
  return out;
}

bool contains(const std::vector<std::string> &values, llvm::StringRef v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

/// Where a setting of `policy` (or, when it extends another, of the policy written first that
/// gives it) stands, for the note of a mismatch.
SourceRange settingRange(const ast::Policy &policy, llvm::StringRef key) {
  for (const ast::PolicySetting &s : policy.settings)
    if (s.key.text == key)
      return s.range;
  return policy.name.range;
}

} // namespace

void checkCampaignPolicy(const Program &program, bool parsed, DiagnosticEngine &diags) {
  const ast::Campaign &c = *program.campaign;
  if (c.policies.empty()) {
    if (parsed)
      diags.report(DiagId::MissingPolicy, c.name.range, c.name.text);
    return;
  }
  if (!program.policy)
    return; // not found, E0105
  const ast::Policy &policy = *program.policy;
  PolicySettings settings = readPolicySettings(&policy, nullptr);
  auto note = [&](Diagnostic &d, llvm::StringRef key) {
    d.notes.push_back({settingRange(policy, key), "what the policy applies to"});
  };

  llvm::StringRef channel = program.channel.empty() ? "outbound" : program.channel;
  SourceRange channelAt = c.channels.empty() ? c.policies.front().value.range
                                             : c.channels.front().value.range;
  if (!settings.channels.empty() && !contains(settings.channels, channel))
    note(diags.report(DiagId::PolicyScopeMismatch, channelAt, policy.name.text, "channels",
                      listed(settings.channels), "channel", channel.str()),
         "channels");

  if (settings.products.empty())
    return; // E0225 at the policy
  auto kind = program.offer.find("kind");
  if (kind == program.offer.end()) {
    diags.report(DiagId::MissingProductKind, c.name.range, c.name.text, policy.name.text,
                 listed(settings.products));
    return;
  }
  const ast::FactValue &value = kind->second->value;
  if (value.kind != ast::FactValue::Kind::Word)
    return; // E0201
  if (!contains(settings.products, value.word.text))
    note(diags.report(DiagId::PolicyScopeMismatch, value.range, policy.name.text, "products",
                      listed(settings.products), "a product of kind", value.word.text),
         "products");
}

void checkPolicyScopes(const std::vector<std::unique_ptr<ast::Module>> &modules,
                       DiagnosticEngine &diags) {
  for (const auto &module : modules) {
    for (const ast::Policy &declared : module->policies) {
      std::unique_ptr<ast::Policy> folded = flattenPolicy(declared, modules);
      if (declared.base && !folded)
        continue; // a broken chain of bases, reported by the extension check
      const ast::Policy &policy = folded ? *folded : declared;
      PolicySettings settings = readPolicySettings(&policy, nullptr);
      if (settings.channels.empty())
        diags.report(DiagId::PolicyWithoutScope, declared.name.range, declared.name.text,
                     "channels", "channels");
      if (settings.products.empty())
        diags.report(DiagId::PolicyWithoutScope, declared.name.range, declared.name.text,
                     "kinds of product", "products");
      const auto &known = knownChannels();
      for (const ast::PolicySetting &s : declared.settings)
        if (s.key.text == "channels")
          for (const ast::PolicyValue &v : s.values)
            if (std::find(known.begin(), known.end(), v.text) == known.end()) {
              std::string all;
              for (llvm::StringRef k : known)
                all += (all.empty() ? "" : ", ") + k.str();
              diags.report(DiagId::UnknownEnumValue, v.range, v.text, "channel", all);
            }
    }
  }
}

void checkLookalikePolicies(const LoadedModules &modules, const SourceManager &sources,
                            const std::string &stdlibDir, DiagnosticEngine &diags) {
  if (stdlibDir.empty())
    return;
  for (size_t i = 0; i < modules.size(); ++i) {
    for (const ast::Policy &p : modules[i].policies) {
      std::string module = "std/policy/" + p.name.text;
      fs::path standard = fs::path(stdlibDir) / (module + ".patter");
      std::optional<FileIdentity> original = regularFileIdentity(standard.string());
      if (original && original != modules.identity(i))
        diags.report(DiagId::LookalikePolicy, p.name.range, p.name.text,
                     std::string(sources.path(modules[i].file)), module, p.name.text,
                     p.name.text);
    }
  }
}

} // namespace patter
