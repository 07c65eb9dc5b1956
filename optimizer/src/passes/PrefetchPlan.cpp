#include "passes/PrefetchPlan.h"

#include "passes/SwKernelPrefetch.h"

#include <algorithm>

namespace lookahead {

/// Engine-cycles that X's tasks keep each unit busy within a window, from prefix sums over the
/// sorted start and end events: busy(a, b) = F(b) − F(a) with
/// F(t) = Σ_{start < t} (t − start) − Σ_{end < t} (t − end).
class UnitLoad {
public:
    UnitLoad(const TaskGraph& graph, const Schedule& schedule, std::uint16_t exec, std::uint32_t units)
        : m_units(units)
    {
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (task.exec != exec)
                continue;
            m_units[task.unit].starts.push_back(schedule.start[t]);
            m_units[task.unit].ends.push_back(schedule.end[t]);
        }
        for (Events& unit : m_units) {
            std::sort(unit.starts.begin(), unit.starts.end());
            std::sort(unit.ends.begin(), unit.ends.end());
            prefix(unit.starts, unit.startSums);
            prefix(unit.ends, unit.endSums);
        }
    }

    std::int64_t busy(std::uint32_t unit, std::int64_t from, std::int64_t to) const
    {
        return integral(m_units[unit], to) - integral(m_units[unit], from);
    }

private:
    struct Events {
        std::vector<std::int64_t> starts, ends, startSums, endSums;
    };
    static void prefix(const std::vector<std::int64_t>& values, std::vector<std::int64_t>& sums)
    {
        sums.assign(values.size() + 1, 0);
        for (std::size_t i = 0; i < values.size(); ++i)
            sums[i + 1] = sums[i] + values[i];
    }
    static std::int64_t integral(const Events& unit, std::int64_t t)
    {
        const auto started = std::lower_bound(unit.starts.begin(), unit.starts.end(), t) - unit.starts.begin();
        const auto ended = std::lower_bound(unit.ends.begin(), unit.ends.end(), t) - unit.ends.begin();
        return (started * t - unit.startSums[started]) - (ended * t - unit.endSums[ended]);
    }
    std::vector<Events> m_units;
};

PrefetchPlan::PrefetchPlan(SwKernelPrefetchPass& pass, PassContext& context, const Schedule& schedule, std::uint16_t x)
    : pass(pass)
    , context(context)
    , graph(context.graph)
    , schedule(schedule)
    , x(x)
    , kind(graph.platform.executors[x])
    , domain(graph.platform.icache[kind.icacheDomain])
    , units(kind.units)
    , engines(kind.units * kind.engines)
    , m_guard(graph)
    , m_assignedCycles(kind.units, 0)
{
    for (TaskIndex t : schedule.startOrder)
        if (isKernelTask(t))
            kernelOrder.push_back(t);
    std::vector<bool> met(graph.kernels.size(), false);
    for (TaskIndex t : kernelOrder) {
        const KernelIndex k = graph.tasks[t].kernel;
        if (met[k])
            continue;
        met[k] = true;
        uses.push_back({ k, t, schedule.start[t], domain.footprint(graph.kernels[k].codeBytes) });
    }
    m_perUse.resize(uses.size());
    release.assign(graph.barriers.size(), 0);
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        for (BarrierIndex b : graph.updates(graph.tasks[t]))
            release[b] = std::max(release[b], schedule.end[t]);
}

PrefetchPlan::~PrefetchPlan() = default;

bool PrefetchPlan::isKernelTask(TaskIndex t) const
{
    const Task& task = graph.tasks[t];
    return task.exec == x && task.kernel != kNoKernel && task.role != TaskRole::Prefetch;
}

const std::string& PrefetchPlan::kernelName(std::size_t use) const { return graph.kernels[uses[use].kernel].name; }

void PrefetchPlan::collectCandidates()
{
    const std::int64_t cap = pass.maxPrefetches.isSet() ? pass.maxPrefetches() : std::int64_t(engines);
    const auto& allow = pass.kernels();
    std::int64_t used = 0;
    bool full = false;
    for (std::size_t u = 0; u < uses.size(); ++u) {
        if (!full && pass.l2Aware() && used + uses[u].bytes > domain.l2Bytes)
            full = true;
        if (full) {
            ++pass.numL2Full;
            skip(u, "l2-full",
                "the L2 model held " + std::to_string(used) + " of " + std::to_string(domain.l2Bytes)
                    + " bytes when the walk reached this kernel (" + std::to_string(uses[u].bytes) + " bytes)",
                { { "l2_used", used }, { "l2_bytes", domain.l2Bytes }, { "size", uses[u].bytes } });
            continue;
        }
        used += uses[u].bytes;
        if (!allow.empty() && std::find(allow.begin(), allow.end(), kernelName(u)) == allow.end()) {
            ++pass.numNotAllowed;
            skip(u, "not-on-allow-list", "not in the kernels option (loaded into the L2 model all the same)");
            continue;
        }
        if (static_cast<std::int64_t>(candidates.size()) >= cap) {
            ++pass.numCapReached;
            skip(u, "cap-reached", "max-prefetches = " + std::to_string(cap) + " candidates were already kept",
                { { "max_prefetches", cap } });
            continue;
        }
        candidates.push_back(u);
    }
    pass.numCandidates.set(static_cast<std::int64_t>(candidates.size()));
}

std::optional<BarrierIndex> PrefetchPlan::latestBarrier(std::span<const BarrierIndex> list, std::int64_t notAfter) const
{
    std::optional<BarrierIndex> best;
    for (BarrierIndex b : list)
        if (release[b] <= notAfter && (!best || release[b] > release[*best]))
            best = b;
    return best;
}

