#include "passes/loop/SchedBarrierPass.h"

#include "passes/loop/LoopRewriter.h"

#include "lookahead/DependencyGraph.h"
#include "lookahead/PassRegistry.h"

#include <algorithm>
#include <optional>
#include <set>

namespace lookahead {

namespace {

    /// One loop group and what the pass reads of it.
    struct LoopView {
        TaskGraph& graph;
        std::string loopId;
        std::vector<TaskIndex> program;
        std::string computeStage;
        bool isCompute(TaskIndex t) const { return loop::stageOf(graph, t) == computeStage; }
    };

    /// The load's completion: what its consumers wait for (s_waitcnt on it); a barrier of its own
    /// when it updates none.
    std::vector<BarrierIndex> completionOf(LoopView& loopView, TaskIndex load)
    {
        TaskGraph& graph = loopView.graph;
        std::vector<BarrierIndex> done(
            graph.updates(graph.tasks[load]).begin(), graph.updates(graph.tasks[load]).end());
        if (done.empty()) {
            done.push_back(graph.barriers.intern(loopView.loopId + "/loaded/" + std::string(graph.taskId(load))));
            loop::References r = loop::referencesOf(graph, load);
            r.update = done;
            loop::apply(graph, load, r);
        }
        return done;
    }

    /// The compute stage right after the load at `p` in program order, when it is an earlier
    /// iteration's (the load was prefetched): the backend puts the wait in its last part.
    TaskIndex backendWaitTarget(const LoopView& loopView, std::size_t p)
    {
        const TaskGraph& graph = loopView.graph;
        const std::vector<TaskIndex>& program = loopView.program;
        const int loadIter = loop::iterationOf(graph, program[p]);
        for (std::size_t q = p + 1; q < program.size(); ++q) {
            if (!loopView.isCompute(program[q]))
                continue;
            const int iter = loop::iterationOf(graph, program[q]);
            if (iter == loadIter)
                return kNoTask;
            TaskIndex target = program[q];
            for (std::size_t r = q + 1;
                 r < program.size() && loopView.isCompute(program[r]) && loop::iterationOf(graph, program[r]) == iter;
                 ++r)
                target = program[r];
            return target;
        }
        return kNoTask;
    }

    /// Compute tasks of other iterations that wait for `load` (its completion `done`): with the
    /// backend placement `target` waits for it (counted in `placed`); with the write-stage placement
    /// none does any more (counted in `moved`), its consumers wait behind a scheduling barrier.
    void moveWaits(PassContext& context, LoopView& loopView, TaskIndex load, const std::vector<BarrierIndex>& done,
        bool backend, TaskIndex target, int& placed, int& moved)
    {
        TaskGraph& graph = loopView.graph;
        const int loadIter = loop::iterationOf(graph, load);
        auto isDone = [&](BarrierIndex b) { return std::find(done.begin(), done.end(), b) != done.end(); };
        for (TaskIndex t : loopView.program) {
            if (!loopView.isCompute(t) || loop::iterationOf(graph, t) == loadIter)
                continue;
            loop::References r = loop::referencesOf(graph, t);
            const bool waits = std::any_of(r.wait.begin(), r.wait.end(), isDone);
            if (backend && t == target && !waits) {
                r.wait.push_back(done.front());
                loop::apply(graph, t, r);
                ++placed;
                context.explain({ { "action", "wait-in-compute" }, { "loop", loopView.loopId },
                    { "task", std::string(graph.taskId(t)) }, { "load", std::string(graph.taskId(load)) },
                    { "reason",
                        "backend placement: the compute of iteration " + std::to_string(loop::iterationOf(graph, t))
                            + " waits for the load of iteration " + std::to_string(loadIter) } });
            } else if (!backend && waits) {
                r.wait.erase(std::remove_if(r.wait.begin(), r.wait.end(), isDone), r.wait.end());
                loop::apply(graph, t, r);
                ++moved;
            }
        }
    }

