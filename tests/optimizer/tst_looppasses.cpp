// Loop passes (kv-prefetch, sched-barrier) on small software-pipelined loops: golden rewrites,
// the exact race of `events=shared`, none with per-slot events, hazard explanations naming loop
// iterations, `batch run` refusing a racy result, and the shape of the sweeps on the samples.

#include "Golden.h"
#include "TestRegistry.h"

#include "BatchCommand.h"

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/LoopSamples.h"
#include "lookahead/Pipeline.h"
#include "lookahead/Simulator.h"
#include "lookahead/Verifier.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <set>
#include <sstream>

using namespace lookahead;

namespace {
/// Three iterations of load (MTE2) → move (MTE1) → matmul (CUBE), un-pipelined: each load waits
/// for the previous matmul (the drain), one L1 and one L0 slot.
TaskGraph tinyLoop()
{
    std::string tasks;
    std::string members;
    for (int i = 0; i < 3; ++i) {
        const std::string s = std::to_string(i);
        const std::string drain = i == 0 ? "" : R"("wait": ["mm)" + std::to_string(i - 1) + R"("], )";
        tasks += std::string(i ? "," : "") + R"({"id": "ld)" + s + R"(", "exec": "MTE2", "cycles": 100, )" + drain
            + R"("update": ["ld)" + s + R"("], "loop": {"id": "kv", "iter": )" + s
            + R"(, "stage": "load"}, "writes": ["L1.K[0]"]},
            {"id": "mv)"
            + s + R"(", "exec": "MTE1", "cycles": 30, "wait": ["ld)" + s + R"("], "update": ["mv)" + s
            + R"("], "loop": {"id": "kv", "iter": )" + s
            + R"(, "stage": "move"}, "reads": ["L1.K[0]"], "writes": ["L0[0]"]},
            {"id": "mm)"
            + s + R"(", "exec": "CUBE", "cycles": 60, "wait": ["mv)" + s + R"("], "update": ["mm)" + s
            + R"("], "loop": {"id": "kv", "iter": )" + s + R"(, "stage": "matmul"}, "reads": ["L0[0]"]})";
        members += std::string(i ? "," : "") + "\"ld" + s + "\", \"mv" + s + "\", \"mm" + s + "\"";
    }
    const std::string text = R"({"format": "lookahead-taskgraph", "version": 1, "name": "tiny loop",
        "platform": {"executors": {"CUBE": {"units": 1}, "MTE1": {"units": 1}, "MTE2": {"units": 1}}},
        "tasks": [)"
        + tasks + R"(], "groups": [{"id": "kv", "kind": "loop", "tasks": [)" + members + "]}]}";
    auto graph = parseTaskGraph(text, "tiny.json");
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    return std::move(graph).value();
}

TaskGraph smallPagedAttention()
{
    PagedAttentionOptions options;
    options.batch = 1;
    options.cores = 1;
    options.blocksPerTile = 3;
    options.blockSize = 64;
    return generatePagedAttention(options);
}

TaskGraph smallGemm()
{
    GemmLoopOptions options;
    options.tiles = 4;
    options.workgroups = 1;
    return generateGemmLoop(options);
}

struct Outcome {
    TaskGraph graph;
    std::vector<PassRecord> records;
    std::int64_t makespanBefore = 0, makespanAfter = 0;
};

/// Runs `pipeline` with the spec's costs only (so that cost terms added later do not move goldens).
Outcome run(TaskGraph graph, const std::string& pipelineText)
{
    PipelineRunOptions options;
    options.simulation.specCosts = true;
    Outcome outcome;
    auto before = simulate(graph, CostModel::standard(), options.simulation);
    if (!before.ok())
        qFatal("%s", before.error().toString().c_str());
    outcome.makespanBefore = before.value()->makespan;
    auto pipeline = Pipeline::parse(pipelineText);
    if (!pipeline.ok())
        qFatal("%s", pipeline.error().toString().c_str());
    auto records = runPipeline(pipeline.value(), graph, options);
    if (!records.ok())
        qFatal("%s", records.error().toString().c_str());
    auto after = simulate(graph, CostModel::standard(), options.simulation);
    if (!after.ok())
        qFatal("%s", after.error().toString().c_str());
    outcome.makespanAfter = after.value()->makespan;
    outcome.records = std::move(records).value();
    outcome.graph = std::move(graph);
    return outcome;
}

std::int64_t makespan(const TaskGraph& graph, const std::string& pipelineText)
{
    return run(graph, pipelineText).makespanAfter;
}

/// The golden text of one case: the pipeline, makespans, decisions, verification, the graph.
QByteArray goldenText(const TaskGraph& input, const std::string& pipelineText)
{
    Outcome outcome = run(input, pipelineText);
    std::string text = "pipeline: " + pipelineText + "\nmakespan: " + std::to_string(outcome.makespanBefore) + " -> "
        + std::to_string(outcome.makespanAfter) + "\n";
    for (const PassRecord& record : outcome.records) {
        text += "pass " + record.text + "\n";
        for (const auto& [name, value] : record.statistics)
            text += "  statistic " + name + " = " + std::to_string(value) + "\n";
        for (const auto& decision : record.decisions)
            text += "  decision " + decision.dump() + "\n";
        for (const std::string& lost : record.verification.lostDependencies)
            text += "  relaxed " + lost + "\n";
        for (const Hazard& hazard : record.verification.hazards)
            text += "  hazard " + hazard.explanation + "\n";
    }
    PipelineRunOptions options;
    options.simulation.specCosts = true;
    auto schedule = simulate(outcome.graph, CostModel::standard(), options.simulation);
    GraphWriteOptions write;
    write.schedule = schedule.value().get();
    text += writeTaskGraph(outcome.graph, write);
    return QByteArray::fromStdString(text);
}

std::set<std::string> hazardSet(const TaskGraph& graph)
{
    std::set<std::string> set;
    for (const Hazard& h : Verifier::findHazards(graph))
        set.insert(h.buffer + ": " + std::string(graph.taskId(h.first)) + " / " + std::string(graph.taskId(h.second)));
    return set;
}

int batch(std::vector<std::string> args, std::string* err = nullptr)
{
    std::ostringstream out, errors;
    const int status = runBatch(args, out, errors);
    if (err)
        *err = errors.str();
    return status;
}
} // namespace

