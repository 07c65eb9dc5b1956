// When the SuperKernel family (sk-*) has something to act on: superkernel groups whose members
// include sub-operators on the AICORE lane (domain/SuperKernelDomain.h).

#include "domain/SuperKernelDomain.h"
#include "passes/PassFamilies.h"

namespace lookahead {

namespace {

    FamilyVerdict superKernelApplies(const TaskGraph& graph)
    {
        std::size_t groups = 0, fused = 0, operators = 0;
        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group))
                continue;
            ++groups;
            fused += sk::isFused(group) ? 1 : 0;
            operators += sk::subOperators(graph, group).size();
        }
        if (groups == 0)
            return { false,
                "no group of kind \"superkernel\" (an Ascend device trace imported with an Ascend platform has them)" };
        if (graph.platform.findExecutor(sk::kCoreExec) < 0)
            return { false,
                std::to_string(groups) + " superkernel group(s), but no executor kind \"AICORE\" to run them on" };
        if (operators == 0)
            return { false,
                std::to_string(groups)
                    + " superkernel group(s) without a sub-operator (a task with a kernel on AICORE)" };
        return { true,
            std::to_string(groups) + " superkernel group(s) with " + std::to_string(operators) + " sub-operator(s)"
                + (fused ? ", " + std::to_string(fused) + " already fused" : std::string()) };
    }

} // namespace

PassFamilyInfo superKernelFamily() { return { "superkernel", "SuperKernel (Ascend CANN)", superKernelApplies }; }

} // namespace lookahead
