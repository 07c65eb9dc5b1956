#pragma once

/// \file Exact replay of a recording on a platform that models more than the recording shows
/// (format spec 9). The one calibration every import path uses (formats/importers/PlatformChoice.cpp
/// calls it after giving a recording its platform preset).
///
/// An importer sets each task's `cycles` to the duration it took in the recording and its `delay`
/// to the time its dependencies do not explain. A platform preset can then change what the
/// simulator adds: an instruction-cache model (an NPU preset's SHAVE caches, an Ascend preset's
/// AI-core ICache) adds the modelled fetch stall of spec 5.2 on top of `cycles`, and other engine
/// counts can move a task's start. Spec 9 says the modelled stall comes out of `cycles`: the
/// recorded duration is split into work (`cycles`) and modelled stall, so the baseline replays to
/// the cycle, and a pass that removes a modelled miss (a prefetch) shortens that task and what
/// depended on it, instead of getting credit twice for a miss already inside the measured time.
///
/// The split is a fixed point: a task's stall depends on when it starts (a look-up during an L2
/// fill waits for the fill), its start on its predecessors' ends. Each round simulates under the
/// spec costs (sections 5.1 and 5.2 only: cost terms are not part of a recording), moves the
/// difference between recorded and simulated duration into `cycles` and between recorded and
/// simulated start into `delay`, until nothing changes.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <vector>

namespace lookahead {

/// What calibrateReplay() did.
struct ReplayCalibration {
    std::size_t rounds = 0;         ///< Simulations run (1 when the graph already replayed exactly).
    bool exact = false;             ///< Every task starts and ends at its recorded cycle.
    std::size_t tasksWithStall = 0; ///< Tasks with a modelled stall, now taken out of their `cycles`.
    std::int64_t stallCycles = 0;   ///< Sum of those stalls.
    /// Tasks that ran shorter in the recording than their modelled fetch: `cycles` is 0 and the
    /// replay of those tasks (and of what waits for them) is late by the difference.
    std::size_t tasksShorterThanStall = 0;
};

/// Calibrates `graph` so that simulating it under the spec costs gives task t the start
/// `recordedStart[t]` and end `recordedEnd[t]` (both in cycles, in the graph's task order; the
/// vectors must have one entry per task). Errors only when the graph cannot be simulated.
Result<ReplayCalibration> calibrateReplay(
    TaskGraph& graph, const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd);

} // namespace lookahead
