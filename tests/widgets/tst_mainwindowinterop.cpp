// The main window's interop and sweep features end to end (issue #7): File > Import Trace (summary,
// clock prompt, errors), File > Compare Two Files (diff mode, per-executor deltas, leaving it), and
// Run > Sweep (a chosen point sets the pass option through the undo stack and reruns).

#include "DialogAnswerer.h"
#include "Golden.h"
#include "IsolatedSettings.h"
#include "PlatformMenu.h"
#include "TestRegistry.h"
#include "WindowInputs.h"

#include "ComparisonModel.h"
#include "ComparisonPanel.h"
#include "GanttView.h"
#include "MainWindow.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "RunController.h"
#include "SweepDialog.h"

#include "lookahead/Loader.h"
#include "lookahead/ScheduleComparison.h"
#include "lookahead/Simulator.h"

#include <QApplication>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace lookahead;
using lookahead::test::DialogAnswerer;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {

QString tracePath(const char* name)
{
    return sourcePath(QStringLiteral("tests/data/traces/%1").arg(QString::fromLatin1(name)));
}

ScheduleComparison expectedComparison(const QString& pathA, const QString& pathB)
{
    auto a = loadTaskGraphFile(pathA.toStdString());
    auto b = loadTaskGraphFile(pathB.toStdString());
    if (!a.ok() || !b.ok())
        return {};
    auto scheduleA = simulate(a.value(), CostModel::standard(), {});
    auto scheduleB = simulate(b.value(), CostModel::standard(), {});
    if (!scheduleA.ok() || !scheduleB.ok())
        return {};
    return compareSchedules(a.value(), *scheduleA.value(), b.value(), *scheduleB.value());
}

} // namespace

class MainWindowInteropTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("MainWindowInteropTest")); }

    void importShowsTheGraphAndTheSummary()
    {
        MainWindow window;
        window.show();
        DialogAnswerer answerer;
        QSignalSpy loaded(window.controller(), &RunController::graphLoaded);
        QSignalSpy imported(window.controller(), &RunController::traceImported);
        window.importTrace(tracePath("npu-compile-time.json"));
        QVERIFY(imported.wait(30000));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(answerer.prompts.isEmpty()); // the NPU trace carries workpoint.freq
        QVERIFY2(answerer.messages.isEmpty(), qPrintable(answerer.messages.join(QLatin1Char('\n'))));

        auto summary = imported.first().at(1).value<std::shared_ptr<const TraceImportSummary>>();
        QVERIFY(summary);
        QVERIFY(summary->tasks > 0);
        QVERIFY(window.ganttView()->snapshot());
        QCOMPARE(window.ganttView()->snapshot()->graph->tasks.size(), summary->tasks);
        QVERIFY(window.windowTitle().endsWith(QStringLiteral("— Lookahead")));

        // The summary is on screen, with what was dropped and why.
        QVERIFY(window.importSummaryDialog());
        QVERIFY(window.importSummaryDialog()->isVisible());
        const QString text = window.importSummaryText();
        QVERIFY2(text.contains(QStringLiteral("producer: npu")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("workpoint.freq")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("tasks: %1").arg(summary->tasks)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("not tasks: %1").arg(summary->droppedCount())), qPrintable(text));
        for (const auto& [reason, count] : summary->droppedByReason)
            QVERIFY2(text.contains(QString::fromStdString(reason)), reason.c_str());
    }

    /// A recording without a clock is read with 1 cycle = 1 ns (spec 9): no question, and the
    /// summary says the clock was assumed.
    void traceWithoutClockIsReadInNanoseconds()
    {
        MainWindow window;
        window.show();
        DialogAnswerer answerer(1000);
        QSignalSpy imported(window.controller(), &RunController::traceImported);
        // File > Open of a trace imports it too (and so do Open Recent, Reload and drag and drop).
        window.openFile(tracePath("generic-complete.json"));
        QVERIFY(imported.wait(30000));
        QVERIFY(answerer.prompts.isEmpty());
        QVERIFY(answerer.messages.isEmpty());

        auto summary = imported.first().at(1).value<std::shared_ptr<const TraceImportSummary>>();
        QCOMPARE(summary->clockMhz, 1000.0);
        QVERIFY(summary->clockAssumed());
        const QString text = window.importSummaryText();
        QVERIFY2(text.contains(QStringLiteral("1 cycle = 1 ns")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("negative duration")), qPrintable(text));
        const auto& graph = *window.ganttView()->snapshot()->graph;
        const auto& schedule = *window.ganttView()->snapshot()->schedule;
        // The nested "style" is a task of its own lane, and "layout" a frame of two pieces around it
        // (open, return: the importer's call frames, b0e10af).
        QCOMPARE(graph.tasks.size(), 7u);
        const TaskIndex open = graph.findTask("layout"), back = graph.findTask("layout (return)");
        QVERIFY(open != kNoTask && back != kNoTask);
        QCOMPARE(schedule.end[back] - schedule.start[open], std::int64_t(50000)); // 50 µs at 1 cycle = 1 ns
    }

    void badTraceShowsAnErrorNotACrash_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("events not an array")
            << QByteArray(R"({"traceEvents": 5, "otherData": {"clock_mhz": 100}})") << QStringLiteral("/traceEvents");
        QTest::newRow("not JSON") << QByteArray("{\"traceEvents\": [ {\"ph\": \"X\", oops") << QStringLiteral("line");
        QTest::newRow("missing file") << QByteArray() << QString();
    }

    void badTraceShowsAnErrorNotACrash()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad-trace.json"));
        if (!content.isEmpty())
            QVERIFY(test::writeFile(path, content));
        MainWindow window;
        window.show();
        DialogAnswerer answerer(1000);
        window.importTrace(path);
        QTRY_VERIFY_WITH_TIMEOUT(!answerer.messages.isEmpty(), 10000);
        const QString message = answerer.messages.first();
        QVERIFY2(message.contains(QStringLiteral("bad-trace.json")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(answerer.prompts.isEmpty()); // a broken trace is an error, not a question about the clock
        QVERIFY(!window.ganttView()->snapshot());
        QVERIFY(!window.controller()->busy());
    }

    void compareTwoFilesShowsTheDiff()
    {
        // B is A with one DMA transfer made slower: the makespan moves, the ids match.
        QTemporaryDir dir;
        const QString pathA = sharedPath(QStringLiteral("spec/examples/npu-two-tile.json"));
        QFile fileA(pathA);
        QVERIFY(fileA.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(fileA.readAll()).object();
        QJsonArray tasks = root.value(QStringLiteral("tasks")).toArray();
        bool changed = false;
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            QJsonObject task = tasks.at(i).toObject();
            if (task.value(QStringLiteral("id")).toString() == QStringLiteral("in1")) {
                task.insert(QStringLiteral("cycles"), task.value(QStringLiteral("cycles")).toInteger() + 40000);
                tasks.replace(i, task);
                changed = true;
            }
        }
        QVERIFY(changed);
        root.insert(QStringLiteral("tasks"), tasks);
        const QString pathB = dir.filePath(QStringLiteral("slower-dma.json"));
        QVERIFY(test::writeFile(pathB, QJsonDocument(root).toJson()));
        const ScheduleComparison expected = expectedComparison(pathA, pathB);
        QVERIFY(expected.makespanA > 0);
        QVERIFY(expected.makespanB != expected.makespanA);

        MainWindow window;
        window.show();
        DialogAnswerer answerer;
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openDefaultSample();
        QVERIFY(finished.wait(30000));
        const auto sample = window.controller()->loaded();
        QVERIFY(!window.isDiffMode());

        QSignalSpy compared(window.controller(), &RunController::comparisonLoaded);
        window.compareFiles(pathA, pathB);
        QVERIFY(compared.wait(30000));
        QVERIFY(answerer.messages.isEmpty());
        QVERIFY(window.isComparing());
        QVERIFY(window.isDiffMode());
        QVERIFY(window.baselineView()->isVisible());
        QCOMPARE(window.baselineView()->snapshot()->graph->name, std::string("npu two-tile softmax/topk chain"));
        QCOMPARE(window.baselineView()->snapshot()->schedule->makespan, expected.makespanA);
        QCOMPARE(window.ganttView()->snapshot()->schedule->makespan, expected.makespanB);
        QVERIFY(window.ganttView()->snapshot()->movementGantt);
        QVERIFY(!window.passPanel()->isEnabled());
        QVERIFY(window.windowTitle().contains(QStringLiteral("npu-two-tile.json")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("slower-dma.json")));

        // The makespan delta is reported, in the headline and the table, exactly as compareSchedules says.
        const std::int64_t makespanDelta = expected.makespanB - expected.makespanA;
        const QString delta
            = (makespanDelta > 0 ? QStringLiteral("+") : QString()) + QLocale().toString(qlonglong(makespanDelta));
        QVERIFY2(window.comparisonHeadline().contains(QStringLiteral("Makespan B − A: ") + delta),
            qPrintable(window.comparisonHeadline()));
        QTableView* table = window.comparisonPanel()->table();
        const ComparisonModel* model = window.comparisonPanel()->model();
        QVERIFY(table->isVisible());
        auto cell = [model](int row, int column) { return model->index(row, column).data().toString(); };
        QCOMPARE(cell(0, ComparisonModel::Metric), QStringLiteral("Makespan (cycles)"));
        QVERIFY2(cell(0, ComparisonModel::Delta).startsWith(delta + QStringLiteral(" (")),
            qPrintable(cell(0, ComparisonModel::Delta)));
        // One group of rows per executor kind.
        for (const ExecutorComparison& e : expected.executors) {
            bool found = false;
            for (int row = 0; row < model->rowCount(); ++row)
                found = found
                    || cell(row, ComparisonModel::Metric)
                           .startsWith(QString::fromStdString(e.name) + QStringLiteral(" busy"));
            QVERIFY2(found, e.name.c_str());
        }
        // Pass edits do not rerun a comparison.
        QSignalSpy runs(window.controller(), &RunController::runFinished);
        window.controller()->requestRun(QStringLiteral("sw-kernel-prefetch{mode=idle}"));
        QVERIFY(!window.controller()->busy());

        // Neither input can be overwritten by an export.
        const QByteArray bytesB = [&] {
            QFile f(pathB);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!window.exportGraph(pathB));
        QVERIFY(!window.exportTrace(pathA));
        QTRY_COMPARE_WITH_TIMEOUT(answerer.messages.size(), 2, 10000);
        QVERIFY2(answerer.messages.first().contains(QStringLiteral("refusing")), qPrintable(answerer.messages.first()));
        QFile reread(pathB);
        QVERIFY(reread.open(QIODevice::ReadOnly));
        QCOMPARE(reread.readAll(), bytesB);
        answerer.messages.clear();

        // Leaving it brings back the graph that was open before, without reading it again.
        QSignalSpy loaded(window.controller(), &RunController::graphLoaded);
        window.closeComparison();
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!window.isComparing());
        QVERIFY(!window.isDiffMode());
        QVERIFY(window.passPanel()->isEnabled());
        QCOMPARE(window.controller()->loaded(), sample);
        QVERIFY(runs.wait(30000)); // the normal rerun resumes
        QCOMPARE(runs.size(), 1);
        QVERIFY(!table->isVisible());
    }

    void platformMenuReloadsOnAnotherPreset()
    {
        MainWindow window;
        window.show();
        DialogAnswerer answerer;
        QSignalSpy loaded(window.controller(), &RunController::graphLoaded);
        window.openDefaultSample();
        QVERIFY(loaded.wait(30000));
        auto* menu = window.findChild<PlatformMenu*>(QStringLiteral("PlatformMenu"));
        QVERIFY(menu);
        auto trigger = [&](const QString& name) {
            for (QAction* action : menu->actions())
                if (action->isCheckable() && action->data().toString() == name && action->isVisible()) {
                    action->trigger();
                    return true;
                }
            return false;
        };
        // The sample is a 6-tile NPU40XX graph: the 6-tile preset re-runs it on the preset's numbers.
        QVERIFY(trigger(QStringLiteral("npu40xx")));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.ganttView()->snapshot()->graph->platform.name.value_or(""), std::string("npu40xx"));
        QCOMPARE(menu->current(), QStringLiteral("npu40xx"));
        // Two tiles do not fit it: an error that names the task's unit, and nothing else loaded.
        QVERIFY(trigger(QStringLiteral("npu40xx-2tile")));
        QTRY_VERIFY_WITH_TIMEOUT(!answerer.messages.isEmpty(), 30000);
        QVERIFY2(answerer.messages.join(QLatin1Char('\n')).contains(QStringLiteral("/unit")),
            qPrintable(answerer.messages.join(QLatin1Char('\n'))));
        QCOMPARE(loaded.size(), 2);
        // As Recorded: the file's own platform again.
        QVERIFY(trigger(QString()));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(menu->current(), QString());
    }

    void compareWithAMissingFileIsAnError()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        DialogAnswerer answerer;
        window.compareFiles(
            sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")), dir.filePath(QStringLiteral("absent.json")));
        QTRY_VERIFY_WITH_TIMEOUT(!answerer.messages.isEmpty(), 10000);
        QVERIFY2(
            answerer.messages.first().contains(QStringLiteral("absent.json")), qPrintable(answerer.messages.first()));
        QVERIFY(!window.isComparing());
    }

    void sweepValueSetsTheOptionAndReruns()
    {
        MainWindow window;
        window.show();
        window.controller()->setDebounceMilliseconds(0);
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openFile(sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")));
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.passPanel()->setPipelineText(QStringLiteral("sw-kernel-prefetch{mode=start}")), QString());
        QVERIFY(finished.wait(30000));
        const int undoIndex = window.undoStack()->index();

        SweepDialog* dialog = window.openSweepDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->setVariation(
            QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold"), 0, 2000000, 500000));
        QSignalSpy swept(dialog, &SweepDialog::sweepFinished);
        dialog->start();
        QVERIFY(swept.wait(60000));
        QVERIFY(swept.first().at(0).toBool());

        finished.clear();
        dialog->choosePoint(2); // 1000000
        auto* editor = qobject_cast<QDoubleSpinBox*>(
            window.passPanel()->editor(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold")));
        QVERIFY(editor);
        QCOMPARE(editor->value(), 1000000.0);
        QVERIFY2(window.passPanel()->pipelineText().contains(QStringLiteral("start-threshold=1000000")),
            qPrintable(window.passPanel()->pipelineText()));
        QCOMPARE(window.undoStack()->index(), undoIndex + 1);
        QVERIFY(finished.wait(30000));
        auto result = finished.last().at(0).value<std::shared_ptr<const ScheduleSnapshot>>();
        QVERIFY2(result->pipeline.contains(QStringLiteral("start-threshold=1000000")), qPrintable(result->pipeline));
        QCOMPARE(result->schedule->makespan, dialog->result()->points[2].makespan);

        // A second point is a second undo step; undo walks back through both.
        dialog->choosePoint(0);
        QCOMPARE(window.undoStack()->index(), undoIndex + 2);
        window.undoStack()->undo();
        QVERIFY(window.passPanel()->pipelineText().contains(QStringLiteral("start-threshold=1000000")));
        window.undoStack()->undo();
        QCOMPARE(window.passPanel()->pipelineText(), QStringLiteral("sw-kernel-prefetch{mode=start}"));
        QVERIFY(finished.wait(30000));
    }

    void sweepNeedsAGraph()
    {
        MainWindow window;
        QVERIFY(!window.openSweepDialog());
    }
};

LOOKAHEAD_TEST(MainWindowInteropTest)
#include "tst_mainwindowinterop.moc"
