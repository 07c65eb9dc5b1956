// The sweep shared by `batch sweep` and the GUI's sweep dialog: variation parsing, the table, the
// CSV being exactly what `batch sweep` writes, progress and cancellation.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchCommand.h"

#include "lookahead/Loader.h"
#include "lookahead/Sweep.h"

#include <QTest>

#include <sstream>

using namespace lookahead;

namespace {
std::string example(const char* name)
{
    return lookahead::test::sharedPath(QStringLiteral("spec/examples/%1").arg(QString::fromUtf8(name))).toStdString();
}

TaskGraph npuTwoTile()
{
    auto graph = loadTaskGraphFile(example("npu-two-tile.json"));
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    return std::move(graph).value();
}
} // namespace

class SweepTest : public QObject {
    Q_OBJECT
private slots:
    void parsesVariations_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("values"); // empty: an error
        QTest::addColumn<QString>("error");
        QTest::newRow("range") << QStringLiteral("p.o=0:10:5") << QStringList { QStringLiteral("0"), QStringLiteral("5"), QStringLiteral("10") } << QString();
        QTest::newRow("range not reaching TO") << QStringLiteral("p.o=1:8:3") << QStringList { QStringLiteral("1"), QStringLiteral("4"), QStringLiteral("7") } << QString();
        QTest::newRow("list") << QStringLiteral("p.o={start,off}") << QStringList { QStringLiteral("start"), QStringLiteral("off") } << QString();
        QTest::newRow("no dot") << QStringLiteral("a=1") << QStringList()
                                << QStringLiteral("--vary: expected PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}, got \"a=1\"");
        QTest::newRow("reversed") << QStringLiteral("p.o=5:1:1") << QStringList()
                                  << QStringLiteral("--vary: expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"5:1:1\"");
        QTest::newRow("not integer") << QStringLiteral("p.o=1:x:1") << QStringList()
                                     << QStringLiteral("--vary: \"x\" is not an integer in \"p.o=1:x:1\"");
        QTest::newRow("too many") << QStringLiteral("p.o=0:100000:1") << QStringList()
                                  << QStringLiteral("--vary: more than 10000 values in \"0:100000:1\"");
        QTest::newRow("empty list") << QStringLiteral("p.o={}") << QStringList() << QStringLiteral("--vary: no values in \"p.o={}\"");
    }

    void parsesVariations()
    {
        QFETCH(QString, spec);
        QFETCH(QStringList, values);
        QFETCH(QString, error);
        const auto parsed = parseSweepVariation(spec.toStdString());
        if (!error.isEmpty()) {
            QVERIFY(!parsed.ok());
            QCOMPARE(QString::fromStdString(parsed.error().toString()), error);
            return;
        }
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().pass, std::string("p"));
        QCOMPARE(parsed.value().option, std::string("o"));
        QStringList actual;
        for (const std::string& v : parsed.value().values)
            actual << QString::fromStdString(v);
        QCOMPARE(actual, values);
    }

    void checksPassOptionAndValuesFirst()
    {
        auto unknownPass = checkSweep({ "no-such-pass", "x", { "1" } }, "");
        QVERIFY(!unknownPass.ok());
        QCOMPARE(unknownPass.error().toString(), std::string("--vary: unknown pass \"no-such-pass\""));
        auto unknownOption = checkSweep({ "sw-kernel-prefetch", "no-such-option", { "1" } }, "");
        QVERIFY(!unknownOption.ok());
        QCOMPARE(unknownOption.error().toString(),
            std::string("--vary: pass \"sw-kernel-prefetch\" has no option \"no-such-option\""));
        auto badValue = checkSweep({ "sw-kernel-prefetch", "start-threshold", { "12", "twelve" } }, "");
        QVERIFY(!badValue.ok());
        QVERIFY(badValue.error().toString().rfind("--vary: option sw-kernel-prefetch.start-threshold", 0) == 0);
        // The varied pass is appended when the pipeline does not have it.
        auto appended = checkSweep({ "sw-kernel-prefetch", "start-threshold", { "1" } }, "");
        QVERIFY(appended.ok());
        QCOMPARE(appended.value(), std::string("sw-kernel-prefetch"));
    }

    /// The NPU sample over the start-of-schedule prefetch threshold: below the barrier's release
    /// the pass inserts prefetches, above it it does nothing and the makespan is the baseline.
    void prefetchThresholdOnNpuSample()
    {
        const TaskGraph graph = npuTwoTile();
        auto variation = parseSweepVariation("sw-kernel-prefetch.start-threshold=0:2000000:500000");
        QVERIFY(variation.ok());
        SweepOptions options;
        options.pipeline = "sw-kernel-prefetch{mode=start}";
        options.simulation.specCosts = true;
        std::vector<std::size_t> progress;
        options.progress = [&](std::size_t done, std::size_t total, const SweepPoint&) {
            QCOMPARE(total, 5u);
            progress.push_back(done);
        };
        auto result = runSweep(graph, variation.value(), options);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
        const SweepResult& sweep = result.value();
        QCOMPARE(progress, (std::vector<std::size_t> { 1, 2, 3, 4, 5 }));
        QCOMPARE(sweep.points.size(), 5u);
        QCOMPARE(sweep.pipeline, std::string("sw-kernel-prefetch{mode=start}"));
        QVERIFY(sweep.points.front().insertedTasks > 0);
        QCOMPARE(sweep.points.back().insertedTasks, 0);
        QCOMPARE(sweep.points.back().makespan, sweep.baselineMakespan);
        QCOMPARE(sweep.baselineMakespan, 584916);

        // `batch sweep` writes exactly this table.
        std::ostringstream out, err;
        const int status = runBatch({ "sweep", example("npu-two-tile.json"), "--pipeline", "sw-kernel-prefetch{mode=start}",
                                        "--vary", "sw-kernel-prefetch.start-threshold=0:2000000:500000", "--spec-costs" },
            out, err);
        QCOMPARE(status, 0);
        QVERIFY2(err.str().empty(), err.str().c_str());
        QCOMPARE(out.str(), sweep.toCsv());
        const std::string header = out.str().substr(0, out.str().find('\n'));
        QVERIFY2(header.rfind("sw-kernel-prefetch.start-threshold,makespan,makespan_delta,total_stall,inserted_tasks", 0) == 0,
            header.c_str());
    }

    void cancelStopsTheSweep()
    {
        const TaskGraph graph = npuTwoTile();
        std::atomic<bool> cancel { false };
        SweepOptions options;
        options.simulation.cancel = &cancel;
        std::size_t calls = 0;
        options.progress = [&](std::size_t, std::size_t, const SweepPoint&) {
            ++calls;
            cancel = true;
        };
        auto result = runSweep(graph, { "sw-kernel-prefetch", "start-threshold", { "0", "1", "2" } }, options);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, std::string("cancelled"));
        QCOMPARE(calls, 1u);
    }
};

LOOKAHEAD_TEST(SweepTest)
#include "tst_sweep.moc"
