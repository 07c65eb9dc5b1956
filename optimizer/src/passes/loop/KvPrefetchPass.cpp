#include "passes/loop/KvPrefetchPass.h"

#include "passes/loop/LoopRewriter.h"

#include "lookahead/DependencyGraph.h"
#include "lookahead/PassRegistry.h"

#include <algorithm>
#include <map>
#include <set>

namespace lookahead {

namespace {

    struct PipelineOutcome {
        int loadsMoved = 0;
        int drainsRemoved = 0;
        int warEvents = 0;
        std::vector<std::string> unorderedFamilies; ///< Shared events: families left without WAR events.
    };

    /// Rewrites one loop group; see LoopRewriter.h for the conventions and README for the model.
    PipelineOutcome pipelineLoop(TaskGraph& graph, std::size_t groupIndex, int distance, int slots, bool perSlotEvents)
    {
        PipelineOutcome outcome;
        const std::string loopId = graph.groups[groupIndex].id;
        const std::vector<TaskIndex> program = graph.groups[groupIndex].tasks;

        // Barriers produced inside the loop: a load waiting on one of them is drained by the loop.
        std::set<BarrierIndex> inLoop;
        for (TaskIndex t : program)
            for (BarrierIndex b : graph.updates(graph.tasks[t]))
                inLoop.insert(b);

        // Loads by family, in program order.
        std::map<std::string, std::vector<TaskIndex>> loadsOf;
        std::map<TaskIndex, std::pair<std::string, std::size_t>> loadInfo; // family, occurrence
        for (TaskIndex t : program) {
            if (loop::stageOf(graph, t) != "load")
                continue;
            const auto writes = graph.taskBuffers(graph.tasks[t], "writes");
            if (writes.empty())
                continue;
            const std::string family = loop::familyOf(writes.front());
            loadInfo[t] = { family, loadsOf[family].size() };
            loadsOf[family].push_back(t);
        }

        // 1. Slots: occurrence k of a family's load writes FAMILY[k % slots]; readers follow the name.
        std::map<TaskIndex, std::vector<std::string>> newReads, newWrites;
        std::map<std::string, std::string> renamed;
        for (TaskIndex t : program) {
            std::vector<std::string> reads = graph.taskBuffers(graph.tasks[t], "reads");
            std::vector<std::string> writes = graph.taskBuffers(graph.tasks[t], "writes");
            for (std::string& r : reads)
                if (auto it = renamed.find(r); it != renamed.end())
                    r = it->second;
            if (auto info = loadInfo.find(t); info != loadInfo.end()) {
                for (std::string& w : writes) {
                    if (loop::familyOf(w) != info->second.first)
                        continue;
                    const std::string slotName
                        = info->second.first + "[" + std::to_string(info->second.second % slots) + "]";
                    renamed[w] = slotName;
                    w = slotName;
                }
            }
            newReads[t] = std::move(reads);
            newWrites[t] = std::move(writes);
        }

        // 2. New program order: at the place of load k, the load of k + distance (all of 0..distance
        //    at the place of load 0, the prologue).
        std::vector<TaskIndex> order;
        std::map<TaskIndex, TaskIndex> issuedAt; // load → the load whose place (and issue gate) it takes
        for (TaskIndex t : program) {
            auto info = loadInfo.find(t);
            if (info == loadInfo.end()) {
                order.push_back(t);
                continue;
            }
            const std::vector<TaskIndex>& loads = loadsOf[info->second.first];
            const std::size_t k = info->second.second;
            const std::size_t d = static_cast<std::size_t>(distance);
            if (k == 0) {
                for (std::size_t j = 0; j <= d && j < loads.size(); ++j) {
                    order.push_back(loads[j]);
                    issuedAt[loads[j]] = t;
                }
            } else if (k + d < loads.size()) {
                order.push_back(loads[k + d]);
                issuedAt[loads[k + d]] = t;
            }
        }
        std::map<TaskIndex, std::size_t> position;
        for (std::size_t k = 0; k < order.size(); ++k)
            position[order[k]] = k;

        std::map<TaskIndex, loop::References> references;
        for (TaskIndex t : program)
            references[t] = loop::referencesOf(graph, t);

        // 3. A load drops its drain and takes the issue gate of the place it is issued at.
        for (const auto& [load, place] : issuedAt) {
            std::vector<BarrierIndex> gate;
            for (BarrierIndex b : graph.waits(graph.tasks[place]))
                if (!inLoop.count(b))
                    gate.push_back(b);
            for (BarrierIndex b : graph.waits(graph.tasks[load]))
                outcome.drainsRemoved += inLoop.count(b) ? 1 : 0;
            references[load].wait = gate;
            if (place != load)
                ++outcome.loadsMoved;
        }

        // 4. Write-after-read (or write-after-write) events, in the original program order: a
        //    writer waits for the readers of the slot's previous occupant. Shared events have none
        //    on the load path: the loaded families (L1) and the families written from them (L0).
        std::set<std::string> loadPath;
        for (const auto& [family, loads] : loadsOf)
            loadPath.insert(family);
        for (TaskIndex t : program)
            for (const std::string& r : newReads[t])
                if (loadsOf.count(loop::familyOf(r)))
                    for (const std::string& w : newWrites[t])
                        loadPath.insert(loop::familyOf(w));
        std::map<std::string, std::vector<TaskIndex>> readersSince;
        std::map<std::string, TaskIndex> lastWriter;
        std::set<std::string> unordered;
        for (TaskIndex t : program) {
            for (const std::string& r : newReads[t])
                readersSince[r].push_back(t);
            for (const std::string& w : newWrites[t]) {
                std::vector<TaskIndex> previous = readersSince[w];
                previous.erase(std::remove(previous.begin(), previous.end(), t), previous.end());
                if (previous.empty() && lastWriter.count(w) && lastWriter[w] != t)
                    previous.push_back(lastWriter[w]);
                std::vector<TaskIndex> needed;
                for (TaskIndex p : previous)
                    if (!(loop::sameSingleEngineQueue(graph, p, t) && position[p] < position[t]))
                        needed.push_back(p);
                if (!needed.empty()) {
                    if (!perSlotEvents && loadPath.count(loop::familyOf(w))) {
                        unordered.insert(loop::familyOf(w));
                    } else {
                        const BarrierIndex event
                            = graph.barriers.intern(loopId + "/war/" + w + "/" + std::string(graph.taskId(t)));
                        for (TaskIndex p : needed)
                            references[p].update.push_back(event);
                        references[t].wait.push_back(event);
                        ++outcome.warEvents;
                    }
                }
                lastWriter[w] = t;
                readersSince[w].clear();
            }
        }
        outcome.unorderedFamilies.assign(unordered.begin(), unordered.end());

        for (TaskIndex t : program) {
            loop::apply(graph, t, references[t]);
            if (newReads[t] != graph.taskBuffers(graph.tasks[t], "reads"))
                graph.setTaskBuffers(t, "reads", newReads[t]);
            if (newWrites[t] != graph.taskBuffers(graph.tasks[t], "writes"))
                graph.setTaskBuffers(t, "writes", newWrites[t]);
        }
        for (const auto& [load, place] : issuedAt) {
            const int issue = loop::iterationOf(graph, place);
            if (place != load && issue >= 0)
                loop::setIssueIteration(graph, load, issue); // the iteration whose code issues this load
        }
        loop::placeGroupInProgramOrder(graph, groupIndex, order);
        return outcome;
    }

} // namespace

Status KvPrefetchPass::run(PassContext& context)
{
    if (stages.isSet() && stages() > 0 && distance.isSet() && distance() != stages() - 1)
        return Error { "", "option kv-prefetch.stages",
            "stages=" + std::to_string(stages()) + " means distance=" + std::to_string(stages() - 1)
                + ", but distance=" + std::to_string(distance()) + " was given" };
    const int wanted = static_cast<int>(stages() > 0 ? stages() - 1 : distance());
    const bool perSlot = events() == "per-slot";
    TaskGraph& graph = context.graph;
    const std::vector<std::size_t> groups = loop::loopGroups(graph);
    if (groups.empty())
        context.explain({ { "action", "skipped" }, { "reason", "no group of kind loop" } });
    for (std::size_t g : groups) {
        const std::string loopId = graph.groups[g].id;
        if (wanted == 0) {
            context.explain({ { "action", "kept" }, { "loop", loopId },
                { "reason", "distance 0: loads stay in their own iteration" } });
            continue;
        }
        // A distance beyond what the slots allow can leave an in-order load queue waiting for a slot
        // that only a later load of the same queue frees: lower it until the loop is deadlock-free.
        for (int d = wanted; d >= 1; --d) {
            TaskGraph candidate = graph;
            const PipelineOutcome outcome = pipelineLoop(candidate, g, d, static_cast<int>(slots()), perSlot);
            if (auto cycle = DependencyGraph(candidate).findCycle()) {
                context.explain({ { "action", "clamped" }, { "loop", loopId }, { "distance", d },
                    { "reason",
                        "distance " + std::to_string(d) + " with " + std::to_string(slots())
                            + " slot(s) deadlocks: " + *cycle } });
                continue;
            }
            graph = std::move(candidate);
            ++numLoops;
            numLoadsMoved += outcome.loadsMoved;
            numDrainsRemoved += outcome.drainsRemoved;
            numWarEvents += outcome.warEvents;
            if (d != wanted) {
                ++numClamped;
                context.warn("loop " + loopId + ": distance lowered from " + std::to_string(wanted) + " to "
                    + std::to_string(d) + " (not enough slots)");
            }
            nlohmann::json decision { { "action", "pipelined" }, { "loop", loopId }, { "distance", d },
                { "slots", slots() }, { "events", events() }, { "loads_moved", outcome.loadsMoved },
                { "drains_removed", outcome.drainsRemoved }, { "war_events", outcome.warEvents } };
            if (!outcome.unorderedFamilies.empty()) {
                decision["unordered"] = outcome.unorderedFamilies;
                decision["reason"] = "events=shared: no write-after-read events on the load path; a load may "
                                     "overwrite a slot that is still being read (the verifier reports it)";
            }
            context.explain(std::move(decision));
            break;
        }
    }
    return Status::success();
}

void registerKvPrefetchPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<KvPrefetchPass>(); });
}

} // namespace lookahead
