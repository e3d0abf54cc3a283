// Reads the main file and, transitively, every module it imports.
#pragma once

#include "AST.h"
#include "Diagnostic.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace patter {

/// Where `import "a/b"` looks, in order: the importing file's folder, each `-I` folder, then
/// the standard library folder. A module is loaded once however often it is imported, so
/// import cycles are harmless.
struct SearchPath {
  std::vector<std::string> includeDirs;
  std::string stdlibDir;
};

class ModuleLoader {
public:
  ModuleLoader(SourceManager &sources, DiagnosticEngine &diags, SearchPath path)
      : sources_(sources), diags_(diags), path_(std::move(path)) {}

  /// Loads `text` as the main file `path`, then its imports. Modules come out in load order,
  /// main file first.
  std::vector<std::unique_ptr<ast::Module>> load(std::string path, std::string text);

private:
  std::string resolve(const std::string &importingFile, const std::string &name,
                      std::vector<std::string> &searched) const;

  std::string displayName(const std::string &found) const;

  SourceManager &sources_;
  DiagnosticEngine &diags_;
  SearchPath path_;
  std::map<uint32_t, std::string> realPaths_; ///< file id to the path it was read from
};

/// Reads a whole file; false if it cannot be read.
bool readFile(const std::string &path, std::string &out);

} // namespace patter
