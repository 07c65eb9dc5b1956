// When the NPU SHAVE instruction-prefetch family (sw-kernel-prefetch) has something to act on:
// the same executor choice the pass makes (SwKernelPrefetch.h: a tiled kind with an icache
// domain), and kernel tasks on it.

#include "passes/PassFamilies.h"

#include <set>

namespace lookahead {

namespace {

    FamilyVerdict npuPrefetchApplies(const TaskGraph& graph)
    {
        const Platform& platform = graph.platform;
        std::vector<std::size_t> candidates;
        for (std::size_t e = 0; e < platform.executors.size(); ++e)
            if (platform.executors[e].icacheDomain >= 0 && platform.executors[e].tiled)
                candidates.push_back(e);
        if (candidates.empty())
            return { false,
                "no tiled executor kind has an instruction cache (platform.icache): nothing to prefetch into; an NPU "
                "platform (--platform npu40xx) provides one" };
        std::string names;
        for (std::size_t e : candidates) {
            const ExecutorKind& kind = platform.executors[e];
            std::size_t tasks = 0;
            std::set<KernelIndex> kernels;
            for (const Task& task : graph.tasks)
                if (task.exec == e && task.kernel != kNoKernel && task.role != TaskRole::Prefetch) {
                    ++tasks;
                    kernels.insert(task.kernel);
                }
            if (tasks == 0) {
                names += (names.empty() ? "" : ", ") + kind.name;
                continue;
            }
            std::string reason = kind.name + " (" + std::to_string(kind.units) + " tile(s) x "
                + std::to_string(kind.engines) + " engine(s), icache " + platform.icache[kind.icacheDomain].name
                + ") runs " + std::to_string(tasks) + " kernel task(s) of " + std::to_string(kernels.size())
                + " kernel(s)";
            if (candidates.size() > 1)
                reason += "; several tiled kinds have an icache: set sw-kernel-prefetch.exec";
            return { true, reason };
        }
        return { false, "no task with a kernel runs on " + names + " (the tiled kind(s) with an instruction cache)" };
    }

} // namespace

PassFamilyInfo npuPrefetchFamily() { return { "npu-prefetch", "NPU SHAVE instruction prefetch", npuPrefetchApplies }; }

} // namespace lookahead
