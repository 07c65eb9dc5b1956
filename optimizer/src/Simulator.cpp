#include "lookahead/Simulator.h"

#include "lookahead/DependencyGraph.h"
#include "simulate/InstructionCache.h"

#include <algorithm>
#include <queue>

namespace lookahead {

namespace {

    /// Queues and engines, numbered densely in executor, unit (, engine) order.
    struct Layout {
        std::vector<std::uint32_t> queueBase;        ///< Per executor kind, + total.
        std::vector<std::uint32_t> engineBaseOfExec; ///< Per executor kind, + total.

        explicit Layout(const Platform& platform)
            : queueBase(platform.executors.size() + 1, 0)
            , engineBaseOfExec(platform.executors.size() + 1, 0)
        {
            for (std::size_t e = 0; e < platform.executors.size(); ++e) {
                queueBase[e + 1] = queueBase[e] + platform.executors[e].units;
                engineBaseOfExec[e + 1]
                    = engineBaseOfExec[e] + platform.executors[e].units * platform.executors[e].engines;
            }
        }
    };

    /// Who waits for whom: barrier → waiters and task → `after` dependents as CSR arrays, the queue
    /// neighbours, and for every task how many dependencies have not started yet.
    struct Dependents {
        std::vector<std::uint32_t> waitersStart, waiters;
        std::vector<std::uint32_t> afterStart, afterDependents;
        std::vector<std::uint32_t> remainingUpdaters; ///< Per barrier.
        std::vector<std::uint32_t> pending;           ///< Per task.
        std::vector<TaskIndex> queueNext, queuePrev;

        Dependents(const TaskGraph& graph, const Layout& layout)
        {
            const std::size_t n = graph.tasks.size(), barrierCount = graph.barriers.size();
            waitersStart.assign(barrierCount + 1, 0);
            afterStart.assign(n + 1, 0);
            remainingUpdaters.assign(barrierCount, 0);
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
            fill(graph, layout);
        }

    private:
        void fill(const TaskGraph& graph, const Layout& layout)
        {
            const std::size_t n = graph.tasks.size();
            pending.assign(n, 0);
            queueNext.assign(n, kNoTask);
            queuePrev.assign(n, kNoTask);
            std::vector<std::uint32_t> fillW(waitersStart.begin(), waitersStart.end() - 1);
            std::vector<std::uint32_t> fillA(afterStart.begin(), afterStart.end() - 1);
            std::vector<TaskIndex> lastOfQueue(layout.queueBase.back(), kNoTask);
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
                TaskIndex& last = lastOfQueue[layout.queueBase[task.exec] + task.unit];
                if (last != kNoTask) {
                    queueNext[last] = t;
                    queuePrev[t] = last;
                    ++pending[t];
                }
                last = t;
            }
        }
    };

    /// One run of the algorithm described in Simulator.h; each step its own member (the instruction
    /// caches are their own model, simulate/InstructionCache.h).
    class EventSimulation {
    public:
        EventSimulation(const TaskGraph& graph, const CostModel& costModel, const SimulationOptions& options)
            : m_graph(graph)
            , m_platform(graph.platform)
            , m_options(options)
            , m_layout(graph.platform)
            , m_dependents(graph, m_layout)
            , m_icache(graph.platform, m_layout.engineBaseOfExec)
            , m_schedule(std::make_shared<Schedule>())
        {
            const std::size_t n = graph.tasks.size();
            Schedule& s = *m_schedule;
            s.start.assign(n, 0);
            s.end.assign(n, 0);
            s.stall.assign(n, 0);
            s.engine.assign(n, 0);
            s.binding.assign(n, kNoTask);
            s.startOrder.reserve(n);
            s.busyCycles.assign(m_platform.executors.size(), 0);
            s.utilisation.assign(m_platform.executors.size(), 0.0);
            m_ready.assign(n, 0);
            m_readyBy.assign(n, kNoTask);
            m_queueFloor.assign(n, 0);
            m_release.assign(graph.barriers.size(), 0);
            m_releasedBy.assign(graph.barriers.size(), kNoTask);
            m_engineFree.assign(m_layout.engineBaseOfExec.back(), 0);
            m_engineLast.assign(m_layout.engineBaseOfExec.back(), kNoTask);
            createTerms(costModel);
        }