std::string PrefetchPlan::policyFor(Phase phase) const
{
    if (pass.tilePolicy.isSet())
        return pass.tilePolicy();
    return phase == Phase::Mid ? "round-robin" : "block";
}

std::uint32_t PrefetchPlan::chooseUnit(
    Phase phase, std::size_t candidateIndex, std::size_t madeInPhase, std::int64_t from, std::int64_t to)
{
    const std::string policy = policyFor(phase);
    if (policy == "block")
        return static_cast<std::uint32_t>((candidateIndex / kind.engines) % units);
    if (policy == "round-robin")
        return static_cast<std::uint32_t>(madeInPhase % units);
    if (!m_unitLoad)
        m_unitLoad = std::make_unique<UnitLoad>(graph, schedule, x, units);
    std::uint32_t best = 0;
    std::int64_t bestLoad = INT64_MAX;
    for (std::uint32_t u = 0; u < units; ++u) {
        const std::int64_t load = m_unitLoad->busy(u, from, to) + m_assignedCycles[u];
        if (load < bestLoad) {
            best = u;
            bestLoad = load;
        }
    }
    return best;
}

void PrefetchPlan::skip(std::size_t use, const char* reason, std::string detail, nlohmann::json facts)
{
    nlohmann::json decision = std::move(facts);
    decision["action"] = "skipped";
    decision["kernel"] = kernelName(use);
    decision["mode"] = pass.mode();
    decision["reason"] = reason;
    decision["detail"] = std::move(detail);
    decision["first_use"] = graph.taskId(uses[use].firstTask);
    decision["first_use_start"] = uses[use].firstStart;
    m_perUse[use] = std::move(decision);
}

std::string PrefetchPlan::freshId(std::size_t use)
{
    std::string id;
    for (std::size_t n = 0;; ++n) {
        id = "swkp." + kernelName(use) + "." + std::to_string(n);
        if (graph.findTask(id) == kNoTask && !m_plannedIds.count(id))
            break;
    }
    m_plannedIds.insert(id);
    return id;
}

void PrefetchPlan::describeInsertion(nlohmann::json& why, std::size_t use, const std::string& id, std::uint32_t unit,
    const std::vector<BarrierIndex>& wait, const std::vector<BarrierIndex>& update, TaskIndex before) const
{
    why["action"] = "inserted";
    why["kernel"] = kernelName(use);
    why["mode"] = pass.mode();
    why["task"] = id;
    why["unit"] = unit;
    nlohmann::json waitNames = nlohmann::json::array(), updateNames = nlohmann::json::array();
    for (BarrierIndex b : wait)
        waitNames.push_back(graph.barriers.view(b));
    for (BarrierIndex b : update)
        updateNames.push_back(graph.barriers.view(b));
    why["wait"] = waitNames;
    why["update"] = updateNames;
    why["first_use"] = graph.taskId(uses[use].firstTask);
    why["first_use_start"] = uses[use].firstStart;
    why["after_task"] = before > 0 ? nlohmann::json(graph.taskId(before - 1)) : nlohmann::json(nullptr);
    why["before_task"] = before < graph.tasks.size() ? nlohmann::json(graph.taskId(before)) : nlohmann::json(nullptr);
}

bool PrefetchPlan::plan(std::size_t use, TaskIndex before, std::uint32_t unit, std::vector<BarrierIndex> wait,
    std::vector<BarrierIndex> update, nlohmann::json why)
{
    PrefetchDeadlockGuard::Planned check;
    check.before = before;
    check.sequence = m_nextSequence[before];
    check.exec = x;
    check.unit = unit;
    check.wait = wait;
    check.update = update;
    if (m_guard.wouldDeadlock(check)) {
        ++pass.numDeadlock;
        const std::string where
            = before < graph.tasks.size() ? "before " + std::string(graph.taskId(before)) : "at the end";
        context.warn("prefetch of " + kernelName(use) + " on " + kind.name + " unit " + std::to_string(unit) + " "
            + where + " skipped: it would create a deadlock");
        skip(use, "would-deadlock", "the insertion " + where + " would close a dependency cycle", why);
        return false;
    }
    m_guard.accept(check);
    ++m_nextSequence[before];
    const std::string id = freshId(use);
    m_assignedCycles[unit] += pass.prefetchCycles();
    describeInsertion(why, use, id, unit, wait, update, before);
    m_perUse[use] = std::move(why);
    m_planned.push_back({ use, before, check.sequence, unit, std::move(wait), std::move(update), id });
    ++pass.numInserted;
    return true;
}

void PrefetchPlan::finish()
{
    for (nlohmann::json& decision : m_perUse)
        if (!decision.is_null())
            context.explain(std::move(decision));
    if (m_planned.empty())
        return;
    std::sort(m_planned.begin(), m_planned.end(), [](const Planned& a, const Planned& b) {
        return std::tie(a.before, a.sequence) < std::tie(b.before, b.sequence);
    });
    std::vector<TaskGraph::Insertion> insertions;
    for (const Planned& p : m_planned) {
        NewTask task;
        task.id = p.id;
        task.name = "prefetch/" + kernelName(p.use) + "/cluster_" + std::to_string(p.unit);
        task.exec = kind.name;
        task.unit = p.unit;
        task.cycles = pass.prefetchCycles();
        task.role = TaskRole::Prefetch;
        task.prefetch = kernelName(p.use);
        for (BarrierIndex b : p.wait)
            task.wait.emplace_back(graph.barriers.view(b));
        for (BarrierIndex b : p.update)
            task.update.emplace_back(graph.barriers.view(b));
        task.origin = "sw-kernel-prefetch";
        insertions.push_back({ p.before, std::move(task) });
    }
    context.graph.insertTasks(std::move(insertions));
}

} // namespace lookahead
