#include "TaskRelations.h"

#include <algorithm>
#include <map>

namespace lookahead {

void TaskRelations::fill(std::vector<std::uint32_t>& offsets, std::vector<TaskIndex>& items,
    const std::vector<std::pair<std::uint32_t, TaskIndex>>& pairs, std::size_t keys)
{
    offsets.assign(keys + 1, 0);
    for (const auto& [key, task] : pairs)
        ++offsets[key + 1];
    for (std::size_t k = 0; k < keys; ++k)
        offsets[k + 1] += offsets[k];
    items.resize(pairs.size());
    std::vector<std::uint32_t> cursor(offsets.begin(), offsets.end() - 1);
    for (const auto& [key, task] : pairs)
        items[cursor[key]++] = task;
}

TaskRelations::TaskRelations(const TaskGraph& graph)
{
    const std::size_t taskCount = graph.tasks.size();
    const std::size_t barrierCount = graph.barriers.size();
    std::vector<std::pair<std::uint32_t, TaskIndex>> updaters, waiters, afterSuccessors;
    m_queuePrevious.assign(taskCount, kNoTask);
    m_queueNext.assign(taskCount, kNoTask);
    // Queues are (exec, unit); remember the last task seen in each.
    std::map<std::pair<std::uint16_t, std::uint32_t>, TaskIndex> lastInQueue;
    for (TaskIndex t = 0; t < taskCount; ++t) {
        const Task& task = graph.tasks[t];
        for (BarrierIndex b : graph.waits(task))
            waiters.emplace_back(b, t);
        for (BarrierIndex b : graph.updates(task))
            updaters.emplace_back(b, t);
        for (TaskIndex before : graph.after(task))
            afterSuccessors.emplace_back(before, t);
        auto [it, inserted] = lastInQueue.try_emplace({ task.exec, task.unit }, t);
        if (!inserted) {
            m_queuePrevious[t] = it->second;
            m_queueNext[it->second] = t;
            it->second = t;
        }
    }
    fill(m_updaterOffsets, m_updaters, updaters, barrierCount);
    fill(m_waiterOffsets, m_waiters, waiters, barrierCount);
    fill(m_afterSuccessorOffsets, m_afterSuccessors, afterSuccessors, taskCount);
}

std::vector<TaskEdge> TaskRelations::predecessors(const TaskGraph& graph, TaskIndex task) const
{
    std::vector<TaskEdge> edges;
    const Task& t = graph.tasks[task];
    for (BarrierIndex b : graph.waits(t))
        for (std::uint32_t i = m_updaterOffsets[b]; i < m_updaterOffsets[b + 1]; ++i)
            edges.push_back({ m_updaters[i], TaskEdge::Kind::Barrier, b });
    for (TaskIndex before : graph.after(t))
        edges.push_back({ before, TaskEdge::Kind::After, 0 });
    if (m_queuePrevious[task] != kNoTask)
        edges.push_back({ m_queuePrevious[task], TaskEdge::Kind::Queue, 0 });
    return edges;
}

std::vector<TaskEdge> TaskRelations::successors(const TaskGraph& graph, TaskIndex task) const
{
    std::vector<TaskEdge> edges;
    const Task& t = graph.tasks[task];
    for (BarrierIndex b : graph.updates(t))
        for (std::uint32_t i = m_waiterOffsets[b]; i < m_waiterOffsets[b + 1]; ++i)
            edges.push_back({ m_waiters[i], TaskEdge::Kind::Barrier, b });
    for (std::uint32_t i = m_afterSuccessorOffsets[task]; i < m_afterSuccessorOffsets[task + 1]; ++i)
        edges.push_back({ m_afterSuccessors[i], TaskEdge::Kind::After, 0 });
    if (m_queueNext[task] != kNoTask)
        edges.push_back({ m_queueNext[task], TaskEdge::Kind::Queue, 0 });
    return edges;
}

std::int64_t TaskRelations::barrierRelease(const Schedule& schedule, BarrierIndex barrier) const
{
    std::int64_t release = 0;
    for (std::uint32_t i = m_updaterOffsets[barrier]; i < m_updaterOffsets[barrier + 1]; ++i)
        release = std::max(release, schedule.end[m_updaters[i]]);
    return release;
}

std::optional<BarrierIndex> TaskRelations::releasingBarrier(
    const TaskGraph& graph, const Schedule& schedule, TaskIndex task) const
{
    std::optional<BarrierIndex> latest;
    std::int64_t latestRelease = -1;
    for (BarrierIndex b : graph.waits(graph.tasks[task])) {
        const std::int64_t release = barrierRelease(schedule, b);
        if (release > latestRelease) {
            latestRelease = release;
            latest = b;
        }
    }
    return latest;
}

} // namespace lookahead
