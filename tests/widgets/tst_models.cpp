// Every model of the explorer under QAbstractItemModelTester, with its contents checked.

#include "Golden.h"
#include "TestRegistry.h"

#include "ComparisonModel.h"
#include "ComparisonPanel.h"
#include "DecisionsModel.h"
#include "DeltaText.h"
#include "MetricsModel.h"
#include "MovedTasksModel.h"
#include "ProbeRegistry.h"
#include "PropertyTreeModel.h"
#include "RangeStatsModel.h"
#include "RunController.h"
#include "TaskDetails.h"
#include "TaskSearchModel.h"

#include "lookahead/Loader.h"
#include "lookahead/RunReport.h"
#include "lookahead/Simulator.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QFile>
#include <QTest>

using namespace lookahead;

namespace {
std::shared_ptr<const LoadedGraph> loadSample()
{
    const QByteArray json = test::sampleGraphJson();
    auto graph = std::make_shared<const TaskGraph>(
        parseTaskGraph(std::string_view(json.constData(), std::size_t(json.size())), "sample").value());
    auto loaded = std::make_shared<LoadedGraph>();
    loaded->label = QStringLiteral("sample");
    loaded->baseline = RunController::makeSnapshot(graph, simulate(*graph).value());
    return loaded;
}
ScheduleComparison twoExecutorComparison()
{
    ScheduleComparison c;
    c.makespanA = 1000;
    c.makespanB = 900;
    c.totalStallA = 50;
    c.totalStallB = 80;
    c.tasksA = c.tasksB = 2;
    c.executors.push_back({ "DMA", true, true, 1, 1, 400, 300, 0.4, 0.3333 });
    c.executors.push_back({ "SHAVE", false, true, 0, 1, 0, 100, 0, 0.1111 });
    TaskComparison moved;
    moved.id = "t1";
    moved.name = "copy";
    moved.indexA = 0;
    moved.indexB = 0;
    moved.startA = 100;
    moved.endA = 500;
    moved.startB = 0;
    moved.endB = 300;
    c.tasks.push_back(moved);
    c.changed = 1;
    return c;
}
} // namespace

class ModelsTest : public QObject {
    Q_OBJECT
private slots:
    void signedDelta_data()
    {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("expected");
        QTest::newRow("longer") << 1000.0 << 1100.0 << QStringLiteral("cycles")
                                << QStringLiteral("+100 cycles (+10.00 %)");
        QTest::newRow("shorter") << 1000.0 << 995.0 << QString() << QStringLiteral("-5 (-0.50 %)");
        QTest::newRow("same") << 1000.0 << 1000.0 << QStringLiteral("cycles") << QStringLiteral("0 cycles");
        QTest::newRow("from zero") << 0.0 << 7.0 << QString() << QStringLiteral("+7");
    }

    void signedDelta()
    {
        QFETCH(double, a);
        QFETCH(double, b);
        QFETCH(QString, unit);
        QFETCH(QString, expected);
        QCOMPARE(signedDeltaText(a, b, unit), expected);
    }

