// Atomic file replacement through a temporary file and rename(2).
#include "AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace patter::cli {

bool writeFileAtomically(const std::string &path, const std::string &contents,
                         std::string &error) {
  std::filesystem::path target(path);
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  auto fail = [&](int err) {
    error = std::strerror(err);
    close(fd);
    unlink(pattern.c_str());
    return false;
  };
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return fail(errno);
    }
    written += static_cast<size_t>(n);
  }
  if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
    return fail(errno);
  if (close(fd) != 0) {
    error = std::strerror(errno);
    unlink(pattern.c_str());
    return false;
  }
  if (std::rename(pattern.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    unlink(pattern.c_str());
    return false;
  }
  return true;
}

} // namespace patter::cli
