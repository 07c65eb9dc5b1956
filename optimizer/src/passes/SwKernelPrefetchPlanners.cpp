// The planners of `sw-kernel-prefetch`, one per mode (SwKernelPrefetch.h says what each does,
// precisely). Each decides where every candidate of PrefetchPlan goes, or why it does not.

#include "passes/PrefetchGapSearch.h"
#include "passes/PrefetchPlan.h"
#include "passes/SwKernelPrefetch.h"

#include <algorithm>

namespace lookahead {

namespace {

    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

    /// The first all-idle interval [start, end) of X with usable length ≥ idle-min.
    struct IdleInterval {
        std::size_t closerRank = 0; ///< In kernelOrder: the kernel task that ends the interval.
        TaskIndex opener = kNoTask; ///< The kernel task whose end starts it (none for the leading one).
        std::int64_t start = 0;
        std::int64_t usable = 0;
    };

    std::optional<IdleInterval> firstIdleInterval(const PrefetchPlan& plan)
    {
        std::int64_t runningUntil = 0; // latest end among the kernel tasks started so far
        TaskIndex opener = kNoTask;
        for (std::size_t rank = 0; rank < plan.kernelOrder.size(); ++rank) {
            const TaskIndex t = plan.kernelOrder[rank];
            if (plan.schedule.start[t] > runningUntil) {
                const std::int64_t length = plan.schedule.start[t] - runningUntil;
                const std::int64_t penalty = runningUntil < plan.pass.initPenalty() ? plan.pass.initPenalty() : 0;
                if (length - penalty >= plan.pass.idleMin())
                    return IdleInterval { rank, opener, runningUntil, length - penalty };
            }
            if (plan.schedule.end[t] > runningUntil || opener == kNoTask) {
                runningUntil = std::max(runningUntil, plan.schedule.end[t]);
                opener = t;
            }
        }
        return std::nullopt;
    }

    /// Rule 2's test: the first kernel task's latest wait barrier and when it releases.
    struct StartTest {
        TaskIndex first = kNoTask;
        std::optional<BarrierIndex> barrier;
        std::int64_t slack = 0;
        bool passed = false;
        std::string detail;
    };

    StartTest startTest(const PrefetchPlan& plan)
    {
        StartTest test;
        test.first = plan.kernelOrder.front();
        test.barrier = plan.latestBarrier(plan.graph.waits(plan.graph.tasks[test.first]), INT64_MAX);
        test.slack = test.barrier ? plan.release[*test.barrier] : 0;
        test.passed = test.barrier && test.slack >= plan.pass.startThreshold();
        test.detail = !test.barrier
            ? "the first kernel task " + std::string(plan.graph.taskId(test.first)) + " waits on no barrier"
            : test.passed ? "barrier releases at " + std::to_string(test.slack) + " ≥ start-threshold"
                          : "barrier releases at " + std::to_string(test.slack) + " < start-threshold "
                + std::to_string(plan.pass.startThreshold());
        return test;
    }

    /// Rule 2: one prefetch per candidate before the first kernel task waiting on the barrier,
    /// updating it.
    void planStart(PrefetchPlan& plan, const StartTest& test)
    {
        const TaskGraph& graph = plan.graph;
        TaskIndex before = kNoTask;
        for (TaskIndex t = 0; t < graph.tasks.size() && before == kNoTask; ++t) {
            if (!plan.isKernelTask(t))
                continue;
            const auto waits = graph.waits(graph.tasks[t]);
            if (std::find(waits.begin(), waits.end(), *test.barrier) != waits.end())
                before = t;
        }
        std::size_t made = 0;
        for (std::size_t i = 0; i < plan.candidates.size(); ++i) {
            const std::uint32_t unit = plan.chooseUnit(PrefetchPlan::Phase::Start, i, made, 0, test.slack);
            nlohmann::json why
                = { { "phase", "start" }, { "slack", test.slack }, { "start_threshold", plan.pass.startThreshold() },
                      { "barrier", graph.barriers.view(*test.barrier) }, { "first_task", graph.taskId(test.first) },
                      { "tile_policy", plan.policyFor(PrefetchPlan::Phase::Start) },
                      { "detail",
                          "the first kernel task waits " + std::to_string(test.slack)
                              + " cycles for its latest barrier: prefetch there and update it" } };
            if (plan.plan(plan.candidates[i], before, unit, {}, { *test.barrier }, std::move(why)))
                ++made;
        }
    }