    void comparisonTotals()
    {
        ComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ScheduleComparison c = twoExecutorComparison();
        model.setComparison(&c);
        QCOMPARE(model.rowCount(), 3 + 2 * 3);
        auto cell
            = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
        QCOMPARE(cell(0, ComparisonModel::Metric).toString(), QStringLiteral("Makespan (cycles)"));
        QCOMPARE(cell(0, ComparisonModel::Delta).toString(), QStringLiteral("-100 (-10.00 %)"));
        // Lower is better: a shorter makespan is green, more stall red.
        QCOMPARE(cell(0, ComparisonModel::Delta, Qt::ForegroundRole).value<QColor>(), QColor(0x1b, 0x7f, 0x3b));
        QCOMPARE(cell(1, ComparisonModel::Delta, Qt::ForegroundRole).value<QColor>(), QColor(0xb1, 0x1b, 0x1b));
        QCOMPARE(cell(4, ComparisonModel::Metric).toString(), QStringLiteral("DMA utilisation"));
        QCOMPARE(cell(4, ComparisonModel::A).toString(), QStringLiteral("40.0 %"));
        QCOMPARE(cell(4, ComparisonModel::Delta).toString(), QStringLiteral("-6.7 pt"));
        QCOMPARE(cell(6, ComparisonModel::Metric).toString(), QStringLiteral("SHAVE (only B) busy (cycles)"));
        model.setComparison(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    /// A side without a clock of its own (a recording: 1 cycle = 1 ns assumed): times in µs/ms, never
    /// cycles, in the totals, the moved tasks and the headline (issue #10). A 0.1 MHz clock makes
    /// the cycles of twoExecutorComparison() milliseconds.
    void comparisonInTimeWithoutAClock()
    {
        const ScheduleComparison c = twoExecutorComparison();
        const ComparisonClocks clocks { true, 0.1, 0.1 };
        ComparisonModel totals;
        QAbstractItemModelTester tester(&totals, QAbstractItemModelTester::FailureReportingMode::QtTest);
        totals.setComparison(&c, clocks);
        auto cell = [&](int row, int column) { return totals.index(row, column).data().toString(); };
        QCOMPARE(cell(0, ComparisonModel::Metric), QStringLiteral("Makespan (ms)"));
        QCOMPARE(cell(0, ComparisonModel::A), QStringLiteral("10.000"));
        QCOMPARE(cell(0, ComparisonModel::Delta), QStringLiteral("-1.000 (-10.00 %)"));
        QCOMPARE(cell(1, ComparisonModel::Metric), QStringLiteral("Total stall (µs)"));
        QCOMPARE(cell(1, ComparisonModel::B), QStringLiteral("800.000"));
        QCOMPARE(cell(2, ComparisonModel::A), QStringLiteral("2")); // a count stays a count
        QCOMPARE(cell(3, ComparisonModel::Metric), QStringLiteral("DMA busy (ms)"));
        QCOMPARE(cell(4, ComparisonModel::A), QStringLiteral("40.0 %"));
        for (int row = 0; row < totals.rowCount(); ++row)
            QVERIFY2(!cell(row, ComparisonModel::Metric).contains(QStringLiteral("cycles")), qPrintable(cell(row, 0)));

        MovedTasksModel moved;
        moved.setComparison(&c, clocks);
        QCOMPARE(moved.index(0, MovedTasksModel::StartDelta).data().toString(), QStringLiteral("-1.000 ms"));
        QCOMPARE(moved.index(0, MovedTasksModel::EndDelta).data().toString(), QStringLiteral("-2.000 ms"));
        QCOMPARE(moved.index(0, MovedTasksModel::DurationDelta).data().toString(), QStringLiteral("-1.000 ms"));

        QCOMPARE(ComparisonPanel::headline(c, clocks),
            QStringLiteral("Makespan B − A: -1.000 ms (-10.00 %), 10.000 ms → 9.000 ms; 1 tasks changed, 0 only in A, "
                           "0 only in B"));
        // Each side by its own clock: B at twice A's clock ran its 900 cycles in half the time.
        QCOMPARE(ComparisonPanel::makespanDelta(c, { true, 0.1, 0.2 }), QStringLiteral("-5.500 ms (-55.00 %)"));
        QCOMPARE(ComparisonPanel::makespanDelta(c), QStringLiteral("-100 cycles (-10.00 %)"));
    }

    void decisions()
    {
        DecisionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        PassRecord record;
        record.name = "sw-kernel-prefetch";
        record.decisions = nlohmann::json::parse(R"([
            {"action":"test","detail":"barrier releases at 5000 < start-threshold 280000","first_task":"x0","passed":false,"phase":"start","slack":5000,"start_threshold":280000},
            {"action":"inserted","after_task":"a1","detail":"gap","first_use":"c0","gap":100001,"kernel":"c","opened_by":"a1","slack":5000,"task":"swkp.c.0"},
            {"action":"skipped","detail":"cap","first_use":"k0","kernel":"k","reason":"cap-reached"}])");
        model.setRecords({ record });
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.actions(),
            (QStringList { QStringLiteral("test"), QStringLiteral("inserted"), QStringLiteral("skipped") }));
        QCOMPARE(model.countsText(), QStringLiteral("1 test · 1 inserted · 1 skipped"));
        QCOMPARE(model.index(1, DecisionsModel::Task).data().toString(), QStringLiteral("swkp.c.0"));
        QCOMPARE(model.index(1, DecisionsModel::Subject).data().toString(), QStringLiteral("kernel c"));
        QCOMPARE(model.index(1, DecisionsModel::OpenedBy).data().toString(), QStringLiteral("a1"));
        QCOMPARE(model.index(1, DecisionsModel::Gap).data(DecisionsModel::SortRole).toLongLong(), 100001);
        QCOMPARE(model.index(0, DecisionsModel::Threshold).data(DecisionsModel::SortRole).toLongLong(), 280000);
        QCOMPARE(
            model.taskIds(1), (QStringList { QStringLiteral("swkp.c.0"), QStringLiteral("c0"), QStringLiteral("a1") }));
        QCOMPARE(model.index(2, DecisionsModel::Why).data().toString(),
            QString::fromStdString(decisionSentence(record.decisions[2])));
        model.setRecords({});
        QCOMPARE(model.rowCount(), 0);
    }

