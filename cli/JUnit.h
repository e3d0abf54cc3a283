// JUnit XML, the report CI services read, for `patter test --format=junit`.
#pragma once

#include <string>
#include <vector>

namespace patter::cli {

struct JUnitCase {
  std::string name;
  bool failed = false;
  std::string message;           ///< the failure, `file:line:col: what`
  std::string details;           ///< the lines under it
  std::vector<std::string> output; ///< the transcript
};

struct JUnitSuite {
  std::string name; ///< the scenario file
  std::vector<JUnitCase> cases;
};

/// One `<testsuites>` document.
std::string junitXml(const std::vector<JUnitSuite> &suites);

} // namespace patter::cli