        Result<std::shared_ptr<const Schedule>> run()
        {
            for (TaskIndex t = 0; t < m_graph.tasks.size(); ++t)
                if (m_dependents.pending[t] == 0)
                    becomeCandidate(t);
            std::size_t started = 0;
            while (!m_candidates.empty()) {
                const auto [start, t] = m_candidates.top();
                m_candidates.pop();
                if ((++started & 0xfff) == 0 && m_options.cancel && m_options.cancel->load(std::memory_order_relaxed))
                    return Error { "", "", "cancelled" };
                const std::int64_t end = startTask(t, start);
                releaseBarriers(t, end);
                releaseDependents(t, start, end);
            }
            return finish();
        }

    private:
        /// Enabled cost terms, each with fresh per-run state.
        void createTerms(const CostModel& costModel)
        {
            if (m_options.specCosts)
                return;
            const auto& disabled = m_options.disabledTerms;
            for (const CostTermInfo& info : costModel.terms()) {
                if (std::find(disabled.begin(), disabled.end(), info.name) != disabled.end())
                    continue;
                m_terms.push_back(info.create(m_graph, costModel.parameterValues(info, m_graph)));
                m_schedule->termCycles.emplace_back(info.name, 0);
            }
        }

        /// All dependencies of `t` have started: fix its start (ready, queue floor, free engine).
        void becomeCandidate(TaskIndex t)
        {
            const Task& task = m_graph.tasks[t];
            const ExecutorKind& kind = m_platform.executors[task.exec];
            const std::uint32_t base = m_layout.engineBaseOfExec[task.exec] + task.unit * kind.engines;
            std::uint32_t chosen = 0;
            for (std::uint32_t e = 1; e < kind.engines; ++e)
                if (m_engineFree[base + e] < m_engineFree[base + chosen])
                    chosen = e;
            std::int64_t start = m_ready[t];
            TaskIndex binding = m_readyBy[t];
            if (m_queueFloor[t] > start) {
                start = m_queueFloor[t];
                binding = m_dependents.queuePrev[t];
            }
            if (m_engineFree[base + chosen] > start) {
                start = m_engineFree[base + chosen];
                binding = m_engineLast[base + chosen];
            }
            Schedule& s = *m_schedule;
            s.binding[t] = start == 0 ? kNoTask : binding;
            start += task.delay; // spec 5.1 rule 5: added after the engine is chosen
            s.start[t] = start;
            s.engine[t] = static_cast<std::uint16_t>(chosen);
            m_candidates.emplace(start, t);
        }

        void satisfy(TaskIndex t)
        {
            if (--m_dependents.pending[t] == 0)
                becomeCandidate(t);
        }

