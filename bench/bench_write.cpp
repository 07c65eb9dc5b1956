// Writing (issue #13): the graph export with its schedule at 1 M tasks (goal ≤ 0.3 s), the Chrome
// trace export of 100 k tasks, and the re-import of that export. Graphs come from the synthetic
// generator, as in bench_core.cpp (`batch generate --seed 1 --tiles 6`).
//
// Peak memory of the re-import is measured outside, on the CLI (see BENCHMARKS.md):
// `lookahead_bench_write --write-chrome 100000 FILE` writes the export that `batch import` reads.

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include "TextRate.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <map>
#include <memory>

using namespace lookahead;

namespace {
struct Scheduled {
    TaskGraph graph;
    std::shared_ptr<const Schedule> schedule;
};

const Scheduled& scheduledOf(std::size_t tasks)
{
    static std::map<std::size_t, Scheduled> cache;
    auto it = cache.find(tasks);
    if (it == cache.end()) {
        Scheduled entry { generateSyntheticGraph({ tasks, 1, 6 }), nullptr };
        SimulationOptions options;
        options.specCosts = true;
        entry.schedule = simulate(entry.graph, CostModel::standard(), options).value();
        it = cache.emplace(tasks, std::move(entry)).first;
    }
    return it->second;
}

const std::string& chromeTextOf(std::size_t tasks)
{
    static std::map<std::size_t, std::string> cache;
    auto it = cache.find(tasks);
    if (it == cache.end()) {
        const Scheduled& scheduled = scheduledOf(tasks);
        it = cache.emplace(tasks, writeChromeTrace(scheduled.graph, *scheduled.schedule)).first;
    }
    return it->second;
}

/// range(1) = 1: with the schedule (`batch run -o`), 0: the graph alone (`batch generate`).
void BM_WriteGraph(benchmark::State& state)
{
    const Scheduled& scheduled = scheduledOf(static_cast<std::size_t>(state.range(0)));
    GraphWriteOptions options;
    if (state.range(1))
        options.schedule = scheduled.schedule.get();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = writeTaskGraph(scheduled.graph, options);
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, std::int64_t(bytes));
}

void BM_ChromeExport(benchmark::State& state)
{
    const Scheduled& scheduled = scheduledOf(static_cast<std::size_t>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = writeChromeTrace(scheduled.graph, *scheduled.schedule);
        bytes = text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, std::int64_t(bytes));
}

void BM_ChromeReimport(benchmark::State& state)
{
    const std::string& text = chromeTextOf(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto imported = importChromeTrace(text, "export.trace.json");
        if (!imported.ok())
            state.SkipWithError(imported.error().toString().c_str());
        benchmark::DoNotOptimize(imported);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, std::int64_t(text.size()));
}
} // namespace

BENCHMARK(BM_WriteGraph)->Args({ 1'000'000, 1 })->Args({ 1'000'000, 0 })->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_ChromeExport)->Arg(100'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_ChromeReimport)->Arg(100'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);

int main(int argc, char** argv)
{
    // `--write-chrome N FILE` writes the Chrome export of the N-task graph (for the memory measurement).
    if (argc == 4 && std::strcmp(argv[1], "--write-chrome") == 0) {
        std::ofstream(argv[3], std::ios::binary) << chromeTextOf(std::stoul(argv[2]));
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
