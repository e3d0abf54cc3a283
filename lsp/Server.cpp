// Request dispatch and document lifecycle of `patter lsp`.
#include "Server.h"

#include "Formatter.h"
#include "Positions.h"
#include "Transport.h"
#include "Uri.h"

#include <stdexcept>

namespace patter::lsp {

namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700, kInvalidRequest = -32600, kMethodNotFound = -32601,
              kInvalidParams = -32602, kServerNotInitialized = -32002, kRequestFailed = -32803;

/// A request that cannot be answered, with the code to answer it with.
struct RequestError : std::runtime_error {
  RequestError(int code, const std::string &message) : std::runtime_error(message), code(code) {}
  int code;
};

nlohmann::json capabilities() {
  return {{"positionEncoding", "utf-16"},
          {"textDocumentSync", {{"openClose", true}, {"change", 1}}},
          {"hoverProvider", true},
          {"definitionProvider", true},
          {"referencesProvider", true},
          {"documentSymbolProvider", true},
          {"completionProvider", {{"triggerCharacters", {"{", ".", " "}}}},
          {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
          {"documentFormattingProvider", true}};
}

/// The whole text of a document as an LSP range.
nlohmann::json wholeRange(std::string_view text) {
  size_t lines = 0, lastStart = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') {
      ++lines;
      lastStart = i + 1;
    }
  std::string_view last = text.substr(lastStart);
  return {{"start", {{"line", 0}, {"character", 0}}},
          {"end", {{"line", lines}, {"character", utf16Offset(last, UINT32_MAX)}}}};
}

} // namespace

int Server::run() {
  while (!exit_) {
    Incoming incoming = readMessage(in_);
    if (incoming.status == Incoming::Status::End)
      break;
    if (incoming.status == Incoming::Status::Malformed) {
      send({{"id", nullptr}, {"error", {{"code", kParseError}, {"message", incoming.error}}}});
      continue;
    }
    handle(incoming.message);
  }
  return shutdown_ && exit_ ? 0 : 1;
}

void Server::send(nlohmann::json message) {
  message["jsonrpc"] = "2.0";
  writeMessage(out_, message);
}

void Server::handle(const nlohmann::json &message) {
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    if (message.is_object() && message.contains("id") && !message.contains("result") &&
        !message.contains("error"))
      send({{"id", message["id"]}, {"error", {{"code", kInvalidRequest}, {"message", "no method"}}}});
    return; // a response to nothing we asked, or noise
  }
  const std::string method = message["method"];
  const nlohmann::json params = message.value("params", nlohmann::json::object());
  if (!message.contains("id")) {
    try {
      notification(method, params);
    } catch (const std::exception &) {
      // A notification has no answer; a malformed one is dropped.
    }
    return;
  }
  try {
    send({{"id", message["id"]}, {"result", answer(method, params)}});
  } catch (const RequestError &e) {
    send({{"id", message["id"]}, {"error", {{"code", e.code}, {"message", e.what()}}}});
  } catch (const nlohmann::json::exception &e) {
    send({{"id", message["id"]}, {"error", {{"code", kInvalidParams}, {"message", e.what()}}}});
  }
}

Server::Document &Server::document(const nlohmann::json &params) {
  const std::string uri = params.at("textDocument").at("uri");
  auto it = documents_.find(uri);
  if (it == documents_.end() || !it->second.analysis)
    throw RequestError(kInvalidParams, "document not open: " + uri);
  return it->second;
}

Workspace Server::workspace(const std::string &uri) const {
  return {uri, options_.searchPath.stdlibDir, options_.docsDir};
}

nlohmann::json Server::answer(const std::string &method, const nlohmann::json &params) {
  if (method == "initialize")
    return {{"capabilities", capabilities()},
            {"serverInfo", {{"name", "patter"}, {"version", PATTER_VERSION}}}};
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (shutdown_)
    throw RequestError(kInvalidRequest, "the server is shutting down");
  if (method == "textDocument/formatting") {
    Document &doc = document(params);
    FormatResult result = formatSource(doc.text);
    if (!result.ok())
      throw RequestError(kRequestFailed, fmt::format("cannot format: {}:{}: {}", result.line,
                                                     result.column, result.error));
    if (result.text == doc.text)
      return nlohmann::json::array();
    return nlohmann::json::array({{{"range", wholeRange(doc.text)}, {"newText", result.text}}});
  }
  if (method == "textDocument/codeAction") {
    Document &doc = document(params);
    const SourceManager &sources = doc.analysis->sources();
    SourceRange range{sourceLocation(sources, 0, params.at("range").at("start")),
                      sourceLocation(sources, 0, params.at("range").at("end"))};
    return codeActions(*doc.analysis, range, workspace(params["textDocument"]["uri"]));
  }
  if (method == "textDocument/documentSymbol")
    return documentSymbols(*document(params).analysis);
  if (method == "textDocument/hover" || method == "textDocument/definition" ||
      method == "textDocument/references" || method == "textDocument/completion") {
    Document &doc = document(params);
    SourceLocation at = sourceLocation(doc.analysis->sources(), 0, params.at("position"));
    Workspace ws = workspace(params["textDocument"]["uri"]);
    if (method == "textDocument/hover")
      return hover(*doc.analysis, at);
    if (method == "textDocument/definition")
      return definition(*doc.analysis, at, ws);
    if (method == "textDocument/references")
      return references(*doc.analysis, at,
                        params.value("context", nlohmann::json::object()).value("includeDeclaration", true), ws);
    return completion(*doc.analysis, at);
  }
  throw RequestError(kMethodNotFound, "unknown method " + method);
}

void Server::notification(const std::string &method, const nlohmann::json &params) {
  if (method == "exit") {
    exit_ = true;
  } else if (method == "textDocument/didOpen") {
    open(params.at("textDocument").at("uri"), params["textDocument"].at("text"));
  } else if (method == "textDocument/didChange") {
    const nlohmann::json &changes = params.at("contentChanges");
    if (!changes.empty()) // full sync: the last change holds the whole text
      open(params.at("textDocument").at("uri"), changes.back().at("text"));
  } else if (method == "textDocument/didClose") {
    close(params.at("textDocument").at("uri"));
  }
}

void Server::open(const std::string &uri, std::string text) {
  Document &doc = documents_[uri];
  doc.path = uriToPath(uri).value_or(uri);
  doc.text = std::move(text);
  doc.analysis = std::make_unique<Analysis>(doc.path, doc.text, options_.searchPath, cache_);
  publish(uri, doc);
}

void Server::close(const std::string &uri) {
  auto it = documents_.find(uri);
  if (it == documents_.end())
    return;
  for (const std::string &other : it->second.otherUris)
    send({{"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", other}, {"diagnostics", nlohmann::json::array()}}}});
  send({{"method", "textDocument/publishDiagnostics"},
        {"params", {{"uri", uri}, {"diagnostics", nlohmann::json::array()}}}});
  documents_.erase(it);
}

void Server::publish(const std::string &uri, Document &doc) {
  std::set<std::string> shown;
  for (auto &[fileUri, list] : diagnosticsByUri(*doc.analysis, workspace(uri))) {
    if (fileUri != uri)
      shown.insert(fileUri);
    send({{"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", fileUri}, {"diagnostics", std::move(list)}}}});
  }
  for (const std::string &stale : doc.otherUris) // clear files whose findings are gone
    if (!shown.count(stale))
      send({{"method", "textDocument/publishDiagnostics"},
            {"params", {{"uri", stale}, {"diagnostics", nlohmann::json::array()}}}});
  doc.otherUris = std::move(shown);
}

} // namespace patter::lsp
