// Gantt data: lanes per engine, sorted spans, binary searches, hit testing, and the painter's
// level-of-detail merge on a large synthetic schedule.

#include "TestRegistry.h"

#include "GanttData.h"
#include "GanttPlottable.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "ProbeRegistry.h"
#include "RunController.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include <QRegularExpression>
#include <QTest>

using namespace lookahead;

class GanttDataTest : public QObject {
    Q_OBJECT
private slots:
    void lanesAndSpans()
    {
        const QByteArray json = test::sampleGraphJson();
        auto graph = parseTaskGraph(std::string_view(json.constData(), std::size_t(json.size())), "sample");
        QVERIFY(graph.ok());
        auto schedule = simulate(graph.value());
        QVERIFY(schedule.ok());
        auto data = GanttData::build(graph.value(), *schedule.value());
        // DMA: 1 unit × 1 engine; SHAVE: 2 tiles × 2 engines.
        QCOMPARE(data->lanes().size(), std::size_t(5));
        QCOMPARE(data->lanes()[0].label, QStringLiteral("DMA"));
        QCOMPARE(data->lanes()[1].label, QStringLiteral("SHAVE t0 · e0"));
        QCOMPARE(data->lanes()[4].label, QStringLiteral("SHAVE t1 · e1"));
        std::size_t spans = 0;
        for (std::uint32_t lane = 0; lane < data->lanes().size(); ++lane) {
            const auto& list = data->lanes()[lane].spans;
            spans += list.size();
            for (std::size_t i = 1; i < list.size(); ++i) {
                QVERIFY(list[i - 1].start <= list[i].start);
                QVERIFY(list[i - 1].end <= list[i].start); // one task at a time per engine
            }
            for (const GanttSpan& span : list)
                QCOMPARE(data->laneOfTask(span.task), lane);
        }
        QCOMPARE(spans, graph.value().tasks.size());
        // The DMA lane: load0 [0, 5000), then load1 after b1.
        const TaskIndex load0 = graph.value().findTask("load0");
        QCOMPARE(data->taskAt(0, 2500, 0), load0);
        QCOMPARE(data->taskAt(0, 5000 + 1e9, 10), kNoTask);
        QCOMPARE(data->firstEndingAtOrAfter(0, 0), std::size_t(0));
        QCOMPARE(data->spanOf(load0).colour, std::uint8_t(GanttData::DmaColour));
        QVERIFY(!data->criticalPath().empty());
        QVERIFY(!data->legend().empty());
    }

