#include "lookahead/RecordingReplay.h"

#include <algorithm>

namespace lookahead {

namespace {

    bool hasCachedKernels(const TaskGraph& graph)
    {
        for (const Task& task : graph.tasks) {
            const ExecutorKind& kind = graph.platform.executors[task.exec];
            if (kind.icacheDomain >= 0 && task.codeKernel() != kNoKernel)
                return true;
        }
        return false;
    }

} // namespace

Result<CacheStallSplit> splitRecordedCacheStalls(TaskGraph& graph, const SimulationOptions& options)
{
    CacheStallSplit split;
    if (!hasCachedKernels(graph)) {
        split.exact = true;
        return split;
    }
    std::vector<std::int64_t> recorded(graph.tasks.size());
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        recorded[t] = graph.tasks[t].cycles;
    // Converges when every start is back at its recorded value; the bound only guards against an
    // oscillation we have not seen (then the last round stands and `exact` says so).
    constexpr std::size_t kMaxRounds = 32;
    std::shared_ptr<const Schedule> schedule;
    for (split.rounds = 1; split.rounds <= kMaxRounds; ++split.rounds) {
        auto simulated = simulate(graph, CostModel::standard(), options);
        if (!simulated.ok())
            return simulated.error();
        schedule = simulated.value();
        bool changed = false;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const std::int64_t work = std::max<std::int64_t>(0, recorded[t] - schedule->stall[t]);
            if (graph.tasks[t].cycles != work) {
                graph.tasks[t].cycles = work;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    split.rounds = std::min(split.rounds, kMaxRounds);
    split.exact = true;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const std::int64_t stall = schedule->stall[t];
        if (stall > 0 && graph.tasks[t].cycles < recorded[t]) {
            ++split.tasksWithStall;
            split.stallCycles += recorded[t] - graph.tasks[t].cycles;
        }
        if (stall > recorded[t])
            ++split.tasksShorterThanStall;
        if (schedule->end[t] - schedule->start[t] != recorded[t])
            split.exact = false;
    }
    return split;
}

} // namespace lookahead
