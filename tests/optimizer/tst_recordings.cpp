// Real recordings (read at run time from LOOKAHEAD_SHARED_DIR/real-traces, never copied here):
// every file imports with no options, its producer is recognised, task and dependency counts and
// the summary are pinned, and the replay is exact task by task against the event its `source`
// names (spec 9), under the spec costs and under the default costs of a recording's baseline.
// What-ifs on replayed recordings move what they should.

#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/InputOpener.h"
#include "lookahead/Simulator.h"

#include <QFileInfo>
#include <QTest>

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

/// Whether a delay the importer writes moves a task in the simulator (probe on a one-task recording).
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
        QTest::addColumn<int>("dependencies"); // flow edges + inferred barrier waits
        QTest::newRow("npu 40xx") << QStringLiteral("npu-prof-parser-40xx.json") << QStringLiteral("npu") << 42 << 12;
        QTest::newRow("npu 37xx") << QStringLiteral("npu-prof-parser-37xx.json") << QStringLiteral("npu") << 48 << 29;
        QTest::newRow("ascend") << QStringLiteral("ascend-torchnpu-level0-rank0-trace_view.json")
                                << QStringLiteral("ascend") << 2997 << 599;
        QTest::newRow("kineto cuda") << QStringLiteral("kineto-cuda-alexnet.json.gz") << QStringLiteral("kineto") << 867
                                     << 83;
        QTest::newRow("kineto rocm") << QStringLiteral("kineto-rocm-mi250-minitoy-train.json.gz")
                                     << QStringLiteral("kineto") << 112 << 18;
        QTest::newRow("chrome 69") << QStringLiteral("chrome69-tracing-array.json") << QStringLiteral("chrome") << 1065
                                   << 0;
        QTest::newRow("tensorflow") << QStringLiteral("tf1-timeline-gpu-step0.json") << QStringLiteral("tensorflow")
                                    << 133 << 14;
        QTest::newRow("rspack async") << QStringLiteral("rspack-tracing-async-only.json.gz")
                                      << QStringLiteral("generic") << 51 << 44;
    }

    /// Producer, counts, the summary (golden), and every task's start and end against its event.
    void replay()
    {
        QFETCH(QString, file);
        QFETCH(QString, producer);
        QFETCH(int, tasks);
        QFETCH(int, dependencies);
        const OpenedInput opened = openRecording(file);
        const TaskGraph& graph = opened.graph;
        const ImportSummary& summary = *opened.summary;
        QCOMPARE(QString::fromStdString(summary.producer), producer);
        if (tasks > 0) {
            QCOMPARE(int(graph.tasks.size()), tasks);
            QCOMPARE(int(summary.flowDependencies + summary.laneDependencies + summary.inferredWaits), dependencies);
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
        auto cycles
            = [&](std::int64_t ns) { return std::llround(static_cast<long double>(ns - first) * clock / 1000.0L); };
        // The baseline of a recording: spec costs, and the default costs without the terms the summary turns off.
        for (const bool specCosts : { true, false }) {
            const auto schedule = simulateWith(graph, specCosts, summary.costTermsOff);
            for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
                const nlohmann::json& event = events.value()[t];
                const std::int64_t start = nanos(event["ts"]);
                QVERIFY2(std::llabs(schedule->start[t] - cycles(start)) <= 1,
                    qPrintable(QStringLiteral("%1 (%2) starts at %3, recorded %4")
                                   .arg(QString::fromStdString(std::string(graph.taskId(t))),
                                       QString::fromStdString(pointers[t]))
                                   .arg(schedule->start[t])
                                   .arg(cycles(start))));
                if (event.value("ph", "") == "X") {
                    const std::int64_t end = start + nanos(event["dur"]);
                    QVERIFY2(std::llabs(schedule->end[t] - cycles(end)) <= 1,
                        qPrintable(QStringLiteral("%1 ends at %2, recorded %3")
                                       .arg(QString::fromStdString(pointers[t]))
                                       .arg(schedule->end[t])
                                       .arg(cycles(end))));
                }
            }
        }
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
};

LOOKAHEAD_TEST(RecordingsTest)
#include "tst_recordings.moc"
