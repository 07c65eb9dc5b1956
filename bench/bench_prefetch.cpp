// sw-kernel-prefetch rule 3 (mid-schedule gap search) at 100 k and 1 M tasks: the event sweep the
// pass uses (SaturationProfile + MonotoneGapSweep, O(N log N)) against a straightforward
// per-candidate rescan kept here only (for every candidate: rescan all kernel tasks to count the
// starts per point, then for every reference-tile task before the target search the saturated
// points linearly). Both answer the same 12 targets, spread evenly over the schedule (kernels first
// used late: the expensive case), and must agree. Graphs: the synthetic generator, seed 1, 6 tiles.

#include "passes/PrefetchGapSearch.h"

#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <unordered_map>

using namespace lookahead;

namespace {

struct GapInput {
    std::vector<std::int64_t> starts, ends;
    std::vector<GapOpener> openers; // reference tile 1, start order
    std::vector<std::int64_t> targets;
    std::uint32_t engines = 12;
};

const GapInput& inputOf(std::size_t tasks)
{
    static std::map<std::size_t, GapInput> cache;
    auto it = cache.find(tasks);
    if (it != cache.end())
        return it->second;
    const TaskGraph graph = generateSyntheticGraph({ tasks, 1, 6 });
    SimulationOptions spec;
    spec.specCosts = true;
    const auto schedule = simulate(graph, CostModel::standard(), spec).value();
    const int shave = graph.platform.findExecutor("SHAVE");
    GapInput input;
    input.engines = graph.platform.executors[shave].units * graph.platform.executors[shave].engines;
    for (TaskIndex t : schedule->startOrder) {
        const Task& task = graph.tasks[t];
        if (task.exec != shave || task.kernel == kNoKernel)
            continue;
        input.starts.push_back(schedule->start[t]);
        input.ends.push_back(schedule->end[t]);
        if (task.unit == 1)
            input.openers.push_back({ t, schedule->start[t] });
    }
    for (int i = 1; i <= 12; ++i)
        input.targets.push_back(input.starts[input.starts.size() * i / 13]);
    return cache.emplace(tasks, std::move(input)).first->second;
}

/// Sum of the best gaps, so both versions can be checked against each other.
std::int64_t sweepGaps(const GapInput& in)
{
    SaturationProfile profile(SaturationRule::ExactStart, in.engines, in.starts, in.ends);
    MonotoneGapSweep sweep(profile, in.openers);
    std::int64_t total = 0;
    for (std::int64_t target : in.targets)
        if (auto best = sweep.best(target))
            total += best->gap();
    return total;
}

std::int64_t rescanGaps(const GapInput& in)
{
    std::int64_t total = 0;
    for (std::int64_t target : in.targets) {
        std::unordered_map<std::int64_t, std::uint32_t> startsAt;
        for (std::int64_t s : in.starts)
            ++startsAt[s];
        std::vector<std::int64_t> saturated;
        for (const auto& [point, count] : startsAt)
            if (count >= in.engines)
                saturated.push_back(point);
        std::optional<std::int64_t> best;
        for (const GapOpener& p : in.openers) {
            if (p.start >= target)
                break;
            if (startsAt[p.start] >= in.engines)
                continue;
            std::int64_t end = target;
            for (std::int64_t point : saturated)
                if (point > p.start && point < end)
                    end = point;
            best = std::max(best.value_or(INT64_MIN), end - p.start);
        }
        if (best)
            total += *best;
    }
    return total;
}

void BM_GapSweep(benchmark::State& state)
{
    const GapInput& in = inputOf(static_cast<std::size_t>(state.range(0)));
    std::int64_t total = 0;
    for (auto _ : state) {
        total = sweepGaps(in);
        benchmark::DoNotOptimize(total);
    }
    if (total != rescanGaps(in))
        state.SkipWithError("sweep and rescan disagree");
    state.counters["kernel_tasks"] = double(in.starts.size());
    state.counters["ref_tile_tasks"] = double(in.openers.size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_GapRescan(benchmark::State& state)
{
    const GapInput& in = inputOf(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        std::int64_t total = rescanGaps(in);
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

} // namespace

BENCHMARK(BM_GapSweep)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GapRescan)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
