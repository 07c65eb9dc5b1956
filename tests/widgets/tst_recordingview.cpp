// What the explorer shows of an imported recording (issue 10): the original event beside each
// imported task (read off the GUI thread), the cost terms off for its replay and why, and for a
// recording without a clock a time axis in µs/ms with no made-up cycles anywhere.

#include "Golden.h"
#include "TestRegistry.h"

#include "GanttView.h"
#include "GanttViewState.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PropertyTreeModel.h"
#include "RangeStatsModel.h"
#include "RunController.h"
#include "SourceEventReader.h"
#include "TaskDetails.h"
#include "TaskInspector.h"

#include "lookahead/InputOpener.h"

#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace lookahead;

namespace {

/// The section of `model` whose title starts with `prefix`; -1 when none.
int sectionIndex(const PropertyTreeModel& model, const QString& prefix)
{
    for (std::size_t i = 0; i < model.sections().size(); ++i)
        if (model.sections()[i].title.startsWith(prefix))
            return int(i);
    return -1;
}

QString entry(const PropertyTreeModel::Section& section, const QString& property)
{
    for (const auto& e : section.entries)
        if (e.property == property)
            return e.value;
    return {};
}

} // namespace

class RecordingViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(test::sharedPath(QStringLiteral("real-traces/README.md"))))
            QSKIP("no ../shared/real-traces beside the checkout");
    }

    void sourceEventSection()
    {
        const nlohmann::json event = nlohmann::json::parse(
            R"({"tid":3,"ph":"X","name":"conv/cluster_0","pid":1,"ts":12.5,"dur":4,"cat":"DPU","extra":true,)"
            R"("args":{"layer":"conv","bytes":1024}})");
        const PropertyTreeModel::Section section = describeSourceEvent(event, QStringLiteral("/traceEvents/7"));
        QCOMPARE(section.title, QStringLiteral("Recorded event /traceEvents/7"));
        QStringList properties;
        for (const auto& e : section.entries)
            properties << e.property;
        // What trace viewers show first, then the other keys, then every argument.
        QCOMPARE(properties,
            QStringList({ "name", "cat", "ph", "ts", "dur", "pid", "tid", "extra", "args.bytes", "args.layer" }));
        QCOMPARE(entry(section, QStringLiteral("name")), QStringLiteral("conv/cluster_0")); // strings unquoted
        QCOMPARE(entry(section, QStringLiteral("ts")), QStringLiteral("12.5"));
        QCOMPARE(entry(section, QStringLiteral("args.bytes")), QStringLiteral("1024"));
    }

    void inspectorShowsTheRecordedEvent()
    {
        const auto loaded = load(QStringLiteral("npu-prof-parser-40xx.json"));
        QVERIFY(loaded && loaded->baseline->recording);
        const TaskGraph& graph = *loaded->baseline->graph;
        GanttViewState state;
        TaskInspector inspector(&state);
        QAbstractItemModelTester tester(
            inspector.detailsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        inspector.setSnapshot(loaded->baseline);
        QSignalSpy read(inspector.sourceEvents(), &SourceEventReader::eventRead);

        const TaskIndex task = 5;
        const QString pointer = toQString(graph.strings.view(graph.tasks[task].source));
        state.setSelectedTaskId(toQString(graph.taskId(task)));
        // The selection returns at once; the recording is parsed on a worker.
        const PropertyTreeModel& model = *inspector.detailsModel();
        int section = sectionIndex(model, QStringLiteral("Recorded event"));
        QCOMPARE(section, 1); // beside the task's own fields
        QVERIFY2(entry(model.sections()[1], QStringLiteral("event")).startsWith(QStringLiteral("reading")),
            qPrintable(entry(model.sections()[1], QStringLiteral("event"))));
        QVERIFY(inspector.sourceEvents()->busy());

        QVERIFY(read.wait(10000));
        section = sectionIndex(model, QStringLiteral("Recorded event"));
        QCOMPARE(section, 1);
        const auto expected = readSourceEvent(loaded->path.toStdString(), pointer.toStdString());
        QVERIFY(expected.ok());
        const auto& shown = model.sections()[1];
        QCOMPARE(shown.title, QStringLiteral("Recorded event %1").arg(pointer));
        QCOMPARE(entry(shown, QStringLiteral("name")), QString::fromStdString(expected.value()["name"]));
        QCOMPARE(entry(shown, QStringLiteral("ph")), QStringLiteral("X"));
        QVERIFY(!entry(shown, QStringLiteral("ts")).isEmpty());
        if (expected.value().contains("cat"))
            QCOMPARE(entry(shown, QStringLiteral("cat")), QString::fromStdString(expected.value()["cat"]));
        if (expected.value().contains("args"))
            for (const auto& [name, value] : expected.value()["args"].items())
                QVERIFY2(
                    !entry(shown, QStringLiteral("args.%1").arg(QString::fromStdString(name))).isNull(), name.c_str());

        // Back to a task read before: from the cache, no read.
        state.setSelectedTaskId(toQString(graph.taskId(task + 1)));
        QVERIFY(read.wait(10000));
        state.setSelectedTaskId(toQString(graph.taskId(task)));
        QVERIFY(!inspector.sourceEvents()->busy());
        QCOMPARE(entry(model.sections()[1], QStringLiteral("name")), QString::fromStdString(expected.value()["name"]));
    }

    void recordingDroppedAsDataHasNoFileToReRead()
    {
        QFile file(test::sharedPath(QStringLiteral("real-traces/npu-prof-parser-40xx.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        RunController controller;
        QSignalSpy loadedSpy(&controller, &RunController::graphLoaded);
        controller.loadBytes(file.readAll(), QStringLiteral("dropped"));
        QVERIFY(loadedSpy.wait(10000));
        const auto baseline = controller.loaded()->baseline;
        GanttViewState state;
        TaskInspector inspector(&state);
        inspector.setSnapshot(baseline);
        state.setSelectedTaskId(toQString(baseline->graph->taskId(0)));
        const auto& sections = inspector.detailsModel()->sections();
        QVERIFY(sections.size() > 1);
        QVERIFY2(entry(sections[1], QStringLiteral("event")).startsWith(QStringLiteral("not available")),
            qPrintable(entry(sections[1], QStringLiteral("event"))));
        QVERIFY(!inspector.sourceEvents()->busy());
    }

    void metricsPanelSaysWhichTermsAreOff()
    {
        auto snapshot
            = std::make_shared<ScheduleSnapshot>(*load(QStringLiteral("npu-prof-parser-40xx.json"))->baseline);
        auto origin = std::make_shared<RecordingOrigin>(*snapshot->recording);
        auto summary = std::make_shared<ImportSummary>(*origin->summary);
        summary->costTermsOff = { "fabric-contention", "dma-bandwidth" };
        summary->costTermsNote = "they model time the recording already contains";
        origin->summary = summary;
        snapshot->recording = origin;
        MetricsPanel panel;
        panel.setSnapshots(snapshot, snapshot);
        const QString note = panel.recordingNoteLabel()->text();
        QVERIFY(!panel.recordingNoteLabel()->isHidden());
        QVERIFY2(note.contains(QStringLiteral("Cost terms off for this recording: fabric-contention, dma-bandwidth "
                                              "(they model time the recording already contains)")),
            qPrintable(note));
        QVERIFY2(!note.contains(QStringLiteral("1 cycle = 1 ns")), qPrintable(note)); // this one has a clock

        // A task graph: nothing to say.
        auto graphOnly = std::make_shared<ScheduleSnapshot>(*snapshot);
        graphOnly->recording.reset();
        panel.setSnapshots(graphOnly, graphOnly);
        QVERIFY(panel.recordingNoteLabel()->isHidden());
    }

    /// A recording without a clock (1 cycle = 1 ns assumed): the ruler, the inspector, the range
    /// label and the metrics speak µs/ms only; a recording with a clock keeps its cycles.
    void noMadeUpCycles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("clockAssumed");
        // The 37XX profile has no clock; its import takes the clock of the npu37xx preset it picks.
        QTest::newRow("npu 37xx, the preset's clock") << QStringLiteral("npu-prof-parser-37xx.json") << false;
        QTest::newRow("kineto, no clock") << QStringLiteral("kineto-rocm-mi250-minitoy-train.json.gz") << true;
        QTest::newRow("npu 40xx, workpoint.freq") << QStringLiteral("npu-prof-parser-40xx.json") << false;
    }
    void noMadeUpCycles()
    {
        QFETCH(QString, file);
        QFETCH(bool, clockAssumed);
        const auto loaded = load(file);
        QVERIFY(loaded);
        const auto& baseline = loaded->baseline;
        QCOMPARE(baseline->clockAssumed(), clockAssumed);

        GanttViewState state;
        GanttView view(&state);
        view.resize(1200, 500);
        view.setSnapshot(baseline, nullptr, GanttViewState::ColourMode::ByKernel);
        view.replotNow();
        QCOMPARE(view.showsCycles(), !clockAssumed);
        QCOMPARE(view.plot()->xAxis2->tickLabels(), !clockAssumed); // one time row, not two
        const QVector<QString> labels = view.plot()->xAxis->tickVectorLabels();
        QVERIFY(!labels.isEmpty());
        for (const QString& label : labels)
            QCOMPARE(label.endsWith(QStringLiteral(" µs")) || label.endsWith(QStringLiteral(" ms")), clockAssumed);
        QCOMPARE(view.plot()->xAxis->label().contains(QStringLiteral("1 cycle = 1 ns assumed")), clockAssumed);
        QCOMPARE(view.timeText(0, 1500).contains(QStringLiteral("cycles")), !clockAssumed);

        TaskInspector inspector(&state);
        inspector.setSnapshot(baseline);
        state.setSelectedTaskId(toQString(baseline->graph->taskId(0)));
        const PropertyTreeModel& details = *inspector.detailsModel();
        for (const QString& property : { QStringLiteral("start"), QStringLiteral("end"), QStringLiteral("duration") })
            QCOMPARE(details.value(property).contains(QStringLiteral("cycles")), !clockAssumed);
        state.setRangeSelection(0, 2000);
        QCOMPARE(inspector.rangeText().contains(QStringLiteral("cycles")), !clockAssumed);
        // The Range tab's tables: titles and durations in µs/ms, sorted by the underlying number.
        const RangeStatsModel& kernels = *inspector.rangeStatsModel();
        const LaneUtilisationModel& lanes = *inspector.laneModel();
        QCOMPARE(kernels.headerData(RangeStatsModel::Sum, Qt::Horizontal).toString().contains(QStringLiteral("cycles")),
            !clockAssumed);
        QCOMPARE(
            lanes.headerData(LaneUtilisationModel::Busy, Qt::Horizontal).toString().contains(QStringLiteral("cycles")),
            !clockAssumed);
        QVERIFY(kernels.rowCount() > 0);
        for (int column : { int(RangeStatsModel::Sum), int(RangeStatsModel::Mean), int(RangeStatsModel::Min),
                 int(RangeStatsModel::Max) }) {
            const QString text = kernels.index(0, column).data().toString();
            QCOMPARE(text.endsWith(QStringLiteral(" µs")) || text.endsWith(QStringLiteral(" ms")), clockAssumed);
            QCOMPARE(kernels.index(0, column).data(Qt::EditRole).typeId() == QMetaType::QString, false);
        }
        const QString busy = lanes.index(0, LaneUtilisationModel::Busy).data().toString();
        QCOMPARE(busy.endsWith(QStringLiteral(" µs")) || busy.endsWith(QStringLiteral(" ms")), clockAssumed);

        MetricsModel metrics;
        metrics.setSnapshots(baseline.get(), baseline.get());
        bool anyCycles = false;
        for (const MetricsModel::Row& row : metrics.rows())
            anyCycles |= row.metric.contains(QStringLiteral("cycles"));
        QCOMPARE(anyCycles, !clockAssumed);
        MetricsPanel panel;
        panel.setSnapshots(baseline, baseline);
        QCOMPARE(panel.headline().contains(QStringLiteral("cycles")), !clockAssumed);
        QCOMPARE(panel.recordingNoteLabel()->text().contains(QStringLiteral("1 cycle = 1 ns assumed")), clockAssumed);
    }

    /// A recorded call frame is two tasks (CallFrames.h); selecting either piece shows the whole
    /// frame (one Gantt bar): its start and end, its span and where its own time is.
    void callFramePieceShowsTheWholeFrame_data()
    {
        QTest::addColumn<QString>("frame");
        QTest::newRow("open piece") << QStringLiteral("open");
        QTest::newRow("return piece") << QStringLiteral("return");
    }
    void callFramePieceShowsTheWholeFrame()
    {
        QFETCH(QString, frame);
        const auto loaded = load(QStringLiteral("kineto-rocm-mi250-minitoy-train.json.gz"));
        QVERIFY(loaded);
        const TaskGraph& graph = *loaded->baseline->graph;
        const Schedule& schedule = *loaded->baseline->schedule;
        // The step's frame (ids: the event's name, the return piece's with " (return)").
        const TaskIndex open = graph.findTask("ProfilerStep#1");
        const TaskIndex close = graph.findTask("ProfilerStep#1 (return)");
        QVERIFY(open != kNoTask && close != kNoTask);
        const TaskIndex selected = frame == QStringLiteral("open") ? open : close;
        const TaskIndex other = selected == open ? close : open;

        GanttViewState state;
        TaskInspector inspector(&state);
        inspector.setSnapshot(loaded->baseline);
        state.setSelectedTaskId(toQString(graph.taskId(selected)));
        const PropertyTreeModel& details = *inspector.detailsModel();
        const int section = sectionIndex(details, QStringLiteral("Call frame"));
        QVERIFY(section >= 0);
        const auto& whole = details.sections()[std::size_t(section)];
        const double clock = graph.platform.clockMhz;
        QCOMPARE(entry(whole, QStringLiteral("frame start")),
            QStringLiteral("%1 µs").arg(double(schedule.start[open]) / clock, 0, 'f', 3));
        QCOMPARE(entry(whole, QStringLiteral("frame end")),
            QStringLiteral("%1 µs").arg(double(schedule.end[close]) / clock, 0, 'f', 3));
        QCOMPARE(entry(whole, QStringLiteral("frame span")),
            QStringLiteral("%1 µs").arg(double(schedule.end[close] - schedule.start[open]) / clock, 0, 'f', 3));
        QVERIFY(schedule.end[close] - schedule.start[open] > schedule.end[selected] - schedule.start[selected]);
        const std::int64_t own
            = schedule.end[open] - schedule.start[open] + schedule.end[close] - schedule.start[close];
        QCOMPARE(entry(whole, QStringLiteral("own time")),
            QStringLiteral("%1 µs (open + return piece)").arg(double(own) / clock, 0, 'f', 3));
        QCOMPARE(entry(whole, QStringLiteral("callees")), QStringLiteral("run between the two pieces"));
        const QString otherLabel = selected == open ? QStringLiteral("return piece") : QStringLiteral("open piece");
        QCOMPARE(entry(whole, otherLabel), toQString(graph.taskName(other)));
        bool linked = false;
        for (const auto& e : whole.entries)
            linked |= e.property == otherLabel && e.taskId == toQString(graph.taskId(other));
        QVERIFY(linked);

        // A task that is not a frame piece has no such section.
        for (TaskIndex t = 0; t < TaskIndex(graph.tasks.size()); ++t)
            if (graph.tasks[t].extra == TaskExtras::kNone) {
                state.setSelectedTaskId(toQString(graph.taskId(t)));
                QCOMPARE(sectionIndex(details, QStringLiteral("Call frame")), -1);
                break;
            }
    }

private:
    static std::shared_ptr<const LoadedGraph> load(const QString& file)
    {
        RunController controller;
        QSignalSpy loadedSpy(&controller, &RunController::graphLoaded);
        QSignalSpy failedSpy(&controller, &RunController::loadFailed);
        controller.loadFile(test::sharedPath(QStringLiteral("real-traces/%1").arg(file)));
        if (!loadedSpy.wait(20000)) {
            qWarning("%s", failedSpy.isEmpty() ? "no result" : qPrintable(failedSpy.front().front().toString()));
            return nullptr;
        }
        return controller.loaded();
    }
};

LOOKAHEAD_TEST(RecordingViewTest)
#include "tst_recordingview.moc"
