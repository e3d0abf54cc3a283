// Import resolution over the search path.
#include "ModuleLoader.h"

#include "ModuleCache.h"
#include "Parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace patter {

namespace {

bool isStdlibImport(const std::string &name) { return name.rfind("std/", 0) == 0; }

} // namespace

bool readFile(const std::string &path, std::string &out, std::string *why) {
  // One read straight into a string of the file's size: stream copies, or a buffer copied into
  // the string afterwards, were a visible share of compiling a small campaign.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (why)
      *why = std::strerror(errno);
    return false;
  }
  struct stat info;
  bool ok = ::fstat(fd, &info) == 0;
  if (ok && S_ISDIR(info.st_mode)) {
    ok = false;
    if (why)
      *why = "it is a directory; name a .patter file in it";
  } else if (ok && static_cast<uint64_t>(info.st_size) > kMaxSourceBytes) {
    ok = false;
    if (why)
      *why = fmt::format("larger than the limit of {} bytes", kMaxSourceBytes);
  } else if (!ok && why) {
    *why = std::strerror(errno);
  }
  if (ok) {
    out.resize(static_cast<size_t>(info.st_size));
    size_t done = 0;
    while (ok) {
      if (done == out.size()) {
        // Grew since fstat, or a file that reports no size (a pipe, /dev/zero): never past the limit.
        if (out.size() >= kMaxSourceBytes) {
          ok = false;
          if (why)
            *why = fmt::format("larger than the limit of {} bytes", kMaxSourceBytes);
          break;
        }
        out.resize(std::min(out.size() + 65536, kMaxSourceBytes));
      }
      ssize_t n = ::read(fd, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      ok = n >= 0;
      if (n <= 0)
        break;
      done += static_cast<size_t>(n);
    }
    out.resize(done);
  }
  ::close(fd);
  return ok;
}

std::optional<FileIdentity> regularFileIdentity(const std::string &path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    return std::nullopt;
  return FileIdentity{static_cast<uint64_t>(info.st_dev), static_cast<uint64_t>(info.st_ino)};
}

std::optional<ModuleLoader::Found>
ModuleLoader::resolve(const std::string &importingFile, const std::string &name,
                      std::vector<std::string> &searched,
                      std::vector<std::string> &shadows) const {
  std::vector<fs::path> dirs;
  dirs.push_back(fs::path(importingFile).parent_path());
  for (const auto &dir : path_.includeDirs)
    dirs.emplace_back(dir);
  // `std/...` is the installed library's alone: a writer's file of that name beside the
  // campaign (or on -I) would replace a policy compliance signed off.
  bool stdOnly = isStdlibImport(name);
  for (const auto &dir : dirs) {
    fs::path candidate = dir / (name + ".patter");
    if (stdOnly) {
      if (regularFileIdentity(candidate.string()))
        shadows.push_back(candidate.lexically_normal().string());
      continue;
    }
    searched.push_back(dir.empty() ? "." : displayName(dir.string()));
    if (auto identity = regularFileIdentity(candidate.string()))
      return Found{candidate.lexically_normal().string(), *identity};
  }
  if (!path_.stdlibDir.empty()) {
    fs::path candidate = fs::path(path_.stdlibDir) / (name + ".patter");
    searched.push_back(displayName(path_.stdlibDir));
    if (auto identity = regularFileIdentity(candidate.string()))
      return Found{candidate.lexically_normal().string(), *identity};
  }
  return std::nullopt;
}

std::string ModuleLoader::displayName(const std::string &found) const {
  // Standard modules are named relative to the library, so diagnostics and source maps read
  // the same on every machine.
  if (path_.stdlibDir.empty())
    return found;
  fs::path relative = fs::path(found).lexically_relative(fs::path(path_.stdlibDir).lexically_normal());
  if (relative.empty() || *relative.begin() == "..")
    return found;
  if (relative == ".")
    return "<stdlib>";
  return "<stdlib>/" + relative.string();
}

void ModuleLoader::load(std::string path, std::string text, LoadedModules &modules) {
  std::set<FileIdentity> loaded;
  std::optional<FileIdentity> mainIdentity = regularFileIdentity(path);
  if (mainIdentity) // a main file given as text may not exist
    loaded.insert(*mainIdentity);
  realPaths_[sources_.fileCount()] = path;
  uint32_t mainFile = sources_.add(path, std::move(text));
  modules.addOwned(parse(sources_, mainFile, diags_), mainIdentity);

  // Breadth-first over imports keeps the load order, and so file ids, stable.
  for (size_t next = 0; next < modules.size(); ++next) {
    std::string importer = realPaths_[modules[next].file];
    for (const ast::Import &imp : modules[next].imports) {
      std::vector<std::string> searched, shadows;
      std::optional<Found> found = resolve(importer, imp.path.value, searched, shadows);
      for (const std::string &shadow : shadows)
        diags_.report(DiagId::ShadowedStdlib, imp.path.range, shadow, imp.path.value);
      std::string contents;
      if (!found || !readFile(found->path, contents)) {
        std::string list;
        for (const auto &dir : searched)
          list += (list.empty() ? "" : ", ") + dir;
        diags_.report(DiagId::ImportNotFound, imp.path.range, imp.path.value, list);
        continue;
      }
      if (!loaded.insert(found->identity).second)
        continue;
      realPaths_[sources_.fileCount()] = found->path;
      uint32_t id = sources_.add(displayName(found->path), std::move(contents));
      if (!cache_) {
        modules.addOwned(parse(sources_, id, diags_), found->identity);
        continue;
      }
      if (ast::Module *cached = cache_->find(found->identity, id, sources_.text(id))) {
        modules.addBorrowed(cached, found->identity);
        continue;
      }
      // Parsed here, reporting to this compilation as always; kept only if it said nothing.
      size_t before = diags_.sorted().size();
      std::unique_ptr<ast::Module> module = parse(sources_, id, diags_);
      if (diags_.sorted().size() != before) {
        modules.addOwned(std::move(module), found->identity);
        continue;
      }
      modules.addBorrowed(
          cache_->insert(found->identity, std::string(sources_.text(id)), std::move(module)),
          found->identity);
    }
  }
}

} // namespace patter
