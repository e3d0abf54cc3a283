// Owns every source file of a compilation and maps positions to lines for diagnostics.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace patter {

/// A position in a source file. Lines and columns are 1-based; columns count Unicode code
/// points, so `第3个字` is column 3 whatever its byte offset. Line 0 means "no position".
struct SourceLocation {
  uint32_t file = 0;
  uint32_t line = 0;
  uint32_t column = 0;

  bool valid() const { return line != 0; }
};

/// A half-open span [begin, end) on one line or across lines.
struct SourceRange {
  SourceLocation begin;
  SourceLocation end;
};

class SourceManager {
public:
  /// Adds a file's text and returns its id.
  uint32_t add(std::string path, std::string text);

  std::string_view path(uint32_t file) const { return files_[file]->path; }
  std::string_view text(uint32_t file) const { return files_[file]->text; }
  size_t fileCount() const { return files_.size(); }

  /// The text of one line, without its line ending; empty when out of range.
  std::string_view lineText(uint32_t file, uint32_t line) const;

  /// The terminal width of the code points [from, to) of a line, counting CJK characters as
  /// two cells: how far a caret must be indented.
  unsigned displayWidth(uint32_t file, uint32_t line, uint32_t from, uint32_t to) const;

private:
  struct File {
    std::string path;
    std::string text;
    std::vector<uint32_t> lineStarts;
  };
  std::vector<std::unique_ptr<File>> files_;
};

/// Byte offset of the code point `column` (1-based) in a UTF-8 line, clamped to its end.
size_t byteOffsetOfColumn(std::string_view line, uint32_t column);

/// The terminal width of UTF-8 text, CJK characters counting as two cells and a tab as one.
unsigned displayWidth(std::string_view text);

} // namespace patter
