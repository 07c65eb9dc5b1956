#include "lookahead/Verifier.h"

#include "domain/LoopDomain.h"
#include "lookahead/DependencyGraph.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>

namespace lookahead {

void registerBuiltinHazardRules(HazardRules& rules); // BuiltinRegistry.cpp

const HazardRules& HazardRules::standard()
{
    static const HazardRules rules = [] {
        HazardRules r;
        registerBuiltinHazardRules(r);
        return r;
    }();
    return rules;
}

std::vector<Hazard> Verifier::findHazards(const TaskGraph& graph, const HazardRules& rules)
{
    struct Access {
        TaskIndex task;
        bool writes;
    };
    std::map<std::string, std::vector<Access>> accesses;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        if (task.extra == UINT32_MAX)
            continue;
        std::set<std::string> written;
        for (const std::string& buffer : graph.taskBuffers(task, "writes")) {
            written.insert(buffer);
            accesses[buffer].push_back({ t, true });
        }
        for (const std::string& buffer : graph.taskBuffers(task, "reads"))
            if (!written.count(buffer))
                accesses[buffer].push_back({ t, false });
    }
    std::vector<Hazard> hazards;
    for (const HazardRule& rule : rules.rules())
        rule.append(graph, hazards);
    if (accesses.empty())
        return hazards;

    const DependencyGraph dependencies(graph, /*orderingOnly=*/true);
    std::map<TaskIndex, std::vector<bool>> reach; // only for tasks that touch buffers
    auto reaches = [&](TaskIndex from, TaskIndex to) {
        auto it = reach.find(from);
        if (it == reach.end())
            it = reach.emplace(from, dependencies.reachableFrom(from)).first;
        return bool(it->second[to]);
    };
    // Tasks of software-pipelined loops are named with their iteration (`loop.iter`).
    auto describe = [&](TaskIndex t) {
        std::string text(graph.taskId(t));
        if (const int iteration = loop::iterationOf(graph, t); iteration >= 0)
            text += " (iteration " + std::to_string(iteration) + ")";
        return text;
    };
    for (const auto& [buffer, list] : accesses) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            for (std::size_t j = i + 1; j < list.size(); ++j) {
                const Access& a = list[i];
                const Access& b = list[j];
                if (!a.writes && !b.writes)
                    continue;
                if (reaches(a.task, b.task) || reaches(b.task, a.task))
                    continue;
                Hazard hazard;
                hazard.first = a.task;
                hazard.second = b.task;
                hazard.buffer = buffer;
                hazard.kind = a.writes && b.writes ? "write-after-write"
                    : a.writes                     ? "read-after-write"
                                                   : "write-after-read";
                const std::string first = describe(a.task), second = describe(b.task);
                hazard.explanation = "hazard on buffer \"" + buffer + "\": " + first + " "
                    + (a.writes ? "writes" : "reads") + " it and " + second + " " + (b.writes ? "writes" : "reads")
                    + " it, but no barrier, `after` or single-engine queue order puts one before the other ("
                    + hazard.kind + " in file order)";
                hazards.push_back(std::move(hazard));
            }
        }
    }
    return hazards;
}

namespace {

    /// Direct predecessors of every task (the updaters of the barriers it waits on, its `after`
    /// tasks, the task ahead in its queue), sorted and unique per task, as one CSR table: the
    /// verifier runs after every pass of every live rerun, so this avoids a vector per task.
    struct DirectPredecessors {
        std::vector<std::uint32_t> offsets;
        std::vector<TaskIndex> items;

        explicit DirectPredecessors(const TaskGraph& graph)
        {
            const std::size_t n = graph.tasks.size();
            std::vector<std::uint32_t> updaterStart(graph.barriers.size() + 1, 0);
            for (const Task& task : graph.tasks)
                for (BarrierIndex barrier : graph.updates(task))
                    ++updaterStart[barrier + 1];
            for (std::size_t b = 0; b < graph.barriers.size(); ++b)
                updaterStart[b + 1] += updaterStart[b];
            std::vector<TaskIndex> updaters(updaterStart.back());
            std::vector<std::uint32_t> fill(updaterStart.begin(), updaterStart.end() - 1);
            for (TaskIndex t = 0; t < n; ++t)
                for (BarrierIndex barrier : graph.updates(graph.tasks[t]))
                    updaters[fill[barrier]++] = t;

            std::vector<std::uint32_t> queueBase(graph.platform.executors.size() + 1, 0);
            for (std::size_t e = 0; e < graph.platform.executors.size(); ++e)
                queueBase[e + 1] = queueBase[e] + graph.platform.executors[e].units;
            std::vector<TaskIndex> lastOfQueue(queueBase.back(), kNoTask);

            // Sized up front: growing `items` task by task cost a copy of it per doubling.
            std::size_t bound = 0;
            for (const Task& task : graph.tasks) {
                for (BarrierIndex barrier : graph.waits(task))
                    bound += updaterStart[barrier + 1] - updaterStart[barrier];
                bound += graph.after(task).size() + 1;
            }
            items.reserve(bound);
            offsets.reserve(n + 1);
            offsets.push_back(0);
            for (TaskIndex t = 0; t < n; ++t) {
                const Task& task = graph.tasks[t];
                const std::size_t begin = items.size();
                for (BarrierIndex barrier : graph.waits(task))
                    items.insert(items.end(), updaters.begin() + updaterStart[barrier],
                        updaters.begin() + updaterStart[barrier + 1]);
                for (TaskIndex pred : graph.after(task))
                    items.push_back(pred);
                TaskIndex& last = lastOfQueue[queueBase[task.exec] + task.unit];
                if (last != kNoTask)
                    items.push_back(last);
                last = t;
                if (items.size() - begin > 1) { // most tasks have one predecessor
                    std::sort(items.begin() + std::ptrdiff_t(begin), items.end());
                    items.erase(std::unique(items.begin() + std::ptrdiff_t(begin), items.end()), items.end());
                }
                offsets.push_back(static_cast<std::uint32_t>(items.size()));
            }
        }