        /// Starts `t` at `start`: instruction-cache look-up and cost terms; returns its end.
        std::int64_t startTask(TaskIndex t, std::int64_t start)
        {
            Schedule& s = *m_schedule;
            const Task& task = m_graph.tasks[t];
            const ExecutorKind& kind = m_platform.executors[task.exec];
            const std::uint32_t globalEngine
                = m_layout.engineBaseOfExec[task.exec] + task.unit * kind.engines + s.engine[t];
            TaskStartEvent event;
            event.task = t;
            event.start = start;
            event.globalEngine = globalEngine;
            const KernelIndex code = task.codeKernel();
            if (code != kNoKernel && kind.icacheDomain >= 0) {
                const std::int64_t bytes
                    = m_platform.icache[kind.icacheDomain].footprint(m_graph.kernels[code].codeBytes);
                const InstructionCache::Lookup lookup
                    = m_icache.lookUp(kind.icacheDomain, code, bytes, globalEngine, start);
                event.icacheStall = lookup.stall;
                event.icacheMiss = lookup.level == InstructionCache::Level::Memory;
                event.fetchBytes = lookup.fetchBytes;
                switch (lookup.level) {
                case InstructionCache::Level::L1:
                    ++s.l1Hits;
                    break;
                case InstructionCache::Level::L2:
                    ++s.l2Hits;
                    break;
                case InstructionCache::Level::Memory:
                    ++s.misses;
                    break;
                }
            }
            std::int64_t stall = event.icacheStall;
            for (std::size_t i = 0; i < m_terms.size(); ++i) {
                const std::int64_t extra = m_terms[i]->extraCycles(event);
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
            m_engineFree[globalEngine] = end;
            m_engineLast[globalEngine] = t;
            return end;
        }

        /// `t` updates its barriers at `end`; a barrier whose last updater started releases its waiters.
        void releaseBarriers(TaskIndex t, std::int64_t end)
        {
            for (BarrierIndex barrier : m_graph.updates(m_graph.tasks[t])) {
                if (end >= m_release[barrier] || m_releasedBy[barrier] == kNoTask) {
                    m_release[barrier] = std::max(m_release[barrier], end);
                    m_releasedBy[barrier] = t;
                }
                if (--m_dependents.remainingUpdaters[barrier] != 0)
                    continue;
                for (std::uint32_t i = m_dependents.waitersStart[barrier]; i < m_dependents.waitersStart[barrier + 1];
                     ++i) {
                    const TaskIndex waiter = m_dependents.waiters[i];
                    becomeReadyAt(waiter, m_release[barrier], m_releasedBy[barrier]);
                    satisfy(waiter);
                }
            }
        }

        /// `t`'s `after` dependents may start at its end, the next task of its queue at its start.
        void releaseDependents(TaskIndex t, std::int64_t start, std::int64_t end)
        {
            for (std::uint32_t i = m_dependents.afterStart[t]; i < m_dependents.afterStart[t + 1]; ++i) {
                const TaskIndex dependent = m_dependents.afterDependents[i];
                becomeReadyAt(dependent, end, t);
                satisfy(dependent);
            }
            if (const TaskIndex next = m_dependents.queueNext[t]; next != kNoTask) {
                m_queueFloor[next] = start;
                satisfy(next);
            }
        }

        void becomeReadyAt(TaskIndex t, std::int64_t at, TaskIndex by)
        {
            if (at > m_ready[t] || m_readyBy[t] == kNoTask) {
                m_ready[t] = std::max(m_ready[t], at);
                m_readyBy[t] = by;
            }
        }

        Result<std::shared_ptr<const Schedule>> finish()
        {
            Schedule& s = *m_schedule;
            if (s.startOrder.size() != m_graph.tasks.size()) {
                Status acyclic = checkNoDeadlock(m_graph, "");
                return Error { "", "",
                    acyclic.ok() ? "deadlock: some tasks never became ready" : acyclic.error().message };
            }
            for (std::size_t e = 0; e < m_platform.executors.size(); ++e) {
                const ExecutorKind& kind = m_platform.executors[e];
                const double capacity = double(kind.units) * kind.engines * double(s.makespan);
                s.utilisation[e] = capacity > 0 ? double(s.busyCycles[e]) / capacity : 0.0;
            }
            return std::shared_ptr<const Schedule>(std::move(m_schedule));
        }

        using Candidate = std::pair<std::int64_t, TaskIndex>; // (start, file index): spec 5.2 rule 1 order

        const TaskGraph& m_graph;
        const Platform& m_platform;
        const SimulationOptions& m_options;
        Layout m_layout;
        Dependents m_dependents;
        InstructionCache m_icache;
        std::shared_ptr<Schedule> m_schedule;
        std::vector<std::unique_ptr<CostTerm>> m_terms;
        std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> m_candidates;
        std::vector<std::int64_t> m_ready;      ///< Per task: when its dependencies allow it to start.
        std::vector<TaskIndex> m_readyBy;       ///< The task that set m_ready (the binding).
        std::vector<std::int64_t> m_queueFloor; ///< Start of the task ahead in the queue.
        std::vector<std::int64_t> m_release;    ///< Per barrier.
        std::vector<TaskIndex> m_releasedBy;
        std::vector<std::int64_t> m_engineFree; ///< Per global engine.
        std::vector<TaskIndex> m_engineLast;
    };

} // namespace

Result<std::shared_ptr<const Schedule>> simulate(
    const TaskGraph& graph, const CostModel& costModel, const SimulationOptions& options)
{
    return EventSimulation(graph, costModel, options).run();
}

} // namespace lookahead