    /// The saturation profile of X's kernel tasks (and, with count-inserted, its prefetch tasks).
    SaturationProfile saturationProfile(const PrefetchPlan& plan)
    {
        const SaturationRule rule
            = plan.pass.saturation() == "overlap" ? SaturationRule::Overlap : SaturationRule::ExactStart;
        std::vector<std::int64_t> starts, ends;
        starts.reserve(plan.kernelOrder.size());
        ends.reserve(plan.kernelOrder.size());
        for (TaskIndex t : plan.schedule.startOrder) {
            const Task& task = plan.graph.tasks[t];
            const bool counted = plan.isKernelTask(t)
                || (plan.pass.countInserted() && task.exec == plan.x && task.role == TaskRole::Prefetch);
            if (!counted)
                continue;
            starts.push_back(plan.schedule.start[t]);
            ends.push_back(plan.schedule.end[t]);
        }
        return SaturationProfile(rule, plan.engines, starts, ends);
    }

    void skipGapTooSmall(PrefetchPlan& plan, std::size_t c, const std::optional<GapChoice>& choice,
        const std::vector<GapOpener>& openers, std::int64_t slack)
    {
        const SwKernelPrefetchPass& pass = plan.pass;
        ++plan.pass.numGapTooSmall;
        nlohmann::json facts
            = { { "target", plan.uses[c].firstStart }, { "mid_min_gap", pass.midMinGap() }, { "slack", slack } };
        if (choice) {
            facts["gap"] = choice->gap();
            facts["opened_by"] = plan.graph.taskId(openers[choice->rank].task);
        }
        plan.skip(c, "gap-too-small",
            choice ? "the largest gap on tile " + std::to_string(pass.refTile()) + " before the first use is "
                    + std::to_string(choice->gap()) + " cycles < mid-min-gap " + std::to_string(pass.midMinGap())
                   : "no kernel task on tile " + std::to_string(pass.refTile())
                    + " opens a gap (unsaturated start) before the first use",
            facts);
    }

    nlohmann::json midDecision(const PrefetchPlan& plan, const GapChoice& choice, TaskIndex opener, std::int64_t slack)
    {
        const SwKernelPrefetchPass& pass = plan.pass;
        return { { "phase", "mid" }, { "gap", choice.gap() }, { "gap_start", choice.gapStart },
            { "gap_end", choice.gapEnd }, { "gap_end_reason", choice.endsAtTarget ? "first-use" : "saturated" },
            { "opened_by", plan.graph.taskId(opener) }, { "saturation_count", choice.countAtStart },
            { "engines", plan.engines }, { "saturation", pass.saturation() },
            { "count_inserted", pass.countInserted() }, { "mid_min_gap", pass.midMinGap() }, { "slack", slack },
            { "tile_policy", plan.policyFor(PrefetchPlan::Phase::Mid) },
            { "detail",
                std::to_string(choice.countAtStart) + " of " + std::to_string(plan.engines) + " engines busy when "
                    + std::string(plan.graph.taskId(opener)) + " starts; " + std::to_string(choice.gap())
                    + " cycles until " + (choice.endsAtTarget ? "the first use" : "the next saturated point") } };
    }

