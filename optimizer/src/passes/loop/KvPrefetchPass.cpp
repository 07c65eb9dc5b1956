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

    /// One loop group being rewritten (see LoopRewriter.h for the conventions, README for the model):
    /// what the steps of pipelineLoop find and build, in their order.
    struct LoopRewrite {
        TaskGraph& graph;
        std::string loopId;
        std::vector<TaskIndex> program;
        std::set<BarrierIndex> inLoop; ///< Produced inside the loop: a load waiting on one is drained by it.
        std::map<std::string, std::vector<TaskIndex>> loadsOf;             ///< Loads by family, in program order.
        std::map<TaskIndex, std::pair<std::string, std::size_t>> loadInfo; ///< Family, occurrence.
        std::map<TaskIndex, std::vector<std::string>> newReads, newWrites;
        std::vector<TaskIndex> order;            ///< The new program order.
        std::map<TaskIndex, TaskIndex> issuedAt; ///< Load → the load whose place (and issue gate) it takes.
        std::map<TaskIndex, std::size_t> position;
        std::map<TaskIndex, loop::References> references;
    };

    void findLoads(LoopRewrite& r)
    {
        // Barriers produced inside the loop: a load waiting on one of them is drained by the loop.
        for (TaskIndex t : r.program)
            for (BarrierIndex b : r.graph.updates(r.graph.tasks[t]))
                r.inLoop.insert(b);

        // Loads by family, in program order.
        for (TaskIndex t : r.program) {
            if (loop::stageOf(r.graph, t) != "load")
                continue;
            const auto writes = r.graph.taskBuffers(r.graph.tasks[t], "writes");
            if (writes.empty())
                continue;
            const std::string family = loop::familyOf(writes.front());
            r.loadInfo[t] = { family, r.loadsOf[family].size() };
            r.loadsOf[family].push_back(t);
        }
    }

    void assignSlots(LoopRewrite& r, int slots)
    {
        // 1. Slots: occurrence k of a family's load writes FAMILY[k % slots]; readers follow the name.
        std::map<std::string, std::string> renamed;
        for (TaskIndex t : r.program) {
            std::vector<std::string> reads = r.graph.taskBuffers(r.graph.tasks[t], "reads");
            std::vector<std::string> writes = r.graph.taskBuffers(r.graph.tasks[t], "writes");
            for (std::string& read : reads)
                if (auto it = renamed.find(read); it != renamed.end())
                    read = it->second;
            if (auto info = r.loadInfo.find(t); info != r.loadInfo.end()) {
                for (std::string& w : writes) {
                    if (loop::familyOf(w) != info->second.first)
                        continue;
                    const std::string slotName
                        = info->second.first + "[" + std::to_string(info->second.second % slots) + "]";
                    renamed[w] = slotName;
                    w = slotName;
                }
            }
            r.newReads[t] = std::move(reads);
            r.newWrites[t] = std::move(writes);
        }
    }

    void reorderLoads(LoopRewrite& r, int distance)
    {
        // 2. New program order: at the place of load k, the load of k + distance (all of 0..distance
        //    at the place of load 0, the prologue).
        for (TaskIndex t : r.program) {
            auto info = r.loadInfo.find(t);
            if (info == r.loadInfo.end()) {
                r.order.push_back(t);
                continue;
            }
            const std::vector<TaskIndex>& loads = r.loadsOf[info->second.first];
            const std::size_t k = info->second.second;
            const std::size_t d = static_cast<std::size_t>(distance);
            if (k == 0) {
                for (std::size_t j = 0; j <= d && j < loads.size(); ++j) {
                    r.order.push_back(loads[j]);
                    r.issuedAt[loads[j]] = t;
                }
            } else if (k + d < loads.size()) {
                r.order.push_back(loads[k + d]);
                r.issuedAt[loads[k + d]] = t;
            }
        }
        for (std::size_t k = 0; k < r.order.size(); ++k)
            r.position[r.order[k]] = k;
    }

    void takeIssueGates(LoopRewrite& r, PipelineOutcome& outcome)
    {
        // 3. A load drops its drain and takes the issue gate of the place it is issued at.
        for (const auto& [load, place] : r.issuedAt) {
            std::vector<BarrierIndex> gate;
            for (BarrierIndex b : r.graph.waits(r.graph.tasks[place]))
                if (!r.inLoop.count(b))
                    gate.push_back(b);
            for (BarrierIndex b : r.graph.waits(r.graph.tasks[load]))
                outcome.drainsRemoved += r.inLoop.count(b) ? 1 : 0;
            r.references[load].wait = gate;
            if (place != load)
                ++outcome.loadsMoved;
        }
    }

    void addWarEvents(LoopRewrite& r, bool perSlotEvents, PipelineOutcome& outcome)
    {
        // 4. Write-after-read (or write-after-write) events, in the original program order: a
        //    writer waits for the readers of the slot's previous occupant. Shared events have none
        //    on the load path: the loaded families (L1) and the families written from them (L0).
        std::set<std::string> loadPath;
        for (const auto& [family, loads] : r.loadsOf)
            loadPath.insert(family);
        for (TaskIndex t : r.program)
            for (const std::string& read : r.newReads[t])
                if (r.loadsOf.count(loop::familyOf(read)))
                    for (const std::string& w : r.newWrites[t])
                        loadPath.insert(loop::familyOf(w));
        std::map<std::string, std::vector<TaskIndex>> readersSince;
        std::map<std::string, TaskIndex> lastWriter;
        std::set<std::string> unordered;
        for (TaskIndex t : r.program) {
            for (const std::string& read : r.newReads[t])
                readersSince[read].push_back(t);
            for (const std::string& w : r.newWrites[t]) {
                std::vector<TaskIndex> previous = readersSince[w];
                previous.erase(std::remove(previous.begin(), previous.end(), t), previous.end());
                if (previous.empty() && lastWriter.count(w) && lastWriter[w] != t)
                    previous.push_back(lastWriter[w]);
                std::vector<TaskIndex> needed;
                for (TaskIndex p : previous)
                    if (!(loop::sameSingleEngineQueue(r.graph, p, t) && r.position[p] < r.position[t]))
                        needed.push_back(p);
                if (!needed.empty()) {
                    if (!perSlotEvents && loadPath.count(loop::familyOf(w))) {
                        unordered.insert(loop::familyOf(w));
                    } else {
                        const BarrierIndex event
                            = r.graph.barriers.intern(r.loopId + "/war/" + w + "/" + std::string(r.graph.taskId(t)));
                        for (TaskIndex p : needed)
                            r.references[p].update.push_back(event);
                        r.references[t].wait.push_back(event);
                        ++outcome.warEvents;
                    }
                }
                lastWriter[w] = t;
                readersSince[w].clear();
            }
        }
        outcome.unorderedFamilies.assign(unordered.begin(), unordered.end());
    }

    /// Writes the new references, buffers, issue iterations and program order into the graph.
    void applyRewrite(LoopRewrite& r, std::size_t groupIndex)
    {
        for (TaskIndex t : r.program) {
            loop::apply(r.graph, t, r.references[t]);
            if (r.newReads[t] != r.graph.taskBuffers(r.graph.tasks[t], "reads"))
                r.graph.setTaskBuffers(t, "reads", r.newReads[t]);
            if (r.newWrites[t] != r.graph.taskBuffers(r.graph.tasks[t], "writes"))
                r.graph.setTaskBuffers(t, "writes", r.newWrites[t]);
        }
        for (const auto& [load, place] : r.issuedAt) {
            const int issue = loop::iterationOf(r.graph, place);
            if (place != load && issue >= 0)
                loop::setIssueIteration(r.graph, load, issue); // the iteration whose code issues this load
        }
        loop::placeGroupInProgramOrder(r.graph, groupIndex, r.order);
    }

    /// Rewrites one loop group; see LoopRewriter.h for the conventions and README for the model.
    PipelineOutcome pipelineLoop(TaskGraph& graph, std::size_t groupIndex, int distance, int slots, bool perSlotEvents)
    {
        PipelineOutcome outcome;
        LoopRewrite r { graph, graph.groups[groupIndex].id, graph.groups[groupIndex].tasks, {}, {}, {}, {}, {}, {}, {},
            {}, {} };
        findLoads(r);
        assignSlots(r, slots);
        reorderLoads(r, distance);
        for (TaskIndex t : r.program)
            r.references[t] = loop::referencesOf(graph, t);
        takeIssueGates(r, outcome);
        addWarEvents(r, perSlotEvents, outcome);
        applyRewrite(r, groupIndex);
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
