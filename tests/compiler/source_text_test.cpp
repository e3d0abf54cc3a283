// The source text before parsing: files that are not UTF-8 (E0001, E0009), old Mac line
// endings, and full-width punctuation repaired for both parsers (E0008, E0010).
#include "ModuleLoader.h"
#include "TestSupport.h"

#include <catch2/catch.hpp>

using patter::test::compileSource;

namespace {

std::string example() {
  std::string text;
  REQUIRE(patter::readFile(PATTER_SOURCE_DIR "/examples/data_pack_10.patter", text));
  return text;
}

/// UTF-8 to UTF-16 (the BMP is enough for a campaign), little or big endian.
std::string utf16(const std::string &utf8, bool bigEndian, bool bom) {
  std::u16string units;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : 3;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : c & 0x0F;
    for (size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    units.push_back(static_cast<char16_t>(cp));
    i += n;
  }
  if (bom)
    units.insert(units.begin(), u'\xFEFF');
  std::string out;
  for (char16_t u : units) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += bigEndian ? std::string{hi, lo} : std::string{lo, hi};
  }
  return out;
}

} // namespace

TEST_CASE("a UTF-16 file is one error that says to convert it", "[compiler][encoding]") {
  for (bool bigEndian : {false, true}) {
    for (bool bom : {true, false}) {
      DYNAMIC_SECTION((bigEndian ? "big" : "little") << " endian, " << (bom ? "" : "no ") << "BOM") {
        auto compiled = compileSource("t.patter", utf16(example(), bigEndian, bom));
        CHECK(compiled.codes == std::vector<std::string>{"E0009"});
        CHECK(compiled.diagnostics.find("t.patter:1:1: error[E0009]: the file is in UTF-16, not UTF-8: "
                                        "convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)") !=
              std::string::npos);
      }
    }
  }
}

TEST_CASE("a GBK file is one error at its first Chinese character", "[compiler][encoding]") {
  // "say \"您好\"" in GBK, on line 2.
  auto compiled = compileSource("t.patter", "campaign c {\n  say \"\xC4\xFA\xBA\xC3\"\n}\n");
  CHECK(compiled.codes == std::vector<std::string>{"E0009"});
  CHECK(compiled.diagnostics.find("t.patter:2:8: error[E0009]: the file is in GBK, not UTF-8: "
                                  "convert it to UTF-8 (iconv -f GB18030 -t UTF-8)") !=
        std::string::npos);
}

TEST_CASE("a stray byte that is no known encoding stays E0001", "[compiler][encoding]") {
  auto compiled = compileSource("t.patter", "campaign c {\n  say \"\xFF\"\n}\n");
  CHECK(compiled.codes == std::vector<std::string>{"E0001"});
}

TEST_CASE("lone carriage returns end lines", "[compiler][lines]") {
  std::string text = example();
  // A real error late in the file, then every line ending made a lone CR.
  size_t at = text.rfind("end declined");
  REQUIRE(at != std::string::npos);
  text.replace(at, 12, "end declinedd");
  size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
  std::replace(text.begin(), text.end(), '\n', '\r');
  auto compiled = compileSource("t.patter", text);
  INFO(compiled.diagnostics);
  CHECK(compiled.codes == std::vector<std::string>{"E0118"});
  CHECK(compiled.diagnostics.find("t.patter:" + std::to_string(line) + ":") == 0);
  CHECK(compiled.diagnostics.find("    end declinedd\n") != std::string::npos);
}

TEST_CASE("full-width punctuation is one error with a fix-it, for either parser", "[compiler][confusables]") {
  std::string text = example();
  size_t at = text.find("on yes -> ");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "on yes \xE2\x86\x92 "); // →
  SECTION("the direct parser reads the rest") {
    auto compiled = compileSource("t.patter", text);
    CHECK(compiled.codes == std::vector<std::string>{"E0008"});
  }
  SECTION("ANTLR reads the rest and reports a real error too") {
    text += "campaign {\n";
    auto compiled = compileSource("t.patter", text);
    INFO(compiled.diagnostics);
    CHECK(std::count(compiled.codes.begin(), compiled.codes.end(), "E0008") == 1);
    CHECK(compiled.codes[0] == "E0008");
    CHECK(std::count(compiled.codes.begin(), compiled.codes.end(), "E0002") >= 1);
  }
  patter::Compilation compilation(patter::SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  compilation.run("t.patter", text, false);
  auto diags = compilation.diagnostics().sorted();
  REQUIRE(!diags.empty());
  REQUIRE(diags[0].fixIts.size() == 1);
  CHECK(diags[0].fixIts[0].replacement == "->");
  CHECK(diags[0].fixIts[0].range.begin.column == diags[0].range.begin.column);
  CHECK(diags[0].fixIts[0].range.end.column == diags[0].range.begin.column + 1);
}

TEST_CASE("a string in curly quotes is one error with a fix-it at each mark", "[compiler][confusables]") {
  std::string text = example();
  const std::string title = "\"10元5GB流量月包\"";
  size_t at = text.find(title);
  REQUIRE(at != std::string::npos);
  text.replace(at, title.size(), "\xE2\x80\x9C" "10元5GB流量月包" "\xE2\x80\x9D"); // “…”
  patter::Compilation compilation(patter::SearchPath{{}, PATTER_SOURCE_DIR "/stdlib"});
  compilation.run("t.patter", text, false);
  auto diags = compilation.diagnostics().sorted();
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].code() == std::string_view("E0008"));
  CHECK(diags[0].message == "'\xE2\x80\x9C…\xE2\x80\x9D' is full-width or typographic punctuation: use '\"…\"' here");
  const uint32_t open = diags[0].range.begin.column, close = diags[0].range.end.column - 1;
  CHECK(close == open + 11); // the marks and the 10 code points between them
  REQUIRE(diags[0].fixIts.size() == 2);
  CHECK(diags[0].fixIts[0].range.begin.column == open);
  CHECK(diags[0].fixIts[0].range.end.column == open + 1);
  CHECK(diags[0].fixIts[1].range.begin.column == close);
  CHECK(diags[0].fixIts[1].range.end.column == close + 1);
  CHECK(diags[0].fixIts[0].replacement == "\"");
  CHECK(diags[0].fixIts[1].replacement == "\"");

  SECTION("a mark left open to the end of the line is an error of its own") {
    text.replace(text.find("\xE2\x80\x9D"), 3, "");
    auto compiled = compileSource("t.patter", text);
    INFO(compiled.diagnostics);
    CHECK(std::count(compiled.codes.begin(), compiled.codes.end(), "E0008") == 1);
    CHECK(compiled.diagnostics.find("'\xE2\x80\x9C' is full-width") != std::string::npos);
  }
}

TEST_CASE("full-width punctuation in strings and comments is text", "[compiler][confusables]") {
  std::string text = example();
  text += "// 注释：（可以）用全角标点，“引号”也行→\n";
  auto compiled = compileSource("t.patter", text);
  CHECK(compiled.codes.empty());
}
