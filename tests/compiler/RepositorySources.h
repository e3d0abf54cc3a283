// The patter sources of the repository: every .patter file and every ```patter block of the
// Markdown pages under examples/, stdlib/, tests/ and docs/. The tests that hold a hand-written
// part of the front end to the grammar run over all of them.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace patter::test {

struct NamedSource {
  std::string name; ///< the path, and for a Markdown block its number
  std::string text;
};

inline std::string readSource(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The bodies of the ```patter blocks of a Markdown page.
inline std::vector<std::string> patterBlocks(const std::string &page) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = page.find("```patter\n", at)) != std::string::npos;) {
    at += 10;
    size_t close = page.find("\n```", at);
    if (close == std::string::npos)
      break;
    out.push_back(page.substr(at, close - at + 1));
    at = close;
  }
  return out;
}

/// Every source, read. Paths are relative to the source root, the tests' working folder.
inline std::vector<NamedSource> repositorySources() {
  std::vector<NamedSource> out;
  for (const char *dir : {"examples", "stdlib", "tests", "docs"}) {
    for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
      const std::filesystem::path &path = entry.path();
      if (path.extension() == ".patter") {
        out.push_back({path.string(), readSource(path)});
      } else if (path.extension() == ".md") {
        std::vector<std::string> blocks = patterBlocks(readSource(path));
        for (size_t i = 0; i < blocks.size(); ++i) {
          // A page cannot hold invalid UTF-8: the block that shows it says `<invalid-utf8>`,
          // and checking the encoding comes before lexing and parsing anyway.
          if (blocks[i].find("<invalid-utf8>") != std::string::npos)
            continue;
          out.push_back({path.string() + " block " + std::to_string(i + 1), std::move(blocks[i])});
        }
      }
    }
  }
  return out;
}

} // namespace patter::test
