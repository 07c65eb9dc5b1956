// sk-early-start: the predecessor signals before its trailing data transfer and the successor
// waits after its scalar set-up, so the two overlap. Rewrites real tasks: the predecessor's `tail`
// becomes a task on the MTE lane (it takes over the predecessor's barrier updates), the successor's
// `head` becomes a task on the AICORE lane placed before the sync, and the sync between them becomes
// the early-start wait (key `early_start` with the cores that signal and wait).

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

#include <algorithm>

namespace lookahead {

namespace {

    class SkEarlyStartPass final : public Pass {
    public:
        std::string_view name() const override { return "sk-early-start"; }
        std::string_view summary() const override
        {
            return "overlap a predecessor's trailing transfer with its successor's scalar set-up";
        }
        Status run(PassContext& context) override;

    private:
        /// A pair of neighbouring sub-operators whose sync becomes a set/wait pair: the
        /// predecessor's tail and the successor's head become tasks of their own around it.
        struct Rewrite {
            TaskIndex predecessor, successor, sync;
            std::int64_t tail, head;
        };
        /// The pairs of every fused group that can be early-started; the others explained as skipped.
        std::vector<Rewrite> collectRewrites(PassContext& context);
        /// The tail and head tasks of `r` (into `insertions`) and its sync's set/wait record.
        void splitPair(PassContext& context, const Rewrite& r, const sk::Cores& cores,
            std::vector<TaskGraph::Insertion>& insertions, std::vector<std::pair<std::string, std::string>>& tailOf);
        /// Tasks that named a predecessor in `after` also wait for its tail (`tailOf`: predecessor, tail).
        static void waitForTails(TaskGraph& graph, const std::vector<std::pair<std::string, std::string>>& tailOf);

        // Named, not numbered: TorchAir's JIT `early-start=2` is EarlyStartV2DisableSubKernel, which is
        // not our "every pair", so a number 2 would say something else here than there. The old numbers
        // are still read (and printed in the new spelling).
        EnumOption mode {
            this, "mode", "same-type", { "off", "same-type", "every-pair" },
            "off; same-type: pairs of the same kernel type (TorchAir early-start=1, npugraph_ex early_start=1); "
            "every-pair: every pair, idle cores of the other type take part through complement calls (no "
            "toolchain counterpart; TorchAir's early-start=2 is something else). 0, 1, 2 are deprecated spellings",
            {},
            { { "0", "off", "" }, { "1", "same-type", "" },
                { "2", "every-pair", "TorchAir's early-start=2 means EarlyStartV2DisableSubKernel, not every pair" } }
        };
        ToolchainNames modeIn { mode,
            { { .toolchains = { toolchain::kTorchAir },
                  .key = "early-start",
                  .values = { { "off", "0", "" },
                      { "same-type", "1",
                          "JIT 1 = EarlyStartV2; that it pairs only same-type operators is inferred "
                          "from AOT early_start=1 (CUB_TO_CUB / VEC_TO_VEC syncs only)" } },
                  .defaultValue = "same-type",
                  .note = "every-pair has no counterpart: early-start=2 is EarlyStartV2DisableSubKernel (sub-kernel "
                          "early start disabled), not every pair",
                  .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_option_parse.py L133-137, "
                            "super_kernel_op_infos.py L146-152 @8d0b4fb" },
                { .toolchains = { toolchain::kNpuGraphEx },
                    .key = "early_start",
                    .section = "super_kernel_optimize_options",
                    .values = { { "off", "0", "" }, { "same-type", "1", "" } },
                    .defaultValue = "off",
                    .note = "every-pair has no counterpart: AOT early_start is 0-1 and 1 rewrites only same-queue "
                            "syncs (CUB_TO_CUB / VEC_TO_VEC)",
                    .source = "graph-autofusion super_kernel/src/aot/sk_options_manager.cpp, sk_task_builder.cpp "
                              "ApplyEarlyStartSyncPass @8d0b4fb" } } };
        IntegerOption minOverlap { this, "min-overlap", 0, 0, kMaxCycles, "cycles",
            "skip pairs whose overlap min(tail, head) is smaller" };
        ToolchainNames minOverlapIn { minOverlap,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .defaultValue = "0",
                .note = "no counterpart; the compiler early-starts every eligible pair, there is no overlap threshold "
                        "(hard-coded)",
                .source
                = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_sub_op_infos.py @8d0b4fb" } } };
        BoolOption complement { this, "complement", true,
            "give idle cores complement set/wait calls; false is UNSAFE (the kernel hangs) and the verifier "
            "reports it" };
        ToolchainNames complementIn { complement,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .defaultValue = "true",
                .note = "no counterpart; complement set/wait blocks are always generated for idle cores (hard-coded "
                        "in gen_early_start_complement_func)",
                .source
                = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_sub_op_infos.py @8d0b4fb" } } };
        Statistic pairs { this, "pairs", "early-start pairs rewritten" };
        Statistic overlapCycles { this, "overlap-cycles", "sum of min(tail, head) over the pairs" };
        Statistic complementCalls { this, "complement-calls", "cores given complement set/wait calls" };
    };

    Status SkEarlyStartPass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        if (mode() == "off") {
            context.explain({ { "action", "skipped" }, { "reason", "mode=off" } });
            return Status::success();
        }
        if (Status s = sk::requireExecutor(graph, name(), sk::kMteExec); !s.ok())
            return s;
        const sk::Cores cores = sk::coresOf(graph.platform);
        const std::vector<Rewrite> rewrites = collectRewrites(context);
        std::vector<TaskGraph::Insertion> insertions;
        std::vector<std::pair<std::string, std::string>> tailOf; // predecessor id, tail id
        for (const Rewrite& r : rewrites)
            splitPair(context, r, cores, insertions, tailOf);
        // Shorten the pair members now (indices are still the input's), then insert.
        for (const Rewrite& r : rewrites) {
            Task& a = graph.tasks[r.predecessor];
            a.cycles -= r.tail;
            sk::setPhase(graph, r.predecessor, sk::Phase::Tail, 0);
            const std::vector<BarrierIndex> waits(graph.waits(a).begin(), graph.waits(a).end());
            const std::vector<TaskIndex> after(graph.after(a).begin(), graph.after(a).end());
            graph.setReferences(r.predecessor, waits, {}, after); // the tail task now updates them
            graph.tasks[r.successor].cycles -= r.head;
            graph.tasks[r.successor].delay = 0; // moved to its head
            sk::setPhase(graph, r.successor, sk::Phase::Head, 0);
        }
        graph.insertTasks(std::move(insertions));
        waitForTails(graph, tailOf);
        return Status::success();
    }

