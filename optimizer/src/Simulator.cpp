#include "lookahead/Simulator.h"

#include "lookahead/DependencyGraph.h"

#include <algorithm>
#include <queue>

namespace lookahead {

namespace {

    /// A whole-kernel LRU cache (spec 5.2): entries ordered least to most recently used. Kernel
    /// counts are small (tens), so a vector beats any node-based structure here.
    class KernelLru {
    public:
        struct Entry {
            KernelIndex kernel;
            std::int64_t bytes;
            std::int64_t filledAt; ///< L2 only: the cycle its fill completes.
        };

        explicit KernelLru(std::int64_t capacity = 0)
            : m_capacity(capacity)
        {
        }

        Entry* find(KernelIndex kernel)
        {
            for (Entry& entry : m_entries)
                if (entry.kernel == kernel)
                    return &entry;
            return nullptr;
        }

        /// Makes `kernel` the most recently used entry, inserting it (evicting as needed) when new.
        /// A kernel larger than the cache never resides in it.
        void touch(KernelIndex kernel, std::int64_t bytes, std::int64_t filledAt)
        {
            auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.kernel == kernel; });
            if (it != m_entries.end()) {
                Entry entry = *it;
                m_entries.erase(it);
                m_entries.push_back(entry);
                return;
            }
            if (bytes > m_capacity)
                return;
            while (m_used + bytes > m_capacity) {
                m_used -= m_entries.front().bytes;
                m_entries.erase(m_entries.begin());
            }
            m_entries.push_back({ kernel, bytes, filledAt });
            m_used += bytes;
        }

    private:
        std::int64_t m_capacity;
        std::int64_t m_used = 0;
        std::vector<Entry> m_entries;
    };

    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

} // namespace

