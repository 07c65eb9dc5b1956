#pragma once

// What the three planners of `sw-kernel-prefetch` (start, start+mid, idle; SwKernelPrefetch.h)
// share: one simulation of the input, the prefetch executor X, the kernels used on X in order of
// first use, rule 1's candidates, and the bookkeeping of an insertion (unit choice, deadlock
// guard, ids, explanations). A planner only decides where each candidate goes: it calls plan()
// for a prefetch and skip() for a candidate it leaves out; finish() then explains and inserts.

#include "passes/PrefetchDeadlockGuard.h"

#include "lookahead/Pass.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace lookahead {

class SwKernelPrefetchPass;
class UnitLoad;

/// A kernel used on the prefetch executor, at its first use in start order.
struct KernelUse {
    KernelIndex kernel = kNoKernel;
    TaskIndex firstTask = kNoTask;
    std::int64_t firstStart = 0;
    std::int64_t bytes = 0; ///< Footprint in X's icache domain.
};

class PrefetchPlan {
public:
    /// Which planner places a prefetch (the default tile policy depends on it).
    enum class Phase { Start, Mid, Idle };

    /// `schedule`: the simulation of context.graph; `x`: the prefetch executor kind.
    PrefetchPlan(SwKernelPrefetchPass& pass, PassContext& context, const Schedule& schedule, std::uint16_t x);
    ~PrefetchPlan();

    /// Rule 1: the kernels used on X, in order of first use, that may be prefetched (an L2 walk,
    /// the allow-list, the cap); the others are skipped with their reason.
    void collectCandidates();

    bool isKernelTask(TaskIndex t) const;
    const std::string& kernelName(std::size_t use) const;
    /// The barrier of `list` with the latest release not after `notAfter` (ties: the first listed).
    std::optional<BarrierIndex> latestBarrier(std::span<const BarrierIndex> list, std::int64_t notAfter) const;
    std::string policyFor(Phase phase) const;
    /// The unit a prefetch goes to (tile-policy); `from`/`to` is the least-loaded window.
    std::uint32_t chooseUnit(
        Phase phase, std::size_t candidateIndex, std::size_t madeInPhase, std::int64_t from, std::int64_t to);

    /// Records why `use` is not prefetched (explained by finish()).
    void skip(std::size_t use, const char* reason, std::string detail, nlohmann::json facts = nlohmann::json::object());
    /// Plans one prefetch of `use` before task `before`; false (a warning and a skip) when it would deadlock.
    bool plan(std::size_t use, TaskIndex before, std::uint32_t unit, std::vector<BarrierIndex> wait,
        std::vector<BarrierIndex> update, nlohmann::json why);
    /// Explains every kernel's decision in order of first use and inserts the planned prefetches.
    void finish();

    SwKernelPrefetchPass& pass;
    PassContext& context;
    const TaskGraph& graph;
    const Schedule& schedule;
    const std::uint16_t x;
    const ExecutorKind& kind;
    const IcacheDomain& domain;
    const std::uint32_t units;
    const std::uint32_t engines;         ///< E = units × engines of X.
    std::vector<TaskIndex> kernelOrder;  ///< Kernel tasks of X in start order.
    std::vector<KernelUse> uses;         ///< Kernels of X in order of first use.
    std::vector<std::size_t> candidates; ///< Indices into `uses` (rule 1).
    std::vector<std::int64_t> release;   ///< Per barrier: the latest end of its updaters.

private:
    struct Planned {
        std::size_t use;
        TaskIndex before;
        std::uint32_t sequence;
        std::uint32_t unit;
        std::vector<BarrierIndex> wait, update;
        std::string id;
    };
    std::string freshId(std::size_t use);
    void describeInsertion(nlohmann::json& why, std::size_t use, const std::string& id, std::uint32_t unit,
        const std::vector<BarrierIndex>& wait, const std::vector<BarrierIndex>& update, TaskIndex before) const;

    std::vector<nlohmann::json> m_perUse;
    std::vector<Planned> m_planned;
    PrefetchDeadlockGuard m_guard;
    std::map<TaskIndex, std::uint32_t> m_nextSequence;
    std::set<std::string> m_plannedIds;
    std::vector<std::int64_t> m_assignedCycles;
    std::unique_ptr<UnitLoad> m_unitLoad;
};

/// The planners, one per mode (SwKernelPrefetchPlanners.cpp).
void planIdle(PrefetchPlan& plan);
/// Rule 2 (start); when its test fails, rule 3 (mid-schedule gaps) in start+mid, else no-slack skips.
void planStartOrMid(PrefetchPlan& plan);

} // namespace lookahead
