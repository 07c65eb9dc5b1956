// The sweep shared by `batch sweep` and the GUI's sweep dialog: variation parsing, the table, the
// CSV being exactly what `batch sweep` writes, progress and cancellation.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchCommand.h"

#include "lookahead/Loader.h"
#include "lookahead/Sweep.h"

#include <QTemporaryDir>
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
        QTest::newRow("range") << QStringLiteral("p.o=0:10:5")
                               << QStringList { QStringLiteral("0"), QStringLiteral("5"), QStringLiteral("10") }
                               << QString();
        QTest::newRow("range not reaching TO")
            << QStringLiteral("p.o=1:8:3")
            << QStringList { QStringLiteral("1"), QStringLiteral("4"), QStringLiteral("7") } << QString();
        QTest::newRow("list") << QStringLiteral("p.o={start,off}")
                              << QStringList { QStringLiteral("start"), QStringLiteral("off") } << QString();
        QTest::newRow("no dot") << QStringLiteral("a=1") << QStringList()
                                << QStringLiteral(
                                       "--vary: expected PASS.OPTION=FROM:TO:STEP or PASS.OPTION={a,b,c}, got \"a=1\"");
        QTest::newRow("reversed") << QStringLiteral("p.o=5:1:1") << QStringList()
                                  << QStringLiteral(
                                         "--vary: expected FROM:TO:STEP with FROM ≤ TO and STEP > 0, got \"5:1:1\"");
        QTest::newRow("not integer") << QStringLiteral("p.o=1:x:1") << QStringList()
                                     << QStringLiteral("--vary: \"x\" is not an integer in \"p.o=1:x:1\"");
        QTest::newRow("too many") << QStringLiteral("p.o=0:100000:1") << QStringList()
                                  << QStringLiteral("--vary: more than 10000 values in \"0:100000:1\"");
        // TO - FROM beyond INT64_MAX (found by fuzz/sweep_spec_fuzzer: signed overflow).
        QTest::newRow("whole int64 range")
            << QStringLiteral("p.o=-9223372036854775808:9223372036854775807:1") << QStringList()
            << QStringLiteral("--vary: more than 10000 values in "
                              "\"-9223372036854775808:9223372036854775807:1\"");
        QTest::newRow("whole int64 range, 4 steps")
            << QStringLiteral("p.o=-9223372036854775808:9223372036854775807:4611686018427387904")
            << QStringList { QStringLiteral("-9223372036854775808"), QStringLiteral("-4611686018427387904"),
                   QStringLiteral("0"), QStringLiteral("4611686018427387904") }
            << QString();
        QTest::newRow("empty list") << QStringLiteral("p.o={}") << QStringList()
                                    << QStringLiteral("--vary: no values in \"p.o={}\"");
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
        const int status
            = runBatch({ "sweep", example("npu-two-tile.json"), "--pipeline", "sw-kernel-prefetch{mode=start}",
                           "--vary", "sw-kernel-prefetch.start-threshold=0:2000000:500000", "--spec-costs" },
                out, err);
        QCOMPARE(status, 0);
        QVERIFY2(err.str().empty(), err.str().c_str());
        QCOMPARE(out.str(), sweep.toCsv());
        const std::string header = out.str().substr(0, out.str().find('\n'));
        QVERIFY2(
            header.rfind("sw-kernel-prefetch.start-threshold,makespan,makespan_delta,total_stall,inserted_tasks", 0)
                == 0,
            header.c_str());
    }

    /// --jobs and --shard change where the points are computed, never the table: serial, parallel
    /// and sharded-then-merged sweeps give byte-identical CSV, in the core and through `batch sweep`.
    void parallelAndShardedSweepsGiveTheSerialTable()
    {
        const TaskGraph graph = npuTwoTile();
        const SweepVariation variation { "sw-kernel-prefetch", "start-threshold",
            { "0", "100000", "200000", "400000", "800000", "1600000", "3200000" } };
        SweepOptions options;
        options.pipeline = "sw-kernel-prefetch{mode=start}";
        options.jobs = 1;
        auto serial = runSweep(graph, variation, options);
        QVERIFY(serial.ok());
        const std::string table = serial.value().toCsv();

        options.jobs = 3;
        std::vector<std::size_t> progress;
        options.progress = [&](std::size_t done, std::size_t, const SweepPoint&) { progress.push_back(done); };
        auto parallel = runSweep(graph, variation, options);
        QVERIFY(parallel.ok());
        QCOMPARE(parallel.value().toCsv(), table);
        QCOMPARE(progress, (std::vector<std::size_t> { 1, 2, 3, 4, 5, 6, 7 })); // in value order
        options.progress = {};

        // Shards of 7 values into 3 (and a 9-way split with empty shards) merge into the serial table.
        for (std::size_t count : { 3u, 9u }) {
            std::vector<std::pair<std::string, std::string>> shards;
            for (std::size_t k = 1; k <= count; ++k) {
                options.shard = { k, count };
                auto part = runSweep(graph, variation, options);
                QVERIFY(part.ok());
                shards.emplace_back("shard" + std::to_string(k), part.value().toCsv());
            }
            auto merged = mergeSweepCsv(shards);
            QVERIFY(merged.ok());
            QCOMPARE(merged.value(), table);
        }

        // The same through the CLI: --jobs 2, then --shard K/2 files joined by --merge.
        QTemporaryDir dir;
        const std::vector<std::string> common { "sweep", example("npu-two-tile.json"), "--pipeline",
            "sw-kernel-prefetch{mode=start}", "--vary",
            "sw-kernel-prefetch.start-threshold={0,100000,200000,400000,800000,1600000,3200000}" };
        auto cli = [&](std::vector<std::string> extra) {
            std::vector<std::string> argv = common;
            argv.insert(argv.end(), extra.begin(), extra.end());
            std::ostringstream out, err;
            const int status = runBatch(argv, out, err);
            return std::make_pair(status, out.str() + err.str());
        };
        QCOMPARE(cli({ "--jobs", "2" }), std::make_pair(0, table));
        std::vector<std::string> merge { "sweep", "--merge" };
        for (int k = 1; k <= 2; ++k) {
            const std::string path = dir.filePath(QStringLiteral("shard-%1.csv").arg(k)).toStdString();
            QCOMPARE(cli({ "--shard", std::to_string(k) + "/2", "--csv", path }).first, 0);
            merge.push_back(path);
        }
        std::ostringstream out, err;
        QCOMPARE(runBatch(merge, out, err), 0);
        QCOMPARE(out.str(), table);
    }

    void rejectsBadShardsAndMerges_data()
    {
        QTest::addColumn<QString>("shard");
        QTest::newRow("no slash") << "2";
        QTest::newRow("zero") << "0/3";
        QTest::newRow("beyond") << "4/3";
        QTest::newRow("words") << "a/b";
        QTest::newRow("trailing") << "1/3x";
    }
    void rejectsBadShardsAndMerges()
    {
        QFETCH(QString, shard);
        auto parsed = parseSweepShard(shard.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().where, std::string("--shard"));
        std::ostringstream out, err;
        const int status = runBatch({ "sweep", example("npu-two-tile.json"), "--vary",
                                        "sw-kernel-prefetch.start-threshold={0,1}", "--shard", shard.toStdString() },
            out, err);
        QCOMPARE(status, 2);
        QVERIFY2(err.str().find("--shard") != std::string::npos, err.str().c_str());
        QVERIFY(out.str().empty());
    }

    void mergeRefusesTablesOfDifferentSweeps()
    {
        auto merged = mergeSweepCsv({ { "a.csv", "x.y,makespan\n1,2\n" }, { "b.csv", "x.z,makespan\n1,2\n" } });
        QVERIFY(!merged.ok());
        QCOMPARE(merged.error().file, std::string("b.csv"));
        QVERIFY(merged.error().message.find("header differs") != std::string::npos);
        QVERIFY(!mergeSweepCsv({ { "empty.csv", "" } }).ok());
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
