// sk-weight-prefetch: an operator with `weights: {"l2_saving": c}` reads its weights from L2 instead
// of memory when SDMA prefetched them. Inserts a notify event on the AICORE lane before the
// sub-operator `ahead` positions earlier, the SDMA prefetch task that waits for it, and a wait
// event just before the operator; the operator runs `c` cycles shorter.

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

#include <algorithm>

namespace lookahead {

namespace {

    class SkWeightPrefetchPass final : public Pass {
    public:
        std::string_view name() const override { return "sk-weight-prefetch"; }
        std::string_view summary() const override
        {
            return "prefetch weights into L2 with SDMA, coordinated by notify/wait events";
        }
        Status run(PassContext& context) override;

    private:
        IntegerOption ahead { this, "ahead", 1, 0, 16, "sub-ops", "issue the prefetch this many sub-operators early" };
        ToolchainNames aheadIn { ahead,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .note = "no numeric option; in the model, call torch_npu.npu_prefetch(weight, dependency, max_size) "
                        "with `dependency` the output of the operator this many sub-operators before the user "
                        "(inference)",
                .source = "https://www.hiascend.com/document/detail/zh/Pytorch/720/apiref/torchnpuCustomsapi/context/"
                          "torch_npu-npu_prefetch.md" } } };
        IntegerOption prefetchCycles { this, "prefetch-cycles", 43200, 0, kMaxCycles, "cycles",
            "one SDMA prefetch into L2 (about 24 us at 1800 MHz)" };
        ToolchainNames prefetchCyclesIn { prefetchCycles, modelParameter() };
        BoolOption earlySpike { this, "early-spike", false,
            "the first prefetch of the run takes spike-cycles (the 200-300 us spikes seen early in a run)" };
        ToolchainNames earlySpikeIn { earlySpike, modelParameter() };
        IntegerOption spikeCycles { this, "spike-cycles", 450000, 0, kMaxCycles, "cycles",
            "duration of the first prefetch with early-spike (250 us at 1800 MHz)" };
        ToolchainNames spikeCyclesIn { spikeCycles, modelParameter() };

        static std::vector<ToolchainName> modelParameter()
        {
            return { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .note = "a model parameter (measured SDMA timing), not a compiler setting",
                .source = "hw-native-sys/pto-isa issue #307" } };
        }
        Statistic prefetches { this, "prefetches", "SDMA weight prefetches inserted" };
        Statistic cyclesSaved { this, "cycles-saved", "operator cycles saved by reading weights from L2" };
    };

    Status SkWeightPrefetchPass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        if (Status s = sk::requireExecutor(graph, name(), sk::kSdmaExec); !s.ok())
            return s;
        std::vector<TaskGraph::Insertion> insertions;
        bool first = true;
        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group) || !sk::isFused(group))
                continue;
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            for (std::size_t k = 0; k < ops.size(); ++k) {
                const Task& op = graph.tasks[ops[k]];
                const std::optional<std::int64_t> l2Saving = sk::weightL2SavingOf(graph, op);
                if (!l2Saving || sk::weightsPrefetched(graph, op))
                    continue;
                const std::string opId(graph.taskId(ops[k]));
                const std::int64_t floor
                    = sk::phaseOf(graph, op, sk::Phase::Head) + sk::phaseOf(graph, op, sk::Phase::Tail);
                const std::int64_t saving = std::clamp<std::int64_t>(*l2Saving, 0, op.cycles - floor);
                const std::size_t issuer
                    = k >= static_cast<std::size_t>(ahead()) ? k - static_cast<std::size_t>(ahead()) : 0;
                const std::string notified = "sk_ev.wnotify." + opId, fetched = "sk_ev.wdone." + opId;

                NewTask notify = sk::eventTask(
                    sk::freshId(graph, "sk_wnotify." + opId), "notify", "sk_wprefetch." + opId, "sk-weight-prefetch");
                notify.update = { notified };
                NewTask dma;
                dma.id = sk::freshId(graph, "sk_wprefetch." + opId);
                dma.name = "weights of " + opId + " -> L2";
                dma.exec = std::string(sk::kSdmaExec);
                dma.role = TaskRole::Dma;
                dma.cycles = earlySpike() && first ? spikeCycles() : prefetchCycles();
                dma.wait = { notified };
                dma.update = { fetched };
                dma.origin = "sk-weight-prefetch";
                NewTask wait
                    = sk::eventTask(sk::freshId(graph, "sk_wwait." + opId), "wait", dma.id, "sk-weight-prefetch");
                wait.wait = { fetched };
                context.explain({ { "action", "inserted" }, { "group", group.id }, { "operator", opId },
                    { "issued-at", std::string(graph.taskId(ops[issuer])) }, { "sdma_cycles", dma.cycles },
                    { "saved_cycles", saving },
                    { "reason",
                        earlySpike() && first ? "first prefetch of the run: early-run spike"
                                              : "weights read from L2 instead of memory" } });
                insertions.push_back({ ops[issuer], std::move(notify) });
                insertions.push_back({ ops[issuer], std::move(dma) });
                insertions.push_back({ ops[k], std::move(wait) });
                graph.tasks[ops[k]].cycles -= saving;
                sk::markWeightsPrefetched(graph, ops[k]);
                ++prefetches;
                cyclesSaved += saving;
                first = false;
            }
        }
        graph.insertTasks(std::move(insertions));
        return Status::success();
    }

} // namespace

void registerSkWeightPrefetchPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkWeightPrefetchPass>(); });
}

} // namespace lookahead
