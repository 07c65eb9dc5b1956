#pragma once

/// \file The result of one simulation: an immutable value shared across threads as
/// `std::shared_ptr<const Schedule>`.

#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lookahead {

/// Simulated times of every task of one TaskGraph (indexed by TaskIndex), plus aggregates.
/// Arrays are kept separate (structure of arrays) so a million-task schedule stays small and the
/// Gantt view can binary-search starts per lane.
struct Schedule {
    std::vector<std::int64_t> start;
    std::vector<std::int64_t> end;
    /// Cycles beyond `cycles`: the instruction-cache stall of spec 5.2 plus any enabled cost term,
    /// so that end = start + cycles + stall always holds.
    std::vector<std::int64_t> stall;
    /// Engine index within the task's queue (0 ≤ engine < engines), as written to `schedule.tasks`.
    std::vector<std::uint16_t> engine;
    /// Tasks in the order they started: by start, ties in file order ("start order" of passes.md).
    std::vector<TaskIndex> startOrder;
    /// The task whose end (or, for queue order, start) determined each task's start; kNoTask when the
    /// task started at 0. Following it from the last task to end gives the critical path.
    std::vector<TaskIndex> binding;

    std::int64_t makespan = 0;
    std::int64_t totalStall = 0;
    /// Busy engine-cycles per executor kind (index as Platform::executors).
    std::vector<std::int64_t> busyCycles;
    /// busyCycles / (units × engines × makespan), 0 when the makespan is 0.
    std::vector<double> utilisation;
    /// Extra cycles contributed by each enabled cost term over all tasks, by term name.
    std::vector<std::pair<std::string, std::int64_t>> termCycles;
    /// Instruction-cache look-ups by outcome over all tasks.
    std::int64_t l1Hits = 0, l2Hits = 0, misses = 0;

    std::size_t taskCount() const { return start.size(); }
    /// The chain of binding tasks that ends at the latest-ending task, in time order.
    std::vector<TaskIndex> criticalPath() const;
    std::size_t memoryBytes() const;
};

} // namespace lookahead
