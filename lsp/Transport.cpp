// Content-Length framing: the header block, then exactly the body it announces.
#include "Transport.h"

#include <charconv>

namespace patter::lsp {

namespace {

/// Refuses a body larger than any source file a writer edits, rather than allocate it.
constexpr size_t kMaxBody = 64u << 20;

} // namespace

Incoming readMessage(std::istream &in) {
  Incoming result;
  std::optional<size_t> length;
  std::string line;
  bool sawHeader = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.empty()) {
      if (!sawHeader)
        continue; // stray blank lines between messages
      break;
    }
    sawHeader = true;
    const std::string key = "Content-Length:";
    if (line.compare(0, key.size(), key) == 0) {
      size_t at = key.size();
      while (at < line.size() && line[at] == ' ')
        ++at;
      size_t n = 0;
      auto [end, ec] = std::from_chars(line.data() + at, line.data() + line.size(), n);
      if (ec == std::errc() && end == line.data() + line.size())
        length = n;
    }
  }
  if (!sawHeader)
    return result; // end of input
  result.status = Incoming::Status::Malformed;
  if (!length || *length > kMaxBody) {
    result.error = "missing or unacceptable Content-Length header";
    return result;
  }
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (static_cast<size_t>(in.gcount()) != body.size()) {
    result.status = Incoming::Status::End;
    return result;
  }
  try {
    result.message = nlohmann::json::parse(body);
    result.status = Incoming::Status::Message;
  } catch (const nlohmann::json::exception &e) {
    result.error = e.what();
  }
  return result;
}

void writeMessage(std::ostream &out, const nlohmann::json &message) {
  // Invalid UTF-8 cannot reach here (sources are checked), but never throw on output.
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

} // namespace patter::lsp
