// The explorer's interactive budgets, offscreen at 1920×1080:
// - frame time of the Gantt view on a 1 M-task schedule, fully zoomed out (every task in view, the
//   level-of-detail merge at work), zoomed in to 1 %, and while panning;
// - rerun latency at 100 k tasks: what one option change costs from the new pipeline text to the
//   repainted view (copy the graph, run the pipeline, simulate, build lanes and diff colours,
//   repaint). The debounce (120 ms by default) comes on top when a slider moves.
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

void BM_GanttFrameZoomedOut(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    for (auto _ : state)
        fixture.view.replotNow();
    state.counters["rects"] = double(fixture.view.plottable()->lastRectCount());
    state.counters["lanes"] = double(fixture.view.plottable()->data()->lanes().size());
}
BENCHMARK(BM_GanttFrameZoomedOut)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GanttFrameZoomedIn(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    const double makespan = double(fixture.view.plottable()->data()->makespan());
    fixture.state.setVisibleRange(makespan * 0.5, makespan * 0.51);
    for (auto _ : state)
        fixture.view.replotNow();
    state.counters["rects"] = double(fixture.view.plottable()->lastRectCount());
}
BENCHMARK(BM_GanttFrameZoomedIn)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

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
BENCHMARK(BM_GanttFramePanning)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The pipeline a slider changes: the first registered pass with an integer option, set to a value
/// that changes per iteration; an empty pipeline when the build has no passes.
QString pipelineFor(int iteration)
{
    const PassRegistry& registry = PassRegistry::global();
    for (const std::string& name : registry.names()) {
        auto pass = registry.create(name);
        for (OptionBase* option : pass->options())
            if (option->kind() == OptionKind::Integer) {
                auto* integer = static_cast<IntegerOption*>(option);
                const std::int64_t span = std::min<std::int64_t>(integer->maximum() - integer->minimum(), 1000000);
                const std::int64_t value = integer->minimum() + (span ? (iteration * 7919) % (span + 1) : 0);
                return QStringLiteral("%1{%2=%3}").arg(QString::fromStdString(name), QString::fromStdString(option->name())).arg(value);
            }
    }
    return {};
}

void BM_RerunLatency(benchmark::State& state)
{
    ViewFixture fixture(std::size_t(state.range(0)));
    LoadedGraph loaded;
    loaded.baseline = snapshotOf(std::size_t(state.range(0)));
    int iteration = 0;
    QString pipeline;
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
    }
    state.SetLabel(pipeline.isEmpty() ? std::string("no passes registered: simulate only") : pipeline.toStdString());
}
BENCHMARK(BM_RerunLatency)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);
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
