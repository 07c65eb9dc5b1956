#include "lookahead/Verifier.h"

#include "lookahead/DependencyGraph.h"
#include "passes/sk/SuperKernelChecks.h"

#include <algorithm>
#include <map>
#include <set>

namespace lookahead {

std::vector<Hazard> Verifier::findHazards(const TaskGraph& graph)
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
    appendSuperKernelHazards(graph, hazards); // SuperKernel checks: passes/sk/SuperKernelChecks.cpp
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
        const nlohmann::json& extra = graph.taskExtra(graph.tasks[t]);
        if (auto loop = extra.find("loop"); loop != extra.end() && loop->is_object())
            if (auto iter = loop->find("iter"); iter != loop->end() && iter->is_number_integer())
                text += " (iteration " + std::to_string(iter->get<std::int64_t>()) + ")";
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

VerificationReport Verifier::verify(const TaskGraph& before, const TaskGraph& after)
{
    VerificationReport report;
    const DependencyGraph afterGraph(after);
    report.deadlock = afterGraph.findCycle();
    if (report.deadlock)
        return report; // reachability and hazards are meaningless on a cyclic graph

    // Every direct dependency of the input must still hold in the output. Most edges survive as
    // they are, so check direct edges first and fall back to reachability only for the rest.
    const DependencyGraph beforeGraph(before);
    std::map<TaskIndex, std::vector<bool>> reach;
    for (TaskIndex t = 0; t < before.tasks.size(); ++t) {
        const TaskIndex mapped = after.findTask(before.taskId(t));
        if (mapped == kNoTask) {
            report.lostDependencies.push_back("task " + std::string(before.taskId(t)) + " was removed");
            continue;
        }
        const std::vector<TaskIndex> successorsBefore = beforeGraph.successors(t);
        if (successorsBefore.empty())
            continue;
        const std::vector<TaskIndex> successorsAfter = afterGraph.successors(mapped);
        for (TaskIndex successor : successorsBefore) {
            const TaskIndex mappedSuccessor = after.findTask(before.taskId(successor));
            if (mappedSuccessor == kNoTask)
                continue; // reported as removed
            if (std::binary_search(successorsAfter.begin(), successorsAfter.end(), mappedSuccessor))
                continue;
            auto it = reach.find(mapped);
            if (it == reach.end())
                it = reach.emplace(mapped, afterGraph.reachableFrom(mapped)).first;
            if (!it->second[mappedSuccessor])
                report.lostDependencies.push_back(
                    std::string(before.taskId(t)) + " -> " + std::string(before.taskId(successor)));
        }
    }

    // Only hazards the pass introduced count against it.
    std::set<std::tuple<std::string, std::string, std::string>> existing;
    for (const Hazard& h : findHazards(before))
        existing.emplace(h.buffer, std::string(before.taskId(h.first)), std::string(before.taskId(h.second)));
    for (Hazard& h : findHazards(after))
        if (!existing.count({ h.buffer, std::string(after.taskId(h.first)), std::string(after.taskId(h.second)) }))
            report.hazards.push_back(std::move(h));
    return report;
}

} // namespace lookahead