Result<std::shared_ptr<const Schedule>> simulate(
    const TaskGraph& graph, const CostModel& costModel, const SimulationOptions& options)
{
    const Platform& platform = graph.platform;
    const std::size_t n = graph.tasks.size();
    const std::size_t barrierCount = graph.barriers.size();

    // Queues and engines, dense in executor, unit (, engine) order.
    std::vector<std::uint32_t> queueBase(platform.executors.size() + 1, 0);
    std::vector<std::uint32_t> engineBaseOfExec(platform.executors.size() + 1, 0);
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        queueBase[e + 1] = queueBase[e] + platform.executors[e].units;
        engineBaseOfExec[e + 1] = engineBaseOfExec[e] + platform.executors[e].units * platform.executors[e].engines;
    }

    auto schedule = std::make_shared<Schedule>();
    Schedule& s = *schedule;
    s.start.assign(n, 0);
    s.end.assign(n, 0);
    s.stall.assign(n, 0);
    s.engine.assign(n, 0);
    s.binding.assign(n, kNoTask);
    s.startOrder.reserve(n);
    s.busyCycles.assign(platform.executors.size(), 0);
    s.utilisation.assign(platform.executors.size(), 0.0);

    // Dependents: barrier → waiters and task → `after` dependents, as CSR arrays.
    std::vector<std::uint32_t> waitersStart(barrierCount + 1, 0), waiters;
    std::vector<std::uint32_t> afterStart(n + 1, 0), afterDependents;
    std::vector<std::uint32_t> remainingUpdaters(barrierCount, 0);
    for (const Task& task : graph.tasks) {
        for (BarrierIndex barrier : graph.waits(task))
            ++waitersStart[barrier + 1];
        for (BarrierIndex barrier : graph.updates(task))
            ++remainingUpdaters[barrier];
        for (TaskIndex pred : graph.after(task))
            ++afterStart[pred + 1];
    }
    for (std::size_t i = 0; i < barrierCount; ++i)
        waitersStart[i + 1] += waitersStart[i];
    for (std::size_t i = 0; i < n; ++i)
        afterStart[i + 1] += afterStart[i];
    waiters.resize(waitersStart[barrierCount]);
    afterDependents.resize(afterStart[n]);

    std::vector<std::uint32_t> pending(n, 0);
    std::vector<std::int64_t> ready(n, 0);
    std::vector<std::int64_t> queueFloor(n, 0); ///< Start of the task ahead in the queue.
    std::vector<TaskIndex> queueNext(n, kNoTask), queuePrev(n, kNoTask);
    {
        std::vector<std::uint32_t> fillW(waitersStart.begin(), waitersStart.end() - 1);
        std::vector<std::uint32_t> fillA(afterStart.begin(), afterStart.end() - 1);
        std::vector<TaskIndex> lastOfQueue(queueBase.back(), kNoTask);
        for (TaskIndex t = 0; t < n; ++t) {
            const Task& task = graph.tasks[t];
            for (BarrierIndex barrier : graph.waits(task)) {
                waiters[fillW[barrier]++] = t;
                if (remainingUpdaters[barrier] > 0)
                    ++pending[t]; // a barrier nobody updates is released at 0
            }
            for (TaskIndex pred : graph.after(task))
                afterDependents[fillA[pred]++] = t;
            pending[t] += task.afterCount;
            TaskIndex& last = lastOfQueue[queueBase[task.exec] + task.unit];
            if (last != kNoTask) {
                queueNext[last] = t;
                queuePrev[t] = last;
                ++pending[t];
            }
            last = t;
        }
    }
    std::vector<std::int64_t> release(barrierCount, 0);
    std::vector<TaskIndex> releasedBy(barrierCount, kNoTask);
    std::vector<TaskIndex> readyBy(n, kNoTask);

    std::vector<std::int64_t> engineFree(engineBaseOfExec.back(), 0);
    std::vector<TaskIndex> engineLast(engineBaseOfExec.back(), kNoTask);

    // Instruction caches: one L1 per engine of an executor with a domain, one L2 per domain.
    std::vector<KernelLru> l1(engineBaseOfExec.back());
    std::vector<KernelLru> l2;
    for (const IcacheDomain& domain : platform.icache)
        l2.emplace_back(domain.l2Bytes);
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        if (kind.icacheDomain >= 0)
            for (std::uint32_t g = engineBaseOfExec[e]; g < engineBaseOfExec[e + 1]; ++g)
                l1[g] = KernelLru(platform.icache[kind.icacheDomain].l1Bytes);
    }

    // Enabled cost terms, each with fresh per-run state.
    std::vector<std::unique_ptr<CostTerm>> terms;
    std::vector<std::size_t> termSlot;
    if (!options.specCosts) {
        for (const CostTermInfo& info : costModel.terms()) {
            if (std::find(options.disabledTerms.begin(), options.disabledTerms.end(), info.name)
                != options.disabledTerms.end())
                continue;
            terms.push_back(info.create(graph, costModel.parameterValues(info, graph)));
            s.termCycles.emplace_back(info.name, 0);
        }
    }

    using Candidate = std::pair<std::int64_t, TaskIndex>; // (start, file index): spec 5.2 rule 1 order
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> candidates;

    auto becomeCandidate = [&](TaskIndex t) {
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = platform.executors[task.exec];
        const std::uint32_t base = engineBaseOfExec[task.exec] + task.unit * kind.engines;
        std::uint32_t chosen = 0;
        for (std::uint32_t e = 1; e < kind.engines; ++e)
            if (engineFree[base + e] < engineFree[base + chosen])
                chosen = e;
        std::int64_t start = ready[t];
        TaskIndex binding = readyBy[t];
        if (queueFloor[t] > start) {
            start = queueFloor[t];
            binding = queuePrev[t];
        }
        if (engineFree[base + chosen] > start) {
            start = engineFree[base + chosen];
            binding = engineLast[base + chosen];
        }
        s.binding[t] = start == 0 ? kNoTask : binding;
        start += task.delay; // spec 5.1 rule 5: added after the engine is chosen
        s.start[t] = start;
        s.engine[t] = static_cast<std::uint16_t>(chosen);
        candidates.emplace(start, t);
    };

    for (TaskIndex t = 0; t < n; ++t)
        if (pending[t] == 0)
            becomeCandidate(t);

    auto satisfy = [&](TaskIndex t) {
        if (--pending[t] == 0)
            becomeCandidate(t);
    };

    std::size_t started = 0;
    while (!candidates.empty()) {
        const auto [start, t] = candidates.top();
        candidates.pop();
        if ((++started & 0xfff) == 0 && options.cancel && options.cancel->load(std::memory_order_relaxed))
            return Error { "", "", "cancelled" };
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = platform.executors[task.exec];
        const std::uint32_t globalEngine = engineBaseOfExec[task.exec] + task.unit * kind.engines + s.engine[t];

        TaskStartEvent event;
        event.task = t;
        event.start = start;
        event.globalEngine = globalEngine;
        const KernelIndex code = task.codeKernel();
        if (code != kNoKernel && kind.icacheDomain >= 0) {
            const IcacheDomain& domain = platform.icache[kind.icacheDomain];
            const std::int64_t bytes = domain.footprint(graph.kernels[code].codeBytes);
            KernelLru& cacheL2 = l2[kind.icacheDomain];
            if (l1[globalEngine].find(code)) {
                l1[globalEngine].touch(code, bytes, 0);
                ++s.l1Hits;
            } else if (KernelLru::Entry* entry = cacheL2.find(code)) {
                event.icacheStall = std::max<std::int64_t>(0, entry->filledAt - start) + domain.l2HitLatency
                    + ceilDiv(bytes, domain.l2BytesPerCycle);
                cacheL2.touch(code, bytes, entry->filledAt);
                l1[globalEngine].touch(code, bytes, 0);
                ++s.l2Hits;
            } else {
                event.icacheStall = domain.missLatency + ceilDiv(bytes, domain.missBytesPerCycle);
                event.icacheMiss = true;
                event.fetchBytes = bytes;
                cacheL2.touch(code, bytes, start + event.icacheStall);
                l1[globalEngine].touch(code, bytes, 0);
                ++s.misses;
            }
        }
        std::int64_t stall = event.icacheStall;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const std::int64_t extra = terms[i]->extraCycles(event);
            stall += extra;
            s.termCycles[i].second += extra;
        }
        const std::int64_t end = start + task.cycles + stall;
        s.stall[t] = stall;
        s.end[t] = end;
        s.totalStall += stall;
        s.makespan = std::max(s.makespan, end);
        s.busyCycles[task.exec] += end - start;
        s.startOrder.push_back(t);
        engineFree[globalEngine] = end;
        engineLast[globalEngine] = t;

        for (BarrierIndex barrier : graph.updates(task)) {
            if (end >= release[barrier] || releasedBy[barrier] == kNoTask) {
                release[barrier] = std::max(release[barrier], end);
                releasedBy[barrier] = t;
            }
            if (--remainingUpdaters[barrier] == 0) {
                for (std::uint32_t i = waitersStart[barrier]; i < waitersStart[barrier + 1]; ++i) {
                    const TaskIndex waiter = waiters[i];
                    if (release[barrier] > ready[waiter] || readyBy[waiter] == kNoTask) {
                        ready[waiter] = std::max(ready[waiter], release[barrier]);
                        readyBy[waiter] = releasedBy[barrier];
                    }
                    satisfy(waiter);
                }
            }
        }
        for (std::uint32_t i = afterStart[t]; i < afterStart[t + 1]; ++i) {
            const TaskIndex dependent = afterDependents[i];
            if (end > ready[dependent] || readyBy[dependent] == kNoTask) {
                ready[dependent] = std::max(ready[dependent], end);
                readyBy[dependent] = t;
            }
            satisfy(dependent);
        }
        if (queueNext[t] != kNoTask) {
            queueFloor[queueNext[t]] = start;
            satisfy(queueNext[t]);
        }
    }

    if (s.startOrder.size() != n) {
        Status acyclic = checkNoDeadlock(graph, "");
        return Error { "", "", acyclic.ok() ? "deadlock: some tasks never became ready" : acyclic.error().message };
    }
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        const double capacity = double(kind.units) * kind.engines * double(s.makespan);
        s.utilisation[e] = capacity > 0 ? double(s.busyCycles[e]) / capacity : 0.0;
    }
    return std::shared_ptr<const Schedule>(std::move(schedule));
}

} // namespace lookahead
