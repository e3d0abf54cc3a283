// Clocks and memory probes shared by the benchmark programs.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace patter::bench {

/// CPU time (user + system) this process has used, in seconds. On a shared machine it is the
/// fairer per-core figure: time the scheduler gave to others does not count against us.
inline double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval &t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// Wall-clock and CPU seconds elapsed since construction.
class Stopwatch {
public:
  Stopwatch() : wall_(std::chrono::steady_clock::now()), cpu_(cpuSeconds()) {}
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
  }
  double cpu() const { return cpuSeconds() - cpu_; }

private:
  std::chrono::steady_clock::time_point wall_;
  double cpu_;
};

/// Resident set size of this process now, in bytes (from /proc/self/statm).
inline long residentBytes() {
  long pages = 0, resident = 0;
  if (std::FILE *f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    std::fclose(f);
  }
  return resident * sysconf(_SC_PAGESIZE);
}

/// The peak resident set size of this address space so far, in bytes (VmHWM in
/// /proc/self/status). Unlike ru_maxrss, which Linux carries across fork and exec so that a
/// child starts with its parent's peak, VmHWM starts afresh with the new image after exec.
inline long peakResidentBytes() {
  long kib = -1;
  if (std::FILE *f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1)
        break;
    std::fclose(f);
  }
  return kib * 1024;
}

/// What a child process wrote to stdout, and whether it exited with status 0.
struct ChildReport {
  bool ok = false;
  std::string output;
};

/// Runs this same program again (`/proc/self/exe`) with `args` in a fresh address space and
/// returns its stdout. A fresh exec, not a bare fork, so that the child does not share the
/// parent's heap and resident pages; the child reports its own peakResidentBytes().
inline ChildReport runSelf(const std::vector<std::string> &args) {
  ChildReport report;
  int pipeFds[2];
  if (pipe(pipeFds) != 0)
    return report;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipeFds[1], STDOUT_FILENO);
    close(pipeFds[0]);
    close(pipeFds[1]);
    std::vector<char *> argv;
    static char self[] = "/proc/self/exe";
    argv.push_back(self);
    for (const std::string &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    execv(self, argv.data());
    _exit(127);
  }
  close(pipeFds[1]);
  char buffer[512];
  ssize_t n;
  while ((n = read(pipeFds[0], buffer, sizeof buffer)) > 0)
    report.output.append(buffer, static_cast<size_t>(n));
  close(pipeFds[0]);
  int status = 0;
  report.ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
              WEXITSTATUS(status) == 0;
  return report;
}

} // namespace patter::bench
