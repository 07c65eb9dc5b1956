// When the software-pipelined loop family (kv-prefetch, sched-barrier) has something to act on:
// groups of kind loop (LoopRewriter.h).

#include "passes/PassFamilies.h"
#include "passes/loop/LoopRewriter.h"

namespace lookahead {

namespace {

    FamilyVerdict loopApplies(const TaskGraph& graph)
    {
        const std::vector<std::size_t> groups = loop::loopGroups(graph);
        if (groups.empty())
            return { false, "no group of kind \"loop\" (a compiler writes them for software-pipelined loops)" };
        std::size_t tasks = 0;
        for (std::size_t g : groups)
            tasks += graph.groups[g].tasks.size();
        return { true, std::to_string(groups.size()) + " loop group(s) with " + std::to_string(tasks) + " task(s)" };
    }

} // namespace

PassFamilyInfo loopFamily() { return { "loop", "Software-pipelined loops", loopApplies }; }

} // namespace lookahead
