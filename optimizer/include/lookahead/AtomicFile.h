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

/// writeFileAtomically() in two steps, for outputs that wait on a verdict computed meanwhile: the
/// text is written and flushed to a temporary file beside `path`, which commit() puts in place. A
/// file never committed is removed when this is destroyed, and nothing at `path` changes.
class PendingFile {
public:
    /// Writes and flushes the temporary file; an error names `path`. `produce` as above.
    static Result<PendingFile> write(const std::string& path, const std::function<void(TextSink&)>& produce);
    PendingFile(PendingFile&& other) noexcept;
    PendingFile& operator=(PendingFile&&) = delete;
    PendingFile(const PendingFile&) = delete;
    PendingFile& operator=(const PendingFile&) = delete;
    ~PendingFile();

    /// Renames the temporary file over `path`.
    Status commit();

private:
    PendingFile(std::string path, std::string temporary);

    std::string m_path;
    std::string m_temporary; ///< Empty once committed or moved from.
};

/// Reads a whole file; the error names the file and the system's reason.
Result<std::string> readFile(const std::string& path);

} // namespace lookahead
