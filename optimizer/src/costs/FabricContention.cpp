#include "costs/FabricContention.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace lookahead {

namespace {

    class FabricContention final : public CostTerm {
    public:
        FabricContention(const TaskGraph& graph, double fabricBytesPerCycle)
            : m_graph(graph)
            , m_fabricBytesPerCycle(fabricBytesPerCycle)
        {
        }

        std::int64_t extraCycles(const TaskStartEvent& event) override
        {
            if (!event.icacheMiss || event.fetchBytes <= 0)
                return 0;
            while (!m_fetchEnds.empty() && m_fetchEnds.top() <= event.start)
                m_fetchEnds.pop();
            const Task& task = m_graph.tasks[event.task];
            const int domain = m_graph.platform.executors[task.exec].icacheDomain;
            const double own = double(m_graph.platform.icache[domain].missBytesPerCycle);
            const double concurrent = double(m_fetchEnds.size()) + 1.0;
            const double share = std::min(own, m_fabricBytesPerCycle / concurrent);
            const auto bytes = double(event.fetchBytes);
            const auto alone = static_cast<std::int64_t>(std::ceil(bytes / own));
            const auto shared = static_cast<std::int64_t>(std::ceil(bytes / share));
            const std::int64_t extra = std::max<std::int64_t>(0, shared - alone);
            m_fetchEnds.push(event.start + event.icacheStall + extra);
            return extra;
        }

    private:
        const TaskGraph& m_graph;
        double m_fabricBytesPerCycle;
        std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> m_fetchEnds;
    };

} // namespace

void registerFabricContentionTerm(CostModel& model)
{
    CostTermInfo info;
    info.name = "fabric-contention";
    info.summary = "instruction fetches from memory (icache misses, prefetches) share the fabric bandwidth";
    info.formula = "a miss of S bytes starting while k other fetches transfer: share = min(miss_bytes_per_cycle, "
                   "fabric_bytes_per_cycle / (k + 1)); extra = ceil(S / share) - ceil(S / miss_bytes_per_cycle)";
    info.parameters.push_back({ "fabric_bytes_per_cycle", 8.0, 1.0,
        "bytes per cycle the shared fabric delivers to all concurrent instruction fetches together" });
    info.create = [](const TaskGraph& graph, const std::vector<double>& values) -> std::unique_ptr<CostTerm> {
        return std::make_unique<FabricContention>(graph, values.at(0));
    };
    model.add(std::move(info));
}

} // namespace lookahead
