// sk-icache-preload: before sub-operator i runs, preload the code of sub-operator i + distance
// (per-func), or preload every sub-operator's code at the kernel's entry (max). A preload is a task
// of role `prefetch` on the ICACHE lane, which shares the AICORE instruction-cache domain: it pays
// the fetch from memory and leaves the code in L2, so the sub-operator's own look-up becomes an L2
// hit (format section 5.2). Preload size: ceil(code / unit-bytes) units, capped at 16 KB and at the
// ICache of the core type (`preload_bytes` on the task).

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

#include <algorithm>
#include <set>

namespace lookahead {

namespace {

    constexpr std::int64_t kPreloadCapBytes = 16384;
    constexpr std::int64_t kIssueCyclesPerUnit = 4; ///< One preload instruction per unit.

    /// What a preload of `kernel` moves: whole units, capped at 16 KB and at the ICache of the core
    /// types the operator runs on (the smaller one for a mix operator).
    struct PreloadSize {
        std::int64_t units = 0, bytes = 0, cap = 0;
    };
    PreloadSize preloadSize(const Kernel& kernel, unsigned coreSet, const sk::Cores& cores, std::int64_t unitBytes)
    {
        std::int64_t icache = cores.cubeIcacheBytes;
        if (coreSet & sk::kVector)
            icache = std::min(icache, cores.vectorIcacheBytes);
        PreloadSize size;
        size.cap = std::min(kPreloadCapBytes, icache);
        size.units
            = std::min((kernel.codeBytes + unitBytes - 1) / unitBytes, std::max<std::int64_t>(1, size.cap / unitBytes));
        size.bytes = std::min(size.units * unitBytes, std::max(size.cap, unitBytes));
        return size;
    }

    /// The task ahead of `op` in its AICORE queue (a preload issued "when op starts" follows it).
    TaskIndex previousOnCore(const TaskGraph& graph, int coreExec, TaskIndex op)
    {
        for (TaskIndex t = op; t-- > 0;)
            if (graph.tasks[t].exec == coreExec && graph.tasks[t].unit == graph.tasks[op].unit)
                return t;
        return kNoTask;
    }

    class SkIcachePreloadPass final : public Pass {
    public:
        std::string_view name() const override { return "sk-icache-preload"; }
        std::string_view summary() const override
        {
            return "preload sub-operators' code into the instruction cache ahead of use";
        }
        Status run(PassContext& context) override;

