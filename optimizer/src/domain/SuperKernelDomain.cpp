#include "domain/SuperKernelDomain.h"

#include <algorithm>
#include <map>

namespace lookahead::sk {

Cores coresOf(const Platform& platform)
{
    Cores cores;
    auto it = platform.extra.find("superkernel");
    if (it == platform.extra.end() || !it->is_object())
        return cores;
    auto read = [&](const char* key, std::int64_t& into) {
        auto value = it->find(key);
        if (value != it->end() && value->is_number_integer() && value->get<std::int64_t>() >= 0)
            into = value->get<std::int64_t>();
    };
    read("aic_cores", cores.cube);
    read("aiv_cores", cores.vector);
    read("aic_icache_bytes", cores.cubeIcacheBytes);
    read("aiv_icache_bytes", cores.vectorIcacheBytes);
    return cores;
}

unsigned coreSetOfType(std::string_view type)
{
    if (type == "AIC")
        return kCube;
    if (type == "AIV")
        return kVector;
    if (type.starts_with("MIX"))
        return kAllCores;
    return kNoCores;
}

unsigned coreSetOf(const TaskGraph& graph, const Task& task)
{
    if (task.kernel == kNoKernel || !graph.kernels[task.kernel].type)
        return kNoCores;
    return coreSetOfType(*graph.kernels[task.kernel].type);
}

std::int64_t usedCores(const TaskGraph& graph, const Task& task, unsigned set, const Cores& cores)
{
    if (task.kernel == kNoKernel || !graph.kernels[task.kernel].type)
        return 0;
    const std::string& type = *graph.kernels[task.kernel].type;
    const std::int64_t blocks = blocksOf(graph, task);
    std::int64_t used = 0;
    if ((set & kCube) && (type == "AIC" || type.starts_with("MIX")))
        used += std::min(blocks, cores.cube);
    if ((set & kVector) && type == "AIV")
        used += std::min(blocks, cores.vector);
    if ((set & kVector) && type == "MIX_1_1")
        used += std::min(blocks, cores.vector);
    if ((set & kVector) && type == "MIX_1_2")
        used += std::min(2 * blocks, cores.vector);
    return used;
}

SyncRange parseSyncRange(std::string_view name)
{
    if (name == "cube")
        return { kCube, kCube };
    if (name == "vector")
        return { kVector, kVector };
    if (name == "cube-to-vector")
        return { kCube, kVector };
    if (name == "vector-to-cube")
        return { kVector, kCube };
    if (name == "none")
        return { kNoCores, kNoCores };
    return { kAllCores, kAllCores };
}

std::string syncRangeName(SyncRange range)
{
    if (range.signal == kNoCores || range.wait == kNoCores)
        return "none";
    if (range.signal == kAllCores || range.wait == kAllCores)
        return "all";
    if (range.signal == kCube)
        return range.wait == kCube ? "cube" : "cube-to-vector";
    return range.wait == kVector ? "vector" : "vector-to-cube";
}

std::int64_t syncCoreCount(SyncRange range, const Cores& cores)
{
    if (range.signal == kNoCores || range.wait == kNoCores)
        return 0;
    return cores.count(range.signal) + cores.count(range.wait);
}

std::vector<TaskIndex> subOperators(const TaskGraph& graph, const Group& group)
{
    const int core = graph.platform.findExecutor(kCoreExec);
    std::vector<TaskIndex> ops;
    for (TaskIndex t : group.tasks) {
        const Task& task = graph.tasks[t];
        if (core >= 0 && task.exec == core && task.kernel != kNoKernel && task.role == TaskRole::Compute)
            ops.push_back(t);
    }
    return ops;
}

std::vector<std::vector<std::size_t>> dataPredecessors(const TaskGraph& graph, const std::vector<TaskIndex>& ops)
{
    std::vector<std::vector<TaskIndex>> updatersOf(graph.barriers.size());
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        for (BarrierIndex b : graph.updates(graph.tasks[t]))
            updatersOf[b].push_back(t);
    // Notify/wait events (key `event`) carry data through queue order on the AICORE lane: a notify
    // stands for the task ahead of it, a wait ahead of a task stands for what that task waits for.
    std::vector<TaskIndex> queuePrevious(graph.tasks.size(), kNoTask);
    {
        std::map<std::pair<std::uint16_t, std::uint32_t>, TaskIndex> lastOfQueue;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            auto [it, fresh] = lastOfQueue.try_emplace({ graph.tasks[t].exec, graph.tasks[t].unit }, t);
            if (!fresh) {
                queuePrevious[t] = it->second;
                it->second = t;
            }
        }
    }
    auto eventAt = [&](TaskIndex t) { return eventOf(graph, graph.tasks[t]); };
    std::vector<std::size_t> positionOf(graph.tasks.size(), SIZE_MAX);
    for (std::size_t i = 0; i < ops.size(); ++i)
        positionOf[ops[i]] = i;

