// Parsed modules shared by the compilations of one process, so an import is parsed once.
#pragma once

#include "AST.h"
#include "Lexicon.h"
#include "ModuleLoader.h"
#include "Replies.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace patter {

/// Imported modules parsed once and lent to every `Compilation` given the cache. The caller owns
/// it (the CLI for one `check` or `build` run, a benchmark for its corpus) and must keep it alive
/// while any compilation that used it runs. There is no global cache.
///
/// An entry is keyed by the module's file identity (device and inode), the file id it was parsed under (source
/// ranges in the tree carry it) and its whole text: a file changed on disk, or loaded at another
/// position in the import order, misses and is parsed again. Entries are added, never changed
/// or removed, so a tree once lent stays valid and immutable. Only modules that parsed without
/// a diagnostic are stored: a module with syntax errors is parsed (and reported) by every
/// compilation, exactly as without the cache. Safe to share between threads.
class ModuleCache {
public:
  ModuleCache() = default;
  ModuleCache(const ModuleCache &) = delete;
  ModuleCache &operator=(const ModuleCache &) = delete;

  /// The tree of the file `identity` parsed as file `file` from exactly `text`, or null.
  ast::Module *find(const FileIdentity &identity, uint32_t file, std::string_view text) const;

  /// Stores a module that parsed cleanly from `text` and returns the stored tree.
  ast::Module *insert(const FileIdentity &identity, std::string text,
                      std::unique_ptr<ast::Module> module);

  /// The lexicon of `policy` (`Lexicon::load(policy, nullptr)`), loaded once, if the policy
  /// belongs to a cached module; null otherwise.
  const Lexicon *lexicon(const ast::Policy &policy);

  /// Whether `Lexicon::load(policy, &diags)` reports nothing for a policy of a cached module,
  /// found out once; false (check it again) for any other policy.
  bool lexiconClean(const ast::Policy &policy);

  /// The replies read from `modules` when every module with a `replies` block is stored here
  /// and reading them and testing their examples reports nothing: read and tested once per
  /// such set of modules. Null otherwise (a block of the campaign's own file, say), and the
  /// compilation reads and tests them itself.
  const Replies *replies(const std::vector<std::unique_ptr<ast::Module>> &modules);

  /// Modules parsed and stored so far (a changed file counts again).
  size_t size() const;

private:
  struct Entry {
    std::string text;
    std::unique_ptr<ast::Module> module;
  };
  struct PolicyInfo {
    std::unique_ptr<Lexicon> lexicon; ///< loaded on first use
    int clean = -1;                   ///< -1 unknown, else whether its self-test is silent
  };

  mutable std::mutex mutex_;
  std::map<std::pair<FileIdentity, uint32_t>, std::vector<std::unique_ptr<Entry>>> entries_;
  std::map<const ast::Policy *, PolicyInfo> policies_; ///< every policy of a stored module
  std::set<const ast::Module *> stored_;
  /// By the stored modules that gave the `replies` blocks, in load order: what they read as,
  /// or null when reading or testing them reports something.
  std::map<std::vector<const ast::Module *>, std::unique_ptr<Replies>> replies_;
  size_t size_ = 0;
};

} // namespace patter
