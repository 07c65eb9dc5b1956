// Chrome trace import: what every event type maps to (hand-written traces in tests/data/traces,
// pinned as golden graphs and summaries plus explicit checks), the leniencies, the errors, and the
// round trip of our own export (ChromeTraceWriter → import → simulate gives the same schedule).

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/RecordingDomain.h"
#include "lookahead/Simulator.h"
#include "lookahead/SyntheticGraph.h"

#include <QFile>
#include <QTest>

using namespace lookahead;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {
std::string readSource(const QString& relative)
{
    QFile file(sourcePath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(relative));
    return file.readAll().toStdString();
}

ImportedTrace importData(const char* name, TraceImportOptions options = {})
{
    const std::string text = readSource(QStringLiteral("tests/data/traces/%1").arg(QString::fromUtf8(name)));
    auto imported = importChromeTrace(text, name, options);
    if (!imported.ok())
        qFatal("%s", imported.error().toString().c_str());
    return std::move(imported).value();
}

/// "a,b" for the ids in a task's `after` list.
std::string afterOf(const TaskGraph& graph, std::string_view id)
{
    const TaskIndex index = graph.findTask(id);
    if (index == kNoTask)
        return "<no task " + std::string(id) + ">";
    std::string text;
    for (TaskIndex pred : graph.after(graph.tasks[index]))
        text += (text.empty() ? "" : ",") + std::string(graph.taskId(pred));
    return text;
}

std::int64_t cyclesOf(const TaskGraph& graph, std::string_view id)
{
    const TaskIndex index = graph.findTask(id);
    return index == kNoTask ? -1 : graph.tasks[index].cycles;
}

const ExecutorKind* executor(const TaskGraph& graph, std::string_view name)
{
    const int index = graph.platform.findExecutor(name);
    return index < 0 ? nullptr : &graph.platform.executors[static_cast<std::size_t>(index)];
}

std::shared_ptr<const Schedule> simulateSpec(const TaskGraph& graph)
{
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph, CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return schedule.value();
}
} // namespace