        std::span<const TaskIndex> of(TaskIndex t) const
        {
            return { items.data() + offsets[t], offsets[t + 1] - offsets[t] };
        }
    };

} // namespace

VerificationReport Verifier::verify(const TaskGraph& before, const TaskGraph& after, const HazardRules& rules)
{
    VerificationReport report;
    report.deadlock = findDeadlock(after);
    if (report.deadlock)
        return report; // reachability and hazards are meaningless on a cyclic graph

    // Every direct dependency of the input must still hold in the output. Almost all survive as
    // direct dependencies; only the others need the Boost graph's reachability.
    const std::size_t n = before.tasks.size();
    // Passes keep the input's tasks in order and insert a few: compare ids in step and look one up
    // only where the graphs part, instead of hashing every id of every pass of a live rerun.
    std::vector<TaskIndex> mapped(n);
    TaskIndex next = 0;
    for (TaskIndex t = 0; t < n; ++t) {
        const std::string_view id = before.taskId(t);
        mapped[t] = next < after.tasks.size() && after.taskId(next) == id ? next : after.findTask(id);
        if (mapped[t] != kNoTask)
            next = mapped[t] + 1;
    }
    const DirectPredecessors predecessorsBefore(before);
    const DirectPredecessors predecessorsAfter(after);
    struct Loss {
        TaskIndex source, target; // target kNoTask: the source task was removed
    };
    std::vector<Loss> losses;
    for (TaskIndex t = 0; t < n; ++t) {
        if (mapped[t] == kNoTask) {
            losses.push_back({ t, kNoTask });
            continue;
        }
        const auto kept = predecessorsAfter.of(mapped[t]);
        for (TaskIndex p : predecessorsBefore.of(t))
            if (mapped[p] != kNoTask && !std::binary_search(kept.begin(), kept.end(), mapped[p]))
                losses.push_back({ p, t });
    }
    if (!losses.empty()) {
        // Reported by source, then target, in input order (removed tasks first at their place).
        std::sort(losses.begin(), losses.end(), [](const Loss& a, const Loss& b) {
            return a.source != b.source
                ? a.source < b.source
                : (a.target == kNoTask ? b.target != kNoTask : b.target != kNoTask && a.target < b.target);
        });
        std::optional<DependencyGraph> afterGraph;
        std::map<TaskIndex, std::vector<bool>> reach;
        for (const Loss& loss : losses) {
            if (loss.target == kNoTask) {
                report.lostDependencies.push_back("task " + std::string(before.taskId(loss.source)) + " was removed");
                continue;
            }
            if (mapped[loss.source] == kNoTask)
                continue; // reported as removed
            if (!afterGraph)
                afterGraph.emplace(after);
            auto it = reach.find(mapped[loss.source]);
            if (it == reach.end())
                it = reach.emplace(mapped[loss.source], afterGraph->reachableFrom(mapped[loss.source])).first;
            if (!it->second[mapped[loss.target]])
                report.lostDependencies.push_back(
                    std::string(before.taskId(loss.source)) + " -> " + std::string(before.taskId(loss.target)));
        }
    }

    // Only hazards the pass introduced count against it.
    std::set<std::tuple<std::string, std::string, std::string>> existing;
    for (const Hazard& h : findHazards(before, rules))
        existing.emplace(h.buffer, std::string(before.taskId(h.first)), std::string(before.taskId(h.second)));
    for (Hazard& h : findHazards(after, rules))
        if (!existing.count({ h.buffer, std::string(after.taskId(h.first)), std::string(after.taskId(h.second)) }))
            report.hazards.push_back(std::move(h));
    return report;
}

} // namespace lookahead
