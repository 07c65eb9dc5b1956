#pragma once

#include "lookahead/Result.h"
#include "lookahead/TextSink.h"

#include <functional>
#include <string>
#include <string_view>

namespace lookahead {

/// Writes `content` to `path` whole or not at all: a temporary file in the same directory, flushed,
/// then renamed over `path`. On failure nothing at `path` changes.
Status writeFileAtomically(const std::string& path, std::string_view content);

/// The same, with the text streamed: `produce` writes it through the sink, a buffer at a time, so a
/// large output is never whole in memory. The file appears only after `produce` returned and every
/// write succeeded; if `produce` throws, the temporary file is removed and the exception goes on.
Status writeFileAtomically(const std::string& path, const std::function<void(TextSink&)>& produce);

/// Reads a whole file; the error names the file and the system's reason.
Result<std::string> readFile(const std::string& path);

} // namespace lookahead
