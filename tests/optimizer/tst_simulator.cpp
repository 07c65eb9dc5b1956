// Simulator: the spec examples reproduce their expected schedules exactly (golden), plus the
// corner cases of format section 5 one rule at a time.

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTest>

using namespace lookahead;
using json = nlohmann::json;

namespace {
std::shared_ptr<const Schedule> simulateText(const std::string& text)
{
    auto graph = parseTaskGraph(text, "inline.json");
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph.value(), CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return schedule.value();
}

std::string graphWith(const std::string& executors, const std::string& tasks, const std::string& extra = "")
{
    return R"({"format": "lookahead-taskgraph", "version": 1, "platform": {"executors": )" + executors + extra
        + R"(}, "kernels": {"k": {"code_bytes": 640}, "big": {"code_bytes": 100000}}, "tasks": )" + tasks + "}";
}
} // namespace

class SimulatorTest : public QObject {
    Q_OBJECT
private slots:
    void specExamples_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const QDir examples(lookahead::test::sharedPath(QStringLiteral("spec/examples")));
        const QStringList expectedFiles = examples.entryList({ QStringLiteral("*.expected-schedule.json") }, QDir::Files);
        QVERIFY2(!expectedFiles.isEmpty(), qPrintable(QStringLiteral("no examples in ") + examples.path()));
        for (const QString& name : expectedFiles) {
            QString input = name;
            input.replace(QStringLiteral(".expected-schedule.json"), QStringLiteral(".json"));
            QTest::newRow(qPrintable(input)) << examples.filePath(input) << examples.filePath(name);
        }
    }

    void specExamples()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto graph = loadTaskGraphFile(input.toStdString());
        QVERIFY2(graph.ok(), graph.ok() ? "" : graph.error().toString().c_str());
        SimulationOptions options;
        options.specCosts = true;
        auto schedule = simulate(graph.value(), CostModel::standard(), options);
        QVERIFY(schedule.ok());
        QFile file(expected);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const json want = json::parse(file.readAll().toStdString());
        const Schedule& s = *schedule.value();
        QCOMPARE(s.makespan, want["makespan"].get<std::int64_t>());
        QCOMPARE(want["tasks"].size(), graph.value().tasks.size());
        for (TaskIndex t = 0; t < graph.value().tasks.size(); ++t) {
            const std::string id(graph.value().taskId(t));
            const json& w = want["tasks"][id];
            const QByteArray context = QByteArray("task ") + id.c_str();
            QVERIFY2(s.start[t] == w["start"].get<std::int64_t>(), context + " start");
            QVERIFY2(s.end[t] == w["end"].get<std::int64_t>(), context + " end");
            QVERIFY2(s.engine[t] == w["engine"].get<int>(), context + " engine");
            QVERIFY2(s.stall[t] == w["stall"].get<std::int64_t>(), context + " stall");
        }
    }

    void queueIssuesInOrder()
    {
        // b waits on a slow barrier; c behind it in the same queue cannot overtake even though free.
        auto s = simulateText(graphWith(R"({"X": {"units": 1, "engines": 2}, "Y": {}})",
            R"([{"id": "slow", "exec": "Y", "cycles": 100, "update": ["b"]},
                {"id": "b", "exec": "X", "cycles": 10, "wait": ["b"]},
                {"id": "c", "exec": "X", "cycles": 10}])"));
        QCOMPARE(s->start[1], 100);
        QCOMPARE(s->start[2], 100); // start of the previous task in the queue
        QCOMPARE(s->engine[2], 1);  // engine 0 is busy until 110
    }

    void barrierWithoutUpdaterReleasesAtZero()
    {
        auto s = simulateText(graphWith(R"({"X": {}})", R"([{"id": "a", "exec": "X", "cycles": 5, "wait": ["never"]}])"));
        QCOMPARE(s->start[0], 0);
        QCOMPARE(s->makespan, 5);
    }

    void barrierReleasesAtLatestUpdater()
    {
        auto s = simulateText(graphWith(R"({"X": {"units": 3}})",
            R"([{"id": "a", "exec": "X", "unit": 0, "cycles": 5, "update": ["b"]},
                {"id": "b", "exec": "X", "unit": 1, "cycles": 50, "update": ["b"]},
                {"id": "w", "exec": "X", "unit": 2, "cycles": 1, "wait": ["b"]}])"));
        QCOMPARE(s->start[2], 50);
        QCOMPARE(s->binding[2], TaskIndex(1));
    }

    void engineTieGoesToLowestIndex()
    {
        auto s = simulateText(graphWith(R"({"X": {"engines": 3}})",
            R"([{"id": "a", "exec": "X", "cycles": 5}, {"id": "b", "exec": "X", "cycles": 5},
                {"id": "c", "exec": "X", "cycles": 5}, {"id": "d", "exec": "X", "cycles": 5}])"));
        QCOMPARE(s->engine[0], 0);
        QCOMPARE(s->engine[1], 1);
        QCOMPARE(s->engine[2], 2);
        QCOMPARE(s->engine[3], 0);
        QCOMPARE(s->start[3], 5);
    }

    void kernelLargerThanCacheNeverResides()
    {
        const std::string icache
            = R"(, "icache": {"d": {"l1_bytes": 1024, "l2_bytes": 4096, "line_bytes": 64, "l2_hit_latency": 1,
                 "l2_bytes_per_cycle": 64, "miss_latency": 10, "miss_bytes_per_cycle": 64}})";
        auto s = simulateText(graphWith(R"({"V": {"icache": "d"}})",
            R"([{"id": "a", "exec": "V", "cycles": 1, "kernel": "big"}, {"id": "b", "exec": "V", "cycles": 1, "kernel": "big"},
                {"id": "c", "exec": "V", "cycles": 1, "kernel": "k"}, {"id": "d", "exec": "V", "cycles": 1, "kernel": "k"}])",
            icache));
        QCOMPARE(s->stall[0], 10 + 100032 / 64); // miss, footprint rounded to lines
        QCOMPARE(s->stall[1], s->stall[0]);      // still a miss: too big for L2
        QCOMPARE(s->stall[2], 10 + 640 / 64);
        QCOMPARE(s->stall[3], 0); // L1 hit
        QCOMPARE(s->misses, 3);
        QCOMPARE(s->l1Hits, 1);
    }

    void criticalPathFollowsBindings()
    {
        auto s = simulateText(graphWith(R"({"X": {"units": 2}})",
            R"([{"id": "a", "exec": "X", "unit": 0, "cycles": 10, "update": ["b"]},
                {"id": "short", "exec": "X", "unit": 1, "cycles": 1},
                {"id": "c", "exec": "X", "unit": 1, "cycles": 10, "wait": ["b"]}])"));
        QCOMPARE(s->criticalPath(), (std::vector<TaskIndex> { 0, 2 }));
        QCOMPARE(s->startOrder, (std::vector<TaskIndex> { 0, 1, 2 }));
    }

    void cancellation()
    {
        std::string tasks = "[";
        for (int i = 0; i < 20000; ++i)
            tasks += (i ? "," : "") + std::string("{\"id\": \"t") + std::to_string(i) + "\", \"exec\": \"X\", \"cycles\": 1}";
        tasks += "]";
        auto graph = parseTaskGraph(graphWith(R"({"X": {}})", tasks), "big.json");
        QVERIFY(graph.ok());
        std::atomic<bool> cancel { true };
        SimulationOptions options;
        options.cancel = &cancel;
        auto schedule = simulate(graph.value(), CostModel::standard(), options);
        QVERIFY(!schedule.ok());
        QCOMPARE(schedule.error().message, std::string("cancelled"));
    }
};

LOOKAHEAD_TEST(SimulatorTest)
#include "tst_simulator.moc"
