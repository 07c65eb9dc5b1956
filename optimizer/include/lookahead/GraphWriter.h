#pragma once

/// \file Writing format v1, optionally with `schedule` and `provenance` (section 7).
///
/// The output is deterministic: top-level keys in a fixed order, one task per line with its known
/// keys in a fixed order followed by the other keys sorted, so that write → load → write gives the
/// same bytes and exports diff well.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"
#include "lookahead/TextSink.h"

#include <nlohmann/json.hpp>

#include <string>

namespace lookahead {

struct GraphWriteOptions {
    const Schedule* schedule = nullptr; ///< Written as `schedule` when given.
    /// Passes applied in this run (provenance form); appended to the graph's loaded provenance.
    /// `provenance` is written when either list is non-empty or a schedule is given.
    nlohmann::json newPasses = nlohmann::json::array();
};

std::string writeTaskGraph(const TaskGraph& graph, const GraphWriteOptions& options = {});
/// The same text streamed into `sink` a buffer at a time (for files: never whole in memory).
void writeTaskGraph(const TaskGraph& graph, const GraphWriteOptions& options, TextSink& sink);

/// One task as the JSON object the writer emits (known keys first, then optional/unknown keys).
nlohmann::ordered_json taskToJson(const TaskGraph& graph, TaskIndex index);

} // namespace lookahead
