#pragma once

// What the loader's ways share (TaskGraphLoader.cpp, LoaderWindows.cpp): the graph's reservations,
// the root's keys other than `tasks` kept as text and read at the end, and the windowed way's
// reading of a file.

#include "formats/TaskReader.h"

#include "lookahead/TaskGraph.h"

#include <simdjson.h>

#include <optional>
#include <string>

namespace lookahead::graphformat {

/// Windows of a megabyte, from a few MB of text on: simdjson's structural index of the
/// whole text (4 bytes per token, more than the file) was the largest fresh memory of a
/// load, and the reader on the other core waits for the first window's index. A 14 MB
/// file loaded in 50 ms in windows of 4 MB (or walked whole), 42 in these.
inline constexpr std::size_t kWindowBytes = std::size_t(1) << 20;

/// A graph with room for a text of `textBytes` (address space, touched only as filled).
TaskGraph emptyGraphFor(std::size_t textBytes);
/// A root key other than `tasks`, kept as text in `rest` (the root without `tasks`). False for what
/// readWhole() must judge: an escaped key, a value On-Demand cannot span.
bool keepRootField(simdjson::ondemand::field& field, std::string& rest, bool& isTasks);
/// Reads `rest` (the root's other keys) and judges the document as readWhole() would.
void readRest(std::string& rest, TaskGraph& graph, TaskReader& tasks);
/// A large plain file read in pieces as the windows walk it, or nothing (a small, gzip or
/// unreadable file; anything the walk declines): the caller then reads it whole.
std::optional<TaskGraph> readFileWindowed(const std::string& path);

} // namespace lookahead::graphformat
