// The language server: open documents, their analyses, and the JSON-RPC conversation.
#pragma once

#include "Analysis.h"
#include "Features.h"
#include "ModuleCache.h"

#include <nlohmann/json.hpp>

#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>

namespace patter::lsp {

struct ServerOptions {
  SearchPath searchPath; ///< `-I` folders and the standard library, as for `patter check`
  std::string docsDir;   ///< docs/diagnostics/, for links from diagnostics; may be empty
};

/// Serves one client over `in` and `out` until it says `exit` or the input ends. Documents are
/// compiled on open and on every change (full text sync) through one module cache, so an
/// imported module is parsed once per process while its file is unchanged.
class Server {
public:
  Server(ServerOptions options, std::istream &in, std::ostream &out)
      : options_(std::move(options)), in_(in), out_(out) {}

  /// The process exit code: 0 after `shutdown` then `exit`, 1 otherwise.
  int run();

private:
  struct Document {
    std::string path;
    std::string text;
    std::unique_ptr<Analysis> analysis;
    std::set<std::string> otherUris; ///< files besides this one its diagnostics were shown in
  };

  void handle(const nlohmann::json &message);
  nlohmann::json answer(const std::string &method, const nlohmann::json &params);
  void notification(const std::string &method, const nlohmann::json &params);
  void send(nlohmann::json message);
  void open(const std::string &uri, std::string text);
  void close(const std::string &uri);
  void publish(const std::string &uri, Document &doc);
  Document &document(const nlohmann::json &params);
  Workspace workspace(const std::string &uri) const;

  ServerOptions options_;
  std::istream &in_;
  std::ostream &out_;
  ModuleCache cache_;
  std::map<std::string, Document> documents_;
  bool shutdown_ = false;
  bool exit_ = false;
};

} // namespace patter::lsp
