// `sw-kernel-prefetch`: every option of passes.md and every "not prefetched because" reason, on
// small graphs built here; the gap sweep against the straightforward rescan; the fabric-contention
// cost term; a golden file pinning the explanations of one run per mode.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchCommand.h"
#include "costs/FabricContention.h"
#include "passes/PrefetchGapSearch.h"

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Pipeline.h"
#include "lookahead/RunReport.h"
#include "lookahead/Simulator.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace lookahead;
using nlohmann::json;

/// Compares JSON values by their text (QCOMPARE cannot print nlohmann::json).
#define JSON_COMPARE(actual, expected)                                                                                 \
    QCOMPARE(QString::fromStdString(json(actual).dump()), QString::fromStdString(json(expected).dump()))

namespace {

/// A small graph written as format v1 JSON, with cheap instruction fetches so that the times
/// stay close to the `cycles` given (miss = 1 cycle per 64 KB).
struct GraphBuilder {
    json root;
    GraphBuilder(std::uint32_t units, std::uint32_t enginesPerUnit)
    {
        root = { { "format", "lookahead-taskgraph" }, { "version", 1 },
            { "platform",
                { { "name", "test" }, { "clock_mhz", 1850 },
                    { "executors",
                        { { "DMA", { { "units", 2 }, { "engines", 1 } } },
                            { "SHAVE",
                                { { "units", units }, { "engines", enginesPerUnit }, { "tiled", true },
                                    { "icache", "shave" } } } } },
                    { "icache",
                        { { "shave",
                            { { "l1_bytes", 8192 }, { "l2_bytes", 262144 }, { "line_bytes", 64 },
                                { "l2_hit_latency", 0 }, { "l2_bytes_per_cycle", 65536 }, { "miss_latency", 0 },
                                { "miss_bytes_per_cycle", 65536 } } } } } } },
            { "kernels", json::object() }, { "tasks", json::array() } };
    }
    GraphBuilder& kernel(const std::string& name, std::int64_t bytes = 4096)
    {
        root["kernels"][name] = { { "code_bytes", bytes } };
        return *this;
    }
    GraphBuilder& task(const std::string& id, const std::string& exec, std::uint32_t unit, std::int64_t cycles,
        const std::string& kernel, std::vector<std::string> wait, std::vector<std::string> update)
    {
        json t = { { "id", id }, { "exec", exec }, { "unit", unit }, { "cycles", cycles } };
        if (!kernel.empty()) {
            t["kernel"] = kernel;
            if (!root["kernels"].contains(kernel))
                this->kernel(kernel);
        }
        if (!wait.empty())
            t["wait"] = wait;
        if (!update.empty())
            t["update"] = update;
        root["tasks"].push_back(t);
        return *this;
    }
    TaskGraph load() const
    {
        auto graph = parseTaskGraph(root.dump(), "test.json");
        if (!graph.ok())
            qFatal("%s", graph.error().toString().c_str());
        return std::move(graph).value();
    }
};

struct Outcome {
    bool ok = false;
    std::string error;
    TaskGraph graph;
    PassRecord record;
};

Outcome runPass(const TaskGraph& input, const std::string& pipelineText, bool specCosts = true)
{
    Outcome outcome;
    outcome.graph = input;
    auto pipeline = Pipeline::parse(pipelineText);
    if (!pipeline.ok()) {
        outcome.error = pipeline.error().toString();
        return outcome;
    }
    PipelineRunOptions options;
    options.simulation.specCosts = specCosts;
    auto records = runPipeline(pipeline.value(), outcome.graph, options);
    if (!records.ok()) {
        outcome.error = records.error().toString();
        return outcome;
    }
    outcome.ok = true;
    outcome.record = records.value().front();
    return outcome;
}

/// Inserted prefetches as "kernel@unit after:ID before:ID wait:[..] update:[..]", in file order.
std::vector<std::string> inserted(const TaskGraph& graph)
{
    std::vector<std::string> lines;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        if (task.origin == kNoSymbol || graph.strings.view(task.origin) != "sw-kernel-prefetch")
            continue;
        std::string line = graph.kernels[task.prefetch].name + "@" + std::to_string(task.unit);
        TaskIndex after = t;
        while (after > 0 && graph.tasks[after - 1].origin != kNoSymbol)
            --after;
        line += " after:" + (after > 0 ? std::string(graph.taskId(after - 1)) : std::string("-"));
        TaskIndex before = t + 1;
        while (before < graph.tasks.size() && graph.tasks[before].origin != kNoSymbol)
            ++before;
        line += " before:" + (before < graph.tasks.size() ? std::string(graph.taskId(before)) : std::string("-"));
        std::string wait, update;
        for (BarrierIndex b : graph.waits(task))
            wait += (wait.empty() ? "" : ",") + std::string(graph.barriers.view(b));
        for (BarrierIndex b : graph.updates(task))
            update += (update.empty() ? "" : ",") + std::string(graph.barriers.view(b));
        line += " wait:[" + wait + "] update:[" + update + "]";
        if (task.role != TaskRole::Prefetch || task.cycles < 0)
            line += " NOT-A-PREFETCH";
        lines.push_back(line);
    }
    return lines;
}

