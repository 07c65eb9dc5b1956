#include "costs/SuperKernelCosts.h"

#include "domain/SuperKernelDomain.h"
#include "lookahead/CostModel.h"

#include <cmath>
#include <map>
#include <set>

namespace lookahead {

namespace {

    /// A term whose extra cycles per task are fixed once the graph is known.
    class PrecomputedTerm final : public CostTerm {
    public:
        explicit PrecomputedTerm(std::vector<std::int64_t> perTask)
            : m_perTask(std::move(perTask))
        {
        }
        std::int64_t extraCycles(const TaskStartEvent& event) override { return m_perTask[event.task]; }

    private:
        std::vector<std::int64_t> m_perTask;
    };

    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

    bool isAiCoreKernelTask(const TaskGraph& graph, const Task& task)
    {
        return task.role == TaskRole::Compute && task.kernel != kNoKernel
            && graph.kernels[task.kernel].type.has_value();
    }

    /// For every task: the superkernel group it is a sub-operator of (index), or -1.
    std::vector<int> groupOfTask(const TaskGraph& graph)
    {
        std::vector<int> groupOf(graph.tasks.size(), -1);
        for (std::size_t g = 0; g < graph.groups.size(); ++g)
            if (sk::isSuperKernel(graph.groups[g]))
                for (TaskIndex t : graph.groups[g].tasks)
                    groupOf[t] = static_cast<int>(g);
        return groupOf;
    }

    std::unique_ptr<CostTerm> makeLaunch(const TaskGraph& graph, const std::vector<double>& v)
    {
        const auto launch = static_cast<std::int64_t>(std::llround(v[0]));
        std::vector<std::int64_t> perTask(graph.tasks.size(), 0);
        const std::vector<int> groupOf = groupOfTask(graph);
        std::set<int> launched;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            if (!isAiCoreKernelTask(graph, graph.tasks[t]))
                continue;
            const int g = groupOf[t];
            if (g >= 0 && sk::isFused(graph.groups[g]) && !launched.insert(g).second)
                continue; // inside a fused SuperKernel: a sub-function call, not a launch
            perTask[t] = launch;
        }
        return std::make_unique<PrecomputedTerm>(std::move(perTask));
    }

    std::unique_ptr<CostTerm> makeSync(const TaskGraph& graph, const std::vector<double>& v)
    {
        const sk::Cores cores = sk::coresOf(graph.platform);
        std::vector<std::int64_t> perTask(graph.tasks.size(), 0);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (sk::hasEvent(graph, task))
                perTask[t] = std::llround(v[2]);
            const std::optional<std::string> range
                = task.role == TaskRole::Sync ? sk::syncRangeNameOf(graph, task) : std::nullopt;
            if (range) {
                const std::int64_t count = sk::syncCoreCount(sk::parseSyncRange(*range), cores);
                perTask[t] = count == 0 ? 0 : std::llround(v[0] + v[1] * double(count));
            }
        }
        return std::make_unique<PrecomputedTerm>(std::move(perTask));
    }

    std::unique_ptr<CostTerm> makeContention(const TaskGraph& graph, const std::vector<double>& v)
    {
        const auto unit = static_cast<std::int64_t>(std::llround(v[0]));
        std::vector<std::int64_t> perTask(graph.tasks.size(), 0);
        const std::vector<int> groupOf = groupOfTask(graph);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (!isAiCoreKernelTask(graph, task))
                continue;
            const std::int64_t copies = groupOf[t] >= 0 ? sk::copiesOf(graph.groups[groupOf[t]]) : 1;
            const std::int64_t units = ceilDiv(graph.kernels[task.kernel].codeBytes, unit);
            const std::int64_t waves = ceilDiv(sk::blocksOf(graph, task), copies) - 1;
            perTask[t] = std::llround(double(units) * v[1] * double(std::max<std::int64_t>(0, waves)));
        }
        return std::make_unique<PrecomputedTerm>(std::move(perTask));
    }

    std::unique_ptr<CostTerm> makeFootprint(const TaskGraph& graph, const std::vector<double>& v)
    {
        const auto unit = static_cast<std::int64_t>(std::llround(v[0]));
        std::vector<std::int64_t> perTask(graph.tasks.size(), 0);
        for (const Group& group : graph.groups) {
            if (!sk::isSuperKernel(group) || !sk::isFused(group))
                continue;
            const std::int64_t copies = sk::copiesOf(group);
            const std::vector<TaskIndex> ops = sk::subOperators(graph, group);
            std::set<KernelIndex> kernels;
            for (TaskIndex t : ops)
                kernels.insert(graph.tasks[t].kernel);
            std::int64_t bytes = 0;
            for (KernelIndex k : kernels)
                bytes += ceilDiv(graph.kernels[k].codeBytes, unit) * unit;
            const double footprint = double(bytes) * double(copies);
            if (footprint <= v[1] || footprint <= 0)
                continue;
            const double overflow = (footprint - v[1]) / footprint;
            for (TaskIndex t : ops) {
                const Task& task = graph.tasks[t];
                const std::int64_t units = ceilDiv(graph.kernels[task.kernel].codeBytes, unit);
                const std::int64_t touched = std::min(sk::blocksOf(graph, task), copies);
                perTask[t] = std::llround(overflow * double(units) * v[2] * double(touched));
            }
        }
        return std::make_unique<PrecomputedTerm>(std::move(perTask));
    }

    std::unique_ptr<CostTerm> makeEarlyStart(const TaskGraph& graph, const std::vector<double>& v)
    {
        std::vector<std::int64_t> perTask(graph.tasks.size(), 0);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            if (sk::hasEarlyStart(graph, graph.tasks[t]))
                perTask[t] = std::llround(v[0]);
        return std::make_unique<PrecomputedTerm>(std::move(perTask));
    }

} // namespace

