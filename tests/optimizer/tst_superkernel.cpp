// SuperKernel model (DOMAIN.md §2): every sk-* cost term with hand-computed values, every pass
// option, the verifier's two SuperKernel checks, golden outputs of each pass on a small graph, and
// the MoE sample (committed file = generator output, published-number calibration, copies sweep).

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/MoeSuperKernelSample.h"
#include "lookahead/Pipeline.h"
#include "lookahead/Simulator.h"
#include "lookahead/Verifier.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QTest>

using namespace lookahead;
using json = nlohmann::json;

namespace {
TaskGraph smallGraph()
{
    auto graph
        = loadTaskGraphFile(test::sourcePath(QStringLiteral("tests/golden/superkernel/small.json")).toStdString());
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    return std::move(graph.value());
}

/// Runs `pipeline` on `graph` in place; fails the test on a pipeline error.
std::vector<PassRecord> applyPipeline(TaskGraph& graph, const std::string& pipeline)
{
    auto parsed = Pipeline::parse(pipeline);
    if (!parsed.ok())
        qFatal("%s", parsed.error().toString().c_str());
    auto records = runPipeline(parsed.value(), graph);
    if (!records.ok())
        qFatal("%s", records.error().toString().c_str());
    return std::move(records.value());
}

std::shared_ptr<const Schedule> run(const TaskGraph& graph, bool specCosts = false)
{
    SimulationOptions options;
    options.specCosts = specCosts;
    auto schedule = simulate(graph, CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return schedule.value();
}

std::int64_t term(const Schedule& schedule, const std::string& name)
{
    for (const auto& [termName, cycles] : schedule.termCycles)
        if (termName == name)
            return cycles;
    return -1;
}

std::int64_t statistic(const PassRecord& record, const std::string& name)
{
    for (const auto& [statName, value] : record.statistics)
        if (statName == name)
            return value;
    return -1;
}

std::int64_t taskCost(const TaskGraph& graph, const Schedule& schedule, const char* id)
{
    const TaskIndex t = graph.findTask(id);
    return schedule.end[t] - schedule.start[t];
}

std::string syncRange(const TaskGraph& graph, const char* id)
{
    return graph.taskExtra(graph.tasks[graph.findTask(id)]).value("sync_range", std::string("?"));
}

std::size_t countOrigin(const TaskGraph& graph, std::string_view origin)
{
    std::size_t n = 0;
    for (const Task& task : graph.tasks)
        n += task.origin != kNoSymbol && graph.strings.view(task.origin) == origin;
    return n;
}
} // namespace

class SuperKernelTest : public QObject {
    Q_OBJECT
private slots:
    // ---- cost terms (small.json: 4 cube + 8 vector cores, costs set explicitly in the file) ----

    void launchTermChargesEveryOperatorUntilFused()
    {
        TaskGraph graph = smallGraph();
        QCOMPARE(term(*run(graph), "sk-launch"), 6 * 100);
        applyPipeline(graph, "sk-fuse");
        QCOMPARE(term(*run(graph), "sk-launch"), 100);      // one launch for the group
        QCOMPARE(term(*run(graph, true), "sk-launch"), -1); // --spec-costs: no term at all
    }

    void syncTermByRangeAndCores()
    {
        TaskGraph graph = smallGraph();
        applyPipeline(graph, "sk-fuse");
        auto schedule = run(graph);
        // all: 10 + 1 × 2 × (4 + 8) = 34 per sync, five syncs; two AICPU events at 5.
        QCOMPARE(term(*schedule, "sk-sync"), 5 * 34 + 2 * 5);
        QCOMPARE(taskCost(graph, *schedule, "sk_sync.b") - 0, 34);
        applyPipeline(graph, "sk-sync-range{policy=by-type,remove-redundant=false}");
        schedule = run(graph);
        QCOMPARE(syncRange(graph, "sk_sync.c"), std::string("vector"));
        QCOMPARE(taskCost(graph, *schedule, "sk_sync.c"), 10 + 16); // vector: 2 × 8 cores
        QCOMPARE(taskCost(graph, *schedule, "sk_sync.b"), 34);      // AIC → AIV needs all
        TaskGraph pair = smallGraph();
        applyPipeline(pair, "sk-fuse,sk-sync-range{policy=by-pair,remove-redundant=false}");
        QCOMPARE(syncRange(pair, "sk_sync.b"), std::string("cube-to-vector"));
        QCOMPARE(taskCost(pair, *run(pair), "sk_sync.b"), 10 + 4 + 8); // one way: cube signal, vector wait
    }

