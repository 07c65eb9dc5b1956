#include "passes/sk/SuperKernelChecks.h"

#include "domain/SuperKernelDomain.h"

namespace lookahead {

void registerSuperKernelHazardRules(HazardRules& rules) { rules.add({ "superkernel", appendSuperKernelHazards }); }

void appendSuperKernelHazards(const TaskGraph& graph, std::vector<Hazard>& hazards)
{
    if (graph.groups.empty())
        return;
    const sk::Cores cores = sk::coresOf(graph.platform);
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const std::optional<sk::EarlyStartPair> es = sk::earlyStartOf(graph, graph.tasks[t]);
        if (!es)
            continue;
        const std::int64_t signal = es->signalCores;
        const std::int64_t wait = es->waitCores;
        if (signal == cores.total() && wait == cores.total())
            continue;
        Hazard hazard;
        hazard.first = es->predecessor.empty() ? t : graph.findTask(es->predecessor);
        hazard.second = es->predecessor.empty() ? t : graph.findTask(es->successor);
        if (hazard.first == kNoTask || hazard.second == kNoTask)
            hazard.first = hazard.second = t;
        hazard.buffer = "sync:" + std::string(graph.taskId(t));
        hazard.kind = "early-start-unmatched";
        hazard.explanation = "early-start hang at " + std::string(graph.taskId(t)) + ": " + std::to_string(signal)
            + " cores signal and " + std::to_string(wait) + " wait, but all " + std::to_string(cores.total())
            + " cores must execute the set/wait pair exactly once (idle cores need complement calls)";
        hazards.push_back(std::move(hazard));
    }

    for (const Group& group : graph.groups) {
        if (!sk::isSuperKernel(group) || !sk::isFused(group))
            continue;
        const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
        const std::vector<TaskIndex> syncs = sk::syncsBetween(graph, ops);
        std::vector<unsigned> types(ops.size());
        std::vector<sk::SyncRange> ranges(ops.size(), sk::SyncRange { sk::kNoCores, sk::kNoCores });
        for (std::size_t i = 0; i < ops.size(); ++i) {
            types[i] = sk::coreSetOf(graph, graph.tasks[ops[i]]);
            if (syncs[i] != kNoTask)
                ranges[i] = sk::syncRangeOf(graph, graph.tasks[syncs[i]]);
        }
        for (auto [p, b] : sk::uncoveredDependencies(types, sk::dataPredecessors(graph, ops), ranges)) {
            Hazard hazard;
            hazard.first = ops[p];
            hazard.second = ops[b];
            hazard.buffer = "sync-range:" + group.id;
            hazard.kind = "sync-range-too-narrow";
            const std::string first(graph.taskId(ops[p])), second(graph.taskId(ops[b]));
            hazard.explanation = "sync range too narrow in superkernel " + group.id + ": " + second + " reads what "
                + first + " wrote, but no chain of syncs between them makes all of " + second
                + "'s cores wait for all of " + first + "'s cores";
            hazards.push_back(std::move(hazard));
        }
    }
}

} // namespace lookahead