/// kernel → reason of the skipped decisions, "inserted" for inserted ones.
std::map<std::string, std::string> verdicts(const PassRecord& record)
{
    std::map<std::string, std::string> result;
    for (const json& d : record.decisions) {
        if (!d.contains("kernel"))
            continue;
        result[d["kernel"].get<std::string>()]
            = d["action"] == "inserted" ? std::string("inserted") : d["reason"].get<std::string>();
    }
    return result;
}

json decisionFor(const PassRecord& record, const std::string& kernel)
{
    for (const json& d : record.decisions)
        if (d.value("kernel", "") == kernel)
            return d;
    return json();
}

std::int64_t statistic(const PassRecord& record, const std::string& name)
{
    for (const auto& [key, value] : record.statistics)
        if (key == name)
            return value;
    return -1;
}

using Lines = std::vector<std::string>;
using Verdicts = std::map<std::string, std::string>;

/// Start-of-schedule graph: 3 tiles × 2 SHAVEs (E = 6). A 300 K-cycle load releases b1; five
/// kernels k0..k4 wait on it (units 0,1,2,0,1). A kernel-less SHAVE task keeps unit 0 busy for
/// 200 K cycles before the load ends (for least-loaded).
TaskGraph startGraph(std::vector<std::int64_t> sizes = { 4096, 4096, 4096, 4096, 4096 })
{
    GraphBuilder b(3, 2);
    for (int i = 0; i < 5; ++i)
        b.kernel("k" + std::to_string(i), sizes[i]);
    b.task("d0", "DMA", 0, 300000, "", {}, { "b1" });
    b.task("busy0", "SHAVE", 0, 200000, "", {}, {});
    const std::uint32_t units[5] = { 0, 1, 2, 0, 1 };
    for (int i = 0; i < 5; ++i)
        b.task("t" + std::to_string(i), "SHAVE", units[i], 20000, "k" + std::to_string(i), { "b1" }, { "b2" });
    b.task("out", "DMA", 0, 1000, "", { "b2" }, {});
    return b.load();
}

/// Mid-schedule graph: 2 tiles × 1 SHAVE (E = 2). Kernel starts: x0 5 K (tile 0, runs to 60 K),
/// a1 10 K (tile 1), c0 + c1 110 K (saturated), e1 250 K (tile 1), k0 320 K (tile 0). The start
/// test fails (slack 5 K).
TaskGraph midGraph()
{
    GraphBuilder b(2, 1);
    b.task("d0", "DMA", 0, 5000, "", {}, { "bA" });
    b.task("d1", "DMA", 1, 10000, "", {}, { "bB" });
    b.task("x0", "SHAVE", 0, 55000, "x", { "bA" }, { "bX" });
    b.task("a1", "SHAVE", 1, 20000, "a", { "bB" }, { "bC" });
    b.task("d2", "DMA", 0, 80000, "", { "bC" }, { "bD" });
    b.task("c0", "SHAVE", 0, 20000, "c", { "bD" }, { "bE" });
    b.task("c1", "SHAVE", 1, 20000, "c", { "bD" }, { "bE" });
    b.task("d3", "DMA", 1, 120000, "", { "bE" }, { "bF" });
    b.task("e1", "SHAVE", 1, 20000, "e", { "bF" }, { "bG" });
    b.task("d4", "DMA", 0, 50000, "", { "bG" }, { "bH" });
    b.task("k0", "SHAVE", 0, 20000, "k", { "bH", "bX" }, {});
    return b.load();
}

const char* kMid = "sw-kernel-prefetch{mode=start+mid,max-prefetches=8";

} // namespace

class SwKernelPrefetchTest : public QObject {
    Q_OBJECT
private slots:
    void optionsAreDeclaredWithSpecDefaults()
    {
        auto pass = PassRegistry::global().create("sw-kernel-prefetch");
        QVERIFY(pass);
        const std::vector<std::pair<std::string, std::string>> expected { { "mode", "start" },
            { "start-threshold", "280000" }, { "mid-min-gap", "50000" }, { "ref-tile", "1" }, { "idle-min", "50000" },
            { "init-penalty", "100000" }, { "tile-policy", "block (start, idle), round-robin (mid)" },
            { "saturation", "exact-start" }, { "count-inserted", "false" }, { "wait-barrier", "false" },
            { "l2-aware", "true" }, { "kernels", "all" }, { "max-prefetches", "units × engines" },
            { "prefetch-cycles", "2000" }, { "exec", "the only tiled kind with an icache" } };
        QCOMPARE(pass->options().size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(pass->options()[i]->name(), expected[i].first);
            QCOMPARE(pass->options()[i]->defaultText(), expected[i].second);
        }
        QCOMPARE(pass->findOption("mode")->typeText(), std::string("off|start|start+mid|idle"));
        QCOMPARE(pass->findOption("tile-policy")->typeText(), std::string("block|round-robin|least-loaded"));
        QCOMPARE(pass->findOption("saturation")->typeText(), std::string("exact-start|overlap"));
    }

