#pragma once

// What the loader's ways share (TaskGraphLoader.cpp, LoaderWindows.cpp): the graph's reservations,
// the root's keys other than `tasks` kept as text and read at the end, and the windowed way's
// reading of a file.

#include "formats/LoaderPaths.h"
#include "formats/TaskReader.h"

#include "lookahead/TaskGraph.h"

#include <simdjson.h>

#include <functional>
#include <optional>
#include <string>

namespace lookahead::graphformat {

class TaskBatches;

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
/// The graph of a text of `textBytes` whose tasks `walk` hands to TaskBatches and whose other root
/// keys it keeps in `rest` (keepRootField()); the document is then judged as readWhole() would.
/// Nothing when the walk declines or any problem is found (readWhole() words it).
std::optional<TaskGraph> readWalked(
    std::size_t textBytes, const Batching& batching, const std::function<bool(TaskBatches&, std::string& rest)>& walk);
/// A large plain file read in pieces as the windows walk it, or nothing (a small, gzip or
/// unreadable file; anything the walk declines): the caller then reads it whole.
std::optional<TaskGraph> readFileWindowed(const std::string& path);

} // namespace lookahead::graphformat
