// The process's shared parsed modules.
#include "ModuleCache.h"

#include "Diagnostic.h"

namespace patter {

ast::Module *ModuleCache::find(const FileIdentity &identity, uint32_t file,
                               std::string_view text) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find({identity, file});
  if (it == entries_.end())
    return nullptr;
  for (const auto &entry : it->second)
    if (entry->text == text)
      return entry->module.get();
  return nullptr;
}

ast::Module *ModuleCache::insert(const FileIdentity &identity, std::string text,
                                 std::unique_ptr<ast::Module> module) {
  std::lock_guard lock(mutex_);
  auto &list = entries_[{identity, module->file}];
  for (const auto &entry : list)
    if (entry->text == text)
      return entry->module.get(); // another thread stored it first
  for (const ast::Policy &policy : module->policies)
    policies_[&policy];
  stored_.insert(module.get());
  list.push_back(std::make_unique<Entry>(Entry{std::move(text), std::move(module)}));
  ++size_;
  return list.back()->module.get();
}

const Lexicon *ModuleCache::lexicon(const ast::Policy &policy) {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(&policy);
  if (it == policies_.end())
    return nullptr;
  if (!it->second.lexicon)
    it->second.lexicon = std::make_unique<Lexicon>(Lexicon::load(policy, nullptr));
  return it->second.lexicon.get();
}

bool ModuleCache::lexiconClean(const ast::Policy &policy) {
  std::lock_guard lock(mutex_);
  auto it = policies_.find(&policy);
  if (it == policies_.end())
    return false;
  if (it->second.clean < 0) {
    DiagnosticEngine scratch;
    Lexicon::load(policy, &scratch);
    it->second.clean = scratch.sorted().empty() ? 1 : 0;
  }
  return it->second.clean == 1;
}

const Replies *ModuleCache::replies(const std::vector<std::unique_ptr<ast::Module>> &modules) {
  std::vector<const ast::Module *> givers;
  for (const auto &module : modules)
    if (!module->replies.empty())
      givers.push_back(module.get());
  std::lock_guard lock(mutex_);
  for (const ast::Module *module : givers)
    if (!stored_.count(module))
      return nullptr;
  auto [it, added] = replies_.try_emplace(std::move(givers));
  if (added) {
    DiagnosticEngine scratch;
    auto read = std::make_unique<Replies>(readReplies(modules, &scratch));
    testReplyExamples(*read, scratch);
    if (scratch.sorted().empty())
      it->second = std::move(read);
  }
  return it->second.get();
}

size_t ModuleCache::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

} // namespace patter
