// `sw-kernel-prefetch`, how a prefetch goes in: an insertion that would deadlock is skipped, the
// pass's own prefetches in its input are not candidates, the gap sweep agrees with the
// straightforward rescan (and that with a brute-force reading of rule 3), an inserted prefetch
// counts in the saturation profile, the fabric-contention cost term charges concurrent misses, and
// the explanations reach `batch run`'s output and report. What each mode decides:
// tst_swkernelprefetch.cpp.

#include "SwKernelPrefetchFixtures.h"
#include "TestRegistry.h"

#include "BatchCommand.h"
#include "costs/FabricContention.h"
#include "passes/PrefetchGapSearch.h"

#include "lookahead/GraphWriter.h"
#include "lookahead/RunReport.h"
#include "lookahead/Simulator.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace lookahead;
using namespace lookahead::test;
using nlohmann::json;

class SwKernelPrefetchInsertionTest : public QObject {
    Q_OBJECT
private slots:
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
};

LOOKAHEAD_TEST(SwKernelPrefetchInsertionTest)
#include "tst_swkernelprefetchinsertion.moc"