    void contentionTermDividesByCopies()
    {
        TaskGraph graph = smallGraph();
        // units × serial × (ceil(blocks / copies) − 1): a 4×1×3, b 2×1×7, c 2×1×7, d 6×1×3, e 4×1×3, f 2×1×7
        QCOMPARE(term(*run(graph), "sk-l2-contention"), 12 + 14 + 14 + 18 + 12 + 14);
        applyPipeline(graph, "sk-fuse,sk-split{copies=2}");
        // ceil(4/2) − 1 = 1, ceil(8/2) − 1 = 3
        QCOMPARE(term(*run(graph), "sk-l2-contention"), 4 + 6 + 6 + 6 + 4 + 6);
        TaskGraph wide = smallGraph();
        applyPipeline(wide, "sk-fuse,sk-split{copies=8}");
        QCOMPARE(term(*run(wide), "sk-l2-contention"), 0);
    }

    void footprintTermOnlyWhenCopiesOverflowL2()
    {
        // Distinct code: 4 + 2 + 6 units of 1024 = 12288 bytes; L2 budget 30000 bytes.
        TaskGraph graph = smallGraph();
        applyPipeline(graph, "sk-fuse,sk-split{copies=2}"); // 24576 fits
        QCOMPARE(term(*run(graph), "sk-code-footprint"), 0);
        TaskGraph split = smallGraph();
        applyPipeline(split, "sk-fuse,sk-split{copies=4}"); // 49152: overflow share (49152 − 30000) / 49152
        const double share = (49152.0 - 30000.0) / 49152.0;
        auto expect = [&](int units, int touched) { return std::llround(share * units * 2 * touched); };
        QCOMPARE(term(*run(split), "sk-code-footprint"),
            expect(4, 4) + expect(2, 4) + expect(2, 4) + expect(6, 4) + expect(4, 4) + expect(2, 4));
        TaskGraph unfused = smallGraph();
        QCOMPARE(term(*run(unfused), "sk-code-footprint"), 0); // only fused groups have one binary
    }

    void earlyStartTermChargesHandshake()
    {
        TaskGraph graph = smallGraph();
        applyPipeline(graph, "sk-fuse,sk-early-start{mode=every-pair}");
        auto schedule = run(graph);
        QCOMPARE(term(*schedule, "sk-early-start"), 7 * 5); // five pairs
        QCOMPARE(term(*run(graph, true), "sk-early-start"), -1);
    }

