// The domain a recording gets (RecordingDomain.h, RecordingReplay.h): preset choice for NPU
// layouts, Ascend device tasks as SuperKernel sub-operators and groups, and exact replay with the
// instruction caches on (the modelled stall comes out of `cycles`), through the calibration every
// import runs (calibrateReplay).

#include "TestRegistry.h"

#include "lookahead/InputOpener.h"
#include "lookahead/Loader.h"
#include "lookahead/Pipeline.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/RecordingDomain.h"
#include "lookahead/RecordingReplay.h"
#include "lookahead/Simulator.h"
#include "lookahead/Verifier.h"

#include <QTest>

using namespace lookahead;

namespace {

/// Two streams of an Ascend-like recording, as a generic importer leaves them: one executor kind,
/// one unit per stream, tasks in start order with their recorded durations.
struct AscendFixture {
    TaskGraph graph;
};

AscendFixture ascendFixture()
{
    // stream 0: A B | record | C D | copy ; stream 1: X
    const char* text = R"({"format": "lookahead-taskgraph", "version": 1,
      "platform": {"clock_mhz": 1800, "executors": {"Ascend Hardware": {"units": 2}}},
      "tasks": [
        {"id": "A#0", "name": "trans_TransData_0", "exec": "Ascend Hardware", "unit": 0, "cycles": 9000},
        {"id": "X", "name": "Conv2D1", "exec": "Ascend Hardware", "unit": 1, "cycles": 30000},
        {"id": "B", "name": "trans_TransData_1", "exec": "Ascend Hardware", "unit": 0, "cycles": 4000, "delay": 20000},
        {"id": "E", "name": "EVENT_RECORD", "exec": "Ascend Hardware", "unit": 0, "cycles": 100, "role": "sync"},
        {"id": "C", "name": "aclnnAdd_Add", "exec": "Ascend Hardware", "unit": 0, "cycles": 7000, "delay": 9000},
        {"id": "D", "name": "aclnnMul_Mul", "exec": "Ascend Hardware", "unit": 0, "cycles": 6000, "delay": 15000},
        {"id": "M", "name": "MEMCPY_ASYNC", "exec": "Ascend Hardware", "unit": 0, "cycles": 2000, "role": "dma"}
      ]})";
    auto graph = parseTaskGraph(text, "ascend fixture");
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    AscendFixture fixture { std::move(graph).value() };
    const char* types[]
        = { "AI_CORE", "AI_CORE", "AI_CORE", "EVENT_RECORD_SQE", "MIX_AIV", "AI_VECTOR_CORE", "SDMA_SQE" };
    TaskGraph& g = fixture.graph;
    for (TaskIndex t = 0; t < g.tasks.size(); ++t) {
        g.setTaskExtra(t, { { "ascend", AscendDeviceTask { types[t], 2, std::nullopt }.toJson() } });
    }
    return fixture;
}

std::vector<std::pair<std::int64_t, std::int64_t>> times(const TaskGraph& graph, bool specCosts)
{
    SimulationOptions options;
    options.specCosts = specCosts;
    auto schedule = simulate(graph, CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    std::vector<std::pair<std::int64_t, std::int64_t>> result;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        result.emplace_back(schedule.value()->start[t], schedule.value()->end[t]);
    return result;
}

/// The calibration every import runs (RecordingReplay.h), to the times `recorded` gives.
ReplayCalibration calibrate(TaskGraph& graph, const std::vector<std::pair<std::int64_t, std::int64_t>>& recorded)
{
    std::vector<std::int64_t> start, end;
    for (const auto& [s, e] : recorded) {
        start.push_back(s);
        end.push_back(e);
    }
    auto calibration = calibrateReplay(graph, start, end);
    if (!calibration.ok())
        qFatal("%s", calibration.error().toString().c_str());
    return calibration.value();
}

} // namespace

class RecordingDomainTest : public QObject {
    Q_OBJECT

private slots:
    void npuPresetChoice_data()
    {
        QTest::addColumn<int>("tiles");
        QTest::addColumn<double>("clock"); // 0: none
        QTest::addColumn<QString>("preset");
        QTest::newRow("40xx profile, 6 clusters") << 6 << 1850.0 << "npu40xx";
        QTest::newRow("40xx profile, 2 clusters") << 2 << 1850.0 << "npu40xx-2tile";
        QTest::newRow("37xx profile: 2 clusters, no clock") << 2 << 0.0 << "npu37xx";
        QTest::newRow("37xx compiler trace: 2 clusters at 1300 MHz") << 2 << 1300.0 << "npu37xx";
        QTest::newRow("no clock, 4 clusters") << 4 << 0.0 << "npu40xx-4tile";
        QTest::newRow("more than 6 clusters") << 8 << 1850.0 << "npu40xx";
    }

