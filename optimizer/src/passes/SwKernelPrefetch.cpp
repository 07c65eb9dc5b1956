#include "passes/SwKernelPrefetch.h"

#include "passes/PrefetchDeadlockGuard.h"
#include "passes/PrefetchGapSearch.h"

#include <algorithm>
#include <map>
#include <set>

namespace lookahead {

namespace {

    /// A kernel used on the prefetch executor, at its first use in start order.
    struct KernelUse {
        KernelIndex kernel = kNoKernel;
        TaskIndex firstTask = kNoTask;
        std::int64_t firstStart = 0;
        std::int64_t bytes = 0; ///< Footprint in X's icache domain.
    };

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

    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

} // namespace

Status SwKernelPrefetchPass::run(PassContext& context)
{
    TaskGraph& graph = context.graph;
    const std::string& modeName = mode();
    if (modeName == "off") {
        context.explain({ { "action", "test" }, { "mode", "off" }, { "detail", "mode=off: nothing is inserted" } });
        return Status::success();
    }

    // The prefetch executor X.
    const Platform& platform = graph.platform;
    int x = -1;
    if (!exec().empty()) {
        x = platform.findExecutor(exec());
        if (x < 0)
            return Error { "", "option sw-kernel-prefetch.exec", "unknown executor kind \"" + exec() + "\"" };
        if (platform.executors[x].icacheDomain < 0)
            return Error { "", "option sw-kernel-prefetch.exec",
                "executor kind \"" + exec() + "\" has no icache domain: nothing to prefetch into" };
    } else {
        std::vector<std::string> found;
        for (std::size_t e = 0; e < platform.executors.size(); ++e) {
            if (platform.executors[e].icacheDomain >= 0 && platform.executors[e].tiled) {
                found.push_back(platform.executors[e].name);
                x = static_cast<int>(e);
            }
        }
        if (found.empty()) {
            context.explain({ { "action", "test" }, { "mode", modeName },
                { "detail", "no executor kind has an icache domain and tiled: true; nothing to do" } });
            return Status::success();
        }
        if (found.size() > 1) {
            std::string names;
            for (const std::string& name : found)
                names += (names.empty() ? "" : ", ") + name;
            return Error { "", "option sw-kernel-prefetch.exec",
                "several tiled executor kinds have an icache (" + names + "): set sw-kernel-prefetch.exec" };
        }
    }
    const ExecutorKind& kind = platform.executors[x];
    const IcacheDomain& domain = platform.icache[kind.icacheDomain];
    const std::uint32_t units = kind.units;
    const std::uint32_t engines = kind.units * kind.engines; // E
    // passes.md: ref-tile ≥ units is an option error. Checked whenever the value is used (start+mid)
    // or was given explicitly; the default (1) on a one-tile platform in another mode is not an error.
    if ((modeName == "start+mid" || refTile.isSet()) && static_cast<std::uint64_t>(refTile()) >= units)
        return Error { "", "option sw-kernel-prefetch.ref-tile",
            "ref-tile " + std::to_string(refTile()) + " is not a unit of " + kind.name + " (it has "
                + std::to_string(units) + ")" };

    auto simulated = context.simulate();
    if (!simulated.ok())
        return Error { "", "", "cannot simulate the input: " + simulated.error().toString() };
    const Schedule& schedule = *simulated.value();
    const auto xIndex = static_cast<std::uint16_t>(x);
    auto isKernelTask = [&](TaskIndex t) {
        const Task& task = graph.tasks[t];
        return task.exec == xIndex && task.kernel != kNoKernel && task.role != TaskRole::Prefetch;
    };

    std::vector<TaskIndex> kernelOrder; // kernel tasks in start order
    for (TaskIndex t : schedule.startOrder)
        if (isKernelTask(t))
            kernelOrder.push_back(t);
    if (kernelOrder.empty()) {
        context.explain({ { "action", "test" }, { "mode", modeName },
            { "detail", "no kernel tasks on " + kind.name + ": nothing to prefetch" } });
        return Status::success();
    }

    // Kernels in order of first use.
    std::vector<KernelUse> uses;
    {
        std::vector<bool> met(graph.kernels.size(), false);
        for (TaskIndex t : kernelOrder) {
            const KernelIndex k = graph.tasks[t].kernel;
            if (met[k])
                continue;
            met[k] = true;
            uses.push_back({ k, t, schedule.start[t], domain.footprint(graph.kernels[k].codeBytes) });
        }
    }
    auto kernelName = [&](std::size_t use) -> const std::string& { return graph.kernels[uses[use].kernel].name; };
    std::vector<nlohmann::json> perUse(uses.size());
    auto skip = [&](std::size_t use, const char* reason, std::string detail, nlohmann::json facts = nlohmann::json::object()) {
        nlohmann::json decision = std::move(facts);
        decision["action"] = "skipped";
        decision["kernel"] = kernelName(use);
        decision["mode"] = modeName;
        decision["reason"] = reason;
        decision["detail"] = std::move(detail);
        decision["first_use"] = graph.taskId(uses[use].firstTask);
        decision["first_use_start"] = uses[use].firstStart;
        perUse[use] = std::move(decision);
    };

    // Rule 1: candidates.
    const std::int64_t cap = maxPrefetches.isSet() ? maxPrefetches() : std::int64_t(engines);
    std::vector<std::size_t> candidates; // indices into uses
    {
        std::int64_t used = 0;
        bool full = false;
        for (std::size_t u = 0; u < uses.size(); ++u) {
            if (!full && l2Aware() && used + uses[u].bytes > domain.l2Bytes)
                full = true;
            if (full) {
                ++numL2Full;
                skip(u, "l2-full",
                    "the L2 model held " + std::to_string(used) + " of " + std::to_string(domain.l2Bytes)
                        + " bytes when the walk reached this kernel (" + std::to_string(uses[u].bytes) + " bytes)",
                    { { "l2_used", used }, { "l2_bytes", domain.l2Bytes }, { "size", uses[u].bytes } });
                continue;
            }
            used += uses[u].bytes;
            const auto& allow = kernels();
            if (!allow.empty() && std::find(allow.begin(), allow.end(), kernelName(u)) == allow.end()) {
                ++numNotAllowed;
                skip(u, "not-on-allow-list", "not in the kernels option (loaded into the L2 model all the same)");
                continue;
            }
            if (static_cast<std::int64_t>(candidates.size()) >= cap) {
                ++numCapReached;
                skip(u, "cap-reached", "max-prefetches = " + std::to_string(cap) + " candidates were already kept",
                    { { "max_prefetches", cap } });
                continue;
            }
            candidates.push_back(u);
        }
    }
    numCandidates.set(static_cast<std::int64_t>(candidates.size()));

    std::vector<std::int64_t> release(graph.barriers.size(), 0);
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        for (BarrierIndex b : graph.updates(graph.tasks[t]))
            release[b] = std::max(release[b], schedule.end[t]);
    /// The barrier of `t`'s list with the latest release (ties: the first listed), or nothing.
    auto latestBarrier = [&](std::span<const BarrierIndex> list, std::int64_t notAfter) -> std::optional<BarrierIndex> {
        std::optional<BarrierIndex> best;
        for (BarrierIndex b : list)
            if (release[b] <= notAfter && (!best || release[b] > release[*best]))
                best = b;
        return best;
    };

    // Planning: every insertion is checked against the deadlock guard before it is accepted.
    struct Planned {
        std::size_t use;
        TaskIndex before;
        std::uint32_t sequence;
        std::uint32_t unit;
        std::vector<BarrierIndex> wait, update;
        std::string id;
    };
    std::vector<Planned> planned;
    PrefetchDeadlockGuard guard(graph);
    std::map<TaskIndex, std::uint32_t> nextSequence;
    std::set<std::string> plannedIds;
    std::vector<std::int64_t> assignedCycles(units, 0);
    std::unique_ptr<UnitLoad> unitLoad;
    enum class Phase { Start, Mid, Idle };
    auto policyFor = [&](Phase phase) -> std::string {
        if (tilePolicy.isSet())
            return tilePolicy();
        return phase == Phase::Mid ? "round-robin" : "block";
    };
    auto chooseUnit = [&](Phase phase, std::size_t candidateIndex, std::size_t madeInPhase, std::int64_t from,
                          std::int64_t to) -> std::uint32_t {
        const std::string policy = policyFor(phase);
        if (policy == "block")
            return static_cast<std::uint32_t>((candidateIndex / kind.engines) % units);
        if (policy == "round-robin")
            return static_cast<std::uint32_t>(madeInPhase % units);
        if (!unitLoad)
            unitLoad = std::make_unique<UnitLoad>(graph, schedule, xIndex, units);
        std::uint32_t best = 0;
        std::int64_t bestLoad = INT64_MAX;
        for (std::uint32_t u = 0; u < units; ++u) {
            const std::int64_t load = unitLoad->busy(u, from, to) + assignedCycles[u];
            if (load < bestLoad) {
                best = u;
                bestLoad = load;
            }
        }
        return best;
    };
    auto neighbours = [&](TaskIndex before, nlohmann::json& decision) {
        decision["after_task"] = before > 0 ? nlohmann::json(graph.taskId(before - 1)) : nlohmann::json(nullptr);
        decision["before_task"]
            = before < graph.tasks.size() ? nlohmann::json(graph.taskId(before)) : nlohmann::json(nullptr);
    };
    /// Plans one prefetch; false (and a warning) when it would deadlock.
    auto plan = [&](std::size_t use, TaskIndex before, std::uint32_t unit, std::vector<BarrierIndex> wait,
                    std::vector<BarrierIndex> update, nlohmann::json why) {
        PrefetchDeadlockGuard::Planned check;
        check.before = before;
        check.sequence = nextSequence[before];
        check.exec = xIndex;
        check.unit = unit;
        check.wait = wait;
        check.update = update;
        if (guard.wouldDeadlock(check)) {
            ++numDeadlock;
            const std::string where = before < graph.tasks.size() ? "before " + std::string(graph.taskId(before)) : "at the end";
            context.warn("prefetch of " + kernelName(use) + " on " + kind.name + " unit " + std::to_string(unit) + " "
                + where + " skipped: it would create a deadlock");
            skip(use, "would-deadlock", "the insertion " + where + " would close a dependency cycle", why);
            return false;
        }
        guard.accept(check);
        ++nextSequence[before];
        std::string id;
        for (std::size_t n = 0;; ++n) {
            id = "swkp." + kernelName(use) + "." + std::to_string(n);
            if (graph.findTask(id) == kNoTask && !plannedIds.count(id))
                break;
        }
        plannedIds.insert(id);
        assignedCycles[unit] += prefetchCycles();
        why["action"] = "inserted";
        why["kernel"] = kernelName(use);
        why["mode"] = modeName;
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
        neighbours(before, why);
        perUse[use] = std::move(why);
        planned.push_back({ use, before, check.sequence, unit, std::move(wait), std::move(update), id });
        ++numInserted;
        return true;
    };

    if (modeName == "idle") {
        // The first all-idle interval [a, b) with usable length ≥ idle-min.
        std::int64_t runningUntil = 0; // latest end among the kernel tasks started so far
        TaskIndex opener = kNoTask;
        std::optional<std::size_t> closerRank;
        std::int64_t intervalStart = 0, usable = 0;
        for (std::size_t rank = 0; rank < kernelOrder.size(); ++rank) {
            const TaskIndex t = kernelOrder[rank];
            if (schedule.start[t] > runningUntil) {
                const std::int64_t length = schedule.start[t] - runningUntil;
                const std::int64_t penalty = runningUntil < initPenalty() ? initPenalty() : 0;
                if (length - penalty >= idleMin()) {
                    closerRank = rank;
                    intervalStart = runningUntil;
                    usable = length - penalty;
                    break;
                }
            }
            if (schedule.end[t] > runningUntil || opener == kNoTask) {
                runningUntil = std::max(runningUntil, schedule.end[t]);
                opener = t;
            }
        }
        if (!closerRank) {
            context.explain({ { "action", "test" }, { "mode", modeName }, { "phase", "idle" },
                { "detail",
                    "no all-idle interval of " + kind.name + " reaches idle-min = " + std::to_string(idleMin())
                        + " cycles (after init-penalty)" } });
            for (std::size_t c : candidates) {
                ++numIdleSkipped;
                skip(c, "no-idle-interval", "no all-idle interval long enough");
            }
        } else {
            const TaskIndex closer = kernelOrder[*closerRank];
            const std::int64_t intervalEnd = schedule.start[closer];
            const bool leading = *closerRank == 0;
            nlohmann::json test = { { "action", "test" }, { "mode", modeName }, { "phase", "idle" },
                { "interval_start", intervalStart }, { "interval_end", intervalEnd }, { "usable", usable },
                { "idle_min", idleMin() }, { "init_penalty", intervalStart < initPenalty() ? initPenalty() : 0 },
                { "opened_by", leading ? nlohmann::json(nullptr) : nlohmann::json(graph.taskId(opener)) },
                { "closed_by", graph.taskId(closer) },
                { "detail", "first all-idle interval with usable length ≥ idle-min" } };
            context.explain(test);
            std::vector<BarrierIndex> wait;
            if (!leading)
                if (auto b = latestBarrier(graph.updates(graph.tasks[opener]), intervalEnd))
                    wait.push_back(*b);
            std::size_t made = 0;
            for (std::size_t i = 0; i < candidates.size(); ++i) {
                const std::size_t c = candidates[i];
                if (uses[c].firstStart < intervalEnd) {
                    ++numIdleSkipped;
                    skip(c, "used-before-interval",
                        "first used at " + std::to_string(uses[c].firstStart) + ", before the interval ends at "
                            + std::to_string(intervalEnd) + ": already loaded");
                    continue;
                }
                const std::uint32_t unit = chooseUnit(Phase::Idle, i, made, intervalStart, intervalEnd);
                nlohmann::json why = { { "phase", "idle" }, { "interval_start", intervalStart },
                    { "interval_end", intervalEnd }, { "gap", intervalEnd - intervalStart }, { "usable", usable },
                    { "opened_by", test["opened_by"] }, { "tile_policy", policyFor(Phase::Idle) },
                    { "detail", "all units of " + kind.name + " idle for " + std::to_string(usable) + " usable cycles" } };
                if (plan(c, closer, unit, wait, {}, std::move(why)))
                    ++made;
            }
        }
    } else {
        // Rule 2: the start test.
        const TaskIndex first = kernelOrder.front();
        const auto firstWaits = graph.waits(graph.tasks[first]);
        const std::optional<BarrierIndex> slackBarrier = latestBarrier(firstWaits, INT64_MAX);
        const std::int64_t slack = slackBarrier ? release[*slackBarrier] : 0;
        const bool startPasses = slackBarrier && slack >= startThreshold();
        nlohmann::json test = { { "action", "test" }, { "mode", modeName }, { "phase", "start" },
            { "first_task", graph.taskId(first) },
            { "barrier", slackBarrier ? nlohmann::json(graph.barriers.view(*slackBarrier)) : nlohmann::json(nullptr) },
            { "slack", slack }, { "start_threshold", startThreshold() }, { "passed", startPasses },
            { "detail",
                !slackBarrier ? "the first kernel task " + std::string(graph.taskId(first)) + " waits on no barrier"
                    : startPasses
                    ? "barrier releases at " + std::to_string(slack) + " ≥ start-threshold"
                    : "barrier releases at " + std::to_string(slack) + " < start-threshold " + std::to_string(startThreshold()) } };
        context.explain(test);

        if (startPasses) {
            TaskIndex before = kNoTask;
            for (TaskIndex t = 0; t < graph.tasks.size() && before == kNoTask; ++t) {
                if (!isKernelTask(t))
                    continue;
                const auto waits = graph.waits(graph.tasks[t]);
                if (std::find(waits.begin(), waits.end(), *slackBarrier) != waits.end())
                    before = t;
            }
            std::size_t made = 0;
            for (std::size_t i = 0; i < candidates.size(); ++i) {
                const std::uint32_t unit = chooseUnit(Phase::Start, i, made, 0, slack);
                nlohmann::json why = { { "phase", "start" }, { "slack", slack }, { "start_threshold", startThreshold() },
                    { "barrier", graph.barriers.view(*slackBarrier) }, { "first_task", graph.taskId(first) },
                    { "tile_policy", policyFor(Phase::Start) },
                    { "detail",
                        "the first kernel task waits " + std::to_string(slack)
                            + " cycles for its latest barrier: prefetch there and update it" } };
                if (plan(candidates[i], before, unit, {}, { *slackBarrier }, std::move(why)))
                    ++made;
            }
        } else if (modeName == "start") {
            for (std::size_t c : candidates) {
                ++numNoSlack;
                skip(c, "no-slack", test["detail"].get<std::string>(), { { "slack", slack } });
            }
        } else {
            // Rule 3: mid-schedule fallback.
            const SaturationRule rule = saturation() == "overlap" ? SaturationRule::Overlap : SaturationRule::ExactStart;
            std::vector<std::int64_t> starts, ends;
            starts.reserve(kernelOrder.size());
            ends.reserve(kernelOrder.size());
            for (TaskIndex t : schedule.startOrder) {
                const Task& task = graph.tasks[t];
                const bool counted = isKernelTask(t)
                    || (countInserted() && task.exec == xIndex && task.role == TaskRole::Prefetch);
                if (!counted)
                    continue;
                starts.push_back(schedule.start[t]);
                ends.push_back(schedule.end[t]);
            }
            SaturationProfile profile(rule, engines, starts, ends);
            std::vector<GapOpener> openers;
            for (TaskIndex t : kernelOrder)
                if (graph.tasks[t].unit == static_cast<std::uint32_t>(refTile()))
                    openers.push_back({ t, schedule.start[t] });
            MonotoneGapSweep sweep(profile, openers);

            std::size_t made = 0;
            for (std::size_t i = 0; i < candidates.size(); ++i) {
                const std::size_t c = candidates[i];
                const std::int64_t target = uses[c].firstStart;
                const std::optional<GapChoice> choice
                    = countInserted() ? findBestGap(profile, openers, target) : sweep.best(target);
                if (!choice || choice->gap() < midMinGap()) {
                    ++numGapTooSmall;
                    nlohmann::json facts = { { "target", target }, { "mid_min_gap", midMinGap() },
                        { "slack", slack } };
                    if (choice) {
                        facts["gap"] = choice->gap();
                        facts["opened_by"] = graph.taskId(openers[choice->rank].task);
                    }
                    skip(c, "gap-too-small",
                        choice ? "the largest gap on tile " + std::to_string(refTile()) + " before the first use is "
                                + std::to_string(choice->gap()) + " cycles < mid-min-gap " + std::to_string(midMinGap())
                               : "no kernel task on tile " + std::to_string(refTile())
                                + " opens a gap (unsaturated start) before the first use",
                        facts);
                    continue;
                }
                const TaskIndex opener = openers[choice->rank].task;
                const std::uint32_t unit = chooseUnit(Phase::Mid, i, made, choice->gapStart, choice->gapEnd);
                std::vector<BarrierIndex> wait;
                if (waitBarrier())
                    if (auto b = latestBarrier(graph.waits(graph.tasks[opener]), INT64_MAX))
                        wait.push_back(*b);
                nlohmann::json why = { { "phase", "mid" }, { "gap", choice->gap() }, { "gap_start", choice->gapStart },
                    { "gap_end", choice->gapEnd }, { "gap_end_reason", choice->endsAtTarget ? "first-use" : "saturated" },
                    { "opened_by", graph.taskId(opener) }, { "saturation_count", choice->countAtStart },
                    { "engines", engines }, { "saturation", saturation() }, { "count_inserted", countInserted() },
                    { "mid_min_gap", midMinGap() }, { "slack", slack }, { "tile_policy", policyFor(Phase::Mid) },
                    { "detail",
                        std::to_string(choice->countAtStart) + " of " + std::to_string(engines)
                            + " engines busy when " + std::string(graph.taskId(opener)) + " starts; "
                            + std::to_string(choice->gap()) + " cycles until "
                            + (choice->endsAtTarget ? "the first use" : "the next saturated point") } };
                if (!plan(c, opener + 1, unit, wait, {}, std::move(why)))
                    continue;
                ++made;
                if (countInserted()) {
                    const std::int64_t stall = domain.missLatency + ceilDiv(uses[c].bytes, domain.missBytesPerCycle);
                    profile.addPrefetch(choice->gapStart, prefetchCycles() + stall);
                }
            }
        }
    }

    for (nlohmann::json& decision : perUse)
        if (!decision.is_null())
            context.explain(std::move(decision));

    if (planned.empty())
        return Status::success();
    std::vector<TaskGraph::Insertion> insertions;
    std::sort(planned.begin(), planned.end(),
        [](const Planned& a, const Planned& b) { return std::tie(a.before, a.sequence) < std::tie(b.before, b.sequence); });
    for (const Planned& p : planned) {
        NewTask task;
        task.id = p.id;
        task.name = "prefetch/" + kernelName(p.use) + "/cluster_" + std::to_string(p.unit);
        task.exec = kind.name;
        task.unit = p.unit;
        task.cycles = prefetchCycles();
        task.role = TaskRole::Prefetch;
        task.prefetch = kernelName(p.use);
        for (BarrierIndex b : p.wait)
            task.wait.emplace_back(graph.barriers.view(b));
        for (BarrierIndex b : p.update)
            task.update.emplace_back(graph.barriers.view(b));
        task.origin = "sw-kernel-prefetch";
        insertions.push_back({ p.before, std::move(task) });
    }
    graph.insertTasks(std::move(insertions));
    return Status::success();
}

void registerSwKernelPrefetchPass(PassRegistry& registry)
{
    registry.add([] { return std::make_unique<SwKernelPrefetchPass>(); });
}

} // namespace lookahead
