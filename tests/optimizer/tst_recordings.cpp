// Real recordings (read at run time from LOOKAHEAD_SHARED_DIR/real-traces, never copied here):
// every file imports with no options, its producer is recognised, task and dependency counts and
// the summary are pinned, and the replay is exact task by task against the event its `source`
// names (spec 9), under the spec costs and under the default costs of a recording's baseline.
// What-ifs on replayed recordings move what they should.

#include "BatchHarness.h"
#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/InputOpener.h"
#include "lookahead/RecordingDomain.h"
#include "lookahead/Rerun.h"
#include "lookahead/Simulator.h"
#include "lookahead/Verifier.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <map>
#include <optional>

#include <cmath>

using namespace lookahead;
using lookahead::test::sharedPath;
using lookahead::test::sourcePath;

namespace {

std::string recordingPath(const QString& file)
{
    return sharedPath(QStringLiteral("real-traces/%1").arg(file)).toStdString();
}

OpenedInput openRecording(const QString& file)
{
    auto opened = openInputFile(recordingPath(file));
    if (!opened.ok())
        qFatal("%s", opened.error().toString().c_str());
    if (!opened.value().summary)
        qFatal("%s was not read as a recording", qPrintable(file));
    return std::move(opened).value();
}

std::string sourceOf(const TaskGraph& graph, TaskIndex task)
{
    const Symbol source = graph.tasks[task].source;
    return source == kNoSymbol ? std::string() : std::string(graph.strings.view(source));
}

/// µs as the recording writes them (a number, or a decimal string read exactly) → ns.
std::int64_t nanos(const nlohmann::json& micros)
{
    // Exactly from the decimal text: epoch timestamps in µs times 1000 exceed a double's 53 bits.
    if (micros.is_number_integer())
        return micros.get<std::int64_t>() * 1000;
    const std::string text = micros.is_number() ? micros.dump() : micros.get<std::string>();
    const auto dot = text.find('.');
    std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    fraction.resize(4, '0');
    return std::stoll(text.substr(0, dot)) * 1000 + std::stoll(fraction.substr(0, 3)) + (fraction[3] >= '5' ? 1 : 0);
}

std::shared_ptr<const Schedule> simulateWith(
    const TaskGraph& graph, bool specCosts, const std::vector<std::string>& off = {})
{
    SimulationOptions options;
    options.specCosts = specCosts;
    options.disabledTerms = off;
    auto schedule = simulate(graph, CostModel::standard(), options);
    if (!schedule.ok())
        qFatal("%s", schedule.error().toString().c_str());
    return schedule.value();
}

/// A pass pipeline on a plain import, as `batch run` runs it (default costs, or the spec's).
struct PipelineResult {
    std::int64_t before = 0, after = 0; ///< Makespans of the baseline and of the result.
    /// End of the last task on `AICORE` (the device compute stream of an Ascend recording).
    std::int64_t deviceBefore = 0, deviceAfter = 0;
    RerunOutcome outcome;
    std::int64_t stat(const std::string& name) const
    {
        for (const auto& [key, value] : outcome.statistics())
            if (key == name)
                return value;
        return -1;
    }
};

/// A task's recorded span against the event its `source` names, in ns (spec 9). A frame's pieces
/// (`"frame": "open"` / `"return"`, formats/importers/CallFrames.h) name their event too: the open
/// piece starts at the event's start and ends where its first callee's event starts (at once for a
/// host wait without callees); the return piece ends at the event's end and starts at the latest
/// recorded end among what it waits for (its last callees, the device task of a host wait).
struct RecordedSpan {
    std::int64_t start = 0;
    std::optional<std::int64_t> end; ///< Unknown for a `B` event (its end is another event).
};

std::optional<std::int64_t> eventEnd(const nlohmann::json& event)
{
    if (event.value("ph", "") != "X")
        return std::nullopt;
    return nanos(event["ts"]) + nanos(event["dur"]);
}

std::vector<RecordedSpan> recordedSpans(const TaskGraph& graph, const std::vector<nlohmann::json>& events)
{
    const std::size_t n = graph.tasks.size();
    std::vector<std::vector<TaskIndex>> consumers(n), updaters(graph.barriers.size());
    for (TaskIndex t = 0; t < n; ++t) {
        for (TaskIndex p : graph.after(graph.tasks[t]))
            consumers[p].push_back(t);
        for (BarrierIndex b : graph.updates(graph.tasks[t]))
            updaters[b].push_back(t);
    }
    auto piece = [&](TaskIndex t) { return framePieceOf(graph, graph.tasks[t]); };
    std::vector<RecordedSpan> spans(n);
    for (TaskIndex t = 0; t < n; ++t) {
        const nlohmann::json& event = events[t];
        spans[t] = { nanos(event["ts"]), eventEnd(event) };
        if (piece(t) == "open") {
            // Its callees: the consumers nested in it on its own thread (a flow may leave it too).
            std::optional<std::int64_t> firstCallee;
            for (TaskIndex c : consumers[t]) {
                const std::int64_t calleeStart = nanos(events[c]["ts"]);
                const std::optional<std::int64_t> end = eventEnd(event);
                if (events[c].value("pid", nlohmann::json()) == event.value("pid", nlohmann::json())
                    && events[c].value("tid", nlohmann::json()) == event.value("tid", nlohmann::json())
                    && calleeStart >= spans[t].start && (!end || calleeStart <= *end))
                    firstCallee = std::min(firstCallee.value_or(INT64_MAX), calleeStart);
            }
            spans[t].end = firstCallee.value_or(spans[t].start);
        } else if (piece(t) == "return") {
            std::vector<TaskIndex> waited(graph.after(graph.tasks[t]).begin(), graph.after(graph.tasks[t]).end());
            for (BarrierIndex b : graph.waits(graph.tasks[t]))
                waited.insert(waited.end(), updaters[b].begin(), updaters[b].end());
            if (waited.empty())
                qFatal("return piece %s waits for nothing", std::string(graph.taskId(t)).c_str());
            std::optional<std::int64_t> latest;
            for (TaskIndex p : waited) {
                if (piece(p) == "open")
                    qFatal("return piece %s waits for an open piece", std::string(graph.taskId(t)).c_str());
                const std::optional<std::int64_t> end = eventEnd(events[p]);
                latest = !end || !latest ? end : std::max(*latest, *end);
                if (!end)
                    break;
            }
            if (latest)
                spans[t].start = *latest;
            else
                spans[t].start = INT64_MIN; // a callee's end is not in its event: not checked
        }
    }
    return spans;
}

PipelineResult runOnRecording(const TaskGraph& graph, const QString& pipelineText, bool specCosts = false)
{
    RerunOptions options;
    options.simulation.specCosts = specCosts;
    PipelineResult result;
    auto deviceEnd = [](const TaskGraph& g, const Schedule& schedule) {
        std::int64_t end = 0;
        for (TaskIndex t = 0; t < g.tasks.size(); ++t)
            if (g.platform.executors[g.tasks[t].exec].name == "AICORE")
                end = std::max(end, schedule.end[t]);
        return end;
    };
    const auto baseline = simulateWith(graph, specCosts);
    result.before = baseline->makespan;
    result.deviceBefore = deviceEnd(graph, *baseline);
    auto pipeline = Pipeline::parse(pipelineText.toStdString());
    if (!pipeline.ok())
        qFatal("%s", pipeline.error().toString().c_str());
    auto outcome = rerun(graph, pipeline.value(), options);
    if (!outcome.ok())
        qFatal("%s", outcome.error().toString().c_str());
    result.outcome = std::move(outcome).value();
    result.after = result.outcome.schedule->makespan;
    result.deviceAfter = deviceEnd(*result.outcome.graph, *result.outcome.schedule);
    return result;
}

} // namespace

class RecordingsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFileInfo::exists(sharedPath(QStringLiteral("real-traces/README.md"))))
            QSKIP("no ../shared/real-traces beside the checkout");
    }

    void replay_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("producer");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("dependencies"); // flow edges + inferred barrier waits + call frame edges + host waits
        QTest::addColumn<int>("hostWaits");    // inferred host waits on the device
        // Thread lanes with nested slices split their frames into an open and a return piece
        // (CallFrames.h): Ascend 1086 frames, Kineto CUDA 273, ROCm 54, Chrome 96.
        QTest::newRow("npu 40xx") << QStringLiteral("npu-prof-parser-40xx.json") << QStringLiteral("npu") << 42 << 12
                                  << 0;
        QTest::newRow("npu 37xx") << QStringLiteral("npu-prof-parser-37xx.json") << QStringLiteral("npu") << 48 << 29
                                  << 0;
        QTest::newRow("ascend") << QStringLiteral("ascend-torchnpu-level0-rank0-trace_view.json")
                                << QStringLiteral("ascend") << 4083 << 2785 << 1;
        QTest::newRow("kineto cuda") << QStringLiteral("kineto-cuda-alexnet.json.gz") << QStringLiteral("kineto")
                                     << 1140 << 629 << 17;
        QTest::newRow("kineto rocm") << QStringLiteral("kineto-rocm-mi250-minitoy-train.json.gz")
                                     << QStringLiteral("kineto") << 166 << 126 << 2;
        QTest::newRow("chrome 69") << QStringLiteral("chrome69-tracing-array.json") << QStringLiteral("chrome") << 1161
                                   << 192 << 0;
        QTest::newRow("tensorflow") << QStringLiteral("tf1-timeline-gpu-step0.json") << QStringLiteral("tensorflow")
                                    << 133 << 14 << 0;
        QTest::newRow("rspack async") << QStringLiteral("rspack-tracing-async-only.json.gz")
                                      << QStringLiteral("generic") << 51 << 44 << 0;
    }

    /// Producer, counts, the summary (golden), and every task's start and end against its event.
    void replay()
    {
        QFETCH(QString, file);
        QFETCH(QString, producer);
        QFETCH(int, tasks);
        QFETCH(int, dependencies);
        QFETCH(int, hostWaits);
        const OpenedInput opened = openRecording(file);
        const TaskGraph& graph = opened.graph;
        const ImportSummary& summary = *opened.summary;
        QCOMPARE(QString::fromStdString(summary.producer), producer);
        if (tasks > 0) {
            QCOMPARE(int(graph.tasks.size()), tasks);
            QCOMPARE(int(summary.flowDependencies + summary.laneDependencies + summary.inferredWaits
                         + summary.callDependencies + summary.hostWaits),
                dependencies);
            QCOMPARE(int(summary.hostWaits), hostWaits);
        }
        LOOKAHEAD_COMPARE_GOLDEN(QByteArray::fromStdString(summary.toText()),
            sourcePath(
                QStringLiteral("tests/golden/recordings/%1.summary.txt").arg(QFileInfo(file).completeBaseName())));

        std::vector<std::string> pointers;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            pointers.push_back(sourceOf(graph, t));
        auto events = readSourceEvents(recordingPath(file), pointers);
        QVERIFY2(events.ok(), events.ok() ? "" : events.error().toString().c_str());
        std::int64_t first = INT64_MAX;
        for (const nlohmann::json& event : events.value()) {
            QVERIFY(event.is_object() && event.contains("ts"));
            first = std::min(first, nanos(event["ts"]));
        }
        const double clock = graph.platform.clockMhz;
        // In long double: QVERIFY2 builds its message even when the check passes, also for a span
        // whose start is not checked (INT64_MIN), and the difference must not overflow there.
        auto cycles = [&](std::int64_t ns) {
            return std::llround((static_cast<long double>(ns) - static_cast<long double>(first)) * clock / 1000.0L);
        };
        // The baseline of a recording, with its preset's caches on: spec costs, and the default costs
        // as they are (no term switched off: a graph written by `batch import` carries no summary).
        QVERIFY2(summary.costTermsOff.empty(), summary.toText().c_str());
        // A frame split into pieces: one open and one return piece per event, nothing else.
        std::map<std::string, std::vector<std::string>> piecesOf;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            if (const std::string piece = framePieceOf(graph, graph.tasks[t]); !piece.empty())
                piecesOf[pointers[t]].push_back(piece);
        for (auto& [pointer, pieces] : piecesOf) {
            std::sort(pieces.begin(), pieces.end());
            QVERIFY2(pieces == std::vector<std::string>({ "open", "return" }), pointer.c_str());
        }
        const std::vector<RecordedSpan> spans = recordedSpans(graph, events.value());
        for (const bool specCosts : { true, false }) {
            const auto schedule = simulateWith(graph, specCosts);
            for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
                const std::int64_t start = spans[t].start;
                QVERIFY2(start == INT64_MIN || std::llabs(schedule->start[t] - cycles(start)) <= 1,
                    qPrintable(QStringLiteral("%1 (%2) starts at %3, recorded %4")
                                   .arg(QString::fromStdString(std::string(graph.taskId(t))),
                                       QString::fromStdString(pointers[t]))
                                   .arg(schedule->start[t])
                                   .arg(cycles(start))));
                if (spans[t].end) {
                    const std::int64_t end = *spans[t].end;
                    QVERIFY2(std::llabs(schedule->end[t] - cycles(end)) <= 1,
                        qPrintable(QStringLiteral("%1 ends at %2, recorded %3")
                                       .arg(QString::fromStdString(pointers[t]))
                                       .arg(schedule->end[t])
                                       .arg(cycles(end))));
                }
            }
        }
    }

    /// The platform each producer's recording gets without options, and the domain read from it.
    void domain_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<int>("kernelTasks");  // tasks with a kernel
        QTest::addColumn<int>("kernels");      // distinct kernels
        QTest::addColumn<int>("stalledTasks"); // tasks whose modelled fetch came out of their cycles
        QTest::addColumn<int>("groups");       // superkernel groups
        QTest::addColumn<int>("groupedTasks");
        QTest::newRow("npu 40xx") << QStringLiteral("npu-prof-parser-40xx.json") << QStringLiteral("npu40xx") << 12 << 1
                                  << 12 << 0 << 0;
        QTest::newRow("npu 37xx") << QStringLiteral("npu-prof-parser-37xx.json") << QStringLiteral("npu37xx") << 8 << 2
                                  << 8 << 0 << 0;
        // 185 compute tasks of stream 2 (172 AI_CORE, 13 MIX_AIV) in 51 operators; 175 of them in runs
        // of at least two between copies, events and AI CPU tasks.
        QTest::newRow("ascend") << QStringLiteral("ascend-torchnpu-level0-rank0-trace_view.json")
                                << QStringLiteral("ascend-a2") << 185 << 51 << 185 << 12 << 175;
        const QString lanes = QStringLiteral("the recorded lanes");
        QTest::newRow("kineto cuda") << QStringLiteral("kineto-cuda-alexnet.json.gz") << lanes << 0 << 0 << 0 << 0 << 0;
        QTest::newRow("tensorflow") << QStringLiteral("tf1-timeline-gpu-step0.json") << lanes << 0 << 0 << 0 << 0 << 0;
        QTest::newRow("chrome 69") << QStringLiteral("chrome69-tracing-array.json") << lanes << 0 << 0 << 0 << 0 << 0;
    }

    void domain()
    {
        QFETCH(QString, file);
        QFETCH(QString, platform);
        QFETCH(int, kernelTasks);
        QFETCH(int, kernels);
        QFETCH(int, stalledTasks);
        QFETCH(int, groups);
        QFETCH(int, groupedTasks);
        const OpenedInput opened = openRecording(file);
        const TaskGraph& graph = opened.graph;
        QVERIFY2(
            QString::fromStdString(opened.summary->platform).startsWith(platform), opened.summary->platform.c_str());
        int withKernel = 0, grouped = 0, superkernels = 0;
        for (const Task& task : graph.tasks)
            withKernel += task.kernel != kNoKernel;
        for (const Group& group : graph.groups)
            if (group.kind == "superkernel") {
                ++superkernels;
                grouped += int(group.tasks.size());
            }
        const auto schedule = simulateWith(graph, true);
        int stalled = 0;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            stalled += schedule->stall[t] > 0;
        QCOMPARE(withKernel, kernelTasks);
        QCOMPARE(int(graph.kernels.size()), kernels);
        QCOMPARE(stalled, stalledTasks);
        QCOMPARE(superkernels, groups);
        QCOMPARE(grouped, groupedTasks);
    }

    /// The NPU40XX profile straight after a plain import: every sw-kernel-prefetch mode decides and
    /// explains; the start mode with a low threshold prefetches and never lengthens the run.
    void npuPrefetch_data()
    {
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<int>("candidates");
        QTest::addColumn<int>("inserted");
        QTest::addColumn<QString>("kernelDecision"); // action of the decision about kernel Relu
        QTest::addColumn<QString>("reason");         // its reason (skipped), empty when inserted
        QTest::addColumn<int>("before");             // makespan, cycles
        QTest::addColumn<int>("after");
        // Cycle 0 is the first DPU task; the SHAVE tasks wait 28801 cycles for relu2's DPU tasks
        // (inferred:2) and start from 67923. The first misses the L2 (1200 + 4096 B / 4 = 2224
        // cycles), the others wait for that fill; the last to end (tile_0/cluster_0, 68790 → 87192)
        // stalled 70147 − 68790 + 60 + 128 = 1545. A start prefetch of Relu on tile 0 fills L2 and
        // the L1 of tile 0's engine 0, where that task then runs with no stall: 87194 → 85647.
        QTest::newRow("start, threshold 1000") << QStringLiteral("sw-kernel-prefetch{mode=start,start-threshold=1000}")
                                               << 1 << 1 << QStringLiteral("inserted") << QString() << 87194 << 85647;
        // 28801 < 280000: the start test fails and nothing else is tried.
        QTest::newRow("start, default threshold")
            << QStringLiteral("sw-kernel-prefetch{mode=start}") << 1 << 0 << QStringLiteral("skipped")
            << QStringLiteral("no-slack") << 87194 << 87194;
        // The mid phase needs a tile-1 SHAVE task starting before the first use: there is none.
        QTest::newRow("start+mid") << QStringLiteral("sw-kernel-prefetch{mode=start+mid}") << 1 << 0
                                   << QStringLiteral("skipped") << QStringLiteral("gap-too-small") << 87194 << 87194;
        // The only all-idle interval is the leading [0, 67923): less than 50000 after the 100000 init penalty.
        QTest::newRow("idle") << QStringLiteral("sw-kernel-prefetch{mode=idle}") << 1 << 0 << QStringLiteral("skipped")
                              << QStringLiteral("no-idle-interval") << 87194 << 87194;
        // With a smaller penalty it is 57923 long: the prefetch goes before the task that closes it.
        QTest::newRow("idle, init-penalty 10000")
            << QStringLiteral("sw-kernel-prefetch{mode=idle,init-penalty=10000}") << 1 << 1
            << QStringLiteral("inserted") << QString() << 87194 << 85647;
    }

    void npuPrefetch()
    {
        QFETCH(QString, pipeline);
        QFETCH(int, candidates);
        QFETCH(int, inserted);
        QFETCH(QString, kernelDecision);
        QFETCH(QString, reason);
        QFETCH(int, before);
        QFETCH(int, after);
        const OpenedInput opened = openRecording(QStringLiteral("npu-prof-parser-40xx.json"));
        for (const bool specCosts : { false, true }) {
            const PipelineResult result = runOnRecording(opened.graph, pipeline, specCosts);
            const nlohmann::json& decisions = result.outcome.records.at(0).decisions;
            QVERIFY(result.after <= result.before);
            // Explained: a test decision first, then one decision about the kernel.
            QVERIFY(decisions.size() >= 2);
            QCOMPARE(decisions[0].value("action", ""), std::string("test"));
            QVERIFY(!decisions[0].value("detail", "").empty());
            const nlohmann::json& relu = decisions[1];
            QCOMPARE(result.stat("sw-kernel-prefetch.candidates"), std::int64_t(candidates));
            QCOMPARE(result.stat("sw-kernel-prefetch.prefetches-inserted"), std::int64_t(inserted));
            QCOMPARE(QString::fromStdString(relu.value("kernel", "")), QStringLiteral("Relu"));
            QCOMPARE(QString::fromStdString(relu.value("action", "")), kernelDecision);
            QCOMPARE(QString::fromStdString(relu.value("reason", "")), reason);
            QCOMPARE(result.before, std::int64_t(before));
            QCOMPARE(result.after, std::int64_t(after));
        }
    }

    /// The Ascend trace straight after a plain import: sk-fuse fuses the superkernel groups, saves
    /// launches, shortens the device stream and the whole run; the default SuperKernel pipeline runs
    /// with no hazard.
    void ascendSuperKernel_data()
    {
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<int>("groupsFused");
        QTest::addColumn<int>("launchesSaved");
        QTest::addColumn<int>("before");
        QTest::addColumn<int>("after");
        QTest::addColumn<int>("deviceBefore"); // end of the last AICORE task
        QTest::addColumn<int>("deviceAfter");
        // 12 groups (175 sub-operators) each launched once: 163 launches saved, their recorded gaps
        // (25811149 cycles) removed and 163 syncs paid (1504 + 24 × 72 cores each). The device stream
        // ends 6417669 cycles (3.57 ms at 1800 MHz, 2.6 %) earlier; where a sub-operator is still held
        // by its host launch (a flow), removing its gap moves nothing. The whole run ends as much
        // earlier: the host's `.item()` (`aten::_local_scalar_dense`) waits for the last device task
        // (a host wait, CallFrames.h), and the Python frames around it (`<module>`, `ProfilerStep#50`)
        // return after their last callee, so the printing and profiler stop after it move too.
        QTest::newRow("sk-fuse") << QStringLiteral("sk-fuse") << 12 << 163 << 246980214 << 240562545 << 244576571
                                 << 238158902;
        QTest::newRow("default SuperKernel pipeline")
            << QStringLiteral("sk-fuse,sk-sync-range,sk-early-start,sk-icache-preload,sk-split") << 12 << 163
            << 246980214 << 240541737 << 244576571 << 238138094;
    }

    void ascendSuperKernel()
    {
        QFETCH(QString, pipeline);
        QFETCH(int, groupsFused);
        QFETCH(int, launchesSaved);
        QFETCH(int, before);
        QFETCH(int, after);
        QFETCH(int, deviceBefore);
        QFETCH(int, deviceAfter);
        const OpenedInput opened = openRecording(QStringLiteral("ascend-torchnpu-level0-rank0-trace_view.json"));
        const PipelineResult result = runOnRecording(opened.graph, pipeline);
        QVERIFY(Verifier::findHazards(*result.outcome.graph).empty());
        for (const PassRecord& record : result.outcome.records)
            QVERIFY2(record.verification.clean(), record.name.c_str());
        QVERIFY(result.after < result.before);
        QVERIFY(result.deviceAfter < result.deviceBefore);
        // The host follows the device: the run ends as much earlier as the device stream does.
        QCOMPARE(result.before - result.after, result.deviceBefore - result.deviceAfter);
        QCOMPARE(result.stat("sk-fuse.groups-fused"), std::int64_t(groupsFused));
        QCOMPARE(result.stat("sk-fuse.launches-saved"), std::int64_t(launchesSaved));
        QCOMPARE(result.before, std::int64_t(before));
        QCOMPARE(result.after, std::int64_t(after));
        QCOMPARE(result.deviceBefore, std::int64_t(deviceBefore));
        QCOMPARE(result.deviceAfter, std::int64_t(deviceAfter));
    }

    /// `batch import --op-summary`: msprof's per-task table gives device tasks their blocks and mix
    /// ratio (matched by stream and task id); a bad table fails the import with its file and line,
    /// exit 2, and nothing written.
    void batchImportOpSummary()
    {
        QTemporaryDir dir;
        const std::string csv = dir.filePath(QStringLiteral("op_summary_0.csv")).toStdString();
        const std::string graph = dir.filePath(QStringLiteral("graph.json")).toStdString();
        const std::string trace = recordingPath(QStringLiteral("ascend-torchnpu-level0-rank0-trace_view.json"));
        std::ofstream(csv) << "Device_id,Stream ID,Task ID,Op Name,OP Type,Task Type,Block Dim,Mix Block Dim\n"
                              "0,2,11053,trans_TransData_0,TransData,AI_CORE,8,N/A\n"
                              "0,2,11102,aclnnNLLLoss_NLLLossAiCore_NLLLoss,NLLLoss,MIX_AIV,4,4\n";
        const auto imported = lookahead::test::batch({ "import", trace, "-o", graph, "--op-summary", csv });
        QVERIFY2(imported.status == 0, imported.err.c_str());
        QVERIFY2(imported.out.find("blocks: 2 from the op summary, 183 assumed from ascend-a2") != std::string::npos,
            imported.out.c_str());
        auto opened = openInputFile(graph);
        QVERIFY(opened.ok());
        const TaskGraph& g = opened.value().graph;
        const TaskIndex transData = g.findTask("trans_TransData_0");
        const TaskIndex nllLoss = g.findTask("aclnnNLLLoss_NLLLossAiCore_NLLLoss");
        QCOMPARE(g.taskExtra(g.tasks[transData]).at("blocks").get<int>(), 8);
        QCOMPARE(g.taskExtra(g.tasks[nllLoss]).at("blocks").get<int>(), 4); // MIX_AIV: the cube cores (Mix Block Dim)
        QCOMPARE(*g.kernels[g.tasks[nllLoss].kernel].type, std::string("MIX_1_1"));                  // 4 vector, 4 cube
        QCOMPARE(g.taskExtra(g.tasks[g.findTask("trans_TransData_1")]).at("blocks").get<int>(), 24); // the preset's

        std::ofstream(csv) << "Task Type,Block Dim\nAI_CORE,24\nAI_CORE,lots\n";
        const std::string none = dir.filePath(QStringLiteral("none.json")).toStdString();
        const auto refused = lookahead::test::batch({ "import", trace, "-o", none, "--op-summary", csv });
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.find("op_summary_0.csv") != std::string::npos, refused.err.c_str());
        QVERIFY2(refused.err.find("line 3") != std::string::npos, refused.err.c_str());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(none)));
    }

    /// NPU (no flows): the SHAVE tasks of tile 0 waited for the last DPU task of their tile (an
    /// inferred barrier); shortening that DPU task moves them earlier by as much, and nothing on
    /// the other tiles moves.
    void whatIfShorterDpuTaskMovesItsShaveTasks()
    {
        OpenedInput opened = openRecording(QStringLiteral("npu-prof-parser-40xx.json"));
        TaskGraph& graph = opened.graph;
        const auto before = simulateWith(graph, true);
        const TaskIndex dpu = graph.findTask("relu2?t_Relu/cluster_0");
        QVERIFY(dpu != kNoTask);
        constexpr std::int64_t kShorter = 1000;
        QVERIFY(graph.tasks[dpu].cycles > kShorter);
        graph.tasks[dpu].cycles -= kShorter;
        const auto after = simulateWith(graph, true);
        const int shave = graph.platform.findExecutor("SHAVE");
        int moved = 0;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (task.exec == shave && task.unit == 0) {
                QCOMPARE(after->start[t], before->start[t] - kShorter);
                ++moved;
            } else if (task.unit != 0) {
                QCOMPARE(after->start[t], before->start[t]);
            }
        }
        QCOMPARE(moved, 2);
    }

    /// Kineto: a GPU kernel bound by its cudaLaunchKernel call (an ac2g flow, bound to the call,
    /// not to the ProfilerStep around it) starts earlier when the call is shorter; the kernels
    /// before it on the stream do not move.
    void whatIfShorterLaunchMovesItsKernel()
    {
        OpenedInput opened = openRecording(QStringLiteral("kineto-rocm-mi250-minitoy-train.json.gz"));
        TaskGraph& graph = opened.graph;
        const auto before = simulateWith(graph, true);
        TaskIndex kernel = kNoTask, launch = kNoTask;
        for (TaskIndex t = 0; t < graph.tasks.size() && kernel == kNoTask; ++t) {
            const TaskIndex binding = before->binding[t];
            if (binding == kNoTask || graph.platform.executors[graph.tasks[t].exec].name.rfind("GPU", 0) != 0)
                continue;
            for (TaskIndex producer : graph.after(graph.tasks[t]))
                if (producer == binding && graph.taskName(producer).find("Launch") != std::string_view::npos
                    && graph.tasks[producer].cycles > 2) {
                    kernel = t;
                    launch = producer;
                }
        }
        QVERIFY2(kernel != kNoTask, "no GPU kernel bound by its launch call");
        graph.tasks[launch].cycles -= 2;
        const auto after = simulateWith(graph, true);
        QCOMPARE(after->start[kernel], before->start[kernel] - 2);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            if (graph.tasks[t].exec == graph.tasks[kernel].exec && before->start[t] < before->start[kernel])
                QCOMPARE(after->start[t], before->start[t]);
    }

    /// Kineto: a host synchronize waits for the GPU task that ended within it (a host wait, an
    /// inferred barrier `host-wait:N`). Shortening that kernel returns the synchronize earlier and
    /// moves the host work after it; nothing the host did before the call moves.
    void whatIfShorterKernelMovesTheHostAfterItsSynchronize()
    {
        OpenedInput opened = openRecording(QStringLiteral("kineto-cuda-alexnet.json.gz"));
        TaskGraph& graph = opened.graph;
        const auto before = simulateWith(graph, true);
        TaskIndex wait = kNoTask, kernel = kNoTask;
        for (TaskIndex t = 0; t < graph.tasks.size() && wait == kNoTask; ++t) {
            const Task& task = graph.tasks[t];
            if (task.waitCount == 0 || framePieceOf(graph, task) != "return")
                continue;
            const TaskIndex binding = before->binding[t];
            if (binding != kNoTask && graph.tasks[binding].cycles > 2
                && graph.platform.executors[graph.tasks[binding].exec].name.rfind("GPU", 0) == 0) {
                wait = t;
                kernel = binding;
            }
        }
        QVERIFY2(wait != kNoTask, "no host wait held by its GPU task");
        QVERIFY(graph.taskName(wait).find("Synchronize") != std::string_view::npos);
        const std::int64_t waitStart = before->start[wait];
        graph.tasks[kernel].cycles -= 2;
        const auto after = simulateWith(graph, true);
        QCOMPARE(after->end[wait], before->end[wait] - 2);
        int movedAfter = 0;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            if (graph.tasks[t].exec != graph.tasks[wait].exec)
                continue;
            if (before->end[t] <= waitStart && before->end[t] < before->start[kernel])
                QCOMPARE(after->start[t], before->start[t]);
            movedAfter += before->start[t] >= before->end[wait] && after->start[t] == before->start[t] - 2;
        }
        QVERIFY2(movedAfter > 0, "no host task after the synchronize moved");
    }
};

LOOKAHEAD_TEST(RecordingsTest)
#include "tst_recordings.moc"