void registerSuperKernelCostTerms(CostModel& model)
{
    model.add({ "sk-launch", "per-operator launch overhead outside a fused SuperKernel",
        "AI-core kernel task (kernel with a type): + sk_launch_cycles, except sub-operators of a fused "
        "superkernel group after its first",
        { { "sk_launch_cycles", 5400, 0, "cycles of one operator launch (3 us at 1800 MHz)" } }, makeLaunch });
    model.add({ "sk-sync", "inter-operator sync inside a SuperKernel, by range; notify/wait events",
        "role sync with sync_range R: + sk_sync_base_cycles + sk_sync_core_cycles * cores(R) (0 for none); "
        "cores: all 2*(cube+vector), vector 2*vector, cube 2*cube, cube-to-vector/vector-to-cube cube+vector; "
        "task with key event: + sk_event_cycles",
        { { "sk_sync_base_cycles", 1504, 0, "fixed cost of one cross-core sync" },
            { "sk_sync_core_cycles", 24, 0, "cost per signalling or waiting core" },
            { "sk_event_cycles", 900, 0, "one notify or wait event in global memory (AICPU, SDMA)" } },
        makeSync });
    model.add({ "sk-l2-contention", "cores fetching the same code copy serialise at L2",
        "AI-core kernel task: + ceil(code_bytes / sk_code_unit_bytes) * sk_l2_serial_cycles * "
        "(ceil(blocks / copies) - 1), copies = the superkernel group's copies (1 when not split)",
        { { "sk_code_unit_bytes", 2048, 1, "instruction fetch unit (ICache preload unit)" },
            { "sk_l2_serial_cycles", 2, 0, "cycles one more core fetching the same unit adds" } },
        makeContention });
    model.add({ "sk-code-footprint", "split copies multiply a fused SuperKernel's code footprint in L2",
        "fused group: F = copies * sum over distinct kernels of ceil(code_bytes / unit) * unit; if F > "
        "sk_l2_code_bytes each sub-operator: + round((F - sk_l2_code_bytes) / F * units * sk_hbm_unit_cycles * "
        "min(blocks, copies))",
        { { "sk_code_unit_bytes", 2048, 1, "instruction fetch unit (shared with sk-l2-contention)" },
            { "sk_l2_code_bytes", 2097152, 0, "L2 capacity available to instruction code" },
            { "sk_hbm_unit_cycles", 40, 0, "cycles to fetch one unit of one copy from memory" } },
        makeFootprint });
    model.add({ "sk-early-start", "set/wait handshake of an Early-Start pair",
        "task with key early_start: + sk_es_handshake_cycles (the overlap itself is structural)",
        { { "sk_es_handshake_cycles", 180, 0, "one set plus one wait on every core" } }, makeEarlyStart });
}

} // namespace lookahead