class TraceImportTest : public QObject {
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("trace");
        QTest::addColumn<double>("clock"); // 0: from the trace
        QTest::newRow("generic-complete") << QStringLiteral("generic-complete") << 1000.0;
        QTest::newRow("begin-end-lenient") << QStringLiteral("begin-end-lenient") << 1000.0;
        QTest::newRow("flows-v1") << QStringLiteral("flows-v1") << 10.0;
        QTest::newRow("flows-v2") << QStringLiteral("flows-v2") << 0.0;
        QTest::newRow("npu-compile-time") << QStringLiteral("npu-compile-time") << 0.0;
    }

    /// The whole mapping of each hand-written trace, as the graph export and the summary.
    void golden()
    {
        QFETCH(QString, trace);
        QFETCH(double, clock);
        TraceImportOptions options;
        if (clock > 0)
            options.clockMhz = clock;
        const ImportedTrace imported = importData(qPrintable(trace + QStringLiteral(".json")), options);
        LOOKAHEAD_COMPARE_GOLDEN(QByteArray::fromStdString(writeTaskGraph(imported.graph)),
            sourcePath(QStringLiteral("tests/golden/traceimport/%1.graph.json").arg(trace)));
        LOOKAHEAD_COMPARE_GOLDEN(QByteArray::fromStdString(imported.summary.toText()),
            sourcePath(QStringLiteral("tests/golden/traceimport/%1.summary.txt").arg(trace)));
    }

    void completeEventsNestingAndMetadata()
    {
        TraceImportOptions options;
        options.clockMhz = 1000;
        const ImportedTrace imported = importData("generic-complete.json", options);
        const TaskGraph& graph = imported.graph;
        QCOMPARE(imported.summary.producer, std::string("generic"));
        // One kind per process; threads are units in thread_sort_index order ("worker" is -1).
        const ExecutorKind* renderer = executor(graph, "Renderer");
        QVERIFY(renderer);
        // One unit per thread (thread_sort_index order: "worker" is -1) and nesting depth.
        QCOMPARE(renderer->units, 3u);
        QCOMPARE(renderer->engines, 1u);
        QVERIFY(renderer->extra.at("lane_names") == nlohmann::json({ "worker", "main", "main / depth 1" }));
        QVERIFY(executor(graph, "pid 9"));
        QCOMPARE(graph.tasks[graph.findTask("raster")].unit, 0u);
        QCOMPARE(graph.tasks[graph.findTask("layout")].unit, 1u);
        // "style" lies inside "layout" on the same thread: a task of its own lane.
        QCOMPARE(graph.tasks[graph.findTask("style")].unit, 2u);
        // Cycles = µs × MHz; repeated names get #N; no flows, so lane order. "layout" encloses
        // "style": a frame of an open piece (up to "style") and a return piece after it.
        QCOMPARE(cyclesOf(graph, "layout"), 10000);
        QCOMPARE(cyclesOf(graph, "layout (return)"), 30000);
        QCOMPARE(cyclesOf(graph, "layout") + cyclesOf(graph, "style") + cyclesOf(graph, "layout (return)"), 50000);
        QCOMPARE(afterOf(graph, "style"), std::string("layout"));
        QCOMPARE(afterOf(graph, "layout (return)"), std::string("layout,style"));
        QCOMPARE(cyclesOf(graph, "raster#2"), 5000);
        QCOMPARE(afterOf(graph, "paint"), std::string("layout (return)"));
        QCOMPARE(afterOf(graph, "raster#2"), std::string("raster"));
        QCOMPARE(afterOf(graph, "gpu"), std::string());
        QCOMPARE(imported.summary.droppedByReason.at("complete event without a numeric \"dur\""), 1u);
        QCOMPARE(imported.summary.droppedByReason.at("negative duration"), 1u);
        // Program order is start order; every task names its event.
        QCOMPARE(graph.taskId(0), std::string_view("layout"));
        QCOMPARE(graph.taskId(1), std::string_view("style"));
        QCOMPARE(graph.strings.view(graph.tasks[1].source), std::string_view("/traceEvents/6"));
    }

    void beginEndInstantsCountersAndLeniency()
    {
        TraceImportOptions options;
        options.clockMhz = 1000;
        const ImportedTrace imported = importData("begin-end-lenient.json", options);
        const TaskGraph& graph = imported.graph;
        const TraceImportSummary& summary = imported.summary;
        QCOMPARE(graph.tasks.size(), 5u); // "first" encloses "inner": two pieces
        // B/E matched innermost first in time order, whatever the file order.
        QCOMPARE(cyclesOf(graph, "first") + cyclesOf(graph, "inner") + cyclesOf(graph, "first (return)"), 10000);
        QCOMPARE(cyclesOf(graph, "inner"), 2000);
        QCOMPARE(cyclesOf(graph, "outer"), 11500); // "30.5" read as a number
        QCOMPARE(cyclesOf(graph, "other thread"), 3000);
        QCOMPARE(afterOf(graph, "outer"), std::string("first (return)"));
        QCOMPARE(summary.eventsByPhase.at("B"), 4u);
        QCOMPARE(summary.eventsByPhase.at("E"), 4u);
        QCOMPARE(summary.droppedByReason.at("instant event: a mark, not work"), 2u);
        QCOMPARE(summary.droppedByReason.at("counter sample: not work"), 1u);
        QCOMPARE(summary.droppedByReason.at("async begin never ended"), 1u);
        QCOMPARE(summary.droppedByReason.at("\"E\" without a matching \"B\" on its thread"), 1u);
        QCOMPARE(summary.droppedByReason.at("\"B\" never ended by an \"E\" on its thread"), 1u);
        const auto& lenient = summary.leniencies;
        auto has = [&](const char* text) {
            for (const std::string& l : lenient)
                if (l.find(text) != std::string::npos)
                    return true;
            return false;
        };
        QVERIFY(has("2 trailing comma(s)"));
        QVERIFY(has("was not closed"));
        QVERIFY(has("timestamps given as strings"));
        QVERIFY(has("not sorted"));
    }

    void flowsVersion1()
    {
        TraceImportOptions options;
        options.clockMhz = 10;
        const ImportedTrace imported = importData("flows-v1.json", options);
        const TaskGraph& graph = imported.graph;
        // s in submit → t in kernel → f binds to the next slice on its thread (readback).
        QCOMPARE(afterOf(graph, "kernel"), std::string("submit"));
        QCOMPARE(afterOf(graph, "readback"), std::string("kernel"));
        // bp "e": the enclosing slice. Flow 3 ends (f) before it starts (s): backwards, not a dependency.
        QCOMPARE(afterOf(graph, "present"), std::string("readback"));
        // Flows exist, so no lane order edges: submit and present share a thread (and a queue).
        QCOMPARE(afterOf(graph, "submit"), std::string());
        QCOMPARE(imported.summary.laneDependencies, 0u);
        QCOMPARE(imported.summary.flowDependencies, 3u);
        QCOMPARE(imported.summary.flowsNotDependenciesCount, 2u);
        QCOMPARE(imported.summary.flowsNotDependencies.at(1).reason,
            std::string("goes backwards in time (its source starts after its destination)"));
        QCOMPARE(imported.summary.flowsNotDependencies.at(0).reason,
            std::string("flow step not inside (or, for \"f\", before) any task of its thread"));
        // Time the flows do not explain is delay: kernel starts 2 µs after submit ends.
        QCOMPARE(graph.tasks[graph.findTask("kernel")].delay, std::int64_t(20));
    }

    /// Kineto call frames and a host wait: "step" is a frame (open piece up to its first callee,
    /// return piece after its last), cudaDeviceSynchronize waits for the kernel that ended within it
    /// (not for CUPTI's `cuda_sync` record); a shorter kernel returns the synchronize, the host work
    /// after it and the frame earlier by as much.
    void kinetoFramesAndHostWait()
    {
        const ImportedTrace imported = importData("kineto-host-wait.json");
        const TaskGraph& graph = imported.graph;
        QCOMPARE(imported.summary.producer, std::string("kineto"));
        QCOMPARE(imported.summary.hostWaits, 1u);
        QCOMPARE(imported.summary.flowDependencies, 1u); // launch -> kernel
        QCOMPARE(cyclesOf(graph, "step"), 10000);        // up to cudaLaunchKernel
        QCOMPARE(afterOf(graph, "cudaLaunchKernel"), std::string("step"));
        QCOMPARE(afterOf(graph, "gemm"), std::string("cudaLaunchKernel"));
        // The synchronize: a zero-length open piece, then its return from the kernel's end (60 µs) to 70.
        QCOMPARE(cyclesOf(graph, "cudaDeviceSynchronize"), 0);
        QCOMPARE(cyclesOf(graph, "cudaDeviceSynchronize (return)"), 10000);
        const Task& back = graph.tasks[graph.findTask("cudaDeviceSynchronize (return)")];
        QCOMPARE(graph.waits(back).size(), std::size_t(1));
        QCOMPARE(graph.barriers.view(graph.waits(back)[0]), std::string_view("host-wait:0"));
        QCOMPARE(graph.updates(graph.tasks[graph.findTask("gemm")]).size(), std::size_t(1));
        QCOMPARE(afterOf(graph, "step (return)"), std::string("after sync"));
        QCOMPARE(framePieceOf(graph, back), std::string("return"));

        const auto before = simulate(graph);
        QVERIFY(before.ok());
        QCOMPARE(before.value()->makespan, std::int64_t(100000)); // exact replay
        TaskGraph shorter = graph;
        shorter.tasks[shorter.findTask("gemm")].cycles -= 5000;
        const auto after = simulate(shorter);
        QVERIFY(after.ok());
        for (const char* id : { "cudaDeviceSynchronize (return)", "after sync", "step (return)" })
            QCOMPARE(after.value()->end[graph.findTask(id)], before.value()->end[graph.findTask(id)] - 5000);
        QCOMPARE(after.value()->makespan, std::int64_t(95000));
        QCOMPARE(after.value()->start[graph.findTask("cudaDeviceSynchronize")],
            before.value()->start[graph.findTask("cudaDeviceSynchronize")]);
    }

    void flowsVersion2()
    {
        const ImportedTrace imported = importData("flows-v2.json");
        const TaskGraph& graph = imported.graph;
        QCOMPARE(imported.summary.clockSource, std::string("otherData.clock_mhz"));
        QCOMPARE(cyclesOf(graph, "load"), 1000);
        // One flow_out fans out to every flow_in of its bind_id, also one earlier in the file.
        QCOMPARE(afterOf(graph, "compute"), std::string("load"));
        QCOMPARE(afterOf(graph, "compute 2"), std::string("load"));
        // A flow_out leaves "sync" where it ends: its return piece ("sync" encloses "detail").
        QCOMPARE(afterOf(graph, "store"), std::string("sync (return)"));
        // "detail" is nested in "sync": a task of its own (depth) lane that carries its own flow;
        // `id` stands in for bind_id.
        QCOMPARE(graph.tasks[graph.findTask("detail")].unit, 2u);
        QCOMPARE(afterOf(graph, "final"), std::string("detail"));
        // A reused bind_id chains: each flow_in takes the latest flow_out before it.
        QCOMPARE(afterOf(graph, "chain#2"), std::string("chain"));
        QCOMPARE(afterOf(graph, "chain#3"), std::string("chain#2"));
        QCOMPARE(afterOf(graph, "orphan"), std::string());
        QCOMPARE(imported.summary.flowsNotDependencies.at(0).reason,
            std::string("flow_in with a bind_id that no event starts (flow_out)"));
    }

    void npuCompilerLayout()
    {
        const ImportedTrace imported = importData("npu-compile-time.json");
        const TaskGraph& graph = imported.graph;
        QCOMPARE(imported.summary.producer, std::string("npu"));
        QCOMPARE(imported.summary.clockMhz, 1300.0);
        QCOMPARE(imported.summary.clockSource, std::string("workpoint.freq"));
        const ExecutorKind* dma = executor(graph, "DMA");
        const ExecutorKind* dpu = executor(graph, "DPU");
        const ExecutorKind* shave = executor(graph, "SHAVE");
        QVERIFY(dma && dpu && shave);
        QCOMPARE(graph.platform.executors.size(), 3u);
        QCOMPARE(dma->units, 2u); // two DMA threads: two ports
        QVERIFY(!dma->tiled);
        QCOMPARE(dpu->units, 2u);
        QVERIFY(dpu->tiled);
        QCOMPARE(shave->units, 2u);   // Cluster (0), Cluster (1)
        QCOMPARE(shave->engines, 2u); // two SW / Shave lanes in cluster 0
        QVERIFY(shave->tiled);
        QCOMPARE(graph.tasks[graph.findTask("MVN_0?t_MVN/tile_0/cluster_1")].unit, 1u);
        QCOMPARE(graph.tasks[graph.findTask("input?_cluster_1")].unit, 1u);
        QCOMPARE(graph.tasks[graph.findTask("input?_cluster_0")].role, TaskRole::Dma);
        // Kernels from names: the t_TYPE part, else the name before '?'.
        const Task& mvn = graph.tasks[graph.findTask("MVN_0?t_MVN/tile_1/cluster_0")];
        QCOMPARE(graph.kernels[static_cast<std::size_t>(mvn.kernel)].name, std::string("MVN"));
        const Task& convert = graph.tasks[graph.findTask("converted_to_f16?cluster_0")];
        QCOMPARE(graph.kernels[static_cast<std::size_t>(convert.kernel)].name, std::string("converted_to_f16"));
        QCOMPARE(graph.tasks[graph.findTask("conv1?t_Convolution/cluster_0")].kernel, kNoKernel);
        // 9.765 µs at 1300 MHz, replayed on the npu37xx preset the import picked (2 clusters at
        // 1300 MHz): the modelled fetch of the first MVN (1200 + 8192 B / 4 B per cycle) is not in cycles.
        QCOMPARE(imported.summary.platform, std::string("npu37xx"));
        const TaskIndex firstMvn = graph.findTask("MVN_0?t_MVN/tile_0/cluster_0");
        const auto replay = simulate(graph, CostModel::standard(), SimulationOptions { true, {}, nullptr }).value();
        QCOMPARE(replay->end[firstMvn] - replay->start[firstMvn], std::int64_t(12695));
        QCOMPARE(cyclesOf(graph, "MVN_0?t_MVN/tile_0/cluster_0") + replay->stall[firstMvn], std::int64_t(12695));
        QCOMPARE(imported.summary.lanesNotImported.size(), 1u);
        QCOMPARE(imported.summary.lanesNotImported[0].reason, std::string("per-layer summary (the Layers process)"));
        QCOMPARE(imported.summary.lanesNotImported[0].events, 2u);
        // No flows: the order between engines is inferred as barriers from the timestamps. The
        // SHAVE tasks of a tile wait for the DPU task of their tile that ended just before them.
        auto waitsOf = [&](std::string_view id) {
            std::string text;
            for (BarrierIndex b : graph.waits(graph.tasks[graph.findTask(id)]))
                text += (text.empty() ? "" : ",") + std::string(graph.barriers.view(b));
            return text;
        };
        auto updatesOf = [&](std::string_view id) {
            std::string text;
            for (BarrierIndex b : graph.updates(graph.tasks[graph.findTask(id)]))
                text += (text.empty() ? "" : ",") + std::string(graph.barriers.view(b));
            return text;
        };
        QCOMPARE(waitsOf("MVN_0?t_MVN/tile_0/cluster_0"), updatesOf("conv1?t_Convolution/cluster_0"));
        QCOMPARE(waitsOf("MVN_0?t_MVN/tile_1/cluster_0"), updatesOf("conv1?t_Convolution/cluster_0"));
        QCOMPARE(waitsOf("MVN_0?t_MVN/tile_0/cluster_1"), updatesOf("conv1?t_Convolution/cluster_1"));
        QVERIFY(waitsOf("MVN_0?t_MVN/tile_0/cluster_0").rfind("inferred:", 0) == 0);
        QCOMPARE(imported.summary.inferredBarriers, 4u);
        // It simulates: a replay with lane order only packs the lanes.
        QVERIFY(simulateSpec(graph)->makespan > 0);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QStringLiteral("{\"traceEvents\": [\n {\"ph\": \"X\" \"ts\": 1}]}")
                                  << QStringLiteral("t.json: line 2, column 16: invalid JSON: ");
        QTest::newRow("no events") << QStringLiteral(
            "{\"events\": []}") << QStringLiteral("t.json: /traceEvents: required key is missing (not a Chrome trace)");
        QTest::newRow("events not array")
            << QStringLiteral("{\"traceEvents\": {}}") << QStringLiteral("t.json: /traceEvents: must be an array");
        QTest::newRow("scalar") << QStringLiteral("42")
                                << QStringLiteral("t.json: /: a Chrome trace is a JSON array of events");
        QTest::newRow("bad clock_mhz")
            << QStringLiteral("{\"traceEvents\": [], \"otherData\": {\"clock_mhz\": \"x\"}}")
            << QStringLiteral(
                   "t.json: /otherData/clock_mhz: must be a number of MHz at least 1 (--clock-mhz overrides it)");
        QTest::newRow("bad freq")
            << QStringLiteral("{\"traceEvents\": [], \"workpoint\": {\"freq\": 0}}")
            << QStringLiteral(
                   "t.json: /workpoint/freq: must be a number of MHz at least 1, got 0.0 (--clock-mhz overrides it)");
        // Found by trace_import_fuzzer: a clock below 1 MHz made a graph the loader refuses.
        QTest::newRow("freq below 1 MHz")
            << QStringLiteral("{\"traceEvents\": [], \"workpoint\": {\"freq\": 0.3}}")
            << QStringLiteral(
                   "t.json: /workpoint/freq: must be a number of MHz at least 1, got 0.3 (--clock-mhz overrides it)");
        QTest::newRow("no tasks") << QStringLiteral(
            "{\"traceEvents\": [{\"ph\": \"i\", \"ts\": 1}], \"otherData\": {\"clock_mhz\": 5}}")
                                  << QStringLiteral("t.json: /traceEvents: no event became a task (1 dropped");
        // Found by trace_import_fuzzer: an element that is not an object has no lane to drop it from.
        QTest::newRow("cut array of a number")
            << QStringLiteral("[9") << QStringLiteral("t.json: /: no event became a task (1 dropped");
        // Found by trace_import_fuzzer: an epoch timestamp that lost its first digit wrote a `delay`
        // the loader refuses (a graph that does not load back).
        QTest::newRow("span over 2^53 cycles")
            << QStringLiteral("[{\"ph\": \"X\", \"name\": \"a\", \"ts\": \"736405443863674.4\", \"dur\": 1},"
                              "{\"ph\": \"X\", \"name\": \"b\", \"ts\": \"1736405443863690.25\", \"dur\": 3}]")
            << QStringLiteral("t.json: /1: ends more than 2^53 - 1 cycles after the earliest start (/0)");
        QTest::newRow("duplicate id") << QStringLiteral(
            "{\"traceEvents\": [{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"DMA\"}},"
            "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"unit 0\"}},"
            "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1,\"args\":{\"id\":\"a\",\"cycles\":1,\"stall\":0}},"
            "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,\"args\":{\"id\":\"a\",\"cycles\":1,\"stall\":0}}],"
            "\"otherData\": {\"tool\": \"lookahead\", \"clock_mhz\": 1}}")
                                      << QStringLiteral("t.json: /traceEvents/3/args/id: duplicate task id \"a\" "
                                                        "(first at /traceEvents/2)");
        // The reader streams and parses `args` only when a mapper asks, yet invalid JSON anywhere
        // (here in the args of a later event) is still reported before the duplicate id.
        QTest::newRow("invalid args after a duplicate id") << QStringLiteral(
            "{\"traceEvents\": [{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"DMA\"}},"
            "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"unit 0\"}},"
            "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1,\"args\":{\"id\":\"a\",\"cycles\":1,\"stall\":0}},"
            "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,\"args\":{\"id\":\"a\",\"cycles\":1,\"stall\":0}},\n"
            "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":1,\"args\":{\"id\":\"b\",\"cycles\":01}}],"
            "\"otherData\": {\"tool\": \"lookahead\", \"clock_mhz\": 1}}")
                                                           << QStringLiteral("t.json: line 2, column ");
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto imported = importChromeTrace(text.toStdString(), "t.json");
        QVERIFY(!imported.ok());
        const QString actual = QString::fromStdString(imported.error().toString());
        QVERIFY2(actual.startsWith(message), qPrintable(actual));
    }

    /// A recording without a clock is read with 1 cycle = 1 ns, and the summary says so (spec 9).
    void noClockMeansOneNanosecond()
    {
        auto imported = importChromeTrace("[{\"ph\": \"X\", \"name\": \"a\", \"ts\": 2.5, \"dur\": 1.25}]", "t.json");
        QVERIFY(imported.ok());
        QCOMPARE(imported.value().summary.clockMhz, 1000.0);
        QVERIFY(imported.value().summary.clockAssumed());
        QVERIFY(imported.value().summary.toText().find("1 cycle = 1 ns") != std::string::npos);
        QCOMPARE(imported.value().graph.tasks[0].cycles, 1250);
    }

    void lenientRepair_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("output");
        QTest::addColumn<int>("commas");
        QTest::addColumn<bool>("closed");
        QTest::newRow("clean") << QStringLiteral("[{\"a\": [1, 2]}]") << QStringLiteral("[{\"a\": [1, 2]}]") << 0
                               << false;
        QTest::newRow("array comma") << QStringLiteral("[1, 2,\n]") << QStringLiteral("[1, 2 \n]") << 1 << false;
        QTest::newRow("object comma") << QStringLiteral("{\"a\": 1 , }") << QStringLiteral("{\"a\": 1   }") << 1
                                      << false;
        QTest::newRow("comma in string") << QStringLiteral("[\"x,]\", \"y\\\",}\"]")
                                         << QStringLiteral("[\"x,]\", \"y\\\",}\"]") << 0 << false;
        QTest::newRow("truncated") << QStringLiteral("[{\"ph\": \"X\"},\n") << QStringLiteral("[{\"ph\": \"X\"} \n]")
                                   << 1 << true;
        QTest::newRow("truncated mid-event")
            << QStringLiteral("[{\"ph\": \"X\"") << QStringLiteral("[{\"ph\": \"X\"") << 0 << false;
        QTest::newRow("truncated object form")
            << QStringLiteral("{\"traceEvents\": [") << QStringLiteral("{\"traceEvents\": [") << 0 << false;
    }

    void lenientRepair()
    {
        QFETCH(QString, input);
        QFETCH(QString, output);
        QFETCH(int, commas);
        QFETCH(bool, closed);
        const LenientJsonRepair repair = repairLenientJson(input.toStdString());
        QCOMPARE(QString::fromStdString(repair.text), output);
        QCOMPARE(int(repair.trailingCommasRemoved), commas);
        QCOMPARE(repair.closedTruncatedArray, closed);
    }

    void detectsTraces()
    {
        QVERIFY(looksLikeChromeTrace(" [ {\"ph\": \"X\"} ]"));
        QVERIFY(looksLikeChromeTrace("{\"traceEvents\": []}"));
        QVERIFY(!looksLikeChromeTrace(readSource(QStringLiteral("tests/golden/writer/npu-two-tile.export.json"))));
        QVERIFY(looksLikeChromeTrace(readSource(QStringLiteral("tests/golden/writer/npu-two-tile.trace.json"))));
    }

    void roundTripOwnExport_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("specCosts");
        QTest::newRow("npu-two-tile") << QStringLiteral("npu-two-tile") << true;
        QTest::newRow("cache-semantics (stalls)") << QStringLiteral("cache-semantics") << true;
        QTest::newRow("npu-two-tile, all cost terms") << QStringLiteral("npu-two-tile") << false;
        QTest::newRow("synthetic 3000 tasks") << QString() << true;
    }

    /// Our export re-imported is an exact replay: every task's start, end and engine come back to
    /// the cycle when the imported graph is simulated with spec costs (its cycles include the stalls).
    void roundTripOwnExport()
    {
        QFETCH(QString, source);
        QFETCH(bool, specCosts);
        TaskGraph original;
        if (source.isEmpty()) {
            original = generateSyntheticGraph({ 3000, 5, 3 });
        } else {
            auto loaded
                = loadTaskGraphFile(sharedPath(QStringLiteral("spec/examples/%1.json").arg(source)).toStdString());
            QVERIFY(loaded.ok());
            original = std::move(loaded).value();
        }
        SimulationOptions options;
        options.specCosts = specCosts;
        auto scheduled = simulate(original, CostModel::standard(), options);
        QVERIFY(scheduled.ok());
        const Schedule& before = *scheduled.value();
        const std::string trace = writeChromeTrace(original, before);

        auto imported = importChromeTrace(trace, "export.trace.json");
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().toString().c_str());
        const TaskGraph& graph = imported.value().graph;
        QCOMPARE(imported.value().summary.producer, std::string("lookahead"));
        QVERIFY(imported.value().summary.dropped.empty()); // only metadata and dependency anchors are not tasks
        QCOMPARE(graph.tasks.size(), original.tasks.size());
        QCOMPARE(graph.platform.executors.size(), original.platform.executors.size());
        for (std::size_t e = 0; e < graph.platform.executors.size(); ++e) {
            QCOMPARE(graph.platform.executors[e].name, original.platform.executors[e].name);
            QCOMPARE(graph.platform.executors[e].units, original.platform.executors[e].units);
            QCOMPARE(graph.platform.executors[e].engines, original.platform.executors[e].engines);
            QCOMPARE(graph.platform.executors[e].tiled, original.platform.executors[e].tiled);
        }
        const auto replay = simulateSpec(graph);
        QCOMPARE(replay->makespan, before.makespan);
        int stalled = 0;
        for (TaskIndex t = 0; t < original.tasks.size(); ++t) {
            const TaskIndex u = graph.findTask(original.taskId(t));
            QVERIFY(u != kNoTask);
            QCOMPARE(u, t); // file order is kept
            QCOMPARE(replay->start[u], before.start[t]);
            QCOMPARE(replay->end[u], before.end[t]);
            QCOMPARE(replay->engine[u], before.engine[t]);
            QCOMPARE(graph.tasks[u].unit, original.tasks[t].unit);
            QCOMPARE(graph.tasks[u].role, original.tasks[t].role);
            stalled += before.stall[t] > 0;
        }
        if (source == QStringLiteral("cache-semantics"))
            QVERIFY(stalled > 0); // the case that needs cycles + stall
    }
};

LOOKAHEAD_TEST(TraceImportTest)
#include "tst_traceimport.moc"
