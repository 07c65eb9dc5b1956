// sk-fuse: one launch per superkernel group. Sub-operators become sub-function calls separated by
// full syncs (role `sync`, `sync_range: all`, on the AICORE lane); a tiling-sunk operator's AICPU
// tiling is coordinated by a notify event after its producers and a wait event before it.

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

#include <algorithm>
#include <set>
#include <utility>

namespace lookahead {

namespace {

    class SkFusePass final : public Pass {
    public:
        std::string_view name() const override { return "sk-fuse"; }
        std::string_view summary() const override
        {
            return "fuse each superkernel group into one launch: sub-function calls, full syncs, AICPU notify/wait";
        }
        Status run(PassContext& context) override;

    private:
        /// What one run inserts (notify events first, then syncs and wait events), under fresh ids.
        struct Insertions {
            TaskGraph& graph;
            std::vector<TaskGraph::Insertion> notifies, others;
            std::set<std::string> usedIds;
            std::vector<std::vector<TaskIndex>> updatersOf; ///< Per barrier, the tasks that update it.
            std::string newId(const std::string& base);
        };
        /// One launch for `group` (its sub-operators `ops`): syncs between them, events for tilings.
        void fuseGroup(PassContext& context, Group& group, const std::vector<TaskIndex>& ops, const sk::Cores& cores,
            Insertions& insertions);
        /// A tiling-sunk operator waits for its AICPU tiling through a wait event instead of its barriers.
        void coordinateTiling(PassContext& context, const Group& group, const std::set<TaskIndex>& opSet,
            TaskIndex opIndex, int aicpu, Insertions& insertions);
        /// The tiling's producers inside the kernel (`opSet`) notify it through an event after the last one.
        void notifyTiling(TaskGraph& graph, TaskIndex tiling, const std::set<TaskIndex>& opSet, Insertions& insertions);

        BoolOption enabled { this, "enabled", true, "replace per-op launches inside each group by sub-function calls" };
        // GE graph mode fuses what a super_kernel scope encloses (no scope = no fusion); npugraph_ex
        // fuses when super_kernel_optimize is on (default off).
        ToolchainNames enabledIn { enabled,
            { { .toolchains = { toolchain::kTorchAir },
                  .key = "scope",
                  .section = "scope",
                  .values = { { "true", "\"sk1\"", "" }, { "false", "None", "" } },
                  .defaultValue = "false",
                  .caveat = "static graphs only; the scope encloses the operators to fuse",
                  .source = "torchair python/torchair/scope/__init__.py L30-37 @fced884" },
                { .toolchains = { toolchain::kNpuGraphEx },
                    .key = "super_kernel_optimize",
                    .section = "options",
                    .values = { { "true", "True", "" }, { "false", "False", "" } },
                    .defaultValue = "false",
                    .caveat = "scopes are marked with torch.npu.super_kernel_scope_begin/end(\"sk1\")",
                    .source = "torchair npugraph_ex/npugraph_ex/_acl_concrete_graph/static_kernel.py L488-517 "
                              "@fced884" } } };
        Statistic groupsFused { this, "groups-fused", "superkernel groups fused" };
        Statistic launchesSaved { this, "launches-saved", "operator launches replaced by sub-function calls" };
        Statistic syncsInserted { this, "syncs-inserted", "full syncs inserted between sub-operators" };
        Statistic eventsInserted { this, "events-inserted", "notify/wait events inserted for AICPU tiling" };
        Statistic launchGapRemoved { this, "launch-gap-removed",
            "cycles of recorded launch gaps (delay) removed inside fused groups" };
    };

    std::string SkFusePass::Insertions::newId(const std::string& base)
    {
        std::string id = sk::freshId(graph, base);
        for (int n = 2; usedIds.count(id); ++n)
            id = base + "." + std::to_string(n);
        usedIds.insert(id);
        return id;
    }

    Status SkFusePass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        if (!enabled()) {
            context.explain(
                { { "action", "skipped" }, { "reason", "enabled=false: every operator keeps its launch" } });
            return Status::success();
        }
        if (Status s = sk::requireExecutor(graph, name(), sk::kCoreExec); !s.ok())
            return s;
        const sk::Cores cores = sk::coresOf(graph.platform);
        Insertions insertions { graph, {}, {}, {}, std::vector<std::vector<TaskIndex>>(graph.barriers.size()) };
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            for (BarrierIndex b : graph.updates(graph.tasks[t]))
                insertions.updatersOf[b].push_back(t);

        for (Group& group : graph.groups) {
            if (!sk::isSuperKernel(group))
                continue;
            if (sk::isFused(group)) {
                context.explain({ { "action", "skipped" }, { "group", group.id }, { "reason", "already fused" } });
                continue;
            }
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            if (!ops.empty())
                fuseGroup(context, group, ops, cores, insertions);
        }
        std::vector<TaskGraph::Insertion>& all = insertions.notifies;
        all.insert(all.end(), std::make_move_iterator(insertions.others.begin()),
            std::make_move_iterator(insertions.others.end()));
        graph.insertTasks(std::move(all));
        return Status::success();
    }

