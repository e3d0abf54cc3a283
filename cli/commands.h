// The subcommands of `patter`; each takes its arguments without the program and command name
// and returns the process exit code (0 clean, 1 errors found, 2 usage or I/O trouble).
#pragma once

#include <string>
#include <vector>

int checkCommand(const std::vector<std::string> &args);
int buildCommand(const std::vector<std::string> &args);
int runCommand(const std::vector<std::string> &args);
int auditCommand(const std::vector<std::string> &args);
int testCommand(const std::vector<std::string> &args);
int explainCommand(const std::vector<std::string> &args);
int graphCommand(const std::vector<std::string> &args);
int reportCommand(const std::vector<std::string> &args);
int extractCommand(const std::vector<std::string> &args);
int diffCommand(const std::vector<std::string> &args);
int fmtCommand(const std::vector<std::string> &args);
