// Line tables and display widths for diagnostics.
#include "SourceManager.h"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Unicode.h>

#include <cstring>

namespace patter {

uint32_t SourceManager::add(std::string path, std::string text) {
  auto file = std::make_unique<File>();
  file->path = std::move(path);
  file->text = std::move(text);
  file->lineStarts.push_back(0);
  const char *begin = file->text.data(), *end = begin + file->text.size();
  for (const char *p = begin; (p = static_cast<const char *>(std::memchr(p, '\n', end - p)));)
    file->lineStarts.push_back(static_cast<uint32_t>(++p - begin));
  // Old Mac files end their lines with a lone CR, which the parsers read as '\n' too
  // (Confusables.h); only a file holding a CR pays for the second pass.
  if (std::memchr(begin, '\r', end - begin)) {
    file->lineStarts.resize(1);
    for (const char *p = begin; p < end; ++p)
      if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] != '\n')))
        file->lineStarts.push_back(static_cast<uint32_t>(p + 1 - begin));
  }
  files_.push_back(std::move(file));
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view SourceManager::lineText(uint32_t file, uint32_t line) const {
  if (file >= files_.size())
    return {};
  const File &f = *files_[file];
  if (line == 0 || line > f.lineStarts.size())
    return {};
  size_t begin = f.lineStarts[line - 1];
  size_t end = line < f.lineStarts.size() ? f.lineStarts[line] - 1 : f.text.size();
  std::string_view text(f.text.data() + begin, end - begin);
  if (!text.empty() && text.back() == '\r')
    text.remove_suffix(1);
  return text;
}

size_t byteOffsetOfColumn(std::string_view line, uint32_t column) {
  size_t offset = 0;
  for (uint32_t c = 1; c < column && offset < line.size(); ++c) {
    ++offset;
    while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80)
      ++offset;
  }
  return offset;
}

unsigned displayWidth(std::string_view text) {
  // Tabs are drawn as one cell by the renderer (it copies them), so count them as one.
  int width = llvm::sys::unicode::columnWidthUTF8(llvm::StringRef(text.data(), text.size()));
  if (width >= 0)
    return static_cast<unsigned>(width);
  // Control or unprintable characters: fall back to one cell per code point.
  unsigned count = 0;
  for (unsigned char c : text)
    count += (c & 0xC0) != 0x80;
  return count;
}

unsigned SourceManager::displayWidth(uint32_t file, uint32_t line, uint32_t from,
                                     uint32_t to) const {
  std::string_view text = lineText(file, line);
  size_t begin = byteOffsetOfColumn(text, from);
  size_t end = byteOffsetOfColumn(text, to);
  if (end <= begin)
    return 0;
  return patter::displayWidth(text.substr(begin, end - begin));
}

} // namespace patter
