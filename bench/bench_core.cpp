// Core throughput at 10 k / 100 k / 1 M tasks: load (parse + validate + deadlock check), simulate,
// write. Graphs come from the synthetic generator (same seed as `batch generate --seed 1`).
// Memory per task is reported as a counter (core bytes: graph + schedule).

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"
#include "lookahead/Verifier.h"

#include "CompilerShapedGraph.h"
#include "TextRate.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

using namespace lookahead;

namespace {
const TaskGraph& graphOf(std::size_t tasks)
{
    static std::map<std::size_t, TaskGraph> cache;
    auto it = cache.find(tasks);
    if (it == cache.end())
        it = cache.emplace(tasks, generateSyntheticGraph({ tasks, 1, 6 })).first;
    return it->second;
}

const std::string& textOf(std::size_t tasks)
{
    static std::map<std::size_t, std::string> cache;
    auto it = cache.find(tasks);
    if (it == cache.end())
        it = cache.emplace(tasks, writeTaskGraph(graphOf(tasks))).first;
    return it->second;
}

void BM_Load(benchmark::State& state)
{
    const std::string& text = textOf(static_cast<std::size_t>(state.range(0)));
    std::size_t bytesPerTask = 0;
    for (auto _ : state) {
        auto graph = parseTaskGraph(text, "bench.json");
        if (!graph.ok())
            state.SkipWithError(graph.error().toString().c_str());
        else
            bytesPerTask = graph.value().memoryBytes() / graph.value().tasks.size();
        benchmark::DoNotOptimize(graph);
    }
    state.counters["graph_bytes_per_task"] = double(bytesPerTask);
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, std::int64_t(text.size()));
}

/// Load of the compiler-shaped graph (long ids, escapes, optional and unknown keys).
void BM_LoadCompilerShaped(benchmark::State& state)
{
    static std::map<std::size_t, std::string> cache;
    const auto tasks = static_cast<std::size_t>(state.range(0));
    auto it = cache.find(tasks);
    if (it == cache.end())
        it = cache.emplace(tasks, bench::compilerShapedGraphText(tasks)).first;
    const std::string& text = it->second;
    for (auto _ : state) {
        auto graph = parseTaskGraph(text, "bench.json");
        if (!graph.ok())
            state.SkipWithError(graph.error().toString().c_str());
        benchmark::DoNotOptimize(graph);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, std::int64_t(text.size()));
}

/// Load from a file, the product's path (`batch`, the explorer): the text read into its padded
/// buffer (faulted in on the other core) rather than copied from a string as parseTaskGraph() does.
/// `compiler`: the compiler-shaped graph. The file is written once, to the temporary directory.
void BM_LoadFile(benchmark::State& state)
{
    static std::map<std::pair<std::size_t, bool>, std::filesystem::path> files;
    const auto tasks = static_cast<std::size_t>(state.range(0));
    const bool compiler = state.range(1) != 0;
    auto it = files.find({ tasks, compiler });
    if (it == files.end()) {
        const std::filesystem::path path = std::filesystem::temp_directory_path()
            / ("lookahead-bench-" + std::to_string(tasks) + (compiler ? "-compiler.json" : ".json"));
        std::ofstream(path, std::ios::binary) << (compiler ? bench::compilerShapedGraphText(tasks) : textOf(tasks));
        it = files.emplace(std::pair { tasks, compiler }, path).first;
    }
    for (auto _ : state) {
        auto graph = loadTaskGraphFile(it->second.string());
        if (!graph.ok())
            state.SkipWithError(graph.error().toString().c_str());
        benchmark::DoNotOptimize(graph);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    bench::setTextProcessed(state, static_cast<std::int64_t>(std::filesystem::file_size(it->second)));
}

/// The hazard check of `batch run` (Verifier::scanHazards, 100 described) on the compiler-shaped
/// graph: race-free buffers (a buffer per task, read by the tasks that wait for it), or racy ones
/// (`racy`: four buffers written by every task, most writers unordered; 4.9 M hazards at 20 k).
void BM_HazardsCompilerShaped(benchmark::State& state)
{
    const auto tasks = static_cast<std::size_t>(state.range(0));
    const auto buffers = state.range(1) ? bench::Buffers::Racy : bench::Buffers::RaceFree;
    auto graph = parseTaskGraph(bench::compilerShapedGraphText(tasks, 1, buffers), "bench.json");
    if (!graph.ok()) {
        state.SkipWithError(graph.error().toString().c_str());
        return;
    }
    std::size_t hazards = 0;
    for (auto _ : state) {
        const HazardScan scan = Verifier::scanHazards(graph.value(), 100);
        hazards = scan.total;
        benchmark::DoNotOptimize(scan);
    }
    state.counters["hazards"] = double(hazards);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Simulate(benchmark::State& state)
{
    const TaskGraph& graph = graphOf(static_cast<std::size_t>(state.range(0)));
    SimulationOptions options;
    options.specCosts = true;
    std::size_t scheduleBytes = 0;
    for (auto _ : state) {
        auto schedule = simulate(graph, CostModel::standard(), options);
        scheduleBytes = schedule.value()->memoryBytes();
        benchmark::DoNotOptimize(schedule);
    }
    state.counters["core_bytes_per_task"] = double(graph.memoryBytes() + scheduleBytes) / double(graph.tasks.size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_SimulateWithCostTerms(benchmark::State& state)
{
    const TaskGraph& graph = graphOf(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto schedule = simulate(graph);
        benchmark::DoNotOptimize(schedule);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Write(benchmark::State& state)
{
    const TaskGraph& graph = graphOf(static_cast<std::size_t>(state.range(0)));
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph, CostModel::standard(), options);
    GraphWriteOptions writeOptions;
    writeOptions.schedule = schedule.value().get();
    for (auto _ : state) {
        std::string text = writeTaskGraph(graph, writeOptions);
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
} // namespace

// Real time: the loader walks a large file on a second thread (formats/TaskBatches.h).
BENCHMARK(BM_Load)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5)
    ->UseRealTime();
BENCHMARK(BM_LoadFile)
    ->Args({ 100'000, 0 })
    ->Args({ 1'000'000, 0 })
    ->Args({ 100'000, 1 })
    ->Args({ 1'000'000, 1 })
    ->ArgNames({ "tasks", "compiler" })
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5)
    ->UseRealTime();
BENCHMARK(BM_LoadCompilerShaped)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5)
    ->UseRealTime();
BENCHMARK(BM_HazardsCompilerShaped)
    ->Args({ 200'000, 0 })
    ->Args({ 20'000, 1 })
    ->ArgNames({ "tasks", "racy" })
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);
BENCHMARK(BM_Simulate)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_SimulateWithCostTerms)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);
BENCHMARK(BM_Write)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->MinTime(0.5);

int main(int argc, char** argv)
{
    // `--write-compiler-shaped N FILE [racy]` writes the compiler-shaped graph for the end-to-end
    // comparison (`racy`: the shape whose buffers race, for the hazard check).
    if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "--write-compiler-shaped") == 0) {
        const bool racy = argc == 5 && std::strcmp(argv[4], "racy") == 0;
        std::ofstream(argv[3], std::ios::binary) << bench::compilerShapedGraphText(
            std::stoul(argv[2]), 1, racy ? bench::Buffers::Racy : bench::Buffers::RaceFree);
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
