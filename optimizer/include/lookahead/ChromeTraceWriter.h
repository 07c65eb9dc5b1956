#pragma once

/// \file Chrome Trace Event JSON export of a simulated schedule (Perfetto, chrome://tracing).
///
/// Object form `{"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}`:
/// - `M` events name one process per executor kind (pid = kind index + 1, sorted as the platform)
///   and one thread per engine (tid = unit × engines + engine + 1, name `UNIT u / engine e`), with
///   `process_sort_index` / `thread_sort_index`;
/// - one `X` event per task, `ts`/`dur` in µs (cycles / clock_mhz, 3 decimals), `cat` = role,
///   `args` with id, cycles, stall, kernel, origin;
/// - dependencies as v2 flows: every task that releases others carries `bind_id` = its own id and
///   `flow_out`; a waiting task cannot carry a second id on the same event, so each incoming
///   dependency is drawn into a zero-length `X` anchor event at the waiting task's start, which
///   carries the producer's `bind_id` with `flow_in`.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <string>

namespace lookahead {

std::string writeChromeTrace(const TaskGraph& graph, const Schedule& schedule);

} // namespace lookahead