    void SkFusePass::fuseGroup(PassContext& context, Group& group, const std::vector<TaskIndex>& ops,
        const sk::Cores& cores, Insertions& insertions)
    {
        TaskGraph& graph = context.graph;
        sk::setFused(group);
        ++groupsFused;
        launchesSaved += static_cast<std::int64_t>(ops.size()) - 1;
        // A recording's launch overhead is the gap before each operator (its `delay`): a
        // sub-function call has none, so the gaps inside the group go (the first op keeps its launch).
        std::int64_t gaps = 0;
        for (std::size_t i = 1; i < ops.size(); ++i)
            gaps += std::exchange(graph.tasks[ops[i]].delay, 0);
        launchGapRemoved += gaps;
        nlohmann::json decision = { { "action", "fused" }, { "group", group.id }, { "sub-operators", ops.size() },
            { "reason",
                "one launch for the group; " + std::to_string(ops.size() - 1)
                    + " launches become sub-function calls" } };
        if (gaps > 0)
            decision["launch_gap_removed"] = gaps;
        context.explain(std::move(decision));
        const std::set<TaskIndex> opSet(ops.begin(), ops.end());
        const int aicpu = graph.platform.findExecutor(sk::kAicpuExec);

        for (std::size_t i = 0; i < ops.size(); ++i) {
            const std::string opId(graph.taskId(ops[i]));
            if (i > 0) {
                NewTask sync;
                sync.id = insertions.newId("sk_sync." + opId);
                sync.exec = std::string(sk::kCoreExec);
                sync.unit = graph.tasks[ops[i]].unit; // the group's stream
                sync.role = TaskRole::Sync;
                sync.origin = "sk-fuse";
                sync.extra = sk::syncTaskExtra(graph.taskId(ops[i - 1]), opId, cores.total());
                insertions.others.push_back({ ops[i], std::move(sync) });
                ++syncsInserted;
            }
            if (sk::isTilingSunk(graph, graph.tasks[ops[i]]) && aicpu >= 0)
                coordinateTiling(context, group, opSet, ops[i], aicpu, insertions);
        }
    }

    void SkFusePass::coordinateTiling(PassContext& context, const Group& group, const std::set<TaskIndex>& opSet,
        TaskIndex opIndex, int aicpu, Insertions& insertions)
    {
        TaskGraph& graph = context.graph;
        const std::string opId(graph.taskId(opIndex));
        // The AICPU tasks that this operator waits for: its tiling.
        const Task& op = graph.tasks[opIndex];
        std::vector<BarrierIndex> opWaits(graph.waits(op).begin(), graph.waits(op).end());
        std::vector<BarrierIndex> keptOpWaits, movedOpWaits;
        std::set<TaskIndex> tilings;
        for (BarrierIndex b : opWaits) {
            bool fromAicpu = false;
            for (TaskIndex u : insertions.updatersOf[b])
                if (graph.tasks[u].exec == aicpu) {
                    tilings.insert(u);
                    fromAicpu = true;
                }
            (fromAicpu ? movedOpWaits : keptOpWaits).push_back(b);
        }
        if (tilings.empty())
            return;
        for (TaskIndex tiling : tilings) {
            const std::string tilingId(graph.taskId(tiling));
            notifyTiling(graph, tiling, opSet, insertions);
            NewTask wait = sk::eventTask(insertions.newId("sk_wait." + tilingId), "wait", tilingId, "sk-fuse");
            for (BarrierIndex b : movedOpWaits)
                wait.wait.emplace_back(graph.barriers.view(b));
            insertions.others.push_back({ opIndex, std::move(wait) });
            ++eventsInserted;
            context.explain(
                { { "action", "inserted" }, { "group", group.id }, { "operator", opId }, { "tiling", tilingId },
                    { "reason",
                        "tiling-sunk operator: its producers notify the AICPU through an event, and the "
                        "operator waits for the tiling through an event" } });
        }
        const std::vector<BarrierIndex> updates(graph.updates(op).begin(), graph.updates(op).end());
        const std::vector<TaskIndex> after(graph.after(op).begin(), graph.after(op).end());
        graph.setReferences(opIndex, keptOpWaits, updates, after);
    }

    void SkFusePass::notifyTiling(
        TaskGraph& graph, TaskIndex tiling, const std::set<TaskIndex>& opSet, Insertions& insertions)
    {
        // Its producers inside the kernel notify it through an event after the last of them.
        const std::string tilingId(graph.taskId(tiling));
        const Task& tilingTask = graph.tasks[tiling];
        std::vector<BarrierIndex> keptTilingWaits;
        TaskIndex lastProducer = kNoTask;
        for (BarrierIndex b : graph.waits(tilingTask)) {
            bool fromKernel = false;
            for (TaskIndex u : insertions.updatersOf[b])
                if (opSet.count(u)) {
                    fromKernel = true;
                    lastProducer = lastProducer == kNoTask ? u : std::max(lastProducer, u);
                }
            if (!fromKernel)
                keptTilingWaits.push_back(b);
        }
        if (lastProducer == kNoTask)
            return;
        const std::string barrier = "sk_ev.notify." + tilingId;
        NewTask notify = sk::eventTask(insertions.newId("sk_notify." + tilingId), "notify", tilingId, "sk-fuse");
        notify.update = { barrier };
        insertions.notifies.push_back({ lastProducer + 1, std::move(notify) });
        keptTilingWaits.push_back(graph.barriers.intern(barrier));
        const std::vector<BarrierIndex> updates(graph.updates(tilingTask).begin(), graph.updates(tilingTask).end());
        const std::vector<TaskIndex> after(graph.after(tilingTask).begin(), graph.after(tilingTask).end());
        graph.setReferences(tiling, keptTilingWaits, updates, after);
        ++eventsInserted;
    }

} // namespace

void registerSkFusePass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkFusePass>(); });
}

} // namespace lookahead
