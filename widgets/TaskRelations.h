#pragma once

// Direct predecessors and successors of a task with the reason of each edge (which barrier, an
// `after` reference, or queue order), for the inspector and the dependency arrows. Built once per
// schedule in compressed-row form, so a million-task graph costs a few arrays, not a Boost graph.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <string>
#include <vector>

namespace lookahead {

struct TaskEdge {
    enum class Kind : std::uint8_t { Barrier, After, Queue };
    TaskIndex task = kNoTask; ///< The other end.
    Kind kind = Kind::Barrier;
    BarrierIndex barrier = 0; ///< For Kind::Barrier.
};

class TaskRelations {
public:
    explicit TaskRelations(const TaskGraph& graph);

    std::vector<TaskEdge> predecessors(const TaskGraph& graph, TaskIndex task) const;
    std::vector<TaskEdge> successors(const TaskGraph& graph, TaskIndex task) const;
    /// The waited-for barrier released last (the one that let the task go), or nothing.
    std::optional<BarrierIndex> releasingBarrier(
        const TaskGraph& graph, const Schedule& schedule, TaskIndex task) const;
    /// Latest end among the barrier's updaters (0 when none), format 5.1 rule 3.
    std::int64_t barrierRelease(const Schedule& schedule, BarrierIndex barrier) const;

private:
    static void fill(std::vector<std::uint32_t>& offsets, std::vector<TaskIndex>& items,
        const std::vector<std::pair<std::uint32_t, TaskIndex>>& pairs, std::size_t keys);
    std::vector<std::uint32_t> m_updaterOffsets, m_waiterOffsets, m_afterSuccessorOffsets;
    std::vector<TaskIndex> m_updaters, m_waiters, m_afterSuccessors;
    std::vector<TaskIndex> m_queuePrevious, m_queueNext;
};

} // namespace lookahead
