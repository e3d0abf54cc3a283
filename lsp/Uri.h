// `file://` URIs and the paths they name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace patter::lsp {

/// The absolute path of a `file://` URI, percent-escapes decoded; nothing for other schemes.
std::optional<std::string> uriToPath(std::string_view uri);

/// The `file://` URI of a path (made absolute), with reserved bytes percent-escaped.
std::string pathToUri(const std::string &path);

} // namespace patter::lsp
