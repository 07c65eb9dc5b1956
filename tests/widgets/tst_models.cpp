// Every model of the explorer under QAbstractItemModelTester, with its contents checked.

#include "TestRegistry.h"

#include "MetricsModel.h"
#include "ProbeRegistry.h"
#include "PropertyTreeModel.h"
#include "RangeStatsModel.h"
#include "RunController.h"
#include "TaskDetails.h"
#include "TaskSearchModel.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace lookahead;

namespace {
std::shared_ptr<const LoadedGraph> loadSample()
{
    const QByteArray json = test::sampleGraphJson();
    auto graph = std::make_shared<const TaskGraph>(parseTaskGraph(std::string_view(json.constData(), std::size_t(json.size())), "sample").value());
    auto loaded = std::make_shared<LoadedGraph>();
    loaded->label = QStringLiteral("sample");
    loaded->baseline = RunController::makeSnapshot(graph, simulate(*graph).value());
    return loaded;
}
} // namespace

class ModelsTest : public QObject {
    Q_OBJECT
private slots:
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

    void insertedTaskNamesItsPass()
    {
        auto loaded = loadSample();
        QString error;
        auto result = RunController::runJob(*loaded, QStringLiteral("probe{insert=true}"), test::probeRegistry(), false, nullptr, &error);
        QVERIFY2(result, qPrintable(error));
        PropertyTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSections(describeTask(*result, result->graph->findTask("inserted")));
        QCOMPARE(model.value(QStringLiteral("pass")), QStringLiteral("probe"));
        QCOMPARE(model.value(QStringLiteral("why")), QStringLiteral("asked to insert by the test"));
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
        auto result = RunController::runJob(*loaded, QStringLiteral("probe{insert=true,delay=50000}"), test::probeRegistry(), false, nullptr, &error);
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