    private:
        EnumOption mode { this, "mode", "per-func", { "none", "per-func", "max" },
            "per-func: before sub-op i, preload sub-op i+distance; max: preload everything at entry; none" };
        // npugraph_ex numbers the modes the other way round from the JIT words: max=0, per-func=1, none=2.
        ToolchainNames modeIn { mode,
            { { .toolchains = { toolchain::kTorchAir },
                  .key = "preload-code",
                  .defaultValue = "per-func",
                  .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_option_parse.py L128-132 "
                            "@8d0b4fb" },
                { .toolchains = { toolchain::kNpuGraphEx },
                    .key = "preload_code",
                    .section = "super_kernel_optimize_options",
                    .values = { { "max", "0", "" }, { "per-func", "1", "" }, { "none", "2", "" } },
                    .defaultValue = "per-func",
                    .caveat = "the dict key comes from the C++ options manager; the samples seen never set it",
                    .source = "graph-autofusion super_kernel/src/aot/sk_options_manager.cpp, sk_task_builder.cpp "
                              "L1561-1584 @8d0b4fb" } } };
        IntegerOption distance { this, "distance", 1, 1, 16, "sub-ops", "per-func: how many sub-operators ahead" };
        ToolchainNames distanceIn { distance,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .defaultValue = "1",
                .when = { "mode", { "per-func" } },
                .note = "no counterpart; the compiler preloads the next sub-operator only (JIT next_sub_operator, "
                        "AOT `int preloadCount = 1;`, hard-coded)",
                .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel.py L453-457, "
                          "src/aot/sk_task_builder.cpp L2467 @8d0b4fb" } } };
        IntegerOption unitBytes { this, "unit-bytes", 2048, 256, 65536, "bytes", "preload granularity" };
        ToolchainNames unitBytesIn { unitBytes,
            { { .toolchains = { toolchain::kTorchAir, toolchain::kNpuGraphEx },
                .defaultValue = "2048",
                .when = { "mode", { "per-func", "max" } },
                .note = "no counterpart; the preload unit is 2048 bytes (JIT ceil(text_len / 2048), capped at 8 "
                        "units; hard-coded)",
                .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_sub_op_infos.py ~L637, "
                          "L853-854 @8d0b4fb" } } };
        Statistic preloads { this, "preloads", "preload tasks inserted" };
        Statistic preloadBytes { this, "preload-bytes", "bytes preloaded" };
    };

    Status SkIcachePreloadPass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        if (mode() == "none") {
            context.explain({ { "action", "skipped" }, { "reason", "mode=none" } });
            return Status::success();
        }
        if (Status s = sk::requireExecutor(graph, name(), sk::kPreloadExec); !s.ok())
            return s;
        const sk::Cores cores = sk::coresOf(graph.platform);
        const int coreExec = graph.platform.findExecutor(sk::kCoreExec);
        std::vector<TaskGraph::Insertion> insertions;
        std::set<std::string> ids;

        auto preload = [&](const Group& group, TaskIndex issuer, TaskIndex target, std::size_t position) {
            const Task& op = graph.tasks[target];
            const Kernel& kernel = graph.kernels[op.kernel];
            const auto [units, bytes, cap] = preloadSize(kernel, sk::coreSetOf(graph, op), cores, unitBytes());
            NewTask task;
            task.id = sk::freshId(graph, "sk_preload." + std::string(graph.taskId(target)));
            for (int n = 2; ids.count(task.id); ++n)
                task.id = "sk_preload." + std::string(graph.taskId(target)) + "." + std::to_string(n);
            ids.insert(task.id);
            task.name = "preload " + kernel.name;
            task.exec = std::string(sk::kPreloadExec);
            task.role = TaskRole::Prefetch;
            task.prefetch = kernel.name;
            task.cycles = units * kIssueCyclesPerUnit;
            const TaskIndex previous = previousOnCore(graph, coreExec, issuer);
            if (previous != kNoTask)
                task.after = { std::string(graph.taskId(previous)) };
            task.origin = "sk-icache-preload";
            task.extra = sk::preloadTaskExtra(bytes, graph.taskId(target));
            ++preloads;
            preloadBytes += bytes;
            context.explain({ { "action", "inserted" }, { "group", group.id }, { "kernel", kernel.name },
                { "for", std::string(graph.taskId(target)) }, { "issued-at", std::string(graph.taskId(issuer)) },
                { "position", position }, { "preload_bytes", bytes }, { "code_bytes", kernel.codeBytes },
                { "reason",
                    bytes < kernel.codeBytes
                        ? "preload capped at " + std::to_string(cap) + " bytes (ICache and 16 KB limit)"
                        : "whole code preloaded" } });
            insertions.push_back({ issuer, std::move(task) });
        };

        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group))
                continue;
            if (!sk::isFused(group)) {
                context.explain({ { "action", "skipped" }, { "group", group.id },
                    { "reason", "not fused: each operator's launch already prefetches its own entry" } });
                continue;
            }
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            if (ops.empty())
                continue;
            std::set<KernelIndex> preloaded;
            if (mode() == "max") {
                for (std::size_t j = 0; j < ops.size(); ++j)
                    if (preloaded.insert(graph.tasks[ops[j]].kernel).second)
                        preload(group, ops.front(), ops[j], j);
                continue;
            }
            preloaded.insert(graph.tasks[ops.front()].kernel); // the entry is fetched by the launch
            for (std::size_t i = 0; i + distance() < ops.size(); ++i) {
                const std::size_t j = i + static_cast<std::size_t>(distance());
                if (preloaded.insert(graph.tasks[ops[j]].kernel).second)
                    preload(group, ops[i], ops[j], j);
            }
        }
        graph.insertTasks(std::move(insertions));
        return Status::success();
    }

} // namespace

void registerSkIcachePreloadPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkIcachePreloadPass>(); });
}

} // namespace lookahead
