#pragma once

/// \file Exact replay of a recording on a platform with instruction caches (format spec 9).
///
/// An importer sets each task's `cycles` to the duration it took in the recording. On a platform
/// with an instruction-cache model (an NPU preset's SHAVE caches, an Ascend preset's AI-core
/// ICache) the simulator adds the modelled fetch stall of spec 5.2 on top, so the replay would run
/// long, and a prefetch pass would get credit for a miss that was already inside the measured
/// time twice. Spec 9 says the modelled stall comes out of `cycles`: the recorded duration is
/// split into work (`cycles`) and modelled stall, so the baseline replays to the cycle, and a pass
/// that removes a modelled miss (a prefetch) shortens that task and what depended on it.
///
/// The split is a fixed point: a task's stall depends on when it starts (a look-up during an L2
/// fill waits for the fill), its start on its predecessors' ends. Simulate with caches, set
/// `cycles` = recorded − stall, repeat until nothing changes (two or three rounds in practice).

#include "lookahead/Result.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <vector>

namespace lookahead {

struct CacheStallSplit {
    std::size_t tasksWithStall = 0; ///< Tasks whose `cycles` lost a modelled stall.
    std::int64_t stallCycles = 0;   ///< Sum of the stalls taken out of `cycles`.
    /// Tasks that ran shorter in the recording than their modelled fetch: `cycles` is 0 and the
    /// replay of those tasks (and of what waits for them) is late by the difference.
    std::size_t tasksShorterThanStall = 0;
    std::size_t rounds = 0;
    bool exact = false; ///< Every task's simulated duration equals its recorded one.
};

/// Splits `graph`'s recorded durations (its current `cycles`) into `cycles` + the modelled stall
/// of spec 5.2, simulated with `options` (use specCosts: cost terms are not part of a recording).
/// Does nothing (exact, 0 rounds) on a graph without instruction caches or kernels. Errors only when
/// the graph cannot be simulated.
Result<CacheStallSplit> splitRecordedCacheStalls(
    TaskGraph& graph, const SimulationOptions& options = { true, {}, nullptr });

} // namespace lookahead
