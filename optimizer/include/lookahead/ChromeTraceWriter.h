#pragma once

/// \file Chrome Trace Event JSON export of a simulated schedule (Perfetto, chrome://tracing).
///
/// Object form `{"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}`, written so
/// that real viewers (Perfetto, chrome://tracing, speedscope, Qt Creator) read it as it is meant:
/// - `M` events, all with `ts: 0`, name one process per executor kind (pid = kind index + 1, sorted
///   as the platform) and one thread per engine, with `process_sort_index` / `thread_sort_index`;
///   tids are unique across the file (1, 2, ... in executor, unit, engine order) and threads are
///   named in full: `SHAVE tile 3 / engine 1`, `DMA unit 0` (` / engine E` only when a unit has
///   several engines);
/// - one `X` event per task in file order, `cat` = role, `args` with id, cycles, stall, delay (when
///   set), kernel (the code it runs or loads), origin. `ts` and the end are the task's start and end
///   cycles converted to µs (cycles / clock_mhz, three decimals) and `dur` is their difference, so
///   a lane never overlaps itself;
/// - one flow per dependency (a distinct producer of a task through a barrier or `after`): an `s`
///   event inside the producer's slice (1 ns before its end; at its start when shorter than 2 ns)
///   and an `f` event with `bp: "e"` at the consumer's start, each on its task's lane, both `cat`/`name` "dependency"
///   with the same `id` ("0x1", "0x2", ... in consumer order). Each flow event directly follows the slice it binds to,
///   which is how our own importer reads it back exactly. No zero-length marker events.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"
#include "lookahead/TextSink.h"

#include <string>

namespace lookahead {

std::string writeChromeTrace(const TaskGraph& graph, const Schedule& schedule);
/// The same text streamed into `sink` a buffer at a time (for files: never whole in memory).
void writeChromeTrace(const TaskGraph& graph, const Schedule& schedule, TextSink& sink);

} // namespace lookahead
