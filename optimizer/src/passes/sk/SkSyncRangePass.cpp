// sk-sync-range: narrow each inter-operator sync to the cores that must take part, and turn syncs
// that other syncs already cover into `none` (the task stays, with no cost, so ids and the
// verifier's view of the input survive).

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

namespace lookahead {

namespace {

    class SkSyncRangePass final : public Pass {
    public:
        std::string_view name() const override { return "sk-sync-range"; }
        std::string_view summary() const override
        {
            return "narrow inter-operator syncs by kernel type (full, by-type, by-pair) and remove covered ones";
        }
        Status run(PassContext& context) override;

    private:
        EnumOption policy { this, "policy", "by-type", { "full", "by-type", "by-pair" },
            "full: every core; by-type: vector-only between AIV ops, cube-only between AIC ops; by-pair: the "
            "predecessor's cores signal, the successor's cores wait" };
        // Neither dialect has a sync-range option: JIT picks by type, AOT per pair. The debug switch that
        // forces full syncs is the only knob.
        ToolchainNames policyIn { policy,
            { { .toolchains = { toolchain::kTorchAir },
                  .values = { { "full", "",
                      "no counterpart; the nearest knob, debug-sync-all=1, adds a by-type sync "
                      "after every operator, not a full one" } },
                  .defaultValue = "by-type",
                  .note = "no counterpart; the JIT compiler picks a full, cube-only or vector-only sync from the "
                          "SuperKernel's kernel types (get_sync_code_by_kernel_type, hard-coded)",
                  .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel.py L136-166, L178-183 "
                            "@8d0b4fb" },
                { .toolchains = { toolchain::kNpuGraphEx },
                    .key = "debug_sync_all",
                    .section = "super_kernel_debug_options",
                    .values
                    = { { "full", "1", "a debug option: forces ALL_SYNC on every task" }, { "by-pair", "0", "" } },
                    .defaultValue = "by-pair",
                    .note = "by-type has no counterpart; the AOT compiler picks a sync direction per pair "
                            "(SyncDirection, hard-coded)",
                    .source = "graph-autofusion super_kernel/src/aot/sk_task_builder.cpp L2391-2466 @8d0b4fb" } } };
        BoolOption removeRedundant { this, "remove-redundant", true,
            "set to none the syncs whose every data dependency is already ordered by other syncs" };
        ToolchainNames removeRedundantIn { removeRedundant,
            { { .toolchains = { toolchain::kNpuGraphEx },
                .defaultValue = "true",
                .note = "no counterpart; OptimizeSyncRelations always runs (unless the inner option "
                        "enable_mix_kernel_split; hard-coded)",
                .source = "graph-autofusion super_kernel/src/aot/sk_task_builder.cpp L2418-2430 @8d0b4fb" } } };
        BoolOption mixAsVector { this, "mix-as-vector", false,
            "UNSAFE: treat MIX_1_1/MIX_1_2 operators as vector-only (what compilers without MIX support did); "
            "the verifier reports the resulting hazards" };
        ToolchainNames mixAsVectorIn { mixAsVector,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .defaultValue = "false",
                .note = "no counterpart; MIX operators are synchronised by their kernel type (hard-coded)",
                .source = "graph-autofusion super_kernel/src/aot/sk_task_builder.cpp L2418-2430 @8d0b4fb" } } };
        Statistic syncsNarrowed { this, "syncs-narrowed", "syncs given a range narrower than all" };
        Statistic syncsRemoved { this, "syncs-removed", "syncs covered by others, set to none" };
        Statistic syncCoresSaved { this, "sync-cores-saved", "signalling plus waiting cores saved over full syncs" };
    };

    Status SkSyncRangePass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        const sk::Cores cores = sk::coresOf(graph.platform);
        const sk::SyncRange full;
        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group) || !sk::isFused(group))
                continue;
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            const std::vector<TaskIndex> syncs = sk::syncsBetween(graph, ops);
            std::vector<unsigned> types(ops.size());
            for (std::size_t i = 0; i < ops.size(); ++i) {
                types[i] = sk::coreSetOf(graph, graph.tasks[ops[i]]);
                const KernelIndex k = graph.tasks[ops[i]].kernel;
                if (mixAsVector() && graph.kernels[k].type && graph.kernels[k].type->starts_with("MIX"))
                    types[i] = sk::kVector;
                if (types[i] == sk::kNoCores)
                    types[i] = sk::kAllCores;
            }
            std::vector<sk::SyncRange> ranges(ops.size(), sk::SyncRange { sk::kNoCores, sk::kNoCores });
            for (std::size_t i = 1; i < ops.size(); ++i) {
                if (syncs[i] == kNoTask)
                    continue;
                sk::SyncRange range = full;
                if (policy() == "by-type" && types[i - 1] == types[i])
                    range = { types[i], types[i] };
                else if (policy() == "by-pair")
                    range = { types[i - 1], types[i] };
                ranges[i] = range;
            }
            const auto predecessors = sk::dataPredecessors(graph, ops);
            std::vector<std::string> removedBecause(ops.size());
            if (removeRedundant()) {
                for (std::size_t i = 1; i < ops.size(); ++i) {
                    if (syncs[i] == kNoTask || sk::hasEarlyStart(graph, graph.tasks[syncs[i]]))
                        continue;
                    const sk::SyncRange kept = ranges[i];
                    ranges[i] = { sk::kNoCores, sk::kNoCores };
                    if (!sk::uncoveredDependencies(types, predecessors, ranges).empty())
                        ranges[i] = kept;
                }
            }
            for (std::size_t i = 1; i < ops.size(); ++i) {
                if (syncs[i] == kNoTask)
                    continue;
                const std::string name = sk::syncRangeName(ranges[i]);
                sk::setSyncRange(graph, syncs[i], name);
                const std::int64_t saved = sk::syncCoreCount(full, cores) - sk::syncCoreCount(ranges[i], cores);
                syncCoresSaved += saved;
                if (name == "none")
                    ++syncsRemoved;
                else if (name != "all")
                    ++syncsNarrowed;
                context.explain({ { "action",
                                      name == "none"      ? "removed"
                                          : name == "all" ? "kept"
                                                          : "narrowed" },
                    { "group", group.id }, { "sync", std::string(graph.taskId(syncs[i])) },
                    { "between", { std::string(graph.taskId(ops[i - 1])), std::string(graph.taskId(ops[i])) } },
                    { "range", name }, { "cores", sk::syncCoreCount(ranges[i], cores) },
                    { "reason",
                        name == "none" ? "every data dependency across it is already ordered by other syncs"
                                       : "policy " + policy() + " for the kernel types on both sides" } });
            }
        }
        return Status::success();
    }

} // namespace

void registerSkSyncRangePass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkSyncRangePass>(); });
}

} // namespace lookahead
