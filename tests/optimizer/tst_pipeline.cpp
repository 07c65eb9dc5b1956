// Pass framework: pipeline parse → print in canonical form and every error message, pinned by a
// golden file that keeps each input beside its output; options declared once drive all of it.

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/Loader.h"
#include "lookahead/Pipeline.h"
#include "lookahead/Rerun.h"
#include "lookahead/RunReport.h"
#include "lookahead/SyntheticGraph.h"

#include <QFile>
#include <QTest>

using namespace lookahead;

namespace {
/// A pass with one option of every kind, registered only in this test's registry.
class ProbePass final : public Pass {
public:
    std::string_view name() const override { return "probe"; }
    std::string_view summary() const override { return "test pass exercising every option kind"; }
    Status run(PassContext& context) override
    {
        if (fail())
            return Error { "", "", "asked to fail" };
        runs += 1;
        context.explain({ { "action", "counted" }, { "tasks", context.graph.tasks.size() } });
        if (insert()) {
            NewTask task;
            task.id = "inserted";
            task.exec = context.graph.platform.executors.front().name;
            task.cycles = distance();
            task.origin = "probe";
            context.graph.insertTasks({ { 0, task } });
        }
        return Status::success();
    }
    IntegerOption distance { this, "distance", 1, 0, 3, "", "iterations ahead" };
    IntegerOption threshold { this, "threshold", 280000, 0, (std::int64_t(1) << 53) - 1, "cycles", "slack needed" };
    EnumOption mode { this, "mode", "start", { "off", "start", "start+mid", "idle" }, "generation" };
    BoolOption insert { this, "insert", false, "insert one task at the front" };
    BoolOption fail { this, "fail", false, "fail when run" };
    ListOption kernels { this, "kernels", "allow-list", "all" };
    WordOption exec { this, "exec", "", "executor kind", "the only tiled kind" };
    Statistic runs { this, "runs", "times run" };
};

class OtherPass final : public Pass {
public:
    std::string_view name() const override { return "other"; }
    std::string_view summary() const override { return "no options"; }
    Status run(PassContext&) override { return Status::success(); }
};

const PassRegistry& testRegistry()
{
    static const PassRegistry registry = [] {
        PassRegistry r;
        r.add([] { return std::make_unique<ProbePass>(); });
        r.add([] { return std::make_unique<OtherPass>(); });
        return r;
    }();
    return registry;
}
} // namespace

class PipelineTest : public QObject {
    Q_OBJECT
private slots:
    void emptyPipelineSharesItsInput()
    {
        // `batch run` without --pipeline: the outcome is the input itself (no graph copy), simulated
        // as rerun() on a copy simulates it, or the caller's schedule of the input when given.
        const auto input = std::make_shared<const TaskGraph>(generateSyntheticGraph({ 2000, 1, 2 }));
        Pipeline empty = Pipeline::parse("").value();
        RerunOptions options;
        options.simulation.specCosts = true;
        Result<RerunOutcome> copied = rerun(*input, empty, options);
        Result<RerunOutcome> shared = rerun(input, empty, options);
        QVERIFY(copied.ok() && shared.ok());
        QCOMPARE(shared.value().graph.get(), input.get());
        QVERIFY(copied.value().graph.get() != input.get());
        QCOMPARE(shared.value().schedule->start, copied.value().schedule->start);
        QCOMPARE(shared.value().schedule->makespan, copied.value().schedule->makespan);
        QCOMPARE(shared.value().pipelineText, copied.value().pipelineText);
        QVERIFY(shared.value().records.empty());

        options.inputSchedule = copied.value().schedule;
        Result<RerunOutcome> reused = rerun(input, empty, options);
        QVERIFY(reused.ok());
        QCOMPARE(reused.value().schedule.get(), copied.value().schedule.get());

        // With a pass to run, the input is copied as before.
        Pipeline probe = Pipeline::parse("probe{insert=true}", testRegistry()).value();
        Result<RerunOutcome> probed = rerun(input, probe, options);
        QVERIFY(probed.ok());
        QVERIFY(probed.value().graph.get() != input.get());
        QCOMPARE(probed.value().graph->tasks.size(), input->tasks.size() + 1);
    }

