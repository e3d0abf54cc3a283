// Finds the standard library and the diagnostic pages relative to the executable.
#include "DataDirs.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace patter::cli {
namespace {

namespace fs = std::filesystem;

DataDirs find() {
  std::error_code ec;
  DataDirs dirs;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    const fs::path installed = (bin / PATTER_BIN_TO_DATA).lexically_normal();
    if (fs::is_directory(installed / "stdlib", ec)) {
      dirs = {(installed / "stdlib").string(), (installed / "docs" / "diagnostics").string()};
    } else if (std::ifstream marker(bin / "patter-source-tree"); marker) {
      std::string source;
      std::getline(marker, source);
      dirs = {(fs::path(source) / "stdlib").string(), (fs::path(source) / "docs" / "diagnostics").string()};
    }
  }
  if (const char *env = std::getenv("PATTER_STDLIB"); env && *env)
    dirs.stdlib = env;
  if (const char *env = std::getenv("PATTER_DOCS"); env && *env)
    dirs.docs = env;
  if (!fs::is_directory(dirs.docs, ec))
    dirs.docs.clear();
  return dirs;
}

} // namespace

const DataDirs &dataDirs() {
  static const DataDirs dirs = find();
  return dirs;
}

} // namespace patter::cli
