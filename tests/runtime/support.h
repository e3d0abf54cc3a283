// Helpers shared by the runtime test files: files of the source tree, the flows `patter build`
// wrote for the golden tests, actions and transcripts, and `patter` commands run with their output
// captured. The hand-written flows and the helpers to edit them are in flows.h.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "flows.h"
#include "patter/action.h"
#include "patter/flow.h"

namespace patter::test {

/// Transcript lines, as `lines()` renders them.
using Lines = std::vector<std::string>;

/// The root of the source tree, where the golden files and the examples live.
inline const std::filesystem::path kSource = PATTER_SOURCE_DIR;

/// The whole content of a file ("" if it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A flow `patter build` wrote for the golden tests, by its path under tests/golden; it must load.
inline Flow goldenFlow(std::string_view relative, const LoadOptions& options = {}) {
  return mustLoad(slurp(kSource / "tests/golden" / relative), options);
}

/// Whether some action is of `kind`.
inline bool has(const std::vector<Action>& actions, ActionKind kind) {
  for (const auto& a : actions) {
    if (a.kind == kind) return true;
  }
  return false;
}

/// What a `patter` command returned and printed.
struct Captured {
  int status = 0;
  std::string out;
  std::string err;
};

/// Runs a `patter` command (e.g. runCommand) on `args` with stdout and stderr captured.
inline Captured capture(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  auto* oldOut = std::cout.rdbuf(out.rdbuf());
  auto* oldErr = std::cerr.rdbuf(err.rdbuf());
  Captured c;
  c.status = command(args);
  std::cout.rdbuf(oldOut);
  std::cerr.rdbuf(oldErr);
  c.out = out.str();
  c.err = err.str();
  return c;
}

/// A scratch folder for the files a test writes, removed afterwards.
struct Scratch {
  std::filesystem::path dir;
  /// `tag` names the folder, e.g. "run" gives patter-run-test-NUMBER in the temporary folder.
  explicit Scratch(std::string_view tag) {
    dir = std::filesystem::temp_directory_path() /
          ("patter-" + std::string(tag) + "-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  /// Writes `text` to the file `name` in the folder; returns its path.
  std::string write(const std::string& name, std::string_view text) {
    const std::filesystem::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

} // namespace patter::test