    void decisionSentences_data()
    {
        // Records as the passes write them (tests/golden/*/decisions), one per shape of sentence.
        QTest::addColumn<QByteArray>("record");
        QTest::addColumn<QString>("sentence");
        QTest::addColumn<QStringList>("tasks");
        QTest::newRow("sw-kernel-prefetch inserted") << QByteArray(
            R"({"action":"inserted","after_task":"a1","before_task":"d2","detail":"1 of 2 engines busy when a1 starts; 100001 cycles until the first use","first_use":"c0","first_use_start":110001,"gap":100001,"kernel":"c","mid_min_gap":50000,"opened_by":"a1","slack":5000,"task":"swkp.c.0","unit":0})")
                                                     << QStringLiteral(
                                                            "Inserted swkp.c.0 for kernel c on unit 0 after a1, before "
                                                            "d2: 1 of 2 engines busy when a1 starts; "
                                                            "100001 cycles until the first use (gap 100001 cycles "
                                                            "opened by a1, first use c0 at cycle 110001, "
                                                            "slack 5000 cycles, minimum gap 50000 cycles).")
                                                     << QStringList { QStringLiteral("swkp.c.0"), QStringLiteral("c0"),
                                                            QStringLiteral("a1"), QStringLiteral("d2") };
        QTest::newRow("sw-kernel-prefetch skipped") << QByteArray(
            R"({"action":"skipped","detail":"max-prefetches = 2 candidates were already kept","first_use":"c0","first_use_start":110001,"kernel":"c","max_prefetches":2,"reason":"cap-reached"})")
                                                    << QStringLiteral("Skipped kernel c (cap-reached): max-prefetches "
                                                                      "= 2 candidates were already kept (first use c0 "
                                                                      "at cycle 110001).")
                                                    << QStringList { QStringLiteral("c0") };
        QTest::newRow("start test") << QByteArray(
            R"({"action":"test","barrier":"bA","detail":"barrier releases at 5000 < start-threshold 280000","first_task":"x0","passed":false,"phase":"start","slack":5000,"start_threshold":280000})")
                                    << QStringLiteral(
                                           "The start test failed: barrier releases at 5000 < start-threshold 280000 "
                                           "(slack 5000 cycles, start threshold 280000 cycles).")
                                    << QStringList { QStringLiteral("x0") };
        QTest::newRow("sk-fuse") << QByteArray(
            R"({"action":"fused","group":"sk","reason":"one launch for the group; 5 launches become sub-function calls","sub-operators":6})")
                                 << QStringLiteral("Fused group sk: one launch for the group; 5 launches become "
                                                   "sub-function calls.")
                                 << QStringList {};
        QTest::newRow("sk-early-start pair") << QByteArray(
            R"({"action":"rewritten","pair":["a","b"],"tail":10,"head":20,"overlap":10,"reason":"predecessor signals before its transfer"})")
                                             << QStringLiteral("Rewritten pair a → b: predecessor signals before its "
                                                               "transfer (overlap 10 cycles).")
                                             << QStringList { QStringLiteral("a"), QStringLiteral("b") };
        QTest::newRow("pass off") << QByteArray(R"({"action":"skipped","reason":"enabled=false"})")
                                  << QStringLiteral("Skipped: enabled=false.") << QStringList {};
        QTest::newRow("not an object") << QByteArray("[1,2]") << QStringLiteral("[1,2]") << QStringList {};
    }

    void decisionSentences()
    {
        QFETCH(QByteArray, record);
        QFETCH(QString, sentence);
        QFETCH(QStringList, tasks);
        const nlohmann::json json = nlohmann::json::parse(record.toStdString());
        QCOMPARE(QString::fromStdString(decisionSentence(json)), sentence);
        QStringList named;
        for (const std::string& id : decisionTasks(json))
            named << QString::fromStdString(id);
        QCOMPARE(named, tasks);
    }

