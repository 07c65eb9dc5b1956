#pragma once

// The loader's ways through a file (TaskGraphLoader.cpp), apart so that tests can tell them
// apart: readStreamed() reads a well-formed file without a DOM of the whole document and gives
// nothing for anything unusual or wrong; readWhole() reads any file through one DOM and words its
// first problem (spec 8). parseTaskGraph() tries the first, then the second.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <simdjson.h>

#include <optional>
#include <string>

namespace lookahead::graphformat {

class WalkText;

/// How tasks are batched. Files take the defaults; tests make batches small, to cross many.
struct Batching {
    std::size_t batchBytes = std::size_t(1) << 20; ///< A batch is parsed once its text is this long.
    /// From this text size on the walk runs on another thread (starting one costs more than it saves
    /// on a small file).
    std::size_t pipelineBytes = std::size_t(4) << 20;
};

std::optional<TaskGraph> readStreamed(const simdjson::padded_string& text, const Batching& batching = {});
/// readStreamed() for a large file: the text is walked in windows of about `windowBytes` that end
/// at line breaks, so simdjson's structural index covers one window at a time. Nothing for a file
/// it does not read that way (no line breaks, keys after `tasks` in the first window ...).
std::optional<TaskGraph> readWindowed(
    const simdjson::padded_string& text, std::size_t windowBytes, const Batching& batching = {});
/// readWindowed() of a text that may be a file read in pieces (loadTaskGraphFile() reads a large
/// plain file so); nothing, too, when the file turns out shorter or longer than its size said.
std::optional<TaskGraph> readWindowed(WalkText& text, std::size_t windowBytes, const Batching& batching = {});
Result<TaskGraph> readWhole(const simdjson::padded_string& text, const std::string& fileLabel);
/// parseTaskGraph() of a text already padded (the input opener's): the ways above in turn, then
/// the deadlock check, with no copy of the text.
Result<TaskGraph> parsePadded(const simdjson::padded_string& text, const std::string& fileLabel);

} // namespace lookahead::graphformat
