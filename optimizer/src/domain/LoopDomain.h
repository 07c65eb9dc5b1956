#pragma once

/// \file The software-pipelined loop domain: typed access to the `loop` key of a task and the
/// `loop` group kind, shared by the loop passes (kv-prefetch, sched-barrier) and the verifier
/// (which names a task with its iteration). Private to the core; the only place that spells the
/// keys.
///
/// A task of a loop carries `loop: {"id", "iter", "stage"}` and, once kv-prefetch moved it into an
/// earlier iteration, `"issue"`: the iteration whose code issues it. Unknown keys of the object
/// are kept.

#include "lookahead/TaskGraph.h"

#include <string>

namespace lookahead::loop {

/// A group of kind `loop`.
bool isLoop(const Group& group);

/// `loop.iter` of a task, -1 when it has none.
int iterationOf(const TaskGraph& graph, TaskIndex task);
/// `loop.stage` of a task, empty when it has none.
std::string stageOf(const TaskGraph& graph, TaskIndex task);
/// Sets `loop.issue`, keeping the other keys of the task's `loop` object.
void setIssueIteration(TaskGraph& graph, TaskIndex task, int issue);

} // namespace lookahead::loop
