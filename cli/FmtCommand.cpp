// `patter fmt [--check] FILE...`: rewrites files in the canonical layout (format/Formatter.h).
#include "AtomicFile.h"
#include "Formatter.h"
#include "ModuleLoader.h"
#include "Options.h"
#include "commands.h"

#include <fmt/format.h>

#include <iostream>
#include <iterator>

namespace {

void printFmtUsage() {
  fmt::print("usage: patter fmt [--check] FILE...\n\n"
             "Lays out campaigns and modules canonically, keeping every comment, and rewrites\n"
             "each file that changes. FILE '-' reads standard input and writes standard output.\n\n"
             "options:\n"
             "  --check            change nothing; name each file that is not formatted\n"
             "  --help, --version\n\n"
             "exit status: 0 formatted (or, with --check, already formatted), 1 a file would\n"
             "change or cannot be formatted, 2 usage or I/O trouble\n");
}

} // namespace

int fmtCommand(const std::vector<std::string> &args) {
  bool check = false;
  std::vector<std::string> files;
  for (const std::string &a : args) {
    if (a == "--help" || a == "-h") {
      printFmtUsage();
      return 0;
    }
    if (a == "--version") {
      patter::cli::printVersion();
      return 0;
    }
    if (a == "--check") {
      check = true;
    } else if (a.size() > 1 && a[0] == '-') {
      fmt::print(stderr, "patter fmt: unknown option '{}'\nTry 'patter fmt --help'.\n", a);
      return 2;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "patter fmt: no input files\nTry 'patter fmt --help'.\n");
    return 2;
  }

  int status = 0;
  for (const std::string &file : files) {
    std::string text;
    if (file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else if (!patter::readFile(file, text)) {
      fmt::print(stderr, "patter fmt: cannot read '{}'\n", file);
      status = 2;
      continue;
    }
    const std::string name = file == "-" ? "<stdin>" : file;
    patter::FormatResult result = patter::formatSource(text);
    if (!result.ok()) {
      fmt::print(stderr, "{}:{}:{}: error: cannot format: {}\n", name, result.line, result.column,
                 result.error);
      status = std::max(status, 1);
      continue;
    }
    if (file == "-" && !check) {
      fmt::print("{}", result.text);
      continue;
    }
    if (result.text == text)
      continue;
    if (check) {
      fmt::print(stderr, "{}: not formatted (run 'patter fmt {}')\n", name, name);
      status = std::max(status, 1);
      continue;
    }
    std::string error;
    if (!patter::cli::writeFileAtomically(file, result.text, error)) {
      fmt::print(stderr, "patter fmt: cannot write '{}': {}\n", file, error);
      status = 2;
    }
  }
  return status;
}