    std::vector<SkEarlyStartPass::Rewrite> SkEarlyStartPass::collectRewrites(PassContext& context)
    {
        const TaskGraph& graph = context.graph;
        std::vector<Rewrite> rewrites;
        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group) || !sk::isFused(group))
                continue;
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            const std::vector<TaskIndex> syncs = sk::syncsBetween(graph, ops);
            for (std::size_t i = 1; i < ops.size(); ++i) {
                const Task& a = graph.tasks[ops[i - 1]];
                const Task& b = graph.tasks[ops[i]];
                nlohmann::json decision { { "group", group.id },
                    { "pair", { std::string(graph.taskId(ops[i - 1])), std::string(graph.taskId(ops[i])) } } };
                auto skip = [&](std::string reason) {
                    decision["action"] = "skipped";
                    decision["reason"] = std::move(reason);
                    context.explain(decision);
                };
                const std::int64_t tail = sk::phaseOf(graph, a, sk::Phase::Tail),
                                   head = sk::phaseOf(graph, b, sk::Phase::Head);
                const std::string range
                    = syncs[i] == kNoTask ? "none" : sk::syncRangeNameOf(graph, graph.tasks[syncs[i]]).value_or("all");
                if (range == "none")
                    skip("no sync between them to turn into a set/wait pair");
                else if (sk::hasEarlyStart(graph, graph.tasks[syncs[i]]))
                    skip("already early-started");
                else if (sk::isDynamicShape(graph, a) || sk::isDynamicShape(graph, b))
                    skip("dynamic-shape operator: its phases are not known at compile time");
                else if (mode() == "same-type" && sk::coreSetOf(graph, a) != sk::coreSetOf(graph, b))
                    skip("mode=same-type pairs only operators of the same kernel type");
                else if (tail == 0 || head == 0)
                    skip("no tail on the predecessor or no head on the successor");
                else if (std::min(tail, head) < minOverlap())
                    skip("overlap " + std::to_string(std::min(tail, head)) + " below min-overlap");
                else
                    rewrites.push_back({ ops[i - 1], ops[i], syncs[i], tail, head });
            }
        }

