// JSON-RPC messages over a byte stream, framed as the Language Server Protocol frames them.
#pragma once

#include <nlohmann/json.hpp>

#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace patter::lsp {

/// What reading one message gave.
struct Incoming {
  enum class Status { Message, End, Malformed };
  Status status = Status::End;
  nlohmann::json message; ///< Status::Message
  std::string error;      ///< Status::Malformed: why
};

/// Reads `Content-Length: N` (other headers ignored), a blank line and N bytes of JSON.
Incoming readMessage(std::istream &in);

/// Writes one message with its header and flushes it.
void writeMessage(std::ostream &out, const nlohmann::json &message);

} // namespace patter::lsp