    void npuPresetChoice()
    {
        QFETCH(int, tiles);
        QFETCH(double, clock);
        QFETCH(QString, preset);
        const PresetChoice choice
            = chooseNpuPreset(std::uint32_t(tiles), clock > 0 ? std::optional(clock) : std::nullopt);
        QCOMPARE(QString::fromStdString(choice.preset.name), preset);
        QVERIFY(choice.why.starts_with(preset.toStdString() + ": "));
    }

    /// A suggested preset fits the recording it was suggested for: three DMA threads (first-fit
    /// lanes of the profiler) on a 2-tile NPU40XX, whose preset has min(2, 2) DMA ports, keep three
    /// units, the summary says so, and the replay is exact. A preset the user names is refused.
    void suggestedPresetFitsTheRecording()
    {
        const std::string trace = R"json({"traceEvents":[
          {"name":"process_name","ph":"M","pid":0,"args":{"name":"Cluster (0)"}},
          {"name":"thread_name","ph":"M","pid":0,"tid":0,"args":{"name":"DPU"}},
          {"name":"thread_name","ph":"M","pid":0,"tid":1,"args":{"name":"SW / Shave"}},
          {"name":"process_name","ph":"M","pid":1,"args":{"name":"Cluster (1)"}},
          {"name":"thread_name","ph":"M","pid":1,"tid":0,"args":{"name":"DPU"}},
          {"name":"process_name","ph":"M","pid":2,"args":{"name":"DMA"}},
          {"name":"thread_name","ph":"M","pid":2,"tid":0,"args":{"name":"DMA"}},
          {"name":"thread_name","ph":"M","pid":2,"tid":1,"args":{"name":"DMA"}},
          {"name":"thread_name","ph":"M","pid":2,"tid":2,"args":{"name":"DMA"}},
          {"name":"in0","cat":"DMA","ph":"X","ts":0.000,"dur":1.000,"pid":2,"tid":0},
          {"name":"in1","cat":"DMA","ph":"X","ts":0.100,"dur":1.000,"pid":2,"tid":1},
          {"name":"in2","cat":"DMA","ph":"X","ts":0.200,"dur":1.000,"pid":2,"tid":2},
          {"name":"conv?t_Convolution/cluster_0","cat":"DPU","ph":"X","ts":1.300,"dur":2.000,"pid":0,"tid":0},
          {"name":"conv?t_Convolution/cluster_1","cat":"DPU","ph":"X","ts":1.300,"dur":2.000,"pid":1,"tid":0},
          {"name":"sm?t_SoftMax/tile_0/cluster_0","cat":"SW","ph":"X","ts":3.400,"dur":9.000,"pid":0,"tid":1}],
          "workpoint":{"freq":1850.0,"status":"OK"}})json";
        auto opened = openInputBytes(trace, "three-dma.json");
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().toString().c_str());
        const TaskGraph& graph = opened.value().graph;
        const ImportSummary& summary = *opened.value().summary;
        QCOMPARE(summary.platform, std::string("npu40xx-2tile"));
        QCOMPARE(graph.platform.executors[graph.platform.findExecutor("DMA")].units, 3u);
        QVERIFY2(
            summary.toText().find("npu40xx-2tile: DMA has 3 unit(s) of 1 engine(s) here, as the recording uses them")
                != std::string::npos,
            summary.toText().c_str());
        const TaskIndex softmax = graph.findTask("sm?t_SoftMax/tile_0/cluster_0");
        QCOMPARE(graph.kernels[graph.tasks[softmax].kernel].codeBytes, std::int64_t(14336)); // the preset's SoftMax
        for (const bool specCosts : { true, false }) {
            const auto replay = times(graph, specCosts);
            QCOMPARE(replay[softmax].first, std::int64_t(6290));   // 3.4 µs at 1850 MHz
            QCOMPARE(replay[softmax].second, std::int64_t(22940)); // 12.4 µs
        }

        ImportOptions named;
        named.platform = "npu40xx-2tile";
        auto refused = openInputBytes(trace, "three-dma.json", named);
        QVERIFY(!refused.ok());
        QVERIFY2(
            refused.error().toString().find("has 2 unit(s)") != std::string::npos, refused.error().toString().c_str());
    }

    void npuLayerType()
    {
        QCOMPARE(npuLayerTypeOfName("relu2?t_Relu/converted_to_f32/tile_1/cluster_0"), std::string("Relu"));
        QCOMPARE(npuLayerTypeOfName("data?t_Parameter/converted_to_f16/tile_0/cluster_1"), std::string("Parameter"));
        QCOMPARE(npuLayerTypeOfName("conv1/cluster_0"), std::string());
    }

    void ascendGroupsAndKernels()
    {
        AscendFixture f = ascendFixture();
        QVERIFY(applyPlatformPreset(f.graph, *findPlatformPreset("ascend-a2")).ok());
        auto applied = applyAscendDomain(f.graph, *findPlatformPreset("ascend-a2"));
        QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().toString().c_str());
        const AscendDomainSummary& s = applied.value();
        QCOMPARE(s.computeTasks, std::size_t(5));
        QCOMPARE(s.computeStreams, std::size_t(2));
        QCOMPARE(s.groups, std::size_t(2)); // A B | C D ; X alone is no group
        QCOMPARE(s.groupedTasks, std::size_t(4));
        QCOMPARE(f.graph.groups[0].tasks, (std::vector<TaskIndex> { 0, 2 }));
        QCOMPARE(f.graph.groups[1].tasks, (std::vector<TaskIndex> { 4, 5 }));
        const int core = f.graph.platform.findExecutor("AICORE");
        QCOMPARE(f.graph.platform.executors[core].units, 2u);
        for (const Task& task : f.graph.tasks)
            QCOMPARE(int(task.exec), core); // whole stream queues moved, events and copies too
        // Kernels: instances of one operator share one kernel; types from the task type.
        QCOMPARE(f.graph.tasks[0].kernel, f.graph.tasks[2].kernel);
        QCOMPARE(*f.graph.kernels[f.graph.tasks[0].kernel].type, std::string("AIC"));
        QCOMPARE(f.graph.kernels[f.graph.tasks[0].kernel].name, std::string("trans_TransData"));
        QCOMPARE(*f.graph.kernels[f.graph.tasks[4].kernel].type, std::string("MIX_1_2"));
        QCOMPARE(*f.graph.kernels[f.graph.tasks[5].kernel].type, std::string("AIV"));
        QCOMPARE(f.graph.tasks[3].kernel, kNoKernel);
        QCOMPARE(f.graph.taskExtra(f.graph.tasks[5]).at("blocks").get<int>(), 48);
        QCOMPARE(f.graph.taskExtra(f.graph.tasks[0]).at("blocks").get<int>(), 24);
        // Stream order as data order inside a group.
        QCOMPARE(f.graph.after(f.graph.tasks[2]).size(), std::size_t(1));
        QCOMPARE(f.graph.after(f.graph.tasks[2])[0], TaskIndex(0));
    }

    void ascendBlocksFromOpSummary()
    {
        AscendFixture f = ascendFixture();
        QVERIFY(applyPlatformPreset(f.graph, *findPlatformPreset("ascend-a3")).ok());
        auto csv = parseOpSummaryCsv("Op Name,Task Type,Block Dim,Mix Block Dim\n"
                                     "trans_TransData_0,AI_CORE,8,N/A\n"
                                     "aclnnAdd_Add,MIX_AIV,8,8\n",
            "op_summary.csv");
        QVERIFY(csv.ok());
        auto applied = applyAscendDomain(f.graph, *findPlatformPreset("ascend-a3"), &csv.value());
        QVERIFY(applied.ok());
        QCOMPARE(applied.value().blocksFromOpSummary, std::size_t(2));
        QCOMPARE(f.graph.taskExtra(f.graph.tasks[0]).at("blocks").get<int>(), 8);
        QCOMPARE(*f.graph.kernels[f.graph.tasks[4].kernel].type, std::string("MIX_1_1"));
    }

    void replayStaysExactWithCaches()
    {
        AscendFixture f = ascendFixture();
        const auto recorded = times(f.graph, true);
        QVERIFY(applyPlatformPreset(f.graph, *findPlatformPreset("ascend-a2")).ok());
        QVERIFY(applyAscendDomain(f.graph, *findPlatformPreset("ascend-a2")).ok());
        QVERIFY(times(f.graph, true) != recorded); // the caches now add modelled misses
        const ReplayCalibration split = calibrate(f.graph, recorded);
        QVERIFY(split.exact);
        QVERIFY(split.tasksWithStall > 0);
        QCOMPARE(split.tasksShorterThanStall, std::size_t(0));
        QCOMPARE(times(f.graph, true), recorded);
        QCOMPARE(times(f.graph, false), recorded); // the default cost terms add nothing to a recording
    }

    void skFuseRemovesLaunchGapsAndPaysSyncs()
    {
        AscendFixture f = ascendFixture();
        const auto recorded = times(f.graph, true);
        QVERIFY(applyPlatformPreset(f.graph, *findPlatformPreset("ascend-a2")).ok());
        QVERIFY(applyAscendDomain(f.graph, *findPlatformPreset("ascend-a2")).ok());
        QVERIFY(calibrate(f.graph, recorded).exact);
        const std::int64_t before = simulate(f.graph).value()->makespan;

        TaskGraph fused = f.graph;
        PipelineRunOptions options;
        Pipeline fuse = Pipeline::parse("sk-fuse").value();
        auto records = runPipeline(fuse, fused, options);
        QVERIFY2(records.ok(), records.ok() ? "" : records.error().toString().c_str());
        auto stat = [&](const char* name) {
            for (const auto& [key, value] : records.value()[0].statistics)
                if (key == name)
                    return value;
            return std::int64_t(-1);
        };
        QCOMPARE(stat("groups-fused"), std::int64_t(2));
        QCOMPARE(stat("launches-saved"), std::int64_t(2));
        QCOMPARE(stat("launch-gap-removed"), std::int64_t(20000 + 15000)); // B and D; C keeps its launch
        QCOMPARE(fused.tasks[fused.findTask("C")].delay, std::int64_t(9000));
        const std::int64_t after = simulate(fused).value()->makespan;
        QVERIFY2(after < before, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));

        // The default SuperKernel pipeline runs on it without a hazard.
        TaskGraph tuned = f.graph;
        Pipeline standard = Pipeline::parse("sk-fuse,sk-sync-range,sk-early-start,sk-icache-preload,sk-split").value();
        auto all = runPipeline(standard, tuned, options);
        QVERIFY2(all.ok(), all.ok() ? "" : all.error().toString().c_str());
        QVERIFY(Verifier::findHazards(tuned).empty());
        QVERIFY(simulate(tuned).value()->makespan < before);
    }

    /// sk-early-start splits the successor into its head and the rest: time before the successor
    /// (a launch gap sk-fuse left, as in a hand-edited fused graph) goes before its first piece.
    void earlyStartPutsTheDelayBeforeTheHead()
    {
        AscendFixture f = ascendFixture();
        QVERIFY(applyPlatformPreset(f.graph, *findPlatformPreset("ascend-a2")).ok());
        QVERIFY(applyAscendDomain(f.graph, *findPlatformPreset("ascend-a2")).ok());
        const TaskIndex a = f.graph.findTask("A#0"), b = f.graph.findTask("B"); // both AIC: a same-type pair
        f.graph.editTaskExtra(a, [](nlohmann::json& extra) { extra["phases"] = { { "head", 0 }, { "tail", 1000 } }; });
        f.graph.editTaskExtra(b, [](nlohmann::json& extra) { extra["phases"] = { { "head", 800 }, { "tail", 0 } }; });
        PipelineRunOptions options;
        Pipeline fuse = Pipeline::parse("sk-fuse").value();
        QVERIFY(runPipeline(fuse, f.graph, options).ok());
        const TaskIndex fusedB = f.graph.findTask("B");
        QCOMPARE(f.graph.tasks[fusedB].delay, std::int64_t(0)); // sk-fuse removed its launch gap
        f.graph.tasks[fusedB].delay = 700;
        Pipeline earlyStart = Pipeline::parse("sk-early-start").value();
        auto records = runPipeline(earlyStart, f.graph, options);
        QVERIFY2(records.ok(), records.ok() ? "" : records.error().toString().c_str());
        const TaskIndex head = f.graph.findTask("sk_head.B");
        QVERIFY(head != kNoTask);
        QCOMPARE(f.graph.tasks[head].delay, std::int64_t(700));
        QCOMPARE(f.graph.tasks[f.graph.findTask("B")].delay, std::int64_t(0));
        QCOMPARE(f.graph.tasks[f.graph.findTask("B")].cycles, std::int64_t(4000 - 800));
    }
};

LOOKAHEAD_TEST(RecordingDomainTest)

#include "tst_recordingdomain.moc"
