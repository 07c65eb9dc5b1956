#include "passes/loop/SchedBarrierPass.h"

#include "passes/loop/LoopRewriter.h"

#include "lookahead/DependencyGraph.h"
#include "lookahead/PassRegistry.h"

#include <algorithm>
#include <set>

namespace lookahead {

Status SchedBarrierPass::run(PassContext& context)
{
    TaskGraph& graph = context.graph;
    if (!enabled()) {
        context.explain({ { "action", "skipped" }, { "reason", "enabled=false" } });
        return Status::success();
    }
    const bool backend = waitPlacement() == "backend";
    for (std::size_t g : loop::loopGroups(graph)) {
        const std::string loopId = graph.groups[g].id;
        const std::vector<TaskIndex> program = graph.groups[g].tasks;
        auto isCompute = [&](TaskIndex t) { return loop::stageOf(graph, t) == computeStage(); };
        int placed = 0, moved = 0, barriers = 0;
        std::vector<std::pair<TaskIndex, TaskIndex>> schedBarriers; // compute → write

        for (std::size_t p = 0; p < program.size(); ++p) {
            const TaskIndex load = program[p];
            if (loop::stageOf(graph, load) != "load")
                continue;
            const int loadIter = loop::iterationOf(graph, load);
            // The load's completion: what its consumers wait for (s_waitcnt on it).
            std::vector<BarrierIndex> done(
                graph.updates(graph.tasks[load]).begin(), graph.updates(graph.tasks[load]).end());
            if (done.empty()) {
                done.push_back(graph.barriers.intern(loopId + "/loaded/" + std::string(graph.taskId(load))));
                loop::References r = loop::referencesOf(graph, load);
                r.update = done;
                loop::apply(graph, load, r);
            }
            // The compute stage right after the load in program order, when it is an earlier
            // iteration's (the load was prefetched): the backend puts the wait in its last part.
            TaskIndex target = kNoTask;
            for (std::size_t q = p + 1; q < program.size(); ++q) {
                if (!isCompute(program[q]))
                    continue;
                const int iter = loop::iterationOf(graph, program[q]);
                if (iter == loadIter)
                    break;
                target = program[q];
                for (std::size_t r = q + 1;
                     r < program.size() && isCompute(program[r]) && loop::iterationOf(graph, program[r]) == iter; ++r)
                    target = program[r];
                break;
            }
            // Compute tasks of other iterations that wait for this load.
            for (TaskIndex t : program) {
                if (!isCompute(t) || loop::iterationOf(graph, t) == loadIter)
                    continue;
                loop::References r = loop::referencesOf(graph, t);
                const bool waits = std::any_of(r.wait.begin(), r.wait.end(),
                    [&](BarrierIndex b) { return std::find(done.begin(), done.end(), b) != done.end(); });
                if (backend && t == target && !waits) {
                    r.wait.push_back(done.front());
                    loop::apply(graph, t, r);
                    ++placed;
                    context.explain({ { "action", "wait-in-compute" }, { "loop", loopId },
                        { "task", std::string(graph.taskId(t)) }, { "load", std::string(graph.taskId(load)) },
                        { "reason",
                            "backend placement: the compute of iteration " + std::to_string(loop::iterationOf(graph, t))
                                + " waits for the load of iteration " + std::to_string(loadIter) } });
                } else if (!backend && waits) {
                    r.wait.erase(
                        std::remove_if(r.wait.begin(), r.wait.end(),
                            [&](BarrierIndex b) { return std::find(done.begin(), done.end(), b) != done.end(); }),
                        r.wait.end());
                    loop::apply(graph, t, r);
                    ++moved;
                }
            }
            if (backend)
                continue;
            // The scheduling barrier: the load's consumers (write stage) come after the compute
            // that precedes them in program order, and only they wait for the load.
            const auto loadWrites = graph.taskBuffers(graph.tasks[load], "writes");
            for (std::size_t q = p + 1; q < program.size(); ++q) {
                const TaskIndex consumer = program[q];
                const auto reads = graph.taskBuffers(graph.tasks[consumer], "reads");
                const bool consumes = std::any_of(reads.begin(), reads.end(), [&](const std::string& b) {
                    return std::find(loadWrites.begin(), loadWrites.end(), b) != loadWrites.end();
                });
                if (!consumes || isCompute(consumer))
                    continue;
                for (std::size_t c = q; c-- > 0;) {
                    if (isCompute(program[c])) {
                        if (loop::iterationOf(graph, program[c]) != loop::iterationOf(graph, consumer))
                            schedBarriers.emplace_back(program[c], consumer);
                        break;
                    }
                }
                break;
            }
        }

        if (!schedBarriers.empty()) {
            const DependencyGraph dependencies(graph, /*orderingOnly=*/true);
            for (const auto& [compute, write] : schedBarriers) {
                if (dependencies.reachableFrom(compute)[write])
                    continue; // already behind the compute (e.g. a write-after-read event)
                const BarrierIndex barrier
                    = graph.barriers.intern(loopId + "/sched-barrier/" + std::string(graph.taskId(write)));
                loop::References c = loop::referencesOf(graph, compute);
                c.update.push_back(barrier);
                loop::apply(graph, compute, c);
                loop::References w = loop::referencesOf(graph, write);
                w.wait.push_back(barrier);
                loop::apply(graph, write, w);
                ++barriers;
            }
        }
        numWaitsInCompute += placed;
        numWaitsMoved += moved;
        numBarriers += barriers;
        context.explain({ { "action", backend ? "backend" : "write-stage" }, { "loop", loopId },
            { "waits_in_compute", placed }, { "waits_moved", moved }, { "barriers", barriers } });
    }
    return Status::success();
}

void registerSchedBarrierPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SchedBarrierPass>(); });
}

} // namespace lookahead