class LoopPassesTest : public QObject {
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("golden");
        QTest::newRow("tiny d1 s2") << "tiny"
                                    << "kv-prefetch{distance=1,slots=2}"
                                    << "tiny-d1-s2";
        QTest::newRow("tiny d1 s1") << "tiny"
                                    << "kv-prefetch{distance=1,slots=1}"
                                    << "tiny-d1-s1";
        QTest::newRow("tiny shared") << "tiny"
                                     << "kv-prefetch{distance=1,slots=2,events=shared}"
                                     << "tiny-shared";
        QTest::newRow("pa d1 s2") << "pa"
                                  << "kv-prefetch{distance=1,slots=2}"
                                  << "pa-d1-s2";
        QTest::newRow("gemm backend") << "gemm"
                                      << "kv-prefetch{stages=2},sched-barrier{wait-placement=backend}"
                                      << "gemm-backend";
        QTest::newRow("gemm write-stage") << "gemm"
                                          << "kv-prefetch{stages=2},sched-barrier{wait-placement=write-stage}"
                                          << "gemm-write-stage";
    }
    void golden()
    {
        QFETCH(QString, sample);
        QFETCH(QString, pipeline);
        QFETCH(QString, golden);
        const TaskGraph input = sample == QStringLiteral("tiny") ? tinyLoop()
            : sample == QStringLiteral("pa")                     ? smallPagedAttention()
                                                                 : smallGemm();
        LOOKAHEAD_COMPARE_GOLDEN(goldenText(input, pipeline.toStdString()),
            lookahead::test::sourcePath(QStringLiteral("tests/golden/loop/%1.golden").arg(golden)));
    }

    void inputsAreHazardFree()
    {
        QVERIFY(Verifier::findHazards(tinyLoop()).empty());
        QVERIFY(Verifier::findHazards(smallPagedAttention()).empty());
        QVERIFY(Verifier::findHazards(smallGemm()).empty());
    }

    void sharedEventsYieldExactlyTheRace()
    {
        // Loads run one iteration ahead through two L1 slots. Without write-after-read events the
        // load of iteration 2 may overwrite L1.K[0] while the move of iteration 0 still reads it,
        // and every move may overwrite the single L0 slot before the earlier matmuls read it.
        const Outcome shared = run(tinyLoop(), "kv-prefetch{distance=1,slots=2,events=shared}");
        QCOMPARE(hazardSet(shared.graph),
            (std::set<std::string> {
                "L1.K[0]: mv0 / ld2", "L0[0]: mm0 / mv1", "L0[0]: mm0 / mv2", "L0[0]: mm1 / mv2" }));
        QCOMPARE(shared.records.front().verification.hazards.size(), 4u); // all new: the input had none

        const std::vector<Hazard> hazards = Verifier::findHazards(shared.graph);
        auto l1 = std::find_if(hazards.begin(), hazards.end(), [](const Hazard& h) { return h.buffer == "L1.K[0]"; });
        QVERIFY(l1 != hazards.end());
        QCOMPARE(l1->kind, std::string("write-after-read"));
        QCOMPARE(l1->explanation,
            std::string("hazard on buffer \"L1.K[0]\": mv0 (iteration 0) reads it and ld2 (iteration 2) writes it, but "
                        "no barrier, `after` or single-engine queue order puts one before the other (write-after-read "
                        "in file order)"));

        QVERIFY(hazardSet(run(tinyLoop(), "kv-prefetch{distance=1,slots=2,events=per-slot}").graph).empty());
        QVERIFY(hazardSet(run(tinyLoop(), "kv-prefetch{distance=2,slots=3,events=per-slot}").graph).empty());
    }

    void sharedEventsRaceOnThePagedAttentionSample()
    {
        const Outcome shared = run(smallPagedAttention(), "kv-prefetch{events=shared}");
        const std::vector<Hazard> hazards = Verifier::findHazards(shared.graph);
        QVERIFY(!hazards.empty());
        // Only the load path races: L1 slots and the L0 slot they feed, never L0C or global memory.
        for (const Hazard& h : hazards)
            QVERIFY2(h.buffer.find("L1.") != std::string::npos || h.buffer.find("L0.B") != std::string::npos,
                h.explanation.c_str());
        QVERIFY(Verifier::findHazards(run(smallPagedAttention(), "kv-prefetch{events=per-slot}").graph).empty());
    }

    void prefetchShortensTheLoop()
    {
        const TaskGraph pa = smallPagedAttention();
        const std::int64_t d0 = makespan(pa, "kv-prefetch{distance=0}");
        const std::int64_t d1 = makespan(pa, "kv-prefetch{distance=1,slots=2}");
        QCOMPARE(d0, run(pa, "").makespanAfter); // distance 0 leaves the loop as it is
        QVERIFY(d1 < d0);
        // One slot: the next load waits for the current move, so it overlaps less than with two.
        QVERIFY(makespan(pa, "kv-prefetch{distance=1,slots=1}") >= d1);
    }

    void schedBarrierMovesTheWaitOutOfCompute()
    {
        const TaskGraph gemm = smallGemm();
        const Outcome backend = run(gemm, "kv-prefetch{stages=2},sched-barrier{wait-placement=backend}");
        const Outcome writeStage = run(gemm, "kv-prefetch{stages=2},sched-barrier{wait-placement=write-stage}");
        QCOMPARE(
            backend.records.back().statistics.front(), (std::pair<std::string, std::int64_t>("waits-in-compute", 3)));
        QVERIFY(writeStage.makespanAfter < backend.makespanAfter);
        QVERIFY(backend.makespanAfter < backend.makespanBefore); // pipelining still pays off
        // Backend placement, then the barrier: the waits come back out of compute.
        const Outcome both = run(gemm,
            "kv-prefetch{stages=2},sched-barrier{wait-placement=backend},sched-barrier{wait-placement=write-stage}");
        QCOMPARE(both.makespanAfter, writeStage.makespanAfter);
        QCOMPARE(makespan(gemm, "kv-prefetch{stages=2},sched-barrier{enabled=false}"),
            makespan(gemm, "kv-prefetch{stages=2}"));
    }

    void stagesAndDistanceMustAgree()
    {
        auto pipeline = Pipeline::parse("kv-prefetch{distance=2,stages=2}");
        QVERIFY(pipeline.ok());
        TaskGraph graph = tinyLoop();
        auto records = runPipeline(pipeline.value(), graph);
        QVERIFY(!records.ok());
        QCOMPARE(records.error().toString(),
            std::string("option kv-prefetch.stages: stages=2 means distance=1, but distance=2 was given"));
    }

    void batchRunRefusesTheRace()
    {
        QTemporaryDir dir;
        const std::string sample = dir.filePath(QStringLiteral("pa.json")).toStdString();
        QCOMPARE(batch({ "generate", "--kind", "paged-attention", "--batch", "1", "--cores", "1", "--blocks-per-tile",
                     "3", "-o", sample }),
            0);
        std::string err;
        QCOMPARE(batch({ "run", sample, "--pipeline", "kv-prefetch{events=shared}" }, &err), 3);
        QVERIFY2(err.find("(iteration ") != std::string::npos, err.c_str());
        QVERIFY2(err.find("hazard(s) found") != std::string::npos, err.c_str());
        // The outputs are written while the hazards are checked, and put in place only if there are
        // none: an old output stays as it was, a new one does not appear, no temporary file is left.
        const std::string graphOut = dir.filePath(QStringLiteral("out.json")).toStdString();
        const std::string traceOut = dir.filePath(QStringLiteral("trace.json")).toStdString();
        {
            std::ofstream(graphOut) << "old\n";
        }
        QCOMPARE(batch({ "run", sample, "--pipeline", "kv-prefetch{events=shared}", "-o", graphOut, "--trace", traceOut,
                           "--report", "-" },
                     &err),
            3);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({ "out.json", "pa.json" }));
        std::ifstream kept(graphOut);
        QCOMPARE(std::string(std::istreambuf_iterator<char>(kept), {}), std::string("old\n"));
        QCOMPARE(batch({ "run", sample, "--pipeline", "kv-prefetch{events=shared}", "--allow-hazards" }), 0);
        QCOMPARE(batch({ "run", sample, "--pipeline", "kv-prefetch{events=per-slot}" }), 0);
    }
};

LOOKAHEAD_TEST(LoopPassesTest)
#include "tst_looppasses.moc"
