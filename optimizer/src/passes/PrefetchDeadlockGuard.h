#pragma once

// Tells whether inserting one more task would close a dependency cycle (a deadlock, format 5.1
// rule 8), before anything is inserted: `sw-kernel-prefetch` plans its insertions against the
// unchanged graph and inserts them all at the end with one TaskGraph::insertTasks() call.
//
// Planned tasks are virtual nodes placed in file order by (before, sequence): immediately before
// the task at `before`, after the planned tasks already there with a smaller sequence. A new
// task P closes a cycle exactly when one of its successors (its queue successor, the waiters of
// the barriers it updates) reaches one of its predecessors (its queue predecessor, the updaters of
// the barriers it waits on) through barriers, `after` and queue order. One query is a search over
// the tasks reachable from P's successors: O(N + R) in the worst case, and a pass makes at most a
// few dozen of them.

#include "lookahead/TaskGraph.h"

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lookahead {

class PrefetchDeadlockGuard {
public:
    struct Planned {
        TaskIndex before = 0;       ///< Inserted immediately before this task (tasks.size(): at the end).
        std::uint32_t sequence = 0; ///< Order among planned tasks with the same `before`.
        std::uint16_t exec = 0;
        std::uint32_t unit = 0;
        std::vector<BarrierIndex> wait, update;
    };

    explicit PrefetchDeadlockGuard(const TaskGraph& graph);

    /// True when adding `task` to the graph and the tasks accepted so far would create a cycle.
    bool wouldDeadlock(const Planned& task) const;
    /// Records `task` as accepted (call only when wouldDeadlock() said false).
    void accept(Planned task);

private:
    using Key = std::pair<TaskIndex, std::uint32_t>; ///< (before, sequence); an input task t is (t, max).
    static constexpr std::uint32_t kInputSequence = UINT32_MAX;

    std::uint32_t queueOf(std::uint16_t exec, std::uint32_t unit) const { return m_queueBase[exec] + unit; }
    /// The node after `key` in queue q (input task index or N + planned index), or UINT32_MAX.
    std::uint32_t queueSuccessor(std::uint32_t queue, Key key) const;
    std::uint32_t queuePredecessor(std::uint32_t queue, Key key) const;
    template <typename Visit> void forEachSuccessor(std::uint32_t node, Visit&& visit) const;

    const TaskGraph& m_graph;
    std::uint32_t m_taskCount;
    std::vector<std::uint32_t> m_queueBase;
    std::vector<std::vector<TaskIndex>> m_queueTasks; ///< Input tasks of each queue, in file order.
    std::vector<std::uint32_t> m_queueOfTask;
    std::vector<std::uint32_t> m_positionInQueue;
    std::vector<std::uint32_t> m_waitersStart, m_waiters;       ///< barrier → input waiters (CSR)
    std::vector<std::uint32_t> m_updatersStart, m_updaters;     ///< barrier → input updaters (CSR)
    std::vector<std::uint32_t> m_afterStart, m_afterDependents; ///< task → `after` dependents (CSR)

    std::vector<Planned> m_planned;
    std::vector<std::map<Key, std::uint32_t>> m_plannedInQueue; ///< queue → key → planned index
    std::unordered_map<BarrierIndex, std::vector<std::uint32_t>> m_plannedWaiters, m_plannedUpdaters;
};

} // namespace lookahead
