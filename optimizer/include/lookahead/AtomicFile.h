#pragma once

#include "lookahead/Result.h"

#include <string>
#include <string_view>

namespace lookahead {

/// Writes `content` to `path` whole or not at all: a temporary file in the same directory, flushed,
/// then renamed over `path`. On failure nothing at `path` changes.
Status writeFileAtomically(const std::string& path, std::string_view content);

/// Reads a whole file; the error names the file and the system's reason.
Result<std::string> readFile(const std::string& path);

} // namespace lookahead