    std::vector<std::vector<std::size_t>> result(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        std::vector<bool> seen(graph.tasks.size(), false);
        std::vector<TaskIndex> stack { ops[i] };
        seen[ops[i]] = true;
        while (!stack.empty()) {
            const TaskIndex t = stack.back();
            stack.pop_back();
            auto visit = [&](TaskIndex pred) {
                if (seen[pred])
                    return;
                seen[pred] = true;
                if (positionOf[pred] != SIZE_MAX)
                    result[i].push_back(positionOf[pred]); // stop at a sub-operator
                else
                    stack.push_back(pred);
            };
            for (BarrierIndex b : graph.waits(graph.tasks[t]))
                for (TaskIndex pred : updatersOf[b])
                    visit(pred);
            for (TaskIndex pred : graph.after(graph.tasks[t]))
                visit(pred);
            const TaskIndex previous = queuePrevious[t];
            if (previous != kNoTask
                && (eventAt(previous) == "wait" || (positionOf[t] == SIZE_MAX && eventAt(t) == "notify")))
                visit(previous);
        }
        std::sort(result[i].begin(), result[i].end());
    }
    return result;
}

std::vector<TaskIndex> syncsBetween(const TaskGraph& graph, const std::vector<TaskIndex>& ops)
{
    std::vector<TaskIndex> syncs(ops.size(), kNoTask);
    for (std::size_t i = 1; i < ops.size(); ++i) {
        const std::string_view previous = graph.taskId(ops[i - 1]), next = graph.taskId(ops[i]);
        // The sync sits between the two in file order (sk-fuse puts it just before ops[i]).
        for (TaskIndex t = ops[i - 1] + 1; t < ops[i]; ++t) {
            const Task& task = graph.tasks[t];
            if (task.role == TaskRole::Sync && isSyncBetween(graph, task, previous, next))
                syncs[i] = t;
        }
    }
    return syncs;
}

std::vector<std::pair<std::size_t, std::size_t>> uncoveredDependencies(const std::vector<unsigned>& typeOf,
    const std::vector<std::vector<std::size_t>>& predecessors, const std::vector<SyncRange>& syncBefore)
{
    std::vector<std::pair<std::size_t, std::size_t>> uncovered;
    auto typeAt = [&](std::size_t i) { return typeOf[i] == kNoCores ? unsigned(kAllCores) : typeOf[i]; };
    for (std::size_t b = 0; b < predecessors.size(); ++b) {
        for (std::size_t p : predecessors[b]) {
            if (p >= b)
                continue;
            unsigned knows = kNoCores;
            for (std::size_t s = p + 1; s <= b; ++s) {
                const SyncRange range = syncBefore[s];
                if (range.signal == kNoCores)
                    continue;
                if ((typeAt(p) & ~range.signal) == 0 || (range.signal & knows) != 0)
                    knows |= range.wait;
            }
            if ((typeAt(b) & ~knows) != 0)
                uncovered.emplace_back(p, b);
        }
    }
    return uncovered;
}

} // namespace lookahead::sk
