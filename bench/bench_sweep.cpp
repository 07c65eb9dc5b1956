// A 32-point sweep, serial against every core (`batch sweep --jobs N`): the same table either way
// (SweepTest checks that), so the only figure is wall time. Graph: the synthetic generator's
// 20 k-task NPU-like graph (`batch generate --tasks 20000 --seed 1`); pipeline: sw-kernel-prefetch
// in start+mid mode with start-threshold swept over 32 values (every point reruns the pass, its
// verifier and the simulator on a fresh copy).

#include "lookahead/Sweep.h"
#include "lookahead/SyntheticGraph.h"

#include <benchmark/benchmark.h>

using namespace lookahead;

namespace {

void BM_Sweep32(benchmark::State& state)
{
    static const TaskGraph graph = generateSyntheticGraph({ 20000, 1, 6 });
    auto variation = parseSweepVariation("sw-kernel-prefetch.start-threshold=0:3100000:100000");
    SweepOptions options;
    options.pipeline = "sw-kernel-prefetch{mode=start+mid}";
    options.jobs = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        auto result = runSweep(graph, variation.value(), options);
        if (!result.ok()) {
            state.SkipWithError(result.error().toString().c_str());
            break;
        }
        benchmark::DoNotOptimize(result);
    }
    state.counters["points"] = double(variation.value().values.size());
}

} // namespace

BENCHMARK(BM_Sweep32)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
