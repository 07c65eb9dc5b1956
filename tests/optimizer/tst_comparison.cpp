// Schedule comparison (core) and `batch diff` / `batch import`: deltas per task and executor,
// one-sided tasks, a trace compared with the graph it was exported from, and the CLI contract.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchHarness.h"

#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/ScheduleComparison.h"
#include "lookahead/Simulator.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace lookahead;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {
std::string example(const char* name)
{
    return sharedPath(QStringLiteral("spec/examples/%1").arg(QString::fromUtf8(name))).toStdString();
}

std::string readAll(const std::string& path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", path.c_str());
    return file.readAll().toStdString();
}

bool writeText(const QString& path, const std::string& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(text.data(), static_cast<qint64>(text.size()));
    return true;
}

std::shared_ptr<const Schedule> simulateSpec(const TaskGraph& graph)
{
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph, CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return schedule.value();
}

/// npu-two-tile with B's edits: one DMA input made longer, one SHAVE task removed from the chain's
/// end, one task added, one task moved to the other DMA port.
std::string editedNpuTwoTile()
{
    auto json = nlohmann::json::parse(readAll(example("npu-two-tile.json")));
    auto& tasks = json["tasks"];
    for (auto& task : tasks) {
        if (task["id"] == "in1")
            task["cycles"] = task["cycles"].get<std::int64_t>() + 50000;
        if (task["id"] == "in3")
            task["unit"] = 1;
    }
    json["tasks"].push_back({ { "id", "extra" }, { "exec", "DMA" }, { "unit", 1 }, { "cycles", 1234 } });
    return json.dump(1);
}

using lookahead::test::batch;
using lookahead::test::BatchResult;
} // namespace

class ComparisonTest : public QObject {
    Q_OBJECT
private slots:
    void identicalSchedulesHaveNoChanges()
    {
        auto graph = loadTaskGraphFile(example("npu-two-tile.json"));
        QVERIFY(graph.ok());
        const auto schedule = simulateSpec(graph.value());
        const ScheduleComparison c = compareSchedules(graph.value(), *schedule, graph.value(), *schedule);
        QCOMPARE(c.changed, 0u);
        QCOMPARE(c.onlyInA, 0u);
        QCOMPARE(c.onlyInB, 0u);
        QCOMPARE(c.unchanged, graph.value().tasks.size());
        QCOMPARE(c.makespanA, c.makespanB);
        QCOMPARE(c.executors.size(), 3u);
        QVERIFY(c.changedByImpact().empty());
    }

