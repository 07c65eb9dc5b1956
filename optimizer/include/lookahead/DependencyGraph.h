#pragma once

/// \file The dependency graph of a TaskGraph on Boost.Graph.
///
/// Vertices are the tasks (0..N-1) followed by the barriers (N..N+B-1): an updater points to its
/// barrier, the barrier to its waiters, so a barrier shared by U producers and W consumers costs
/// U + W edges instead of U × W. `after` gives task → task edges, and queue order task → next task
/// in the same queue.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lookahead {

/// One dependency cycle of `graph` as text (see DependencyGraph::findCycle), or nothing. Linear: one
/// pass when the tasks are listed in a topological order (the usual case), else Kahn's algorithm on
/// the implicit graph; the Boost graph is built only when there is a cycle to name.
std::optional<std::string> findDeadlock(const TaskGraph& graph);

/// findDeadlock as an error value: `deadlock: the dependencies form a cycle: ...` at `/tasks` of
/// `fileLabel` (the loader's and the simulator's refusal of a cyclic graph).
Status checkNoDeadlock(const TaskGraph& graph, const std::string& fileLabel);

class DependencyGraph {
public:
    enum class EdgeKind : std::uint8_t { Barrier, After, Queue };

    /// `orderingOnly`: leave out queue edges of multi-engine queues (they order starts, not ends),
    /// which is the ordering the hazard checker needs.
    explicit DependencyGraph(const TaskGraph& graph, bool orderingOnly = false);
    ~DependencyGraph();
    DependencyGraph(DependencyGraph&&) noexcept;
    DependencyGraph& operator=(DependencyGraph&&) noexcept;

    /// One cycle as vertex text (`sm0 -[b1]-> in0 -> sm0`), or nothing when the graph is acyclic.
    std::optional<std::string> findCycle() const;
    /// Tasks in a topological order; empty when there is a cycle.
    std::vector<TaskIndex> topologicalOrder() const;
    /// Every task reachable from `from` (not including itself), as a mask indexed by TaskIndex.
    std::vector<bool> reachableFrom(TaskIndex from) const;
    /// Direct task predecessors of `task` (through barriers, after and queue order).
    std::vector<TaskIndex> predecessors(TaskIndex task) const;
    std::vector<TaskIndex> successors(TaskIndex task) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lookahead
