#pragma once

/// \file The event-driven simulator of format section 5.

#include "lookahead/CostModel.h"
#include "lookahead/Result.h"
#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace lookahead {

struct SimulationOptions {
    /// Simulate exactly as format section 5 says: every extra cost term off.
    bool specCosts = false;
    /// Terms switched off by name (in addition to specCosts).
    std::vector<std::string> disabledTerms;
    /// Polled every few thousand tasks; a set flag ends the run with an error "cancelled".
    const std::atomic<bool>* cancel = nullptr;
};

/// Simulates `graph`. Fails on a deadlock (the error names one cycle of task ids) or on
/// cancellation. The result is immutable and safe to share between threads.
///
/// Algorithm: a task becomes a candidate when the task ahead in its queue has started and all its
/// dependencies have started (so their ends are known); its start is then fixed. Candidates are
/// taken from a heap by (start, file index), which is exactly the look-up order of spec 5.2 rule 1,
/// and since a task's successors can never start earlier than it, starts come out non-decreasing.
/// O((N + R) log N) for N tasks and R references.
Result<std::shared_ptr<const Schedule>> simulate(
    const TaskGraph& graph, const CostModel& costModel = CostModel::standard(), const SimulationOptions& options = {});

} // namespace lookahead
