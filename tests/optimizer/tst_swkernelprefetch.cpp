// `sw-kernel-prefetch`, what each mode decides: every option of passes.md and every "not prefetched
// because" reason, on small graphs built here (SwKernelPrefetchFixtures.h); golden files pinning the
// explanations of one run per mode, as data and in words. How a prefetch then goes in and what it
// costs: tst_swkernelprefetchinsertion.cpp.

#include "Golden.h"
#include "SwKernelPrefetchFixtures.h"
#include "TestRegistry.h"

#include "lookahead/RunReport.h"

#include <QTest>

using namespace lookahead;
using namespace lookahead::test;
using nlohmann::json;

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
