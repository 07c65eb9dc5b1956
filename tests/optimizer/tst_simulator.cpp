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

#include <map>
#include <random>

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

/// A random graph for the delay test: every dependency points forward in file order (after, barriers,
/// queues), so it never deadlocks.
struct RandomTask {
    int exec, unit;
    std::int64_t cycles, delay;
    std::vector<int> after;
    std::vector<std::string> wait, update;
};
struct RandomGraph {
    std::vector<std::pair<int, int>> executors; ///< (units, engines)
    std::vector<RandomTask> tasks;

    std::string text() const
    {
        json doc = { { "format", "lookahead-taskgraph" }, { "version", 1 } };
        json executorsJson = json::object();
        for (std::size_t e = 0; e < executors.size(); ++e)
            executorsJson["E" + std::to_string(e)]
                = { { "units", executors[e].first }, { "engines", executors[e].second } };
        doc["platform"] = { { "executors", executorsJson } };
        json tasksJson = json::array();
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const RandomTask& t = tasks[i];
            json task = { { "id", "t" + std::to_string(i) }, { "exec", "E" + std::to_string(t.exec) },
                { "unit", t.unit }, { "cycles", t.cycles }, { "wait", t.wait }, { "update", t.update } };
            if (t.delay)
                task["delay"] = t.delay;
            json after = json::array();
            for (int a : t.after)
                after.push_back("t" + std::to_string(a));
            task["after"] = after;
            tasksJson.push_back(task);
        }
        doc["tasks"] = tasksJson;
        return doc.dump();
    }
};

RandomGraph randomGraph(std::uint32_t seed)
{
    std::mt19937 random(seed);
    auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
    RandomGraph g;
    for (int e = uniform(1, 3); e > 0; --e)
        g.executors.emplace_back(uniform(1, 3), uniform(1, 3));
    const int n = uniform(20, 60);
    for (int i = 0; i < n; ++i) {
        RandomTask t;
        t.exec = uniform(0, int(g.executors.size()) - 1);
        t.unit = uniform(0, g.executors[t.exec].first - 1);
        t.cycles = uniform(0, 50);
        t.delay = uniform(0, 1) ? uniform(0, 40) : 0;
        for (int k = uniform(0, 2); k > 0 && i > 0; --k)
            t.after.push_back(uniform(0, i - 1));
        t.update.push_back("b" + std::to_string(i));
        if (i > 0 && uniform(0, 2) == 0)
            t.update.push_back("b" + std::to_string(i - 1)); // a second updater of the previous barrier
        for (int k = uniform(0, 2); k > 0 && i > 1; --k)
            t.wait.push_back("b" + std::to_string(uniform(0, i - 2)));
        if (uniform(0, 5) == 0)
            t.wait.push_back("never-updated"); // released at 0
        g.tasks.push_back(t);
    }
    return g;
}

/// Spec 5.1 as written, independently of the simulator: tasks in file order (every dependency
/// points backwards, so each task's inputs are known when it is reached).
std::vector<std::pair<std::int64_t, std::int64_t>> referenceSchedule(const RandomGraph& g)
{
    const std::size_t n = g.tasks.size();
    std::vector<std::pair<std::int64_t, std::int64_t>> times(n); // (start, end)
    std::map<std::string, std::int64_t> release;
    for (std::size_t i = 0; i < n; ++i)
        for (const std::string& b : g.tasks[i].update)
            release[b] = 0;
    std::map<std::pair<int, int>, std::vector<std::int64_t>> engineFree;
    std::map<std::pair<int, int>, std::int64_t> previousStart;
    for (std::size_t i = 0; i < n; ++i) {
        const RandomTask& t = g.tasks[i];
        std::int64_t ready = 0;
        for (const std::string& b : t.wait) {
            // Released at the latest end among its updaters (all earlier in file order here).
            std::int64_t released = 0;
            for (std::size_t u = 0; u < i; ++u)
                for (const std::string& updated : g.tasks[u].update)
                    if (updated == b)
                        released = std::max(released, times[u].second);
            ready = std::max(ready, released);
        }
        for (int a : t.after)
            ready = std::max(ready, times[a].second);
        const auto queue = std::make_pair(t.exec, t.unit);
        auto& engines = engineFree[queue];
        engines.resize(g.executors[t.exec].second, 0);
        const auto chosen = std::min_element(engines.begin(), engines.end()); // first of the earliest free
        std::int64_t start = std::max(ready, *chosen);
        if (auto previous = previousStart.find(queue); previous != previousStart.end())
            start = std::max(start, previous->second);
        start += t.delay;
        times[i] = { start, start + t.cycles };
        *chosen = times[i].second;
        previousStart[queue] = start;
    }
    return times;
}
} // namespace

class SimulatorTest : public QObject {
    Q_OBJECT
private slots:
    void delayMatchesSpecOnRandomGraphs_data()
    {
        QTest::addColumn<std::uint32_t>("seed");
        for (std::uint32_t seed = 1; seed <= 40; ++seed)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
    }

    void delayMatchesSpecOnRandomGraphs()
    {
        QFETCH(std::uint32_t, seed);
        const RandomGraph g = randomGraph(seed);
        const auto expected = referenceSchedule(g);
        const auto schedule = simulateText(g.text());
        for (std::size_t i = 0; i < g.tasks.size(); ++i) {
            QCOMPARE(schedule->start[i], expected[i].first);
            QCOMPARE(schedule->end[i], expected[i].second);
        }
    }

    void delayIsAddedAfterTheEngineIsChosen()
    {
        // One queue, two engines: `a` holds engine 0 until 10, `b` engine 1 until 4. `c` takes engine 1
        // (free first, at 4), then waits its delay: 24. Adding the delay first would pick engine 0 at 20.
        const auto schedule = simulateText(graphWith(R"({"X": {"units": 1, "engines": 2}})",
            R"([{"id": "a", "exec": "X", "cycles": 10}, {"id": "b", "exec": "X", "cycles": 4},
                {"id": "c", "exec": "X", "cycles": 1, "delay": 20}])"));
        QCOMPARE(schedule->start[2], std::int64_t(24));
        QCOMPARE(schedule->engine[2], std::uint16_t(1));
        QCOMPARE(schedule->end[2], std::int64_t(25));
    }

    void specExamples_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const QDir examples(lookahead::test::sharedPath(QStringLiteral("spec/examples")));
        const QStringList expectedFiles
            = examples.entryList({ QStringLiteral("*.expected-schedule.json") }, QDir::Files);
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
        auto s
            = simulateText(graphWith(R"({"X": {}})", R"([{"id": "a", "exec": "X", "cycles": 5, "wait": ["never"]}])"));
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
            tasks += (i ? "," : "") + std::string("{\"id\": \"t") + std::to_string(i)
                + "\", \"exec\": \"X\", \"cycles\": 1}";
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