    /// The scheduling barrier of the load at `p`: its first consumer (write stage) comes after the
    /// compute that precedes it in program order, when that compute is another iteration's.
    std::optional<std::pair<TaskIndex, TaskIndex>> schedBarrierFor(const LoopView& loopView, std::size_t p)
    {
        const TaskGraph& graph = loopView.graph;
        const std::vector<TaskIndex>& program = loopView.program;
        const auto loadWrites = graph.taskBuffers(graph.tasks[program[p]], "writes");
        for (std::size_t q = p + 1; q < program.size(); ++q) {
            const TaskIndex consumer = program[q];
            const auto reads = graph.taskBuffers(graph.tasks[consumer], "reads");
            const bool consumes = std::any_of(reads.begin(), reads.end(), [&](const std::string& b) {
                return std::find(loadWrites.begin(), loadWrites.end(), b) != loadWrites.end();
            });
            if (!consumes || loopView.isCompute(consumer))
                continue;
            for (std::size_t c = q; c-- > 0;) {
                if (loopView.isCompute(program[c])) {
                    if (loop::iterationOf(graph, program[c]) != loop::iterationOf(graph, consumer))
                        return std::make_pair(program[c], consumer);
                    break;
                }
            }
            return std::nullopt;
        }
        return std::nullopt;
    }

    /// A barrier from each compute to its write (compute, write), unless the write already comes
    /// after it (e.g. through a write-after-read event). Returns how many it placed.
    int placeSchedBarriers(LoopView& loopView, const std::vector<std::pair<TaskIndex, TaskIndex>>& schedBarriers)
    {
        if (schedBarriers.empty())
            return 0;
        TaskGraph& graph = loopView.graph;
        int barriers = 0;
        const DependencyGraph dependencies(graph, /*orderingOnly=*/true);
        for (const auto& [compute, write] : schedBarriers) {
            if (dependencies.reachableFrom(compute)[write])
                continue; // already behind the compute (e.g. a write-after-read event)
            const BarrierIndex barrier
                = graph.barriers.intern(loopView.loopId + "/sched-barrier/" + std::string(graph.taskId(write)));
            loop::References c = loop::referencesOf(graph, compute);
            c.update.push_back(barrier);
            loop::apply(graph, compute, c);
            loop::References w = loop::referencesOf(graph, write);
            w.wait.push_back(barrier);
            loop::apply(graph, write, w);
            ++barriers;
        }
        return barriers;
    }

} // namespace

Status SchedBarrierPass::run(PassContext& context)
{
    TaskGraph& graph = context.graph;
    if (!enabled()) {
        context.explain({ { "action", "skipped" }, { "reason", "enabled=false" } });
        return Status::success();
    }
    const bool backend = waitPlacement() == "backend";
    for (std::size_t g : loop::loopGroups(graph)) {
        LoopView loopView { graph, graph.groups[g].id, graph.groups[g].tasks, computeStage() };
        const std::vector<TaskIndex>& program = loopView.program;
        int placed = 0, moved = 0;
        std::vector<std::pair<TaskIndex, TaskIndex>> schedBarriers; // compute → write
        for (std::size_t p = 0; p < program.size(); ++p) {
            const TaskIndex load = program[p];
            if (loop::stageOf(graph, load) != "load")
                continue;
            const std::vector<BarrierIndex> done = completionOf(loopView, load);
            const TaskIndex target = backendWaitTarget(loopView, p);
            moveWaits(context, loopView, load, done, backend, target, placed, moved);
            if (backend)
                continue;
            if (auto barrier = schedBarrierFor(loopView, p))
                schedBarriers.push_back(*barrier);
        }
        const int barriers = placeSchedBarriers(loopView, schedBarriers);
        numWaitsInCompute += placed;
        numWaitsMoved += moved;
        numBarriers += barriers;
        context.explain({ { "action", backend ? "backend" : "write-stage" }, { "loop", loopView.loopId },
            { "waits_in_compute", placed }, { "waits_moved", moved }, { "barriers", barriers } });
    }
    return Status::success();
}

void registerSchedBarrierPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SchedBarrierPass>(); });
}

} // namespace lookahead
