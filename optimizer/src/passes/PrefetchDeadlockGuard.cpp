#include "passes/PrefetchDeadlockGuard.h"

#include <algorithm>

namespace lookahead {

namespace {
    constexpr std::uint32_t kNone = UINT32_MAX;

    void buildCsr(std::vector<std::uint32_t>& start, std::vector<std::uint32_t>& items, std::size_t keys,
        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs)
    {
        start.assign(keys + 1, 0);
        for (const auto& [key, item] : pairs)
            ++start[key + 1];
        for (std::size_t i = 0; i < keys; ++i)
            start[i + 1] += start[i];
        items.resize(pairs.size());
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (const auto& [key, item] : pairs)
            items[fill[key]++] = item;
    }
} // namespace

PrefetchDeadlockGuard::PrefetchDeadlockGuard(const TaskGraph& graph)
    : m_graph(graph)
    , m_taskCount(static_cast<std::uint32_t>(graph.tasks.size()))
{
    const Platform& platform = graph.platform;
    m_queueBase.assign(platform.executors.size() + 1, 0);
    for (std::size_t e = 0; e < platform.executors.size(); ++e)
        m_queueBase[e + 1] = m_queueBase[e] + platform.executors[e].units;
    m_queueTasks.resize(m_queueBase.back());
    m_plannedInQueue.resize(m_queueBase.back());
    m_queueOfTask.resize(m_taskCount);
    m_positionInQueue.resize(m_taskCount);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> waits, updates, afters;
    for (TaskIndex t = 0; t < m_taskCount; ++t) {
        const Task& task = graph.tasks[t];
        const std::uint32_t queue = queueOf(task.exec, task.unit);
        m_queueOfTask[t] = queue;
        m_positionInQueue[t] = static_cast<std::uint32_t>(m_queueTasks[queue].size());
        m_queueTasks[queue].push_back(t);
        for (BarrierIndex b : graph.waits(task))
            waits.emplace_back(b, t);
        for (BarrierIndex b : graph.updates(task))
            updates.emplace_back(b, t);
        for (TaskIndex pred : graph.after(task))
            afters.emplace_back(pred, t);
    }
    buildCsr(m_waitersStart, m_waiters, graph.barriers.size(), waits);
    buildCsr(m_updatersStart, m_updaters, graph.barriers.size(), updates);
    buildCsr(m_afterStart, m_afterDependents, m_taskCount, afters);
}

std::uint32_t PrefetchDeadlockGuard::queueSuccessor(std::uint32_t queue, Key key) const
{
    const std::vector<TaskIndex>& tasks = m_queueTasks[queue];
    // The first input task of the queue after `key`: index > key.first for an input task, index ≥
    // before for a planned one.
    auto inputIt = key.second == kInputSequence ? std::upper_bound(tasks.begin(), tasks.end(), key.first)
                                                : std::lower_bound(tasks.begin(), tasks.end(), key.first);
    const std::uint32_t input = inputIt == tasks.end() ? kNone : *inputIt;
    const auto& planned = m_plannedInQueue[queue];
    auto plannedIt = planned.upper_bound(key);
    if (plannedIt != planned.end() && (input == kNone || plannedIt->first.first <= input))
        return m_taskCount + plannedIt->second;
    return input;
}

std::uint32_t PrefetchDeadlockGuard::queuePredecessor(std::uint32_t queue, Key key) const
{
    const std::vector<TaskIndex>& tasks = m_queueTasks[queue];
    auto inputIt = std::lower_bound(tasks.begin(), tasks.end(), key.first); // first index ≥ before
    const std::uint32_t input = inputIt == tasks.begin() ? kNone : *(inputIt - 1);
    const auto& planned = m_plannedInQueue[queue];
    auto plannedIt = planned.lower_bound(key);
    if (plannedIt != planned.begin()) {
        --plannedIt;
        if (input == kNone || plannedIt->first.first > input)
            return m_taskCount + plannedIt->second;
    }
    return input;
}

template <typename Visit> void PrefetchDeadlockGuard::forEachSuccessor(std::uint32_t node, Visit&& visit) const
{
    auto barrierWaiters = [&](BarrierIndex b) {
        for (std::uint32_t i = m_waitersStart[b]; i < m_waitersStart[b + 1]; ++i)
            visit(m_waiters[i]);
        if (auto it = m_plannedWaiters.find(b); it != m_plannedWaiters.end())
            for (std::uint32_t p : it->second)
                visit(m_taskCount + p);
    };
    if (node < m_taskCount) {
        const Task& task = m_graph.tasks[node];
        if (std::uint32_t next = queueSuccessor(m_queueOfTask[node], { node, kInputSequence }); next != kNone)
            visit(next);
        for (BarrierIndex b : m_graph.updates(task))
            barrierWaiters(b);
        for (std::uint32_t i = m_afterStart[node]; i < m_afterStart[node + 1]; ++i)
            visit(m_afterDependents[i]);
        return;
    }
    const Planned& planned = m_planned[node - m_taskCount];
    if (std::uint32_t next = queueSuccessor(queueOf(planned.exec, planned.unit), { planned.before, planned.sequence });
        next != kNone)
        visit(next);
    for (BarrierIndex b : planned.update)
        barrierWaiters(b);
}

bool PrefetchDeadlockGuard::wouldDeadlock(const Planned& task) const
{
    for (BarrierIndex w : task.wait)
        if (std::find(task.update.begin(), task.update.end(), w) != task.update.end())
            return true; // waits on its own barrier
    const std::uint32_t queue = queueOf(task.exec, task.unit);
    const Key key { task.before, task.sequence };
    const std::uint32_t total = m_taskCount + static_cast<std::uint32_t>(m_planned.size());

    std::vector<bool> isPredecessor(total, false);
    bool anyPredecessor = false;
    auto markPredecessor = [&](std::uint32_t node) {
        if (node != kNone) {
            isPredecessor[node] = true;
            anyPredecessor = true;
        }
    };
    markPredecessor(queuePredecessor(queue, key));
    for (BarrierIndex b : task.wait) {
        if (b + 1 < m_updatersStart.size())
            for (std::uint32_t i = m_updatersStart[b]; i < m_updatersStart[b + 1]; ++i)
                markPredecessor(m_updaters[i]);
        if (auto it = m_plannedUpdaters.find(b); it != m_plannedUpdaters.end())
            for (std::uint32_t p : it->second)
                markPredecessor(m_taskCount + p);
    }
    if (!anyPredecessor)
        return false;

    std::vector<bool> seen(total, false);
    std::vector<std::uint32_t> stack;
    bool cycle = false;
    auto push = [&](std::uint32_t node) {
        if (node == kNone || seen[node])
            return;
        seen[node] = true;
        cycle = cycle || isPredecessor[node];
        stack.push_back(node);
    };
    push(queueSuccessor(queue, key));
    for (BarrierIndex b : task.update) {
        if (b + 1 < m_waitersStart.size())
            for (std::uint32_t i = m_waitersStart[b]; i < m_waitersStart[b + 1]; ++i)
                push(m_waiters[i]);
        if (auto it = m_plannedWaiters.find(b); it != m_plannedWaiters.end())
            for (std::uint32_t p : it->second)
                push(m_taskCount + p);
    }
    while (!stack.empty() && !cycle) {
        const std::uint32_t node = stack.back();
        stack.pop_back();
        forEachSuccessor(node, push);
    }
    return cycle;
}

void PrefetchDeadlockGuard::accept(Planned task)
{
    const auto index = static_cast<std::uint32_t>(m_planned.size());
    m_plannedInQueue[queueOf(task.exec, task.unit)].emplace(Key { task.before, task.sequence }, index);
    for (BarrierIndex b : task.wait)
        m_plannedWaiters[b].push_back(index);
    for (BarrierIndex b : task.update)
        m_plannedUpdaters[b].push_back(index);
    m_planned.push_back(std::move(task));
}

} // namespace lookahead
