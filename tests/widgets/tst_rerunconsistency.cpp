// One rerun, three entry points: the GUI's rerun (RunController::runJob), `batch run` and a sweep
// point give the same makespan, stall, task count and pass statistics for the same graph, pipeline
// and cost options (all three go through the core's rerun()). The GUI's load and File > Compare give
// the numbers `batch diff` gives for the same files (the input opener, then rerun() with no passes),
// and a rerun of a recording keeps its replay (the cost terms its import turned off stay off).

#include "BatchHarness.h"
#include "Golden.h"
#include "TestRegistry.h"

#include "RunController.h"

#include "lookahead/InputOpener.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"
#include "lookahead/Sweep.h"

#include <nlohmann/json.hpp>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QFileInfo>

#include <algorithm>

using namespace lookahead;

namespace {

/// The numbers every entry point reports about a rerun.
struct Numbers {
    std::int64_t makespan = 0;
    std::int64_t totalStall = 0;
    std::int64_t tasks = 0;
    std::vector<std::pair<std::string, std::int64_t>> statistics; ///< `PASS.NAME`.
    bool operator==(const Numbers&) const = default;
};

/// Statistics sorted by name: the report lists a pass's statistics by name, the others in
/// declaration order.
Numbers normalized(Numbers numbers)
{
    std::sort(numbers.statistics.begin(), numbers.statistics.end());
    return numbers;
}

QString describe(const Numbers& n)
{
    QString text = QStringLiteral("makespan %1, stall %2, tasks %3").arg(n.makespan).arg(n.totalStall).arg(n.tasks);
    for (const auto& [name, value] : n.statistics)
        text += QStringLiteral(", %1=%2").arg(QString::fromStdString(name)).arg(value);
    return text;
}

Numbers fromGui(const std::string& file, const QString& pipeline, const SimulationOptions& costs)
{
    auto graph = loadTaskGraphFile(file);
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    auto shared = std::make_shared<const TaskGraph>(std::move(graph).value());
    auto baseline = simulate(*shared, CostModel::standard(), costs);
    if (!baseline.ok())
        qFatal("%s", baseline.error().toString().c_str());
    LoadedGraph loaded;
    loaded.baseline = RunController::makeSnapshot(shared, baseline.value());
    QString error;
    auto snapshot = RunController::runJob(loaded, pipeline, PassRegistry::global(), costs, &error);
    if (!snapshot)
        qFatal("%s", qPrintable(error));
    Numbers numbers { snapshot->schedule->makespan, snapshot->schedule->totalStall,
        std::int64_t(snapshot->graph->tasks.size()), {} };
    for (const PassRecord& record : snapshot->passes)
        for (const auto& [name, value] : record.statistics)
            numbers.statistics.emplace_back(record.name + "." + name, value);
    return numbers;
}

Numbers fromBatch(const std::string& file, const QString& pipeline, const QStringList& costArguments)
{
    const auto result
        = test::batch(QStringList { QStringLiteral("run"), QString::fromStdString(file), QStringLiteral("--pipeline"),
                          pipeline, QStringLiteral("--allow-hazards"), QStringLiteral("--report"), QStringLiteral("-") }
            + costArguments);
    if (result.status != 0)
        qFatal("batch run: %s", result.err.c_str());
    const nlohmann::json report = nlohmann::json::parse(result.out);
    Numbers numbers { report["makespan_after"], report["total_stall_after"], report["tasks_after"], {} };
    for (const auto& pass : report["passes"])
        for (const auto& [name, value] : pass["statistics"].items())
            numbers.statistics.emplace_back(pass["name"].get<std::string>() + "." + name, value.get<std::int64_t>());
    return numbers;
}

Numbers fromSweep(const std::string& file, const QString& pipeline, const QString& vary, const SimulationOptions& costs,
    std::int64_t tasksBefore)
{
    auto graph = loadTaskGraphFile(file);
    auto variation = parseSweepVariation(vary.toStdString());
    if (!graph.ok() || !variation.ok())
        qFatal("bad sweep input");
    SweepOptions options;
    options.pipeline = pipeline.toStdString();
    options.simulation = costs;
    auto swept = runSweep(graph.value(), variation.value(), options);
    if (!swept.ok())
        qFatal("%s", swept.error().toString().c_str());
    const SweepPoint& point = swept.value().points.front();
    return { point.makespan, point.totalStall, tasksBefore + point.insertedTasks, point.statistics };
}

} // namespace

class RerunConsistencyTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_moe = m_dir.filePath(QStringLiteral("moe.json")).toStdString();
        const auto generated = test::batch({ "generate", "--kind", "moe-superkernel", "-o", m_moe });
        QVERIFY2(generated.status == 0, generated.err.c_str());
    }

    void sameNumbersEverywhere_data()
    {
        QTest::addColumn<QString>("graph"); ///< `npu` (spec example) or `moe` (generated sample).
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("vary"); ///< One value of an option of the pipeline: the sweep's only point.
        QTest::addColumn<QStringList>("costs");
        const QString prefetch = QStringLiteral("sw-kernel-prefetch{mode=start}");
        const QString prefetchPoint = QStringLiteral("sw-kernel-prefetch.mode={start}");
        QTest::newRow("npu, standard costs") << "npu" << prefetch << prefetchPoint << QStringList {};
        QTest::newRow("npu, spec costs") << "npu" << prefetch << prefetchPoint
                                         << QStringList { QStringLiteral("--spec-costs") };
        QTest::newRow("npu, fabric off") << "npu" << prefetch << prefetchPoint
                                         << QStringList { QStringLiteral("--disable-cost"),
                                                QStringLiteral("fabric-contention") };
        QTest::newRow("moe, superkernel passes")
            << "moe" << QStringLiteral("sk-fuse,sk-sync-range{policy=by-type},sk-early-start")
            << QStringLiteral("sk-sync-range.policy={by-type}") << QStringList {};
    }
    void sameNumbersEverywhere()
    {
        QFETCH(QString, graph);
        QFETCH(QString, pipeline);
        QFETCH(QString, vary);
        QFETCH(QStringList, costs);
        const std::string file = graph == u"moe"
            ? m_moe
            : test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString();
        SimulationOptions simulation;
        simulation.specCosts = costs.contains(QStringLiteral("--spec-costs"));
        if (const qsizetype at = costs.indexOf(QStringLiteral("--disable-cost")); at >= 0)
            simulation.disabledTerms.push_back(costs[at + 1].toStdString());

        const Numbers gui = normalized(fromGui(file, pipeline, simulation));
        const Numbers batch = normalized(fromBatch(file, pipeline, costs));
        const auto loaded = loadTaskGraphFile(file);
        QVERIFY(loaded.ok());
        const Numbers sweep
            = normalized(fromSweep(file, pipeline, vary, simulation, std::int64_t(loaded.value().tasks.size())));
        QVERIFY(!gui.statistics.empty());
        QVERIFY2(gui == batch, qPrintable(describe(gui) + QStringLiteral(" | batch: ") + describe(batch)));
        QVERIFY2(gui == sweep, qPrintable(describe(gui) + QStringLiteral(" | sweep: ") + describe(sweep)));
    }

    void loadAndCompareGiveBatchDiffNumbers_data()
    {
        QTest::addColumn<QString>("file"); ///< Under ../shared.
        QTest::addColumn<QString>("platform");
        QTest::addColumn<bool>("specCosts");
        QTest::addColumn<bool>("clockAssumed"); ///< No clock in the file nor from a preset: 1 cycle = 1 ns.
        QTest::newRow("task graph") << "spec/examples/npu-two-tile.json" << QString() << false << false;
        QTest::newRow("task graph, spec costs") << "spec/examples/npu-two-tile.json" << QString() << true << false;
        QTest::newRow("task graph on a preset") << "spec/examples/npu-two-tile.json"
                                                << "npu40xx" << false << false;
        QTest::newRow("npu recording") << "real-traces/npu-prof-parser-40xx.json" << QString() << false << false;
        QTest::newRow("npu recording on its preset") << "real-traces/npu-prof-parser-40xx.json"
                                                     << "npu40xx" << false << false;
        // The file has no clock; the import picks the npu37xx preset and its 1300 MHz clock.
        QTest::newRow("npu 37xx recording, clock from its preset")
            << "real-traces/npu-prof-parser-37xx.json" << QString() << false << false;
        QTest::newRow("recording without a clock")
            << "real-traces/tf1-timeline-gpu-step0.json" << QString() << false << true;
        QTest::newRow("kineto recording")
            << "real-traces/kineto-rocm-mi250-minitoy-train.json.gz" << QString() << false << true;
    }
    void loadAndCompareGiveBatchDiffNumbers()
    {
        QFETCH(QString, file);
        QFETCH(QString, platform);
        QFETCH(bool, specCosts);
        QFETCH(bool, clockAssumed);
        const QString path = test::sharedPath(file);
        if (!QFileInfo::exists(path))
            QSKIP("no ../shared/real-traces beside the checkout");

        RunController controller;
        controller.setDebounceMilliseconds(0);
        controller.setSpecCosts(specCosts);
        controller.setPlatform(platform);
        QSignalSpy loadedSpy(&controller, &RunController::graphLoaded);
        QSignalSpy failedSpy(&controller, &RunController::loadFailed);
        controller.loadFile(path);
        QVERIFY(loadedSpy.wait(20000));
        QVERIFY(failedSpy.isEmpty());
        const auto loaded = controller.loaded();
        const Schedule& baseline = *loaded->baseline->schedule;
        QCOMPARE(loaded->baseline->clockAssumed(), clockAssumed);

        QStringList arguments { QStringLiteral("diff"), path, path, QStringLiteral("--json"), QStringLiteral("-") };
        if (!platform.isEmpty())
            arguments << QStringLiteral("--platform") << platform;
        if (specCosts)
            arguments << QStringLiteral("--spec-costs");
        const auto diff = test::batch(arguments);
        QVERIFY2(diff.status == 0, diff.err.c_str());
        const nlohmann::json report = nlohmann::json::parse(diff.out);
        QCOMPARE(baseline.makespan, report["makespan"]["a"].get<std::int64_t>());
        QCOMPARE(baseline.totalStall, report["total_stall"]["a"].get<std::int64_t>());
        QCOMPARE(std::int64_t(loaded->baseline->graph->tasks.size()), report["tasks"]["a"].get<std::int64_t>());

        // File > Compare of the same file: the numbers of the load, nothing changed.
        TraceImportOptions options;
        options.platform = platform.toStdString();
        QString error;
        const auto compared = RunController::compareJob(path, path, options, specCosts, nullptr, &error);
        QVERIFY2(compared, qPrintable(error));
        QCOMPARE(compared->comparison.makespanA, baseline.makespan);
        QCOMPARE(compared->comparison.makespanB, baseline.makespan);
        QCOMPARE(compared->comparison.changed, std::size_t(0));
        QCOMPARE(compared->clocks().timesOnly, clockAssumed); // the Comparison dock shows µs/ms, not cycles

        // A rerun with no passes reproduces the baseline task by task (a recording: its replay).
        const auto rerun = RunController::runJob(
            *loaded, QString(), PassRegistry::global(), controller.simulationOptions(*loaded), &error);
        QVERIFY2(rerun, qPrintable(error));
        QVERIFY(rerun->schedule->start == baseline.start);
        QVERIFY(rerun->schedule->end == baseline.end);
        QCOMPARE(bool(rerun->recording), bool(loaded->baseline->recording));

        // A loaded baseline knows its cost options, so a rerun hands its schedule to the first pass
        // instead of simulating the input again: the same outcome as without it.
        QVERIFY(loaded->baseline->costs);
        const QString pipeline = QStringLiteral("sw-kernel-prefetch{mode=start}");
        const auto reused = RunController::runJob(
            *loaded, pipeline, PassRegistry::global(), controller.simulationOptions(*loaded), &error);
        QVERIFY2(reused, qPrintable(error));
        LoadedGraph unknown = *loaded;
        auto baselineWithoutCosts = std::make_shared<ScheduleSnapshot>(*loaded->baseline);
        baselineWithoutCosts->costs.reset();
        unknown.baseline = baselineWithoutCosts;
        const auto simulated = RunController::runJob(
            unknown, pipeline, PassRegistry::global(), controller.simulationOptions(*loaded), &error);
        QVERIFY2(simulated, qPrintable(error));
        QVERIFY(reused->schedule->start == simulated->schedule->start);
        QCOMPARE(reused->graph->tasks.size(), simulated->graph->tasks.size());
    }

    /// No shared recording turns a term off on its platform today, so an import summary that does:
    /// the baseline, an empty rerun and the sweep options all leave the term off.
    void recordingTermsOffStayOffInReruns()
    {
        const std::string& file = m_moe; // SuperKernel operators: sk-launch adds to every launch
        auto opened = openInputFile(file);
        QVERIFY(opened.ok());
        OpenedInput input = std::move(opened).value();
        input.summary.emplace();
        input.summary->costTermsOff = { "sk-launch" };
        QString error;
        LoadedGraph loaded;
        loaded.path = QString::fromStdString(file);
        loaded.baseline = RunController::baselineJob(input, loaded.path, {}, &error);
        QVERIFY2(loaded.baseline, qPrintable(error));
        QVERIFY(loaded.baseline->recording);

        const auto withTerm = simulate(input.graph);
        QVERIFY(withTerm.ok());
        QVERIFY2(withTerm.value()->makespan != loaded.baseline->schedule->makespan,
            "the term must matter on this graph for the test to bite");
        RunController controller;
        const SimulationOptions options = controller.simulationOptions(loaded);
        QCOMPARE(options.disabledTerms, std::vector<std::string> { "sk-launch" });
        const auto rerun = RunController::runJob(loaded, QString(), PassRegistry::global(), options, &error);
        QVERIFY2(rerun, qPrintable(error));
        QCOMPARE(rerun->schedule->makespan, loaded.baseline->schedule->makespan);
        // runJob adds the terms itself: a caller that passes plain options gets the same.
        const auto plain = RunController::runJob(loaded, QString(), PassRegistry::global(), false, nullptr, &error);
        QVERIFY2(plain, qPrintable(error));
        QCOMPARE(plain->schedule->makespan, loaded.baseline->schedule->makespan);
    }

private:
    QTemporaryDir m_dir;
    std::string m_moe;
};

LOOKAHEAD_TEST(RerunConsistencyTest)
#include "tst_rerunconsistency.moc"