    /// A recording's call frame (an open and a return piece of one event, the callee on the lane
    /// below) is one bar from its start to its return, on the frame's lane; both pieces map to it.
    void aRecordedCallFrameIsOneBar()
    {
        const std::string json = R"json({"format": "lookahead-taskgraph", "version": 1,
            "platform": {"clock_mhz": 1000, "executors": {"Python": {"units": 2}}},
            "tasks": [
              {"id": "f", "exec": "Python", "unit": 0, "cycles": 10, "source": "/traceEvents/1", "frame": "open"},
              {"id": "c", "exec": "Python", "unit": 1, "cycles": 20, "after": ["f"], "source": "/traceEvents/2"},
              {"id": "f (return)", "exec": "Python", "unit": 0, "cycles": 5, "after": ["c"],
               "source": "/traceEvents/1", "frame": "return"},
              {"id": "g", "exec": "Python", "unit": 0, "cycles": 3, "source": "/traceEvents/3"}]})json";
        auto graph = parseTaskGraph(json, "frames");
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        auto schedule = simulate(graph.value());
        QVERIFY(schedule.ok());
        auto data = GanttData::build(graph.value(), *schedule.value());
        const TaskGraph& g = graph.value();
        const std::vector<GanttSpan>& frameLane = data->lanes()[data->laneOfTask(g.findTask("f"))].spans;
        QCOMPARE(frameLane.size(), std::size_t(2)); // the frame, then g
        QCOMPARE(frameLane[0].start, std::int64_t(0));
        QCOMPARE(frameLane[0].end, std::int64_t(35));
        QCOMPARE(frameLane[0].task, g.findTask("f"));
        QCOMPARE(&data->spanOf(g.findTask("f (return)")), &frameLane[0]);
        QCOMPARE(frameLane[1].start, std::int64_t(35));
        QCOMPARE(data->taskAt(data->laneOfTask(g.findTask("f")), 20, 0), g.findTask("f")); // under the callee
        QCOMPARE(data->spanOf(g.findTask("c")).end, std::int64_t(30));
    }

    /// A recording's lanes are labelled with the names it gives them (`lane_names`), after the
    /// executor kind; tiles keep their index, a kind of one unit its name, an unnamed unit its number.
    void recordedLaneNamesLabelTheLanes()
    {
        const std::string json = R"json({"format": "lookahead-taskgraph", "version": 1,
            "platform": {"clock_mhz": 1000, "executors": {
              "GPU 0": {"units": 3, "lane_names": ["stream 7", "", "stream 7 / depth 1"]},
              "HCCL": {"units": 1, "lane_names": ["Group 0 Communication"]},
              "SHAVE": {"units": 2, "tiled": true, "lane_names": ["Cluster (0)", "Cluster (1)"]}}},
            "tasks": [{"id": "k", "exec": "GPU 0", "unit": 0, "cycles": 10}]})json";
        auto graph = parseTaskGraph(json, "lanes");
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        auto schedule = simulate(graph.value());
        QVERIFY(schedule.ok());
        auto data = GanttData::build(graph.value(), *schedule.value());
        QStringList labels;
        for (const GanttLane& lane : data->lanes())
            labels << lane.label;
        QCOMPARE(labels,
            QStringList({ QStringLiteral("GPU 0 · stream 7"), QStringLiteral("GPU 0 #1"),
                QStringLiteral("GPU 0 · stream 7 / depth 1"), QStringLiteral("HCCL"), QStringLiteral("SHAVE t0"),
                QStringLiteral("SHAVE t1") }));
    }

    /// Framing a selected task shows it with twice its length either side, but never more than the
    /// whole schedule: a step that spans the recording fills the view from time 0.
    void framingATaskStaysWithinTheSchedule()
    {
        const std::string json = R"json({"format": "lookahead-taskgraph", "version": 1,
            "platform": {"clock_mhz": 1000, "executors": {"CPU": {"units": 2}}},
            "tasks": [{"id": "step", "exec": "CPU", "unit": 0, "cycles": 1000},
                      {"id": "op", "exec": "CPU", "unit": 1, "cycles": 10, "delay": 500}]})json";
        const auto snapshot = test::snapshotOf(json, "framing");
        GanttViewState state;
        GanttView view(&state);
        view.resize(800, 400);
        view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
        state.setSelectedTaskId(QStringLiteral("step"));
        view.fitSelection();
        QCOMPARE(state.firstCycle(), -10.0); // 1 % of the makespan, as "fit all" shows it
        QCOMPARE(state.lastCycle(), 1010.0);
        state.setSelectedTaskId(QStringLiteral("op"));
        view.fitSelection();
        QCOMPARE(state.firstCycle(), 480.0); // a short task: twice its length either side
        QCOMPARE(state.lastCycle(), 530.0);
    }

    /// The time ruler steps in time, not in cycles: at 1,800 MHz a 139 ms schedule is ruled at whole
    /// milliseconds (cycle steps of 50 M would read 27777.8 µs, 55555.6 µs, ...).
    void timeRulerStepsInTime()
    {
        const std::string json = R"json({"format": "lookahead-taskgraph", "version": 1,
            "platform": {"clock_mhz": 1800, "executors": {"AICORE": {"units": 1}}},
            "tasks": [{"id": "k", "exec": "AICORE", "unit": 0, "cycles": 250000000}]})json";
        const auto snapshot = test::snapshotOf(json, "ruler");
        GanttViewState state;
        GanttView view(&state);
        view.resize(1000, 300);
        view.show(); // lays the plot out at the view's size: the ruler has as many ticks as fit
        view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
        view.replotNow();
        const QList<QString> labels = view.plot()->xAxis2->tickVectorLabels();
        QVERIFY(labels.size() >= 3);
        static const QRegularExpression wholeMilliseconds(QStringLiteral("^-?\\d+ ms$"));
        for (const QString& label : labels)
            QVERIFY2(wholeMilliseconds.match(label).hasMatch(), qPrintable(label));
        QVERIFY(labels.contains(QStringLiteral("100 ms")));
    }

    /// A rerun's lanes are built once for both colourings, the baseline's are recoloured, and the
    /// tasks are matched by walking both graphs: the same as a full build and an id lookup per task.
    void movementOfARerunMatchesAFullBuild()
    {
        const QByteArray json = test::sampleGraphJson();
        auto graph = std::make_shared<const TaskGraph>(
            parseTaskGraph(std::string_view(json.constData(), std::size_t(json.size())), "sample").value());
        LoadedGraph loaded;
        loaded.baseline = RunController::makeSnapshot(graph, simulate(*graph).value());
        QString error;
        auto result = RunController::runJob(
            loaded, QStringLiteral("probe{insert=true,delay=3000}"), test::probeRegistry(), false, nullptr, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(result->graph->tasks.size(), graph->tasks.size() + 1);
        std::vector<TaskIndex> back(graph->tasks.size(), kNoTask);
        for (TaskIndex t = 0; t < result->graph->tasks.size(); ++t) {
            QCOMPARE(result->counterpart[t], graph->findTask(result->graph->taskId(t)));
            if (result->counterpart[t] != kNoTask)
                back[result->counterpart[t]] = t;
        }
        QCOMPARE(result->counterpart[result->graph->findTask("inserted")], kNoTask);
        QCOMPARE(result->gantt, result->movementGantt);

        const auto full = GanttData::build(*graph, *loaded.baseline->schedule, { result->schedule.get(), &back, true });
        const GanttData& recoloured = *result->baselineMovementGantt;
        QCOMPARE(recoloured.lanes().size(), full->lanes().size());
        bool moved = false;
        for (std::size_t lane = 0; lane < full->lanes().size(); ++lane) {
            const auto& expected = full->lanes()[lane].spans;
            const auto& actual = recoloured.lanes()[lane].spans;
            QCOMPARE(actual.size(), expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                QCOMPARE(actual[i].task, expected[i].task);
                QCOMPARE(actual[i].colour, expected[i].colour);
                QCOMPARE(actual[i].moveColour, expected[i].moveColour);
                moved |= expected[i].moveColour != GanttData::Unchanged;
            }
        }
        QVERIFY(moved); // the inserted task delays what follows it: the test compares real colours
    }

    void levelOfDetailMergesSubPixelTasks()
    {
        SyntheticGraphOptions options;
        options.tasks = 60000;
        auto graph = std::make_shared<const TaskGraph>(generateSyntheticGraph(options));
        auto schedule = simulate(*graph);
        QVERIFY(schedule.ok());
        auto snapshot = RunController::makeSnapshot(graph, schedule.value());
        GanttViewState state;
        GanttView view(&state);
        view.resize(500, 700); // fewer pixel columns than tasks per lane: merging must happen
        view.show();
        view.setSnapshot(snapshot, snapshot->gantt, GanttViewState::ColourMode::ByKernel);
        view.fitAll();
        view.replotNow();
        const std::size_t zoomedOut = view.plottable()->lastRectCount();
        QVERIFY(zoomedOut > 0);
        // Fully zoomed out, at most a couple of rectangles per pixel column per lane.
        QVERIFY2(zoomedOut < snapshot->gantt->lanes().size() * 500 * 2, qPrintable(QString::number(zoomedOut)));
        QVERIFY(zoomedOut < graph->tasks.size());
        // Zoomed in, tasks are drawn one by one and far fewer are visible.
        state.setVisibleRange(0, double(snapshot->gantt->makespan()) / 1000);
        view.replotNow();
        QVERIFY(view.plottable()->lastRectCount() < zoomedOut);
    }

    void navigationKeepsState()
    {
        const QByteArray json = test::sampleGraphJson();
        auto graph = std::make_shared<const TaskGraph>(
            parseTaskGraph(std::string_view(json.constData(), std::size_t(json.size())), "s").value());
        auto snapshot = RunController::makeSnapshot(graph, simulate(*graph).value());
        GanttViewState state;
        GanttView view(&state);
        view.resize(800, 400);
        view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
        const double span = state.lastCycle() - state.firstCycle();
        QTest::keyClick(&view, Qt::Key_W);
        QVERIFY(state.lastCycle() - state.firstCycle() < span);
        QTest::keyClick(&view, Qt::Key_S);
        QVERIFY(qFuzzyCompare(state.lastCycle() - state.firstCycle(), span));
        const double first = state.firstCycle();
        QTest::keyClick(&view, Qt::Key_D);
        QVERIFY(state.firstCycle() > first);
        state.setSelectedTaskId(QStringLiteral("load0"));
        QTest::keyClick(&view, Qt::Key_Period);
        QCOMPARE(state.selectedTaskId(), QStringLiteral("load1"));
        QTest::keyClick(&view, Qt::Key_Comma);
        QCOMPARE(state.selectedTaskId(), QStringLiteral("load0"));
        QTest::keyClick(&view, Qt::Key_F);
        QVERIFY(state.firstCycle() < 0.0 + 1 && state.lastCycle() <= 5000 * 3 + 1);
        // A new snapshot (a rerun) keeps the zoom.
        const double keptFirst = state.firstCycle(), keptLast = state.lastCycle();
        view.setSnapshot(snapshot, nullptr, GanttViewState::ColourMode::ByKernel);
        QCOMPARE(state.firstCycle(), keptFirst);
        QCOMPARE(state.lastCycle(), keptLast);
    }
};

LOOKAHEAD_TEST(GanttDataTest)
#include "tst_ganttdata.moc"
