#include "lookahead/Verifier.h"

#include "BufferHazards.h"
#include "domain/LoopDomain.h"
#include "lookahead/DependencyGraph.h"
#include "lookahead/StringPool.h"

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>

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

namespace {

    /// Every buffer's accesses, buffers in the order they are first met; `buffers` views `storage`
    /// and the tasks' `reads`/`writes` extras, which outlive the check.
    struct AccessTable {
        std::vector<BufferAccess> storage;
        std::vector<BufferAccesses> buffers;
        ExtraStringLists names; ///< Owns the unescaped names `buffers` may view.
    };

    constexpr std::string_view kWritesThenReads[] = { "writes", "reads" };

    AccessTable bufferAccesses(const TaskGraph& graph)
    {
        // One flat list in file order, buffer names interned in one batch, then grouped by buffer
        // with a counting sort (stable: each buffer's accesses stay in file order). A graph can have
        // a buffer per task, so no container per buffer.
        AccessTable table;
        std::vector<std::string_view> names;
        std::vector<BufferAccess> flat;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (task.extra == TaskExtras::kNone)
                continue;
            const std::size_t firstWrite = names.size();
            std::size_t ends[2] = {};
            table.names.read(graph.taskExtras, task.extra, kWritesThenReads, names, ends);
            const std::size_t lastWrite = ends[0];
            flat.resize(lastWrite, { t, true });
            // A task that reads and writes a buffer writes it.
            const auto writes = std::span(names).subspan(firstWrite, lastWrite - firstWrite);
            std::size_t kept = lastWrite;
            for (std::size_t r = lastWrite; r < names.size(); ++r)
                if (std::find(writes.begin(), writes.end(), names[r]) == writes.end())
                    names[kept++] = names[r];
            names.resize(kept);
            flat.resize(kept, { t, false });
        }
        StringPool pool;
        std::vector<Symbol> symbols(names.size());
        pool.intern(names, symbols);
        std::vector<std::uint32_t> start(pool.size() + 1, 0);
        for (const Symbol symbol : symbols)
            ++start[symbol + 1];
        for (std::size_t b = 0; b < pool.size(); ++b)
            start[b + 1] += start[b];
        table.storage.resize(flat.size());
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        table.buffers.resize(pool.size());
        for (std::size_t i = 0; i < flat.size(); ++i) {
            if (fill[symbols[i]] == start[symbols[i]])
                table.buffers[symbols[i]].buffer = names[i];
            table.storage[fill[symbols[i]]++] = flat[i];
        }
        for (std::size_t b = 0; b < pool.size(); ++b)
            table.buffers[b].accesses = { table.storage.data() + start[b], start[b + 1] - start[b] };
        return table;
    }

} // namespace

std::vector<Hazard> Verifier::findHazards(const TaskGraph& graph, const HazardRules& rules)
{
    return scanHazards(graph, SIZE_MAX, rules).first;
}

HazardScan Verifier::scanHazards(const TaskGraph& graph, std::size_t limit, const HazardRules& rules)
{
    const AccessTable table = bufferAccesses(graph);
    const std::vector<BufferAccesses>& buffers = table.buffers;
    HazardScan scan;
    std::vector<Hazard>& hazards = scan.first;
    for (const HazardRule& rule : rules.rules())
        rule.append(graph, hazards);
    scan.total = hazards.size();
    if (hazards.size() > limit)
        hazards.resize(limit);
    if (buffers.empty())
        return scan;

    // Tasks of software-pipelined loops are named with their iteration (`loop.iter`).
    auto describe = [&](TaskIndex t) {
        std::string text(graph.taskId(t));
        if (const int iteration = loop::iterationOf(graph, t); iteration >= 0)
            text += " (iteration " + std::to_string(iteration) + ")";
        return text;
    };
    const std::vector<std::vector<AccessPair>> racing = racingPairs(graph, buffers);
    // Reported by buffer name; only buffers that race need sorting.
    std::vector<std::size_t> racy;
    for (std::size_t b = 0; b < buffers.size(); ++b)
        if (!racing[b].empty())
            racy.push_back(b);
    std::sort(
        racy.begin(), racy.end(), [&](std::size_t a, std::size_t b) { return buffers[a].buffer < buffers[b].buffer; });
    for (const std::size_t b : racy) {
        scan.total += racing[b].size();
        const std::string buffer(buffers[b].buffer);
        for (const AccessPair& pair : racing[b]) {
            if (hazards.size() >= limit)
                break;
            const BufferAccess& a = buffers[b].accesses[pair.first];
            const BufferAccess& c = buffers[b].accesses[pair.second];
            Hazard hazard;
            hazard.first = a.task;
            hazard.second = c.task;
            hazard.buffer = buffer;
            hazard.kind = a.writes && c.writes ? "write-after-write"
                : a.writes                     ? "read-after-write"
                                               : "write-after-read";
            const std::string first = describe(a.task), second = describe(c.task);
            hazard.explanation = "hazard on buffer \"" + buffer + "\": " + first + " " + (a.writes ? "writes" : "reads")
                + " it and " + second + " " + (c.writes ? "writes" : "reads")
                + " it, but no barrier, `after` or single-engine queue order puts one before the other (" + hazard.kind
                + " in file order)";
            hazards.push_back(std::move(hazard));
        }
    }
    return scan;
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

    /// What the verifier needs of a pass's input: its direct predecessors and the hazards it had.
    struct InputSide {
        DirectPredecessors predecessors;
        std::set<std::tuple<std::string, std::string, std::string>> hazards; ///< Buffer, first, second ids.

        InputSide(const TaskGraph& before, const HazardRules& rules)
            : predecessors(before)
        {
            for (const Hazard& h : Verifier::findHazards(before, rules))
                hazards.emplace(h.buffer, std::string(before.taskId(h.first)), std::string(before.taskId(h.second)));
        }
    };

} // namespace

VerificationReport Verifier::verify(
    const TaskGraph& before, const TaskGraph& after, const HazardRules& rules, bool inputAside)
{
    // The two sides share nothing but const graphs. (launch::async | deferred: where no thread
    // can be had, get() computes it here.)
    std::future<InputSide> inputSide
        = std::async(inputAside ? std::launch::async | std::launch::deferred : std::launch::deferred,
            [&before, &rules] { return InputSide(before, rules); });
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
    const DirectPredecessors predecessorsAfter(after);
    std::vector<Hazard> afterHazards = findHazards(after, rules);
    const InputSide input = inputSide.get();
    const DirectPredecessors& predecessorsBefore = input.predecessors;
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
    for (Hazard& h : afterHazards)
        if (!input.hazards.count({ h.buffer, std::string(after.taskId(h.first)), std::string(after.taskId(h.second)) }))
            report.hazards.push_back(std::move(h));
    return report;
}

} // namespace lookahead
