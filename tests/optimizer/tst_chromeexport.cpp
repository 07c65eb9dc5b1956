// The Chrome trace export as real viewers read it (issue #13), on every sample in samples/:
// (a) no marker events, one flow per dependency, each end bound to the real task slices;
// (b) a lane never overlaps itself; (c) metadata has `ts: 0`; (d) tids unique across the file and
// lanes named in full. Then the round trip: export → import → simulate gives the same schedule,
// for today's exports and for an export written before #13 (marker events, short lane names).

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace lookahead;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {
struct Scheduled {
    TaskGraph graph;
    std::shared_ptr<const Schedule> schedule;
};

Scheduled loadAndSimulate(const QString& path)
{
    auto graph = loadTaskGraphFile(path.toStdString());
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    SimulationOptions options;
    options.specCosts = true; // the import replays spec costs: compare like with like
    auto schedule = simulate(graph.value(), CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return { std::move(graph).value(), schedule.value() };
}

/// Every dependency as (producer id, consumer id): distinct producers through barriers and `after`.
std::multiset<std::pair<std::string, std::string>> dependenciesOf(const TaskGraph& graph)
{
    std::map<BarrierIndex, std::vector<TaskIndex>> updaters;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        for (BarrierIndex barrier : graph.updates(graph.tasks[t]))
            updaters[barrier].push_back(t);
    std::multiset<std::pair<std::string, std::string>> edges;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        std::set<TaskIndex> producers;
        for (BarrierIndex barrier : graph.waits(graph.tasks[t]))
            producers.insert(updaters[barrier].begin(), updaters[barrier].end());
        for (TaskIndex pred : graph.after(graph.tasks[t]))
            producers.insert(pred);
        for (TaskIndex producer : producers)
            edges.emplace(std::string(graph.taskId(producer)), std::string(graph.taskId(t)));
    }
    return edges;
}

/// µs with three decimals as integer thousandths (exact for what the writer prints).
std::int64_t thousandths(const nlohmann::json& value) { return std::llround(value.get<double>() * 1000.0); }

struct Slice {
    std::int64_t start, end;
    std::string id;
};

/// The slice a viewer binds a flow event at `ts` to: on its thread, the latest-starting slice
/// that encloses `ts` (a slice ending exactly at `ts` has been closed by the one starting there).
const Slice* enclosing(const std::vector<Slice>& lane, std::int64_t ts)
{
    const Slice* best = nullptr;
    for (const Slice& slice : lane)
        if (slice.start <= ts && ts <= slice.end && (!best || slice.start >= best->start))
            best = &slice;
    return best;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

void compareReplay(const TaskGraph& original, const Schedule& before, const std::string& trace, const char* label)
{
    auto imported = importChromeTrace(trace, label);
    QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().toString().c_str());
    const TaskGraph& graph = imported.value().graph;
    QCOMPARE(imported.value().summary.producer, std::string("lookahead"));
    QVERIFY(imported.value().summary.dropped.empty());
    QCOMPARE(graph.tasks.size(), original.tasks.size());
    SimulationOptions options;
    options.specCosts = true;
    auto replay = simulate(graph, CostModel::standard(), options);
    QVERIFY(replay.ok());
    QCOMPARE(replay.value()->makespan, before.makespan);
    for (TaskIndex t = 0; t < original.tasks.size(); ++t) {
        const TaskIndex u = graph.findTask(original.taskId(t));
        QCOMPARE(u, t);
        QCOMPARE(replay.value()->start[u], before.start[t]);
        QCOMPARE(replay.value()->end[u], before.end[t]);
        QCOMPARE(replay.value()->engine[u], before.engine[t]);
    }
}
} // namespace

