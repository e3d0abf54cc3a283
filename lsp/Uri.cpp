// RFC 3986 percent-encoding of file paths, as editors write them.
#include "Uri.h"

#include <filesystem>

namespace patter::lsp {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

} // namespace

std::optional<std::string> uriToPath(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme)
    return std::nullopt;
  uri.remove_prefix(scheme.size());
  size_t slash = uri.find('/'); // skip an authority such as `localhost`
  if (slash == std::string_view::npos)
    return std::nullopt;
  uri.remove_prefix(slash);
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    int high, low;
    if (uri[i] == '%' && i + 2 < uri.size() && (high = hexValue(uri[i + 1])) >= 0 &&
        (low = hexValue(uri[i + 2])) >= 0) {
      path += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string pathToUri(const std::string &path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  std::string text = ec ? path : absolute.string();
  std::string uri = "file://";
  static const char *hex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (unreserved(c)) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri;
}

} // namespace patter::lsp
