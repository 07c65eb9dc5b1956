// sk-split: make N copies of a fused SuperKernel's code so that core k runs copy k mod N. Fewer
// cores fetch each copy at once (cost term sk-l2-contention divides by N), but the code footprint
// in L2 is N times larger (cost term sk-code-footprint). Recorded as the group key `copies`, and on
// each sub-operator as `code_copy_of` (which copy its first cores run, for inspection).

#include "passes/sk/SkPassUtil.h"
#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

#include <set>

namespace lookahead {

namespace {

    class SkSplitPass final : public Pass {
    public:
        std::string_view name() const override { return "sk-split"; }
        std::string_view summary() const override
        {
            return "copy a fused SuperKernel's code N times to spread L2 instruction fetches (N x footprint)";
        }
        Status run(PassContext& context) override;

    private:
        IntegerOption copies { this, "copies", 4, 1, 64, "", "code copies; core k runs copy k mod copies" };
        // npugraph_ex accepts 1-4 only and replaces anything else by its default 4 (a warning, no error).
        ToolchainNames copiesIn { copies,
            { { .toolchains = { toolchain::kTorchAir },
                  .key = "split-mode",
                  .defaultValue = "4",
                  .source = "graph-autofusion super_kernel/src/jit/superkernel/super_kernel_option_parse.py L81-91, "
                            "L164 @8d0b4fb" },
                { .toolchains = { toolchain::kNpuGraphEx },
                    .key = "split_mode",
                    .section = "super_kernel_optimize_options",
                    .values = { { "1", "1", "" }, { "2", "2", "" }, { "3", "3", "" }, { "4", "4", "" } },
                    .defaultValue = "4",
                    .note = "no counterpart above 4: split_mode accepts 1-4 and silently falls back to 4 (with a "
                            "warning) otherwise",
                    .source = "graph-autofusion super_kernel/src/aot/sk_options_manager.cpp (split_mode, 4, 1, 4; "
                              "GetValidatedUintValue) @8d0b4fb" } } };
        Statistic groupsSplit { this, "groups-split", "fused groups given copies" };
        Statistic footprintBytes { this, "footprint-bytes", "code bytes in L2 over all copies of all groups" };
    };

    Status SkSplitPass::run(PassContext& context)
    {
        TaskGraph& graph = context.graph;
        for (Group& group : graph.groups) {
            if (!sk::isSuperKernel(group))
                continue;
            if (!sk::isFused(group)) {
                context.explain({ { "action", "skipped" }, { "group", group.id }, { "reason", "not fused" } });
                continue;
            }
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            std::set<KernelIndex> kernels;
            std::int64_t code = 0;
            for (TaskIndex t : ops)
                if (kernels.insert(graph.tasks[t].kernel).second)
                    code += graph.kernels[graph.tasks[t].kernel].codeBytes;
            std::int64_t widest = 1;
            for (TaskIndex t : ops) {
                widest = std::max(widest, sk::blocksOf(graph, graph.tasks[t]));
                sk::setCodeCopies(graph, t, copies());
            }
            sk::setCopies(group, copies());
            ++groupsSplit;
            footprintBytes += code * copies();
            context.explain({ { "action", "split" }, { "group", group.id }, { "copies", copies() },
                { "code_bytes", code }, { "footprint_bytes", code * copies() },
                { "cores_per_copy", (widest + copies() - 1) / copies() },
                { "reason",
                    "at most " + std::to_string((widest + copies() - 1) / copies())
                        + " cores fetch the same copy at once; footprint grows " + std::to_string(copies()) + "x" } });
        }
        return Status::success();
    }

} // namespace

void registerSkSplitPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SkSplitPass>(); });
}

} // namespace lookahead