    void modeOffInsertsNothing()
    {
        const Outcome o = runPass(startGraph(), "sw-kernel-prefetch{mode=off}");
        QVERIFY2(o.ok, o.error.c_str());
        QVERIFY(inserted(o.graph).empty());
        QCOMPARE(o.graph.tasks.size(), startGraph().tasks.size());
    }

    void startTilePolicies_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<Lines>("expected");
        auto lines = [](std::vector<int> units) {
            Lines out;
            for (int i = 0; i < 5; ++i)
                out.push_back("k" + std::to_string(i) + "@" + std::to_string(units[i])
                    + " after:busy0 before:t0 wait:[] update:[b1]");
            return out;
        };
        QTest::newRow("block (default): i div engines") << QString() << lines({ 0, 0, 1, 1, 2 });
        QTest::newRow("round-robin") << QStringLiteral(",tile-policy=round-robin") << lines({ 0, 1, 2, 0, 1 });
        QTest::newRow("least-loaded avoids the busy unit")
            << QStringLiteral(",tile-policy=least-loaded") << lines({ 1, 2, 1, 2, 1 });
    }

    void startTilePolicies()
    {
        QFETCH(QString, options);
        QFETCH(Lines, expected);
        const Outcome o = runPass(startGraph(), "sw-kernel-prefetch{mode=start" + options.toStdString() + "}");
        QVERIFY2(o.ok, o.error.c_str());
        QCOMPARE(inserted(o.graph), expected);
        QCOMPARE(statistic(o.record, "prefetches-inserted"), 5);
        QCOMPARE(statistic(o.record, "candidates"), 5);
        QVERIFY(o.record.verification.clean());
        // The explanation of an inserted start prefetch: mode, slack, barrier.
        const json d = decisionFor(o.record, "k0");
        JSON_COMPARE(d["action"], "inserted");
        JSON_COMPARE(d["mode"], "start");
        JSON_COMPARE(d["phase"], "start");
        JSON_COMPARE(d["slack"], 300000);
        JSON_COMPARE(d["barrier"], "b1");
        JSON_COMPARE(d["before_task"], "t0");
    }

    void startReasons_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QList<qint64>>("sizes");
        QTest::addColumn<Verdicts>("expected");
        const QList<qint64> small { 4096, 4096, 4096, 4096, 4096 };
        QTest::newRow("no slack: release below start-threshold")
            << QStringLiteral("start-threshold=360000") << small
            << Verdicts { { "k0", "no-slack" }, { "k1", "no-slack" }, { "k2", "no-slack" }, { "k3", "no-slack" },
                   { "k4", "no-slack" } };
        QTest::newRow("cap reached: max-prefetches")
            << QStringLiteral("max-prefetches=2") << small
            << Verdicts { { "k0", "inserted" }, { "k1", "inserted" }, { "k2", "cap-reached" }, { "k3", "cap-reached" },
                   { "k4", "cap-reached" } };
        const QList<qint64> big { 4096, 4096, 200000, 60000, 4096 };
        QTest::newRow("l2 full: the walk stops at k3")
            << QString() << big
            << Verdicts { { "k0", "inserted" }, { "k1", "inserted" }, { "k2", "inserted" }, { "k3", "l2-full" },
                   { "k4", "l2-full" } };
        QTest::newRow("l2-aware=false: no walk limit")
            << QStringLiteral("l2-aware=false") << big
            << Verdicts { { "k0", "inserted" }, { "k1", "inserted" }, { "k2", "inserted" }, { "k3", "inserted" },
                   { "k4", "inserted" } };
        // k0 is not allowed but still fills the L2 model, so k2 no longer fits.
        const QList<qint64> allowSizes { 250000, 4096, 10000, 4096, 4096 };
        QTest::newRow("allow-list: excluded kernels still load the model")
            << QStringLiteral("kernels={k1,k2}") << allowSizes
            << Verdicts { { "k0", "not-on-allow-list" }, { "k1", "inserted" }, { "k2", "l2-full" }, { "k3", "l2-full" },
                   { "k4", "l2-full" } };
    }

    void startReasons()
    {
        QFETCH(QString, options);
        QFETCH(QList<qint64>, sizes);
        QFETCH(Verdicts, expected);
        const Outcome o = runPass(startGraph(std::vector<std::int64_t>(sizes.begin(), sizes.end())),
            "sw-kernel-prefetch{mode=start" + (options.isEmpty() ? std::string() : "," + options.toStdString()) + "}");
        QVERIFY2(o.ok, o.error.c_str());
        QCOMPARE(verdicts(o.record), expected);
        std::int64_t insertedCount = 0;
        for (const auto& [kernel, verdict] : expected)
            insertedCount += verdict == "inserted";
        QCOMPARE(std::int64_t(inserted(o.graph).size()), insertedCount);
        for (const json& d : o.record.decisions)
            if (d["action"] == "skipped")
                QVERIFY(!d["detail"].get<std::string>().empty());
    }

    void allowListedKernelKeepsItsCandidateIndex()
    {
        // Only k1 is allowed: it is candidate 0, so `block` puts it on unit 0.
        const Outcome o = runPass(startGraph(), "sw-kernel-prefetch{kernels={k1}}");
        QVERIFY2(o.ok, o.error.c_str());
        QCOMPARE(inserted(o.graph), (Lines { "k1@0 after:busy0 before:t0 wait:[] update:[b1]" }));
        QCOMPARE(statistic(o.record, "skipped-not-allowed"), 4);
    }

    void midFallback_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<Lines>("expected");
        QTest::addColumn<Verdicts>("verdicts");
        QTest::newRow("PR #199 as written: both prefetches land after a1")
            << QString()
            << Lines { "c@0 after:a1 before:d2 wait:[] update:[]", "e@1 after:a1 before:d2 wait:[] update:[]",
                   "k@0 after:a1 before:d2 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" }, { "e", "inserted" },
                   { "k", "inserted" } };
        QTest::newRow("count-inserted: a1's slot fills, k moves to e1")
            << QStringLiteral(",count-inserted=true")
            << Lines { "c@0 after:a1 before:d2 wait:[] update:[]", "k@1 after:e1 before:d4 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" },
                   { "e", "gap-too-small" }, { "k", "inserted" } };
        QTest::newRow("saturation=overlap: x0 still runs when a1 starts")
            << QStringLiteral(",saturation=overlap") << Lines { "k@0 after:e1 before:d4 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "gap-too-small" },
                   { "e", "gap-too-small" }, { "k", "inserted" } };
        QTest::newRow("mid-min-gap above every gap")
            << QStringLiteral(",mid-min-gap=150000") << Lines {}
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "gap-too-small" },
                   { "e", "gap-too-small" }, { "k", "gap-too-small" } };
        QTest::newRow("wait-barrier: waits on a1's barrier")
            << QStringLiteral(",wait-barrier=true")
            << Lines { "c@0 after:a1 before:d2 wait:[bB] update:[]", "e@1 after:a1 before:d2 wait:[bB] update:[]",
                   "k@0 after:a1 before:d2 wait:[bB] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" }, { "e", "inserted" },
                   { "k", "inserted" } };
        QTest::newRow("ref-tile=0: x0 opens the gaps")
            << QStringLiteral(",ref-tile=0")
            << Lines { "c@0 after:x0 before:a1 wait:[] update:[]", "e@1 after:x0 before:a1 wait:[] update:[]",
                   "k@0 after:x0 before:a1 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" }, { "e", "inserted" },
                   { "k", "inserted" } };
        // Window [10 K, 110 K): x0 keeps unit 0 busy for 50 K cycles, a1 unit 1 for 20 K.
        QTest::newRow("tile-policy=least-loaded: unit 1 is idle during the gap")
            << QStringLiteral(",tile-policy=least-loaded")
            << Lines { "c@1 after:a1 before:d2 wait:[] update:[]", "e@1 after:a1 before:d2 wait:[] update:[]",
                   "k@1 after:a1 before:d2 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" }, { "e", "inserted" },
                   { "k", "inserted" } };
        QTest::newRow("tile-policy=block: candidate index div engines")
            << QStringLiteral(",tile-policy=block")
            << Lines { "c@0 after:a1 before:d2 wait:[] update:[]", "e@1 after:a1 before:d2 wait:[] update:[]",
                   "k@0 after:a1 before:d2 wait:[] update:[]" }
            << Verdicts { { "x", "gap-too-small" }, { "a", "gap-too-small" }, { "c", "inserted" }, { "e", "inserted" },
                   { "k", "inserted" } };
    }

    void midFallback()
    {
        QFETCH(QString, options);
        QFETCH(Lines, expected);
        QFETCH(Verdicts, verdicts);
        const Outcome o = runPass(midGraph(), std::string(kMid) + options.toStdString() + "}");
        QVERIFY2(o.ok, o.error.c_str());
        QCOMPARE(inserted(o.graph), expected);
        QCOMPARE(::verdicts(o.record), verdicts);
        QVERIFY(o.record.verification.clean());
        QCOMPARE(statistic(o.record, "skipped-no-slack"), 0);
    }

    void midExplanationNamesGapOpenerAndSaturation()
    {
        const Outcome o = runPass(midGraph(), std::string(kMid) + "}");
        QVERIFY2(o.ok, o.error.c_str());
        const json test = o.record.decisions.front();
        JSON_COMPARE(test["action"], "test");
        JSON_COMPARE(test["passed"], false);
        JSON_COMPARE(test["slack"], 5000);
        const json c = decisionFor(o.record, "c");
        JSON_COMPARE(c["mode"], "start+mid");
        JSON_COMPARE(c["phase"], "mid");
        JSON_COMPARE(c["opened_by"], "a1");
        JSON_COMPARE(c["saturation_count"], 1);
        JSON_COMPARE(c["gap_start"], 10000);
        JSON_COMPARE(c["gap_end_reason"], "first-use");
        QVERIFY(c["gap"].get<std::int64_t>() >= 100000 && c["gap"].get<std::int64_t>() < 100100);
        const json k = decisionFor(o.record, "k");
        JSON_COMPARE(k["gap_end_reason"], "saturated");
        const json x = decisionFor(o.record, "x");
        JSON_COMPARE(x["reason"], "gap-too-small");
        QVERIFY(x["detail"].get<std::string>().find("no kernel task on tile 1") != std::string::npos);
    }

    void startModeNeverFallsBackToMid()
    {
        const Outcome o = runPass(midGraph(), "sw-kernel-prefetch{mode=start}");
        QVERIFY2(o.ok, o.error.c_str());
        QVERIFY(inserted(o.graph).empty());
        QCOMPARE(verdicts(o.record),
            (Verdicts { { "x", "no-slack" }, { "a", "no-slack" }, { "c", "cap-reached" }, { "e", "cap-reached" },
                { "k", "cap-reached" } }));
        QCOMPARE(statistic(o.record, "skipped-cap"), 3); // default cap: E = 2
    }

    void idleMode_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<Lines>("expected");
        QTest::addColumn<Verdicts>("verdicts");
        QTest::newRow("leading interval too short after init-penalty: the second one is used")
            << QString() << Lines { "b@1 after:d1 before:b1 wait:[bA] update:[]" }
            << Verdicts { { "a", "used-before-interval" }, { "b", "inserted" } };
        QTest::newRow("init-penalty=0: the leading interval qualifies")
            << QStringLiteral(",init-penalty=0")
            << Lines { "a@0 after:d0 before:a0 wait:[] update:[]", "b@1 after:d0 before:a0 wait:[] update:[]" }
            << Verdicts { { "a", "inserted" }, { "b", "inserted" } };
        QTest::newRow("idle-min above every interval") << QStringLiteral(
            ",idle-min=200000") << Lines {} << Verdicts { { "a", "no-idle-interval" }, { "b", "no-idle-interval" } };
    }

    void idleMode()
    {
        QFETCH(QString, options);
        QFETCH(Lines, expected);
        QFETCH(Verdicts, verdicts);
        // a0 starts at 120 K (leading interval: 120 K − 100 K penalty = 20 K), ends at 130 K; b1
        // starts at 230 K (interval 100 K, no penalty).
        GraphBuilder b(2, 1);
        b.task("d0", "DMA", 0, 120000, "", {}, { "b0" });
        b.task("a0", "SHAVE", 0, 10000, "a", { "b0" }, { "bA" });
        b.task("d1", "DMA", 1, 100000, "", { "bA" }, { "bB" });
        b.task("b1", "SHAVE", 1, 10000, "b", { "bB" }, {});
        const Outcome o = runPass(b.load(), "sw-kernel-prefetch{mode=idle" + options.toStdString() + "}");
        QVERIFY2(o.ok, o.error.c_str());
        QCOMPARE(inserted(o.graph), expected);
        QCOMPARE(::verdicts(o.record), verdicts);
    }

    void insertionThatWouldDeadlockIsSkippedAndReported()
    {
        // The prefetch would go on unit 0 behind `x`, which waits on b1, the barrier it updates.
        GraphBuilder b(2, 2);
        b.task("d0", "DMA", 0, 300000, "", {}, { "b1" });
        b.task("busy", "SHAVE", 0, 100000, "", {}, {});
        b.task("x", "SHAVE", 0, 1000, "", { "b1" }, {});
        b.task("k", "SHAVE", 1, 1000, "k", { "b1" }, {});
        const Outcome o = runPass(b.load(), "sw-kernel-prefetch");
        QVERIFY2(o.ok, o.error.c_str());
        QVERIFY(inserted(o.graph).empty());
        QCOMPARE(verdicts(o.record), (Verdicts { { "k", "would-deadlock" } }));
        QCOMPARE(statistic(o.record, "skipped-deadlock"), 1);
        QCOMPARE(o.record.warnings.size(), 1u);
        QVERIFY(o.record.warnings.front().find("deadlock") != std::string::npos);
        // least-loaded picks unit 1 (unit 0 is busy before the load ends): no cycle there.
        const Outcome rr = runPass(b.load(), "sw-kernel-prefetch{tile-policy=least-loaded}");
        QVERIFY2(rr.ok, rr.error.c_str());
        QCOMPARE(inserted(rr.graph), (Lines { "k@1 after:x before:k wait:[] update:[b1]" }));
    }

    void optionErrors_data()
    {
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("message");
        QTest::newRow("ref-tile out of range")
            << QStringLiteral("sw-kernel-prefetch{mode=start+mid,ref-tile=3}")
            << QStringLiteral("option sw-kernel-prefetch.ref-tile: ref-tile 3 is not a unit of SHAVE (it has 3)");
        QTest::newRow("ref-tile out of range, start mode")
            << QStringLiteral("sw-kernel-prefetch{mode=start,ref-tile=7}")
            << QStringLiteral("option sw-kernel-prefetch.ref-tile: ref-tile 7 is not a unit of SHAVE (it has 3)");
        QTest::newRow("unknown exec") << QStringLiteral("sw-kernel-prefetch{exec=NPU}")
                                      << QStringLiteral(
                                             "option sw-kernel-prefetch.exec: unknown executor kind \"NPU\"");
        QTest::newRow("exec without icache") << QStringLiteral("sw-kernel-prefetch{exec=DMA}")
                                             << QStringLiteral("option sw-kernel-prefetch.exec: executor kind \"DMA\" "
                                                               "has no icache domain: nothing to prefetch into");
        QTest::newRow("bad mode")
            << QStringLiteral("sw-kernel-prefetch{mode=mid}")
            << QStringLiteral("option sw-kernel-prefetch.mode: expects one of off|start|start+mid|idle, got \"mid\"");
    }

    void optionErrors()
    {
        QFETCH(QString, pipeline);
        QFETCH(QString, message);
        const Outcome o = runPass(startGraph(), pipeline.toStdString());
        QVERIFY(!o.ok);
        QCOMPARE(QString::fromStdString(o.error), message);
    }

    void executorChoice()
    {
        // Two tiled kinds with an icache: the pass asks for `exec`; with it, it works.
        GraphBuilder b(2, 2);
        b.root["platform"]["executors"]["ACT"]
            = { { "units", 2 }, { "engines", 1 }, { "tiled", true }, { "icache", "shave" } };
        b.task("d0", "DMA", 0, 300000, "", {}, { "b1" });
        b.task("k", "ACT", 1, 1000, "k", { "b1" }, {});
        const Outcome ambiguous = runPass(b.load(), "sw-kernel-prefetch");
        QVERIFY(!ambiguous.ok);
        QVERIFY(ambiguous.error.find("set sw-kernel-prefetch.exec") != std::string::npos);
        const Outcome chosen = runPass(b.load(), "sw-kernel-prefetch{exec=ACT}");
        QVERIFY2(chosen.ok, chosen.error.c_str());
        QCOMPARE(inserted(chosen.graph), (Lines { "k@0 after:d0 before:k wait:[] update:[b1]" }));
        QCOMPARE(chosen.graph.platform.executors[chosen.graph.tasks[1].exec].name, std::string("ACT"));
        // No kind with an icache: nothing to do, said so.
        GraphBuilder plain(2, 2);
        plain.root["platform"]["executors"]["SHAVE"].erase("icache");
        plain.task("k", "SHAVE", 0, 1000, "k", {}, {});
        const Outcome none = runPass(plain.load(), "sw-kernel-prefetch");
        QVERIFY2(none.ok, none.error.c_str());
        QVERIFY(inserted(none.graph).empty());
        QVERIFY(none.record.decisions.front()["detail"].get<std::string>().find("icache") != std::string::npos);
    }

    void prefetchTasksInTheInputAreIgnored()
    {
        // Running the pass twice: the second run ignores the first run's prefetches (they are not
        // kernel tasks), finds the same candidates and inserts with fresh ids.
        const Outcome once = runPass(startGraph(), "sw-kernel-prefetch{max-prefetches=1}");
        QVERIFY2(once.ok, once.error.c_str());
        const Outcome twice = runPass(once.graph, "sw-kernel-prefetch{max-prefetches=1}");
        QVERIFY2(twice.ok, twice.error.c_str());
        QCOMPARE(inserted(twice.graph).size(), 2u);
        QVERIFY(twice.graph.findTask("swkp.k0.0") != kNoTask);
        QVERIFY(twice.graph.findTask("swkp.k0.1") != kNoTask);
    }

    void sweepMatchesRescan_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<bool>("overlap");
        for (int seed = 1; seed <= 20; ++seed) {
            QTest::newRow(qPrintable(QStringLiteral("exact-start seed %1").arg(seed))) << seed << false;
            QTest::newRow(qPrintable(QStringLiteral("overlap seed %1").arg(seed))) << seed << true;
        }
    }

    void sweepMatchesRescan()
    {
        // Random kernel tasks on a coarse grid (many shared starts); the sweep must agree with the
        // straightforward scan, and the scan with a brute-force reading of rule 3.
        QFETCH(int, seed);
        QFETCH(bool, overlap);
        std::uint64_t state = std::uint64_t(seed) * 0x9e3779b97f4a7c15ull;
        auto next = [&](std::int64_t bound) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            return std::int64_t((state >> 33) % std::uint64_t(bound));
        };
        const std::uint32_t engines = 4;
        std::vector<std::int64_t> starts, ends;
        std::vector<GapOpener> openers;
        for (int i = 0; i < 300; ++i) {
            const std::int64_t start = next(200) * 1000;
            starts.push_back(start);
            ends.push_back(start + 1000 + next(20) * 1000);
            if (next(3) == 0)
                openers.push_back({ std::uint32_t(i), start });
        }
        std::stable_sort(openers.begin(), openers.end(), [](auto& a, auto& b) { return a.start < b.start; });
        const SaturationRule rule = overlap ? SaturationRule::Overlap : SaturationRule::ExactStart;
        SaturationProfile profile(rule, engines, starts, ends);
        auto bruteCount = [&](std::int64_t t) {
            std::uint32_t count = 0;
            for (std::size_t i = 0; i < starts.size(); ++i)
                count += overlap ? (starts[i] <= t && t < ends[i]) : starts[i] == t;
            return count;
        };
        MonotoneGapSweep sweep(profile, openers);
        for (std::int64_t target = 0; target <= 220000; target += 7000) {
            const auto scanned = findBestGap(profile, openers, target);
            const auto swept = sweep.best(target);
            QCOMPARE(bool(scanned), bool(swept));
            // Brute force: every opener, every later start point.
            std::optional<std::int64_t> bestGap;
            for (const GapOpener& p : openers) {
                if (p.start >= target || bruteCount(p.start) >= engines)
                    continue;
                std::int64_t end = target;
                for (std::int64_t s : starts)
                    if (s > p.start && s < end && bruteCount(s) >= engines)
                        end = s;
                bestGap = std::max(bestGap.value_or(INT64_MIN), end - p.start);
            }
            QCOMPARE(bool(scanned), bool(bestGap));
            if (scanned) {
                QCOMPARE(scanned->gap(), *bestGap);
                QCOMPARE(swept->gap(), scanned->gap());
                QCOMPARE(swept->rank, scanned->rank);
                QCOMPARE(swept->gapEnd, scanned->gapEnd);
            }
        }
    }

    void countInsertedSaturatesTheSlot()
    {
        const std::vector<std::int64_t> starts { 0, 0, 100 }, ends { 50, 50, 150 };
        SaturationProfile exact(SaturationRule::ExactStart, 3, starts, ends);
        QVERIFY(!exact.saturatedAt(0));
        exact.addPrefetch(0, 10);
        QVERIFY(exact.saturatedAt(0));
        QCOMPARE(exact.nextSaturatedAfter(-1).value(), 0);
        SaturationProfile overlapping(SaturationRule::Overlap, 3, starts, ends);
        QVERIFY(!overlapping.saturatedAt(0));
        overlapping.addPrefetch(-5, 10); // runs over 0
        QVERIFY(overlapping.saturatedAt(0));
        QVERIFY(!overlapping.saturatedAt(100));
    }

    void fabricContentionChargesConcurrentMisses()
    {
        // Two misses of 4096 bytes at cycle 0 on different tiles; memory gives 4 B/cycle to one
        // fetch and the fabric 4 B/cycle to all: the second one transfers at 2 B/cycle.
        GraphBuilder b(2, 1);
        b.root["platform"]["icache"]["shave"]["miss_bytes_per_cycle"] = 4;
        b.root["platform"]["costs"] = { { "fabric_bytes_per_cycle", 4 } };
        b.task("s0", "SHAVE", 0, 1000, "k0", {}, {});
        b.task("s1", "SHAVE", 1, 1000, "k1", {}, {});
        const TaskGraph graph = b.load();
        SimulationOptions spec;
        spec.specCosts = true;
        auto exact = simulate(graph, CostModel::standard(), spec);
        auto costed = simulate(graph);
        QVERIFY(exact.ok() && costed.ok());
        QCOMPARE(exact.value()->stall[0], 1024);
        QCOMPARE(exact.value()->stall[1], 1024);
        QCOMPARE(costed.value()->stall[0], 1024);
        QCOMPARE(costed.value()->stall[1], 2048);
        SimulationOptions disabled;
        disabled.disabledTerms = { "fabric-contention" };
        QCOMPARE(simulate(graph, CostModel::standard(), disabled).value()->stall[1], 1024);
        // The default (8 B/cycle) lets two fetches through at full speed.
        b.root["platform"].erase("costs");
        QCOMPARE(simulate(b.load()).value()->stall[1], 1024);
        const CostTermInfo* term = CostModel::standard().find("fabric-contention");
        QVERIFY(term);
        QCOMPARE(term->parameters.front().name, std::string("fabric_bytes_per_cycle"));
    }

    void explanationsReachReportAndProvenance()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string input = dir.filePath(QStringLiteral("mid.json")).toStdString();
        const std::string output = dir.filePath(QStringLiteral("out.json")).toStdString();
        const std::string report = dir.filePath(QStringLiteral("report.json")).toStdString();
        {
            QFile file(QString::fromStdString(input));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromStdString(writeTaskGraph(midGraph())));
        }
        std::ostringstream out, err;
        const int status = runBatch(
            { "run", input, "--pipeline", std::string(kMid) + "}", "--spec-costs", "-o", output, "--report", report },
            out, err);
        QVERIFY2(status == 0, err.str().c_str());
        auto readJson = [](const std::string& path) {
            QFile file(QString::fromStdString(path));
            return file.open(QIODevice::ReadOnly) ? json::parse(file.readAll().toStdString()) : json();
        };
        const json written = readJson(output);
        const json& pass = written["provenance"]["passes"].back();
        JSON_COMPARE(pass["name"], "sw-kernel-prefetch");
        JSON_COMPARE(pass["decisions"].size(), 6u); // the start test and five kernels
        JSON_COMPARE(pass["decisions"][3]["opened_by"], "a1");
        const std::string reportText = readJson(report).dump();
        QVERIFY(reportText.find("\"gap-too-small\"") != std::string::npos);
        QVERIFY(reportText.find("\"saturation_count\"") != std::string::npos);
        // Beside the data, the decisions in words, one per decision.
        const json reportJson = readJson(report);
        JSON_COMPARE(
            reportJson["passes"].back()["decision_text"].size(), reportJson["passes"].back()["decisions"].size());
        JSON_COMPARE(reportJson["passes"].back()["decision_text"][3],
            decisionSentence(reportJson["passes"].back()["decisions"][3]));
    }

    void decisionsGolden()
    {
        // One run per mode and fix: every decision, pinned (no timings, no paths).
        QByteArray golden;
        for (const char* pipeline : { "sw-kernel-prefetch{mode=start+mid,max-prefetches=8}",
                 "sw-kernel-prefetch{mode=start+mid,max-prefetches=8,count-inserted=true,wait-barrier=true,"
                 "saturation=overlap,tile-policy=least-loaded}",
                 "sw-kernel-prefetch{mode=idle,max-prefetches=8}",
                 "sw-kernel-prefetch{mode=start,start-threshold=1000}" }) {
            const Outcome o = runPass(midGraph(), pipeline);
            QVERIFY2(o.ok, o.error.c_str());
            golden += "pipeline: " + QByteArray(pipeline) + "\n";
            for (const json& d : o.record.decisions)
                golden += QByteArray::fromStdString(d.dump()) + "\n";
            for (const std::string& line : inserted(o.graph))
                golden += "inserted: " + QByteArray::fromStdString(line) + "\n";
            golden += "\n";
        }
        LOOKAHEAD_COMPARE_GOLDEN(
            golden, lookahead::test::sourcePath(QStringLiteral("tests/golden/swkernelprefetch/decisions.golden")));
    }

    void decisionSentencesGolden()
    {
        // The same runs in words (decisionSentence: the Decisions dock, the inspector and
        // `batch run --report`'s decision_text), so a change of wording is a reviewed diff.
        QByteArray golden;
        for (const char* pipeline :
            { "sw-kernel-prefetch{mode=start+mid,max-prefetches=8}", "sw-kernel-prefetch{mode=idle,max-prefetches=8}",
                "sw-kernel-prefetch{mode=start,start-threshold=1000}" }) {
            const Outcome o = runPass(midGraph(), pipeline);
            QVERIFY2(o.ok, o.error.c_str());
            golden += "pipeline: " + QByteArray(pipeline) + "\n";
            for (const json& d : o.record.decisions)
                golden += QByteArray::fromStdString(decisionSentence(d)) + "\n";
            golden += "\n";
        }
        LOOKAHEAD_COMPARE_GOLDEN(golden,
            lookahead::test::sourcePath(QStringLiteral("tests/golden/swkernelprefetch/decision-sentences.golden")));
    }
};

LOOKAHEAD_TEST(SwKernelPrefetchTest)
#include "tst_swkernelprefetch.moc"