    /// Rule 3 (PR #199): for every candidate, the best gap opened by a reference-tile kernel task
    /// before its first use; a prefetch right after the opener.
    void planMid(PrefetchPlan& plan, std::int64_t slack)
    {
        const SwKernelPrefetchPass& pass = plan.pass;
        SaturationProfile profile = saturationProfile(plan);
        std::vector<GapOpener> openers;
        for (TaskIndex t : plan.kernelOrder)
            if (plan.graph.tasks[t].unit == static_cast<std::uint32_t>(pass.refTile()))
                openers.push_back({ t, plan.schedule.start[t] });
        MonotoneGapSweep sweep(profile, openers);

        std::size_t made = 0;
        for (std::size_t i = 0; i < plan.candidates.size(); ++i) {
            const std::size_t c = plan.candidates[i];
            const std::int64_t target = plan.uses[c].firstStart;
            const std::optional<GapChoice> choice
                = pass.countInserted() ? findBestGap(profile, openers, target) : sweep.best(target);
            if (!choice || choice->gap() < pass.midMinGap()) {
                skipGapTooSmall(plan, c, choice, openers, slack);
                continue;
            }
            const TaskIndex opener = openers[choice->rank].task;
            const std::uint32_t unit
                = plan.chooseUnit(PrefetchPlan::Phase::Mid, i, made, choice->gapStart, choice->gapEnd);
            std::vector<BarrierIndex> wait;
            if (pass.waitBarrier())
                if (auto b = plan.latestBarrier(plan.graph.waits(plan.graph.tasks[opener]), INT64_MAX))
                    wait.push_back(*b);
            if (!plan.plan(c, opener + 1, unit, wait, {}, midDecision(plan, *choice, opener, slack)))
                continue;
            ++made;
            if (pass.countInserted()) {
                const std::int64_t stall
                    = plan.domain.missLatency + ceilDiv(plan.uses[c].bytes, plan.domain.missBytesPerCycle);
                profile.addPrefetch(choice->gapStart, pass.prefetchCycles() + stall);
            }
        }
    }

} // namespace

void planIdle(PrefetchPlan& plan)
{
    const SwKernelPrefetchPass& pass = plan.pass;
    const std::string& kindName = plan.kind.name;
    const std::optional<IdleInterval> interval = firstIdleInterval(plan);
    if (!interval) {
        plan.context.explain({ { "action", "test" }, { "mode", pass.mode() }, { "phase", "idle" },
            { "detail",
                "no all-idle interval of " + kindName + " reaches idle-min = " + std::to_string(pass.idleMin())
                    + " cycles (after init-penalty)" } });
        for (std::size_t c : plan.candidates) {
            ++plan.pass.numIdleSkipped;
            plan.skip(c, "no-idle-interval", "no all-idle interval long enough");
        }
        return;
    }
    const TaskIndex closer = plan.kernelOrder[interval->closerRank];
    const std::int64_t intervalEnd = plan.schedule.start[closer];
    const bool leading = interval->closerRank == 0;
    const nlohmann::json openedBy
        = leading ? nlohmann::json(nullptr) : nlohmann::json(plan.graph.taskId(interval->opener));
    plan.context.explain(
        { { "action", "test" }, { "mode", pass.mode() }, { "phase", "idle" }, { "interval_start", interval->start },
            { "interval_end", intervalEnd }, { "usable", interval->usable }, { "idle_min", pass.idleMin() },
            { "init_penalty", interval->start < pass.initPenalty() ? pass.initPenalty() : 0 },
            { "opened_by", openedBy }, { "closed_by", plan.graph.taskId(closer) },
            { "detail", "first all-idle interval with usable length ≥ idle-min" } });
    std::vector<BarrierIndex> wait;
    if (!leading)
        if (auto b = plan.latestBarrier(plan.graph.updates(plan.graph.tasks[interval->opener]), intervalEnd))
            wait.push_back(*b);
    std::size_t made = 0;
    for (std::size_t i = 0; i < plan.candidates.size(); ++i) {
        const std::size_t c = plan.candidates[i];
        if (plan.uses[c].firstStart < intervalEnd) {
            ++plan.pass.numIdleSkipped;
            plan.skip(c, "used-before-interval",
                "first used at " + std::to_string(plan.uses[c].firstStart) + ", before the interval ends at "
                    + std::to_string(intervalEnd) + ": already loaded");
            continue;
        }
        const std::uint32_t unit = plan.chooseUnit(PrefetchPlan::Phase::Idle, i, made, interval->start, intervalEnd);
        nlohmann::json why = { { "phase", "idle" }, { "interval_start", interval->start },
            { "interval_end", intervalEnd }, { "gap", intervalEnd - interval->start }, { "usable", interval->usable },
            { "opened_by", openedBy }, { "tile_policy", plan.policyFor(PrefetchPlan::Phase::Idle) },
            { "detail",
                "all units of " + kindName + " idle for " + std::to_string(interval->usable) + " usable cycles" } };
        if (plan.plan(c, closer, unit, wait, {}, std::move(why)))
            ++made;
    }
}

void planStartOrMid(PrefetchPlan& plan)
{
    const SwKernelPrefetchPass& pass = plan.pass;
    const StartTest test = startTest(plan);
    plan.context.explain({ { "action", "test" }, { "mode", pass.mode() }, { "phase", "start" },
        { "first_task", plan.graph.taskId(test.first) },
        { "barrier", test.barrier ? nlohmann::json(plan.graph.barriers.view(*test.barrier)) : nlohmann::json(nullptr) },
        { "slack", test.slack }, { "start_threshold", pass.startThreshold() }, { "passed", test.passed },
        { "detail", test.detail } });
    if (test.passed) {
        planStart(plan, test);
    } else if (pass.mode() == "start") {
        for (std::size_t c : plan.candidates) {
            ++plan.pass.numNoSlack;
            plan.skip(c, "no-slack", test.detail, { { "slack", test.slack } });
        }
    } else {
        planMid(plan, test.slack);
    }
}

} // namespace lookahead