        return rewrites;
    }

    void SkEarlyStartPass::splitPair(PassContext& context, const Rewrite& r, const sk::Cores& cores,
        std::vector<TaskGraph::Insertion>& insertions, std::vector<std::pair<std::string, std::string>>& tailOf)
    {
        TaskGraph& graph = context.graph;
        const std::string aId(graph.taskId(r.predecessor)), bId(graph.taskId(r.successor));
        const Task& a = graph.tasks[r.predecessor];
        const Task& b = graph.tasks[r.successor];
        const unsigned all = sk::kAllCores;
        const std::int64_t signalling = sk::usedCores(graph, a, all, cores);
        const std::int64_t waiting = sk::usedCores(graph, b, all, cores);
        const std::int64_t idle = (cores.total() - signalling) + (cores.total() - waiting);
        const std::int64_t complements = complement() ? idle : 0;
        complementCalls += complements;

        NewTask tailTask;
        tailTask.id = sk::freshId(graph, "sk_tail." + aId);
        tailTask.name = aId + "/tail";
        tailTask.exec = std::string(sk::kMteExec);
        tailTask.role = TaskRole::Dma;
        tailTask.cycles = r.tail;
        tailTask.after = { aId };
        for (BarrierIndex u : graph.updates(a))
            tailTask.update.emplace_back(graph.barriers.view(u));
        tailTask.origin = "sk-early-start";
        tailTask.extra = sk::earlyStartTailExtra(aId);
        insertions.push_back({ r.predecessor + 1, tailTask });
        tailOf.emplace_back(aId, tailTask.id);

        NewTask headTask;
        headTask.id = sk::freshId(graph, "sk_head." + bId);
        headTask.name = bId + "/head";
        headTask.exec = std::string(sk::kCoreExec);
        headTask.kernel = graph.kernels[b.kernel].name;
        headTask.role = TaskRole::Other;
        headTask.roleName = "head";
        headTask.cycles = r.head;
        // Time before the successor (a recorded launch gap) comes before its first piece, the head.
        headTask.delay = b.delay;
        headTask.origin = "sk-early-start";
        headTask.extra = sk::earlyStartHeadExtra(bId, sk::blocksOf(graph, b));
        insertions.push_back({ r.sync, headTask });

        sk::setEarlyStart(graph, r.sync,
            { aId, bId, signalling + (complement() ? cores.total() - signalling : 0),
                waiting + (complement() ? cores.total() - waiting : 0), complements });
        ++pairs;
        overlapCycles += std::min(r.tail, r.head);
        context.explain({ { "action", "rewritten" }, { "pair", { aId, bId } }, { "tail", r.tail }, { "head", r.head },
            { "overlap", std::min(r.tail, r.head) }, { "complement_calls", complements },
            { "reason",
                complement() || idle == 0
                    ? "predecessor signals before its transfer; successor waits after its set-up"
                    : "complement=false: idle cores never signal or wait (unsafe, reported by the verifier)" } });
    }

    void SkEarlyStartPass::waitForTails(
        TaskGraph& graph, const std::vector<std::pair<std::string, std::string>>& tailOf)
    {
        // Tasks that named a predecessor in `after` need its data too: they also wait for the tail.
        for (const auto& [aId, tailId] : tailOf) {
            const TaskIndex a = graph.findTask(aId), tail = graph.findTask(tailId);
            for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
                if (t == tail)
                    continue;
                const Task& task = graph.tasks[t];
                std::vector<TaskIndex> after(graph.after(task).begin(), graph.after(task).end());
                if (std::find(after.begin(), after.end(), a) == after.end())
                    continue;
                after.push_back(tail);
                const std::vector<BarrierIndex> waits(graph.waits(task).begin(), graph.waits(task).end());
                const std::vector<BarrierIndex> updates(graph.updates(task).begin(), graph.updates(task).end());
                graph.setReferences(t, waits, updates, after);
            }
        }
    }

} // namespace

void registerSkEarlyStartPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkEarlyStartPass>(); });
}

} // namespace lookahead
