// `patter lsp`: the language server for editors, speaking JSON-RPC on stdin and stdout.
#include "DataDirs.h"
#include "Options.h"
#include "Server.h"
#include "commands.h"

#include <fmt/format.h>

#include <iostream>

int lspCommand(const std::vector<std::string> &args) {
  patter::lsp::ServerOptions options;
  options.searchPath.stdlibDir = patter::cli::dataDirs().stdlib;
  options.docsDir = patter::cli::dataDirs().docs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (a == "--help" || a == "-h") {
      fmt::print("usage: patter lsp [-I DIR] [--stdlib DIR]\n\n"
                 "The language server (docs/EDITORS.md): reads JSON-RPC requests on standard\n"
                 "input and answers on standard output, for VS Code, Neovim and other editors.\n\n"
                 "options:\n"
                 "  -I DIR             also look for imports in DIR\n"
                 "  --stdlib DIR       the standard library folder (default: {})\n"
                 "  --stdio            accepted for clients that pass it; stdio is the transport\n"
                 "  --help, --version\n\n"
                 "exit status: 0 after the client's shutdown and exit, 1 if the input ends first\n",
                 options.searchPath.stdlibDir);
      return 0;
    }
    if (a == "--version") {
      patter::cli::printVersion();
      return 0;
    }
    if ((a == "-I" || a == "--stdlib") && i + 1 < args.size()) {
      (a == "-I" ? options.searchPath.includeDirs.emplace_back() : options.searchPath.stdlibDir) =
          args[++i];
    } else if (a != "--stdio") {
      fmt::print(stderr, "patter lsp: unknown option '{}'\nTry 'patter lsp --help'.\n", a);
      return 2;
    }
  }
  std::ios::sync_with_stdio(false);
  patter::lsp::Server server(std::move(options), std::cin, std::cout);
  return server.run();
}