    void movedTasks()
    {
        MovedTasksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ScheduleComparison c = twoExecutorComparison();
        model.setComparison(&c);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, MovedTasksModel::Task).data().toString(), QStringLiteral("copy (t1)"));
        QCOMPARE(model.taskId(0), QStringLiteral("t1"));
        QCOMPARE(model.index(0, MovedTasksModel::StartDelta).data().toString(), QStringLiteral("-100"));
        QCOMPARE(model.index(0, MovedTasksModel::EndDelta).data().toString(), QStringLiteral("-200"));
        QCOMPARE(model.index(0, MovedTasksModel::DurationDelta).data().toString(), QStringLiteral("-100"));
    }

    void propertyTree()
    {
        PropertyTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto loaded = loadSample();
        const TaskIndex task = loaded->baseline->graph->findTask("cv0");
        model.setSections(describeTask(*loaded->baseline, task));
        QVERIFY(model.rowCount() >= 4);
        QCOMPARE(model.value(QStringLiteral("id")), QStringLiteral("cv0"));
        QCOMPARE(model.value(QStringLiteral("name")), QStringLiteral("convert/cluster_0"));
        QVERIFY(model.value(QStringLiteral("kernel")).startsWith(QStringLiteral("convert")));
        QVERIFY(model.value(QStringLiteral("released by barrier")).startsWith(QStringLiteral("b1 at ")));
        // Predecessors link to tasks.
        bool linked = false;
        for (int s = 0; s < model.rowCount(); ++s) {
            const QModelIndex section = model.index(s, 0);
            for (int r = 0; r < model.rowCount(section); ++r)
                linked |= !model.index(r, 1, section).data(PropertyTreeModel::TaskIdRole).toString().isEmpty();
        }
        QVERIFY(linked);
        model.setSections({});
        QCOMPARE(model.rowCount(), 0);
    }

    void recordingFieldsInTheInspector()
    {
        // An imported task: the time its dependencies do not explain, and the event it came from.
        QFile file(test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        nlohmann::json json = nlohmann::json::parse(file.readAll().toStdString());
        json["tasks"][0]["delay"] = 500;
        json["tasks"][0]["source"] = "/traceEvents/7";
        auto parsed = parseTaskGraph(json.dump(), "recording.json");
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().toString().c_str());
        auto graph = std::make_shared<const TaskGraph>(std::move(parsed.value()));
        const auto snapshot = RunController::makeSnapshot(graph, simulate(*graph).value());
        PropertyTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSections(describeTask(*snapshot, 0));
        QCOMPARE(model.value(QStringLiteral("source")), QStringLiteral("/traceEvents/7"));
        QVERIFY2(model.value(QStringLiteral("delay")).startsWith(QStringLiteral("500 cycles (")),
            qPrintable(model.value(QStringLiteral("delay"))));
        model.setSections(describeTask(*snapshot, 1));
        QVERIFY(model.value(QStringLiteral("delay")).isEmpty()); // shown only when set
    }

    void insertedTaskNamesItsPass()
    {
        auto loaded = loadSample();
        QString error;
        auto result = RunController::runJob(
            *loaded, QStringLiteral("probe{insert=true}"), test::probeRegistry(), false, nullptr, &error);
        QVERIFY2(result, qPrintable(error));
        PropertyTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSections(describeTask(*result, result->graph->findTask("inserted")));
        QCOMPARE(model.value(QStringLiteral("pass")), QStringLiteral("probe"));
        // The decision in the core's words (decisionSentence), the record itself in the tooltip.
        QCOMPARE(model.value(QStringLiteral("why")), QStringLiteral("Inserted inserted: asked to insert by the test."));
    }

    void rangeStatistics()
    {
        auto loaded = loadSample();
        RangeStatsModel kernels;
        LaneUtilisationModel lanes;
        QAbstractItemModelTester kernelTester(&kernels, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester laneTester(&lanes, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::int64_t makespan = loaded->baseline->schedule->makespan;
        kernels.compute(loaded->baseline.get(), 0, makespan);
        lanes.compute(loaded->baseline.get(), 0, makespan);
        std::int64_t count = 0;
        for (const auto& row : kernels.rows()) {
            count += row.count;
            QVERIFY(row.min <= row.max);
            QVERIFY(row.sum >= row.max);
            if (row.name == QStringLiteral("softmax")) {
                QCOMPARE(row.count, std::int64_t(2));
                QVERIFY(row.min >= 8000);
            }
        }
        QCOMPARE(count, std::int64_t(loaded->baseline->graph->tasks.size()));
        QCOMPARE(lanes.rows().size(), loaded->baseline->gantt->lanes().size());
        QCOMPARE(lanes.rows()[0].busy, std::int64_t(5000 + 4000 + 10));
        QVERIFY(lanes.rows()[0].utilisation > 0 && lanes.rows()[0].utilisation <= 1);
        // A range before anything runs on the SHAVE lanes sees only the first DMA.
        kernels.compute(loaded->baseline.get(), 0, 100);
        QCOMPARE(kernels.rows().size(), std::size_t(1));
        kernels.clear();
        QCOMPARE(kernels.rowCount(), 0);
    }

    void metricsAgainstBaseline()
    {
        auto loaded = loadSample();
        QString error;
        auto result = RunController::runJob(
            *loaded, QStringLiteral("probe{insert=true,delay=50000}"), test::probeRegistry(), false, nullptr, &error);
        QVERIFY2(result, qPrintable(error));
        MetricsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshots(loaded->baseline.get(), result.get());
        const auto& makespan = model.rows().front();
        QCOMPARE(makespan.baseline, double(loaded->baseline->schedule->makespan));
        QCOMPARE(makespan.optimized, double(result->schedule->makespan));
        QVERIFY(makespan.optimized > makespan.baseline); // a 50 k-cycle task in front of the DMA queue
        bool sawInserted = false, sawStatistic = false;
        for (const auto& row : model.rows()) {
            if (row.metric == QStringLiteral("Inserted tasks")) {
                QCOMPARE(row.optimized, 1.0);
                sawInserted = true;
            }
            sawStatistic |= row.metric == QStringLiteral("probe.inserted");
        }
        QVERIFY(sawInserted && sawStatistic);
        const QString csv = model.toCsv();
        QVERIFY(csv.startsWith(QStringLiteral("metric,baseline,optimized,delta,delta_percent\n")));
        QCOMPARE(csv.count(QLatin1Char('\n')), int(model.rows().size()) + 1);
        model.setSnapshots(nullptr, nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void search()
    {
        auto loaded = loadSample();
        TaskSearchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.search(loaded->baseline, QStringLiteral("SOFTMAX"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.totalMatches(), std::size_t(2));
        QVERIFY(model.index(0).data(TaskSearchModel::TaskIdRole).toString().startsWith(QStringLiteral("sm")));
        model.search(loaded->baseline, QStringLiteral("convert"));
        QCOMPARE(model.rowCount(), 1);
        model.search(loaded->baseline, QString());
        QCOMPARE(model.rowCount(), 0);
    }
};

LOOKAHEAD_TEST(ModelsTest)
#include "tst_models.moc"
