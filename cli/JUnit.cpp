// Writes JUnit XML (JUnit.h).
#include "JUnit.h"

#include <fmt/format.h>

namespace patter::cli {

namespace {

/// Text for an XML attribute or element; characters XML 1.0 cannot hold are dropped.
std::string xml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default:
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t')
        out += c;
    }
  }
  return out;
}

} // namespace

std::string junitXml(const std::vector<JUnitSuite> &suites) {
  std::size_t tests = 0, failures = 0;
  for (const JUnitSuite &s : suites)
    for (const JUnitCase &c : s.cases) {
      ++tests;
      failures += c.failed;
    }
  std::string out = fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<testsuites name=\"patter test\" tests=\"{}\" failures=\"{}\">\n",
                                tests, failures);
  for (const JUnitSuite &s : suites) {
    std::size_t failed = 0;
    for (const JUnitCase &c : s.cases)
      failed += c.failed;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                       xml(s.name), s.cases.size(), failed);
    for (const JUnitCase &c : s.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml(s.name), xml(c.name));
      if (c.failed)
        out += fmt::format("      <failure message=\"{}\">{}</failure>\n", xml(c.message),
                           xml(c.details));
      if (!c.output.empty()) {
        out += "      <system-out>";
        for (const std::string &line : c.output)
          out += xml(line) + "\n";
        out += "</system-out>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

} // namespace patter::cli
