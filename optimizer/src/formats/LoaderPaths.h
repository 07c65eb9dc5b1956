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

std::optional<TaskGraph> readStreamed(const simdjson::padded_string& text);
/// readStreamed() for a large file: the text is walked in windows of about `windowBytes` that end
/// at line breaks, so simdjson's structural index covers one window at a time. Nothing for a file
/// it does not read that way (no line breaks, keys after `tasks` in the first window ...).
std::optional<TaskGraph> readWindowed(const simdjson::padded_string& text, std::size_t windowBytes);
Result<TaskGraph> readWhole(const simdjson::padded_string& text, const std::string& fileLabel);

} // namespace lookahead::graphformat