    void deltasPerTaskAndExecutor()
    {
        auto a = loadTaskGraphFile(example("npu-two-tile.json"));
        auto b = parseTaskGraph(editedNpuTwoTile(), "b.json");
        QVERIFY(a.ok());
        QVERIFY2(b.ok(), b.ok() ? "" : b.error().toString().c_str());
        const auto sa = simulateSpec(a.value());
        const auto sb = simulateSpec(b.value());
        const ScheduleComparison c = compareSchedules(a.value(), *sa, b.value(), *sb);
        QCOMPARE(c.tasksA, a.value().tasks.size());
        QCOMPARE(c.tasksB, a.value().tasks.size() + 1);
        QCOMPARE(c.onlyInA, 0u);
        QCOMPARE(c.onlyInB, 1u);
        QCOMPARE(c.tasks.back().id, std::string("extra"));
        QVERIFY(!c.tasks.back().inA());
        QCOMPARE(c.tasks.back().endB - c.tasks.back().startB, 1234);
        QCOMPARE(c.changed + c.unchanged + c.onlyInA + c.onlyInB, c.tasks.size());
        // in1 is 50000 cycles longer; everything after it moves.
        const TaskComparison& in1 = c.tasks[a.value().findTask("in1")];
        QCOMPARE(in1.durationDelta(), 50000);
        QCOMPARE(in1.startDelta(), 0);
        QVERIFY(c.changed >= 2);
        // in3 moved to the other DMA port.
        const TaskComparison& in3 = c.tasks[a.value().findTask("in3")];
        QVERIFY(in3.changed());
        QCOMPARE(in3.unitA, 0u);
        QCOMPARE(in3.unitB, 1u);
        // The most changed task comes first and its |end delta| bounds every other's.
        const auto order = c.changedByImpact();
        QVERIFY(!order.empty());
        for (std::size_t i : order)
            QVERIFY(std::llabs(c.tasks[i].endDelta()) <= std::llabs(c.tasks[order.front()].endDelta()));
        // DMA did 50000 + 1234 more busy cycles and one more task.
        const auto dma
            = std::find_if(c.executors.begin(), c.executors.end(), [](const auto& x) { return x.name == "DMA"; });
        QVERIFY(dma != c.executors.end());
        QCOMPARE(dma->busyB - dma->busyA, 51234);
        QCOMPARE(dma->tasksB, dma->tasksA + 1);
        QCOMPARE(c.makespanB - c.makespanA, sb->makespan - sa->makespan);

        // Text, JSON and CSV: the text is pinned as a golden file.
        LOOKAHEAD_COMPARE_GOLDEN(QByteArray::fromStdString(comparisonToText(c, "a.json", "b.json", 5)),
            sourcePath(QStringLiteral("tests/golden/traceimport/diff-npu-two-tile.txt")));
        const auto json = comparisonToJson(c);
        QCOMPARE(json["tasks"]["only_in_b"].get<std::size_t>(), 1u);
        QCOMPARE(json["changed"].size(), c.changed);
        QCOMPARE(json["only_in_b"][0]["id"].get<std::string>(), std::string("extra"));
        const std::string csv = comparisonTasksCsv(c);
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), std::ptrdiff_t(c.tasks.size() + 1));
        QVERIFY(csv.find("\nextra,only_b,,,,,DMA,1,") != std::string::npos);
    }

    /// A trace exported by `batch run --trace` and the graph it came from: diff finds nothing.
    void batchDiffGraphAgainstItsOwnTrace()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("trace.json"));
        QCOMPARE(
            batch({ "run", example("cache-semantics.json"), "--spec-costs", "--trace", trace.toStdString() }).status,
            0);
        const BatchResult r = batch({ "diff", example("cache-semantics.json"), trace.toStdString(), "--spec-costs" });
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.empty(), r.err.c_str());
        QVERIFY2(r.out.find("0 changed") != std::string::npos, r.out.c_str());
        QVERIFY(r.out.find("0 only in A, 0 only in B") != std::string::npos);
    }

    void batchDiffWritesJsonAndCsv()
    {
        QTemporaryDir dir;
        const QString b = dir.filePath(QStringLiteral("b.json"));
        QVERIFY(writeText(b, editedNpuTwoTile()));
        const QString csv = dir.filePath(QStringLiteral("diff.csv"));
        const BatchResult r = batch({ "diff", example("npu-two-tile.json"), b.toStdString(), "--spec-costs", "--json",
            "-", "--csv", csv.toStdString() });
        QCOMPARE(r.status, 0);
        const auto json = nlohmann::json::parse(r.out); // only JSON on stdout
        QCOMPARE(json["tasks"]["only_in_b"].get<int>(), 1);
        QVERIFY(QFile::exists(csv));
    }

    void batchUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("diff one file") << QStringList { QStringLiteral("diff"), QStringLiteral("a.json") }
                                       << QStringLiteral("lookahead: batch diff: expects two files A B, got 1\n");
        QTest::newRow("diff bad top") << QStringList { QStringLiteral("diff"), QStringLiteral("a"), QStringLiteral("b"),
            QStringLiteral("--top"), QStringLiteral("x") }
                                      << QStringLiteral("lookahead: --top: expected a count, got \"x\"\n");
        QTest::newRow("diff missing file")
            << QStringList { QStringLiteral("diff"), QStringLiteral("/nonexistent/a.json"), QStringLiteral("b") }
            << QStringLiteral("lookahead: /nonexistent/a.json: ");
        QTest::newRow("import no output") << QStringList { QStringLiteral("import"), QStringLiteral("t.json") }
                                          << QStringLiteral("lookahead: batch import: -o GRAPH is required\n");
        QTest::newRow("import bad clock")
            << QStringList { QStringLiteral("import"), QStringLiteral("t.json"), QStringLiteral("-o"),
                   QStringLiteral("g.json"), QStringLiteral("--clock-mhz=0") }
            << QStringLiteral("lookahead: --clock-mhz: expected a number of MHz at least 1, got \"0\"\n");
        QTest::newRow("import bad lane deps")
            << QStringList { QStringLiteral("import"), QStringLiteral("t.json"), QStringLiteral("-o"),
                   QStringLiteral("g.json"), QStringLiteral("--lane-deps"), QStringLiteral("some") }
            << QStringLiteral("lookahead: --lane-deps: expected auto, always or never, got \"some\"\n");
        QTest::newRow("import unknown option") << QStringList { QStringLiteral("import"), QStringLiteral("t.json"),
            QStringLiteral("--fast") } << QStringLiteral("lookahead: batch import: unknown option --fast\n");
    }

    void batchUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const BatchResult r = batch(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromStdString(r.err).startsWith(message), r.err.c_str());
        QVERIFY(r.out.empty());
    }

    void batchImportWritesGraphAndSummary()
    {
        QTemporaryDir dir;
        const QString graph = dir.filePath(QStringLiteral("graph.json"));
        const QString summary = dir.filePath(QStringLiteral("summary.json"));
        const std::string trace = sourcePath(QStringLiteral("tests/data/traces/npu-compile-time.json")).toStdString();
        const BatchResult r = batch({ "import", trace, "-o", graph.toStdString(), "--summary", summary.toStdString() });
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.empty(), r.err.c_str());
        QVERIFY(r.out.find("producer: npu (") != std::string::npos);
        QVERIFY(r.out.find("Layers / Layers: per-layer summary (the Layers process) (2 events)") != std::string::npos);
        QCOMPARE(batch({ "validate", graph.toStdString() }).status, 0);
        const auto json = nlohmann::json::parse(readAll(summary.toStdString()));
        QCOMPARE(json["clock_source"].get<std::string>(), std::string("workpoint.freq"));
        // The imported graph equals the golden mapping of the same trace.
        QCOMPARE(QByteArray::fromStdString(readAll(graph.toStdString())),
            QByteArray::fromStdString(readAll(
                sourcePath(QStringLiteral("tests/golden/traceimport/npu-compile-time.graph.json")).toStdString())));
    }

    void batchImportErrorNamesFileAndPlace()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(writeText(bad, "{\"traceEvents\": [\n{\"ph\": \"X\",, \"ts\": 0}]}"));
        const QString graph = dir.filePath(QStringLiteral("graph.json"));
        const BatchResult r = batch({ "import", bad.toStdString(), "-o", graph.toStdString(), "--clock-mhz", "1000" });
        QCOMPARE(r.status, 2);
        QVERIFY2(QString::fromStdString(r.err).startsWith(
                     QStringLiteral("lookahead: %1: line 2, column 12: invalid JSON: ").arg(bad)),
            r.err.c_str());
        QVERIFY(!QFile::exists(graph));
        // A recording in which nothing is work: exit 2, no output.
        const QString nothing = dir.filePath(QStringLiteral("nothing.json"));
        QVERIFY(writeText(nothing, "[{\"ph\": \"i\", \"ts\": 0}]"));
        const BatchResult r2 = batch({ "import", nothing.toStdString(), "-o", graph.toStdString() });
        QCOMPARE(r2.status, 2);
        QVERIFY2(r2.err.find("no event became a task") != std::string::npos, r2.err.c_str());
        QVERIFY(!QFile::exists(graph));
    }
};

LOOKAHEAD_TEST(ComparisonTest)
#include "tst_comparison.moc"
