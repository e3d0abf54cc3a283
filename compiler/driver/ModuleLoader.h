// Reads the main file and, transitively, every module it imports.
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace patter {

class ModuleCache;

/// Which file a path names, whatever the spelling (symbolic links, `..`): its device and inode.
/// One `stat` finds it, where a canonical path costs a `readlink` per path component.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;

  auto operator<=>(const FileIdentity &) const = default;
};

/// The identity of the regular file at `path`, or nothing if there is none.
std::optional<FileIdentity> regularFileIdentity(const std::string &path);

/// Where `import "a/b"` looks, in order: the importing file's folder, each `-I` folder, then
/// the standard library folder; `import "std/..."` looks in the standard library only. A
/// module is loaded once however often it is imported, so import cycles are harmless.
struct SearchPath {
  std::vector<std::string> includeDirs;
  std::string stdlibDir;
  /// `--policy MODULE[:NAME]`: the policies a campaign may use, besides those its project file
  /// (`patter.json`, found upward from the campaign) pins.
  std::vector<std::string> pinnedPolicies;
};

/// The modules of one compilation in load order, main file first. The passes take them as
/// `unique_ptr`s, but a module lent by a `ModuleCache` is not this list's to delete: it is
/// released, not destroyed, with the list.
class LoadedModules {
public:
  LoadedModules() = default;
  LoadedModules(const LoadedModules &) = delete;
  LoadedModules &operator=(const LoadedModules &) = delete;
  ~LoadedModules() {
    for (size_t i = 0; i < modules_.size(); ++i)
      if (borrowed_[i])
        (void)modules_[i].release();
  }

  const std::vector<std::unique_ptr<ast::Module>> &modules() const { return modules_; }
  size_t size() const { return modules_.size(); }
  const ast::Module &operator[](size_t i) const { return *modules_[i]; }
  /// The file module `i` was read from; nothing for a main file given only as text.
  const std::optional<FileIdentity> &identity(size_t i) const { return identities_[i]; }

  void addOwned(std::unique_ptr<ast::Module> module, std::optional<FileIdentity> identity) {
    identities_.push_back(identity);
    modules_.push_back(std::move(module));
    borrowed_.push_back(false);
  }
  void addBorrowed(ast::Module *module, std::optional<FileIdentity> identity) {
    identities_.push_back(identity);
    borrowed_.push_back(true); // first: should the push below throw, nothing is deleted
    modules_.emplace_back(module);
  }

private:
  std::vector<std::unique_ptr<ast::Module>> modules_;
  std::vector<bool> borrowed_;
  std::vector<std::optional<FileIdentity>> identities_;
};

class ModuleLoader {
public:
  /// With `cache`, imported modules are taken from it when their text is unchanged, and stored
  /// in it when they parse cleanly; the main file is always parsed.
  ModuleLoader(SourceManager &sources, DiagnosticEngine &diags, SearchPath path,
               ModuleCache *cache = nullptr)
      : sources_(sources), diags_(diags), path_(std::move(path)), cache_(cache) {}

  /// Loads `text` as the main file `path`, then its imports, into `out`.
  void load(std::string path, std::string text, LoadedModules &out);

private:
  struct Found {
    std::string path;
    FileIdentity identity;
  };
  /// The first file the import `name` names along the search path; the folders tried are
  /// added to `searched` for the error message should there be none.
  /// Local files an `import "std/..."` would have found before the library go to `shadows`.
  std::optional<Found> resolve(const std::string &importingFile, const std::string &name,
                               std::vector<std::string> &searched,
                               std::vector<std::string> &shadows) const;

  std::string displayName(const std::string &found) const;

  SourceManager &sources_;
  DiagnosticEngine &diags_;
  SearchPath path_;
  ModuleCache *cache_;
  std::map<uint32_t, std::string> realPaths_; ///< file id to the path it was read from
};

/// The largest source file the compiler reads (16 MiB; the largest campaigns are well under 1 MB).
inline constexpr size_t kMaxSourceBytes = size_t{16} << 20;

/// Reads a whole file of at most kMaxSourceBytes; false if it cannot be read, with the reason
/// in `*why` when given.
bool readFile(const std::string &path, std::string &out, std::string *why = nullptr);

} // namespace patter