    void parsePrintGolden()
    {
        // cases.txt: one pipeline per line; the golden holds each input followed by its result.
        QFile cases(lookahead::test::sourcePath(QStringLiteral("tests/golden/pipeline/cases.txt")));
        QVERIFY(cases.open(QIODevice::ReadOnly));
        QByteArray output;
        for (const QByteArray& raw : cases.readAll().split('\n')) {
            if (raw.startsWith('#') || (raw.isEmpty()))
                continue;
            const QByteArray line = raw == "<empty>" ? QByteArray() : raw;
            auto pipeline = Pipeline::parse(line.toStdString(), testRegistry());
            output += "input:  " + raw + "\n";
            if (pipeline.ok()) {
                const std::string printed = pipeline.value().print();
                output += "print:  " + QByteArray::fromStdString(printed) + "\n";
                // Canonical form is a fixed point.
                auto again = Pipeline::parse(printed, testRegistry());
                if (!again.ok() || again.value().print() != printed)
                    output += "NOT A FIXED POINT\n";
            } else {
                output += "error:  " + QByteArray::fromStdString(pipeline.error().toString()) + "\n";
            }
            output += "\n";
        }
        LOOKAHEAD_COMPARE_GOLDEN(
            output, lookahead::test::sourcePath(QStringLiteral("tests/golden/pipeline/cases.golden")));
    }

    void optionMetadataDrivesHelp()
    {
        ProbePass pass;
        QCOMPARE(pass.options().size(), 7u);
        QCOMPARE(pass.findOption("threshold")->typeText(), std::string("cycles in [0, 2^53-1]"));
        QCOMPARE(pass.findOption("mode")->typeText(), std::string("off|start|start+mid|idle"));
        QCOMPARE(pass.findOption("exec")->defaultText(), std::string("the only tiled kind"));
        QCOMPARE(pass.findOption("kernels")->defaultText(), std::string("all"));
        QVERIFY(pass.findOption("nope") == nullptr);
    }

    void setValueFromEditors()
    {
        ProbePass pass;
        QVERIFY(pass.findOption("distance")->setValue(std::int64_t(2)).ok());
        QVERIFY(pass.findOption("insert")->setValue(true).ok());
        QVERIFY(pass.findOption("kernels")->setValue(std::vector<std::string> { "softmax", "convert" }).ok());
        QVERIFY(!pass.findOption("distance")->setValue(std::int64_t(9)).ok());
        QCOMPARE(pass.print(), std::string("probe{distance=2,insert=true,kernels={softmax,convert}}"));
        pass.findOption("insert")->reset();
        QCOMPARE(pass.print(), std::string("probe{distance=2,kernels={softmax,convert}}"));
    }

    void runnerRecordsStatisticsDecisionsAndVerifies()
    {
        auto graph = loadTaskGraphFile(
            lookahead::test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        QVERIFY(graph.ok());
        auto pipeline = Pipeline::parse("probe{insert=true,distance=3},other,probe", testRegistry());
        QVERIFY(pipeline.ok());
        std::vector<std::string> seen;
        PipelineRunOptions options;
        options.hooks.beforePass = [&](std::size_t i, std::size_t count, const Pass& pass) {
            seen.push_back(std::to_string(i) + "/" + std::to_string(count) + " " + std::string(pass.name()));
        };
        const std::size_t before = graph.value().tasks.size();
        auto records = runPipeline(pipeline.value(), graph.value(), options);
        QVERIFY(records.ok());
        QCOMPARE(seen, (std::vector<std::string> { "0/3 probe", "1/3 other", "2/3 probe" }));
        QCOMPARE(records.value().size(), 3u);
        QCOMPARE(records.value()[0].statistics.front().second, 1);
        QCOMPARE(records.value()[0].decisions.size(), 1u);
        QCOMPARE(records.value()[0].tasksAfter, before + 1);
        QVERIFY(records.value()[0].verification.clean());
        QCOMPARE(graph.value().taskId(0), std::string_view("inserted"));
        QCOMPARE(graph.value().tasks[0].cycles, 3);
    }

    void failingPassStopsTheRun()
    {
        auto graph = loadTaskGraphFile(
            lookahead::test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        auto pipeline = Pipeline::parse("probe{fail=true}", testRegistry());
        auto records = runPipeline(pipeline.value(), graph.value());
        QVERIFY(!records.ok());
        QCOMPARE(records.error().toString(), std::string("pass probe: asked to fail"));
    }
};

LOOKAHEAD_TEST(PipelineTest)
#include "tst_pipeline.moc"
