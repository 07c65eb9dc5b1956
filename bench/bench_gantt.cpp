// The explorer's interactive budgets, offscreen at 1920×1080:
// - frame time of the Gantt view on a 1 M-task schedule, fully zoomed out (every task in view, the
//   level-of-detail merge at work), zoomed in to 1 %, and while panning. Every measured frame
//   rasterises the lanes again (the view caches them while only decorations change, which
//   BM_GanttFrameDecorationOnly measures separately), so these are the frames a zoom or pan costs;
// - rerun latency at 100 k tasks: what one option change costs from the new pipeline text to the
//   repainted view (copy the graph, run the pipeline, simulate, build lanes and diff colours,
//   repaint), with a slider on `sw-kernel-prefetch{start-threshold=...}`. The debounce (120 ms by
//   default) comes on top when a slider moves.
// Times: the CPU column is the process's CPU time, the meaningful one on a shared machine; run with
// --benchmark_repetitions=5 and read the medians.
// Graphs come from the synthetic generator (`batch generate --seed 1`).

#include "GanttPlottable.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "RunController.h"

#include "lookahead/PassRegistry.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include <QApplication>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>

using namespace lookahead;

namespace {
std::shared_ptr<const ScheduleSnapshot> snapshotOf(std::size_t tasks)
{
    static std::map<std::size_t, std::shared_ptr<const ScheduleSnapshot>> cache;
    auto it = cache.find(tasks);
    if (it == cache.end()) {
        auto graph = std::make_shared<const TaskGraph>(generateSyntheticGraph({ tasks, 1, 6 }));
        it = cache.emplace(tasks, RunController::makeSnapshot(graph, simulate(*graph).value())).first;
    }
    return it->second;
}

struct ViewFixture {
    GanttViewState state;
    GanttView view { &state };
    explicit ViewFixture(std::size_t tasks)
    {
        view.resize(1920, 1080);
        view.show();
        auto snapshot = snapshotOf(tasks);
        view.setSnapshot(snapshot, snapshot->gantt, GanttViewState::ColourMode::ByKernel);
        view.fitAll();
    }
};

/// A full frame: the lanes are rasterised again, as after a zoom or a pan.
void fullFrame(ViewFixture& fixture)
{
    fixture.view.plottable()->invalidateLanes();
    fixture.view.replotNow();
    if (fixture.view.plottable()->lastDrawReusedLanes())
        std::abort();
}

void BM_GanttFrameZoomedOut(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    for (auto _ : state)
        fullFrame(fixture);
    state.counters["rects"] = double(fixture.view.plottable()->lastRectCount());
    state.counters["lanes"] = double(fixture.view.plottable()->data()->lanes().size());
}
BENCHMARK(BM_GanttFrameZoomedOut)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

/// Fully zoomed out with every decoration on: search fading, critical path, a selected task with its
/// dependency arrows, a range selection.
void BM_GanttFrameZoomedOutDecorated(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    const auto snapshot = snapshotOf(std::size_t(state.range(0)));
    const TaskGraph& graph = *snapshot->graph;
    const auto& path = snapshot->gantt->criticalPath();
    const TaskIndex selected = path.empty() ? TaskIndex(0) : path[path.size() / 2];
    const auto id = graph.taskId(selected);
    fixture.state.setSelectedTaskId(QString::fromUtf8(id.data(), qsizetype(id.size())));
    fixture.state.setCriticalPathShown(true);
    fixture.state.setDependenciesShown(true);
    fixture.state.setFilterText(QStringLiteral("7"));
    const double makespan = double(snapshot->gantt->makespan());
    fixture.state.setRangeSelection(std::int64_t(makespan * 0.4), std::int64_t(makespan * 0.45));
    for (auto _ : state)
        fullFrame(fixture);
    state.counters["rects"] = double(fixture.view.plottable()->lastRectCount());
    state.counters["critical"] = double(path.size());
}
BENCHMARK(BM_GanttFrameZoomedOutDecorated)->Arg(1000000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

/// Only the selection changes (a click): the lane image is reused, decorations are drawn again.
void BM_GanttFrameDecorationOnly(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    const auto snapshot = snapshotOf(std::size_t(state.range(0)));
    const auto& path = snapshot->gantt->criticalPath();
    std::size_t step = 0;
    for (auto _ : state) {
        const TaskIndex selected = path.empty() ? TaskIndex(step % 100) : path[(step * 7919) % path.size()];
        ++step;
        const auto id = snapshot->graph->taskId(selected);
        fixture.state.setSelectedTaskId(QString::fromUtf8(id.data(), qsizetype(id.size())));
        fixture.view.replotNow();
    }
    state.counters["reused"] = fixture.view.plottable()->lastDrawReusedLanes() ? 1 : 0;
}
BENCHMARK(BM_GanttFrameDecorationOnly)->Arg(1000000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_GanttFrameZoomedIn(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    const double makespan = double(fixture.view.plottable()->data()->makespan());
    fixture.state.setVisibleRange(makespan * 0.5, makespan * 0.51);
    for (auto _ : state)
        fullFrame(fixture);
    state.counters["rects"] = double(fixture.view.plottable()->lastRectCount());
}
BENCHMARK(BM_GanttFrameZoomedIn)->Arg(1000000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_GanttFramePanning(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    const double makespan = double(fixture.view.plottable()->data()->makespan());
    fixture.state.setVisibleRange(0, makespan * 0.2);
    int step = 0;
    for (auto _ : state) {
        fixture.view.panBy(++step % 20 < 10 ? 0.05 : -0.05);
        fixture.view.replotNow();
    }
}
BENCHMARK(BM_GanttFramePanning)->Arg(1000000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

/// The pipeline a slider changes: sw-kernel-prefetch's start threshold dragged from 0 up to 270 k
/// cycles (just under its 280 k default), one 30 k step per rerun.
QString pipelineFor(int iteration)
{
    return QStringLiteral("sw-kernel-prefetch{start-threshold=%1}").arg((iteration % 10) * 30000);
}

void BM_RerunLatency(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    LoadedGraph loaded;
    // As a load makes it: the baseline knows its cost options, so the rerun reuses its schedule.
    auto baseline = std::make_shared<ScheduleSnapshot>(*snapshotOf(std::size_t(state.range(0))));
    baseline->costs = SimulationOptions {};
    loaded.baseline = baseline;
    int iteration = 0;
    QString pipeline;
    double insertedMin = 1e18, insertedMax = -1;
    for (auto _ : state) {
        pipeline = pipelineFor(++iteration);
        QString error;
        auto result = RunController::runJob(loaded, pipeline, PassRegistry::global(), false, nullptr, &error);
        if (!result) {
            state.SkipWithError(error.toStdString().c_str());
            break;
        }
        fixture.view.setSnapshot(result, result->gantt, GanttViewState::ColourMode::ByKernel);
        fixture.view.replotNow();
        const double inserted = double(result->graph->tasks.size()) - double(loaded.baseline->graph->tasks.size());
        insertedMin = std::min(insertedMin, inserted);
        insertedMax = std::max(insertedMax, inserted);
    }
    state.SetLabel(pipeline.toStdString());
    // Prefetches the pass inserted across the slider positions: shows the reruns do real work.
    state.counters["inserted_min"] = insertedMin;
    state.counters["inserted_max"] = insertedMax;
}
BENCHMARK(BM_RerunLatency)->Arg(100000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->Iterations(10);
} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