class ChromeExportTest : public QObject {
    Q_OBJECT
private slots:
    void viewersReadIt_data()
    {
        QTest::addColumn<QString>("path");
        const QDir samples(sourcePath(QStringLiteral("samples")));
        const QStringList files = samples.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 5);
        for (const QString& file : files)
            QTest::newRow(qPrintable(file)) << samples.filePath(file);
        QTest::newRow("spec: cache-semantics") << sharedPath(QStringLiteral("spec/examples/cache-semantics.json"));
    }

    void viewersReadIt()
    {
        QFETCH(QString, path);
        const Scheduled scheduled = loadAndSimulate(path);
        const TaskGraph& graph = scheduled.graph;
        const auto trace = nlohmann::json::parse(writeChromeTrace(graph, *scheduled.schedule));

        std::map<int, int> pidOfTid;
        std::map<int, std::string> processName;
        std::set<std::string> laneNames;
        std::map<int, std::vector<Slice>> lanes; // by tid
        struct FlowEnd {
            int tid = 0;
            std::int64_t ts = 0;
            int seen = 0;
        };
        std::map<std::string, std::pair<FlowEnd, FlowEnd>> flows; // id → (s, f)
        std::size_t slices = 0;
        for (const auto& event : trace.at("traceEvents")) {
            const std::string ph = event.at("ph");
            if (ph == "M") {
                QVERIFY2(event.contains("ts") && event["ts"] == 0, event.dump().c_str()); // (c)
                const std::string name = event.at("name");
                const int pid = event.at("pid");
                if (name == "process_name")
                    processName[pid] = event["args"]["name"];
                if (event.contains("tid")) { // (d): one process per tid
                    auto [it, inserted] = pidOfTid.emplace(event["tid"].get<int>(), pid);
                    QCOMPARE(it->second, pid);
                }
                if (name == "thread_name") {
                    const std::string lane = event["args"]["name"];
                    QVERIFY2(laneNames.insert(lane).second, lane.c_str()); // (d): names unique
                    const std::string& process = processName.at(pid);
                    QVERIFY2(
                        lane.starts_with(process + " unit ") || lane.starts_with(process + " tile "), lane.c_str());
                }
            } else if (ph == "X") {
                ++slices;
                QVERIFY2(event.contains("args") && event["args"].contains("id"), event.dump().c_str()); // (a)
                QVERIFY(event.value("cat", "") != "dependency");
                const std::int64_t ts = thousandths(event.at("ts"));
                lanes[event.at("tid")].push_back({ ts, ts + thousandths(event.at("dur")), event["args"]["id"] });
                QCOMPARE(pidOfTid.at(event.at("tid")), event.at("pid").get<int>());
            } else if (ph == "s" || ph == "f") {
                QCOMPARE(event.value("cat", ""), std::string("dependency"));
                QCOMPARE(event.value("name", ""), std::string("dependency"));
                if (ph == "f")
                    QCOMPARE(event.value("bp", ""), std::string("e"));
                FlowEnd& end = ph == "s" ? flows[event.at("id")].first : flows[event.at("id")].second;
                end = { event.at("tid").get<int>(), thousandths(event.at("ts")), end.seen + 1 };
            } else {
                QFAIL(qPrintable(QStringLiteral("unexpected event %1").arg(QString::fromStdString(event.dump()))));
            }
        }
        QCOMPARE(slices, graph.tasks.size()); // (a): tasks only, no marker events

        // (b) No lane overlaps itself.
        for (auto& [tid, lane] : lanes) {
            std::stable_sort(
                lane.begin(), lane.end(), [](const Slice& a, const Slice& b) { return a.start < b.start; });
            for (std::size_t i = 1; i < lane.size(); ++i)
                QVERIFY2(lane[i].start >= lane[i - 1].end,
                    qPrintable(QStringLiteral("tid %1: %2 starts before %3 ends")
                                   .arg(tid)
                                   .arg(QString::fromStdString(lane[i].id), QString::fromStdString(lane[i - 1].id))));
        }

        // (a) One flow per dependency, from the producer's slice to the consumer's.
        std::multiset<std::pair<std::string, std::string>> drawn;
        for (const auto& [id, ends] : flows) {
            QVERIFY2(ends.first.seen == 1 && ends.second.seen == 1, id.c_str());
            const Slice* producer = enclosing(lanes[ends.first.tid], ends.first.ts);
            const Slice* consumer = enclosing(lanes[ends.second.tid], ends.second.ts);
            QVERIFY2(producer && consumer, id.c_str());
            drawn.emplace(producer->id, consumer->id);
        }
        QVERIFY(drawn == dependenciesOf(graph));
    }

    void roundTripIsExact_data() { viewersReadIt_data(); }

    /// Export → import → simulate gives back every task's start, end and engine.
    void roundTripIsExact()
    {
        QFETCH(QString, path);
        const Scheduled scheduled = loadAndSimulate(path);
        compareReplay(scheduled.graph, *scheduled.schedule, writeChromeTrace(scheduled.graph, *scheduled.schedule),
            "export.trace.json");
    }

    /// An export written before #13 (zero-length `after` anchors, `bind_id` flows, lane names without
    /// the executor) still imports to the same schedule.
    void exportBeforeFlowsStillImports()
    {
        const Scheduled scheduled = loadAndSimulate(sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")));
        const QByteArray old = readFile(sourcePath(QStringLiteral("tests/data/traces/lookahead-export-v1.json")));
        QVERIFY(old.contains("\"cat\":\"dependency\",\"pid\":1,\"tid\":1,\"ts\":0.054,\"dur\":0"));
        compareReplay(scheduled.graph, *scheduled.schedule, old.toStdString(), "lookahead-export-v1.json");
    }
};

LOOKAHEAD_TEST(ChromeExportTest)
#include "tst_chromeexport.moc"
