#pragma once

// Shared machinery of the loop passes (kv-prefetch, sched-barrier): reading the `loop` keys of a
// group's tasks, reordering tasks in file order, editing reads/writes and barriers.
//
// Conventions of a software-pipelined loop (documented in README "Software-pipelined loops"):
// a group of kind `loop` lists its tasks in program order; each task carries
// `loop: {"id", "iter", "stage"}`; tasks of stage `load` fetch one block into a buffer named
// `FAMILY[slot]` (e.g. `L1.K[0]`), and the tasks of the same iteration that read that name consume
// it. A load's `wait` barriers updated by tasks of the same loop are its *drain* (the coarse
// ordering of an un-pipelined loop); the others are its *issue gate* (e.g. the scalar unit waiting
// for the vector core), which a prefetched load inherits from the iteration it is issued in.

#include "domain/LoopDomain.h"
#include "lookahead/TaskGraph.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace lookahead::loop {

/// `L1.K` for `L1.K[1]`; the name itself when it has no `[`.
std::string familyOf(const std::string& buffer);

/// Indices into graph.groups of the groups of kind `loop`.
std::vector<std::size_t> loopGroups(const TaskGraph& graph);

/// Moves the tasks so that the task at old index `order[k]` ends up at index k (`order` is a
/// permutation). `after` references and group members are renumbered; group member lists keep
/// their own order.
void reorderTasks(TaskGraph& graph, const std::vector<TaskIndex>& order);

/// Puts the group's tasks in `programOrder` into the file positions the group's tasks occupy now
/// (in increasing order), leaving every other task where it is; the group's member list becomes
/// `programOrder`.
void placeGroupInProgramOrder(TaskGraph& graph, std::size_t group, const std::vector<TaskIndex>& programOrder);

/// The barrier, `after` and update lists of a task as editable vectors, written back by apply().
struct References {
    std::vector<BarrierIndex> wait, update;
    std::vector<TaskIndex> after;
};
References referencesOf(const TaskGraph& graph, TaskIndex task);
void apply(TaskGraph& graph, TaskIndex task, const References& references);

/// The queue (exec, unit) of a task and whether it has a single engine (its order then orders ends).
bool sameSingleEngineQueue(const TaskGraph& graph, TaskIndex a, TaskIndex b);

} // namespace lookahead::loop