    void parametersAreValidatedByTheLoader()
    {
        QFile file(test::sourcePath(QStringLiteral("tests/golden/superkernel/small.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        json doc = json::parse(file.readAll().toStdString());
        doc["platform"]["costs"]["sk_sync_core_cycles"] = -1;
        auto graph = parseTaskGraph(doc.dump(), "bad.json");
        QVERIFY(!graph.ok());
        QCOMPARE(graph.error().where, std::string("/platform/costs/sk_sync_core_cycles"));
    }

    // ---- pass options ----

    void fuseOptionEnabled()
    {
        TaskGraph off = smallGraph();
        auto records = applyPipeline(off, "sk-fuse{enabled=false}");
        QCOMPARE(off.tasks.size(), std::size_t(7));
        QCOMPARE(term(*run(off), "sk-launch"), 600);
        TaskGraph on = smallGraph();
        records = applyPipeline(on, "sk-fuse");
        QCOMPARE(statistic(records[0], "syncs-inserted"), 5);
        QCOMPARE(statistic(records[0], "events-inserted"), 2);
        QCOMPARE(statistic(records[0], "launches-saved"), 5);
        QVERIFY(on.groups[0].extra.value("fused", false));
        // The AICPU tiling now waits for the notify event, and d for the wait event (queue order).
        const Task& tiling = on.tasks[on.findTask("tiling.d")];
        QCOMPARE(on.barriers.view(on.waits(tiling)[0]), std::string_view("sk_ev.notify.tiling.d"));
        QCOMPARE(on.waits(on.tasks[on.findTask("d")]).size(), std::size_t(0));
        QVERIFY(records[0].verification.clean());
    }

    void syncRangePolicies_data()
    {
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("ranges"); // sk_sync.b .. sk_sync.f
        QTest::newRow("full") << "sk-sync-range{policy=full,remove-redundant=false}"
                              << "all all all all all";
        QTest::newRow("by-type") << "sk-sync-range{remove-redundant=false}"
                                 << "all vector all all all";
        QTest::newRow("by-pair") << "sk-sync-range{policy=by-pair,remove-redundant=false}"
                                 << "cube-to-vector vector all all cube-to-vector";
        // e depends on nothing: the sync before it is covered (f sees d through the sync before f).
        QTest::newRow("by-type, remove-redundant") << "sk-sync-range"
                                                   << "all vector all none all";
        QTest::newRow("full, remove-redundant") << "sk-sync-range{policy=full}"
                                                << "all all all none all";
        // by-pair: e→f is cube-to-vector, which does not cover d (MIX) → f, so d→e must stay.
        QTest::newRow("by-pair, remove-redundant") << "sk-sync-range{policy=by-pair}"
                                                   << "cube-to-vector vector all all cube-to-vector";
    }

    void syncRangePolicies()
    {
        QFETCH(QString, pipeline);
        QFETCH(QString, ranges);
        TaskGraph graph = smallGraph();
        auto records = applyPipeline(graph, "sk-fuse," + pipeline.toStdString());
        std::string actual;
        for (const char* id : { "sk_sync.b", "sk_sync.c", "sk_sync.d", "sk_sync.e", "sk_sync.f" })
            actual += (actual.empty() ? "" : " ") + syncRange(graph, id);
        QCOMPARE(QString::fromStdString(actual), ranges);
        QVERIFY(records[1].verification.hazards.empty());
    }

    void syncRangeMixAsVectorIsFlagged()
    {
        TaskGraph graph = smallGraph();
        auto records = applyPipeline(graph, "sk-fuse,sk-sync-range{mix-as-vector=true}");
        // c (AIV) → d (MIX taken as AIV) narrowed to vector: d's cube cores never wait for c.
        QCOMPARE(syncRange(graph, "sk_sync.d"), std::string("vector"));
        const auto& hazards = records[1].verification.hazards;
        QVERIFY(!hazards.empty());
        QCOMPARE(hazards.front().kind, std::string("sync-range-too-narrow"));
        QCOMPARE(graph.taskId(hazards.front().second), std::string_view("d"));
        QVERIFY(!Verifier::findHazards(graph).empty()); // what `batch run` exits 3 on
    }

    void earlyStartModes_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<int>("pairs");
        QTest::addColumn<int>("overlap");
        QTest::newRow("off") << "mode=off" << 0 << 0;
        QTest::newRow("same-type: b→c only") << "" << 1 << 60;                               // min(100, 60)
        QTest::newRow("every-pair") << "mode=every-pair" << 5 << 50 + 60 + 80 + 40 + 30;     // min(tail, head) each
        QTest::newRow("min-overlap 60") << "mode=every-pair,min-overlap=60" << 2 << 60 + 80; // b→c and c→d
        QTest::newRow("deprecated 2 = every-pair") << "mode=2" << 5 << 50 + 60 + 80 + 40 + 30;
    }

    void earlyStartModes()
    {
        QFETCH(QString, options);
        QFETCH(int, pairs);
        QFETCH(int, overlap);
        TaskGraph graph = smallGraph();
        const std::int64_t before = run(graph, true)->makespan;
        TaskGraph fused = smallGraph();
        applyPipeline(fused, "sk-fuse");
        const std::int64_t fusedSpec = run(fused, true)->makespan;
        auto records = applyPipeline(
            graph, "sk-fuse,sk-early-start" + (options.isEmpty() ? std::string() : "{" + options.toStdString() + "}"));
        QCOMPARE(statistic(records[1], "pairs"), pairs);
        QCOMPARE(statistic(records[1], "overlap-cycles"), overlap);
        QCOMPARE(countOrigin(graph, "sk-early-start"), std::size_t(2 * pairs));
        QVERIFY(records[1].verification.clean());
        // Structural: the overlap shows even under --spec-costs (the tails run on MTE).
        QVERIFY(run(graph, true)->makespan <= fusedSpec);
        if (pairs > 0)
            QVERIFY(run(graph, true)->makespan < fusedSpec);
        (void)before;
    }

    void earlyStartWithoutComplementIsFlagged()
    {
        TaskGraph graph = smallGraph();
        auto records = applyPipeline(graph, "sk-fuse,sk-early-start{mode=every-pair,complement=false}");
        const auto& hazards = records[1].verification.hazards;
        QCOMPARE(hazards.size(), std::size_t(5)); // no pair uses all 12 cores on both sides
        QCOMPARE(hazards.front().kind, std::string("early-start-unmatched"));
        TaskGraph safe = smallGraph();
        records = applyPipeline(safe, "sk-fuse,sk-early-start{mode=every-pair}");
        QCOMPARE(statistic(records[1], "complement-calls"),
            (12 - 4 + 12 - 8) + (12 - 8 + 12 - 8) + (12 - 8 + 12 - 12) + (12 - 12 + 12 - 4) + (12 - 4 + 12 - 8));
        QVERIFY(records[1].verification.hazards.empty());
    }

    void icachePreloadOptions_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<int>("preloads");
        QTest::addColumn<int>("bytes");
        QTest::newRow("none") << "mode=none" << 0 << 0;
        // per-func, distance 1: vec (for b) and mix (for d); mm is the entry, vec/mm repeat.
        QTest::newRow("per-func") << "" << 2 << 2048 + 4096; // mix capped by the 4 KB vector ICache
        QTest::newRow("distance 2") << "distance=2" << 2 << 2048 + 4096;
        QTest::newRow("max") << "mode=max" << 3 << 4096 + 2048 + 4096;
        QTest::newRow("max, unit 4096") << "mode=max,unit-bytes=4096" << 3 << 4096 + 4096 + 4096;
    }

    void icachePreloadOptions()
    {
        QFETCH(QString, options);
        QFETCH(int, preloads);
        QFETCH(int, bytes);
        TaskGraph graph = smallGraph();
        applyPipeline(graph, "sk-fuse");
        const auto fused = run(graph, true);
        auto records = applyPipeline(
            graph, "sk-icache-preload" + (options.isEmpty() ? std::string() : "{" + options.toStdString() + "}"));
        QCOMPARE(statistic(records[0], "preloads"), preloads);
        QCOMPARE(statistic(records[0], "preload-bytes"), bytes);
        QCOMPARE(countOrigin(graph, "sk-icache-preload"), std::size_t(preloads));
        const auto preloaded = run(graph, true);
        QVERIFY(preloaded->misses <= fused->misses);
        if (preloads > 0)
            QVERIFY(preloaded->makespan < fused->makespan); // misses became L2 hits, off the core lane
    }

    void splitOptionCopies()
    {
        TaskGraph graph = smallGraph();
        auto records = applyPipeline(graph, "sk-fuse,sk-split{copies=3}");
        QCOMPARE(graph.groups[0].extra.value("copies", 0), 3);
        QCOMPARE(statistic(records[1], "footprint-bytes"), 3 * (4096 + 2048 + 6144));
        TaskGraph unfused = smallGraph();
        records = applyPipeline(unfused, "sk-split");
        QVERIFY(!unfused.groups[0].extra.contains("copies")); // only fused groups have one binary
    }

    void weightPrefetchOptions()
    {
        TaskGraph graph = smallGraph();
        auto records = applyPipeline(graph, "sk-fuse,sk-weight-prefetch");
        QCOMPARE(statistic(records[1], "prefetches"), 1);
        QCOMPARE(statistic(records[1], "cycles-saved"), 200);
        QCOMPARE(graph.tasks[graph.findTask("d")].cycles, 1000);
        QCOMPARE(graph.tasks[graph.findTask("sk_wprefetch.d")].cycles, 43200);
        QVERIFY(records[1].verification.clean());
        TaskGraph spike = smallGraph();
        applyPipeline(spike, "sk-fuse,sk-weight-prefetch{early-spike=true,spike-cycles=5000,prefetch-cycles=100}");
        QCOMPARE(spike.tasks[spike.findTask("sk_wprefetch.d")].cycles, 5000);
        // ahead=0: the prefetch starts just before d, so d waits for all of it.
        TaskGraph late = smallGraph();
        applyPipeline(late, "sk-fuse,sk-weight-prefetch{ahead=0,prefetch-cycles=1000}");
        TaskGraph early = smallGraph();
        applyPipeline(early, "sk-fuse,sk-weight-prefetch{ahead=3,prefetch-cycles=1000}");
        QVERIFY(run(early, true)->makespan < run(late, true)->makespan);
    }

    // ---- golden outputs of each pass on the small graph ----

    void passGoldens()
    {
        QFile cases(test::sourcePath(QStringLiteral("tests/golden/superkernel/cases.txt")));
        QVERIFY(cases.open(QIODevice::ReadOnly));
        QByteArray output;
        for (const QByteArray& line : cases.readAll().split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            TaskGraph graph = smallGraph();
            auto records = applyPipeline(graph, line.toStdString());
            json decisions = json::array();
            for (const PassRecord& record : records)
                for (const auto& decision : record.decisions)
                    decisions.push_back({ { "pass", record.name }, { "decision", decision } });
            std::vector<std::string> hazards;
            for (const Hazard& h : Verifier::findHazards(graph))
                hazards.push_back(h.kind + ": " + h.explanation);
            json tasks = json::array();
            for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
                tasks.push_back(json::parse(taskToJson(graph, t).dump()));
            json groups = json::array();
            for (const Group& g : graph.groups)
                groups.push_back({ { "id", g.id }, { "extra", g.extra } });
            const json result = { { "pipeline", line.toStdString() }, { "makespan", run(graph)->makespan },
                { "makespan_spec", run(graph, true)->makespan }, { "hazards", hazards }, { "groups", groups },
                { "tasks", tasks }, { "decisions", decisions } };
            output += QByteArray::fromStdString(result.dump(1)) + "\n";
        }
        LOOKAHEAD_COMPARE_GOLDEN(output, test::sourcePath(QStringLiteral("tests/golden/superkernel/passes.golden")));
    }

    // ---- the MoE sample ----

    void sampleIsTheGeneratorOutput()
    {
        QFile file(test::sourcePath(QStringLiteral("samples/moe-superkernel.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().toStdString(), writeTaskGraph(generateMoeSuperKernelSample()));
    }

    void sampleReproducesPublishedNumbers()
    {
        // Published: 407.54 us unfused, 384.66 us with SuperKernel (−5.6 %), at 1800 MHz.
        TaskGraph graph = generateMoeSuperKernelSample();
        QCOMPARE(run(graph)->makespan, 733576); // 407.54 us
        auto records = applyPipeline(graph, "sk-fuse,sk-sync-range,sk-early-start,sk-icache-preload,sk-split");
        for (const PassRecord& record : records)
            QVERIFY(record.verification.clean());
        const std::int64_t fused = run(graph)->makespan;
        QCOMPARE(fused, 692264); // 384.59 us
        QVERIFY(std::abs(double(fused) / 1800.0 - 384.66) < 0.5);
    }

    void copiesSweepHasAnInteriorOptimum()
    {
        std::vector<std::int64_t> makespans;
        for (int copies = 1; copies <= 16; ++copies) {
            TaskGraph graph = generateMoeSuperKernelSample();
            applyPipeline(graph,
                "sk-fuse,sk-sync-range,sk-early-start,sk-icache-preload,sk-split{copies=" + std::to_string(copies)
                    + "}");
            makespans.push_back(run(graph)->makespan);
        }
        const auto best = std::min_element(makespans.begin(), makespans.end()) - makespans.begin();
        QCOMPARE(best + 1, 5); // 5 copies of 414 KB just overflow the 2 MB code budget
        QVERIFY(makespans.front() > makespans[best]);
        QVERIFY(makespans.back() > makespans.front()); // footprint eviction dominates at 16 copies
        for (std::size_t i = 1; i <= std::size_t(best); ++i)
            QVERIFY(makespans[i] <= makespans[i - 1]); // contention falls ...
        for (std::size_t i = best + 1; i < makespans.size(); ++i)
            QVERIFY(makespans[i] > makespans[i - 1]); // ... then eviction grows
    }
};

LOOKAHEAD_TEST(SuperKernelTest)
#include "tst_superkernel.moc"
