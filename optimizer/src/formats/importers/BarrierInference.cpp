// Barriers inferred from timestamps, for barrier-scheduled recordings without flows (see
// RecordingMapper.h). The rule, and its limits:
//
// - A task T that started later than its own queue let it (an engine of its queue was free
//   earlier) waited for something. T waits for the tasks whose end is the latest end at or before
//   T's start among the tasks `mayRelease(p, T)` allows (exact ties all count): the completion
//   that most plausibly released it. A task its own queue held gets no barrier.
// - Only that binding completion is found, not every true producer: an earlier producer whose
//   end was not the last is missed, and a task that ended last by coincidence is taken for one.
//   Shortening a producer moves T only when that producer was the binding one, which is what the
//   recording can tell.
// - Time the barrier does not explain (firmware, barrier latency) stays in T's `delay`.

#include "RecordingMapper.h"

#include <algorithm>
#include <map>

namespace lookahead::formats {

void inferBarriersFromTimestamps(RecordingBuilder& builder, const std::function<bool(TaskRef, TaskRef)>& mayRelease)
{
    const std::size_t n = builder.taskCount();
    std::vector<TaskRef> byStart(n), byEnd(n);
    for (TaskRef t = 0; t < n; ++t)
        byStart[t] = byEnd[t] = t;
    std::stable_sort(byStart.begin(), byStart.end(),
        [&](TaskRef a, TaskRef b) { return builder.task(a).startNs < builder.task(b).startNs; });
    std::stable_sort(byEnd.begin(), byEnd.end(),
        [&](TaskRef a, TaskRef b) { return builder.task(a).endNs < builder.task(b).endNs; });

    // When each task's own queue would have let it start: its engine became free (engines as the
    // most tasks of the queue that ran at once, the earliest free one, like the simulator).
    std::vector<std::int64_t> queueFree(n, 0);
    std::map<std::pair<std::uint16_t, std::uint32_t>, std::vector<TaskRef>> queues;
    for (TaskRef t : byStart)
        queues[{ builder.task(t).kind, builder.task(t).unit }].push_back(t);
    for (const auto& [queue, tasks] : queues) {
        std::vector<std::int64_t> engines;
        for (TaskRef t : tasks) {
            const RecordedTask& task = builder.task(t);
            auto freeEngine = std::min_element(engines.begin(), engines.end());
            if (freeEngine == engines.end() || *freeEngine > task.startNs) {
                engines.push_back(task.endNs); // needs another engine: it could start at once
                queueFree[t] = 0;
                continue;
            }
            queueFree[t] = *freeEngine;
            *freeEngine = task.endNs;
        }
    }

    constexpr std::size_t kMaxScan = 4096;
    std::map<std::vector<TaskRef>, std::vector<TaskRef>> consumersOf; // producer set → consumers
    for (TaskRef c = 0; c < n; ++c) {
        const RecordedTask& consumer = builder.task(c);
        auto it = std::upper_bound(byEnd.begin(), byEnd.end(), consumer.startNs,
            [&](std::int64_t t, TaskRef ref) { return t < builder.task(ref).endNs; });
        std::vector<TaskRef> producers;
        std::int64_t latest = INT64_MIN;
        for (std::size_t scanned = 0; it != byEnd.begin() && scanned < kMaxScan; ++scanned) {
            --it;
            const RecordedTask& p = builder.task(*it);
            if (latest != INT64_MIN && p.endNs < latest)
                break;
            if (*it == c || !mayRelease(*it, c) || (p.startNs == consumer.startNs && p.endNs == consumer.startNs))
                continue;
            latest = p.endNs;
            producers.push_back(*it);
        }
        if (producers.empty() || latest <= queueFree[c])
            continue;
        std::sort(producers.begin(), producers.end());
        consumersOf[producers].push_back(c);
    }
    for (auto& [producers, consumers] : consumersOf)
        builder.addInferredBarrier(producers, consumers);
    if (!consumersOf.empty())
        builder.note("the order between engines was inferred from the timestamps (barriers named inferred:N): a task "
                     "waits for the tasks that ended last before it started, on its own tile or on DMA");
}

} // namespace lookahead::formats
