// Platform presets (every number has a source, platform files read back, applying a preset to a
// graph) and pass-family applicability (which families apply to which graph, and why not).

#include "BatchHarness.h"
#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/LoopSamples.h"
#include "lookahead/MoeSuperKernelSample.h"
#include "lookahead/NpuDecodeSample.h"
#include "lookahead/OpSummaryCsv.h"
#include "lookahead/PassApplicability.h"
#include "lookahead/PlatformPresets.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <set>

using namespace lookahead;
using lookahead::test::batch;
using lookahead::test::sharedPath;

namespace {

std::string presetName(const QString& name) { return name.toStdString(); }

lookahead::test::BatchResult run(std::initializer_list<std::string> args)
{
    return batch(std::vector<std::string>(args));
}

/// Every number of the preset's platform file, as JSON pointers (`kernel_code_bytes` included).
std::vector<std::string> numberPointers(const PlatformPreset& preset)
{
    const nlohmann::json flat = nlohmann::json(preset.toJson()).flatten();
    std::vector<std::string> pointers;
    for (auto it = flat.begin(); it != flat.end(); ++it)
        if (it.value().is_number())
            pointers.push_back(it.key());
    return pointers;
}

std::string writeTemp(const QTemporaryDir& dir, const char* name, const std::string& text)
{
    const std::string path = dir.filePath(QString::fromUtf8(name)).toStdString();
    std::ofstream(path) << text;
    return path;
}

} // namespace

class PlatformPresetsTest : public QObject {
    Q_OBJECT

private slots:
    void everyNumberHasASource_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string& name : platformPresetNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyNumberHasASource()
    {
        QFETCH(QString, name);
        const auto preset = findPlatformPreset(presetName(name));
        QVERIFY(preset);
        QCOMPARE(preset->name, presetName(name));
        std::set<std::string> sourced;
        for (const PresetFact& fact : preset->facts) {
            QVERIFY2(!fact.source.empty(), fact.pointer.c_str());
            sourced.insert(fact.pointer);
        }
        for (const std::string& pointer : numberPointers(*preset))
            QVERIFY2(sourced.count(pointer), ("no source for " + pointer).c_str());
    }

    void npuShapes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("tiles");
        QTest::addColumn<int>("dmaPorts");
        QTest::addColumn<double>("clock");
        QTest::newRow("npu37xx") << "npu37xx" << 2 << 2 << 1300.0;
        QTest::newRow("npu40xx") << "npu40xx" << 6 << 2 << 1850.0;
        QTest::newRow("npu40xx-1tile") << "npu40xx-1tile" << 1 << 1 << 1850.0;
        QTest::newRow("npu40xx-4tile") << "npu40xx-4tile" << 4 << 2 << 1850.0;
    }

    void npuShapes()
    {
        QFETCH(QString, name);
        QFETCH(int, tiles);
        QFETCH(int, dmaPorts);
        QFETCH(double, clock);
        const auto preset = findPlatformPreset(presetName(name));
        QVERIFY(preset);
        QCOMPARE(int(preset->unitsOf("SHAVE")), tiles);
        QCOMPARE(int(preset->unitsOf("DPU")), tiles);
        QCOMPARE(int(preset->unitsOf("DMA")), dmaPorts);
        QCOMPARE(preset->platform.clockMhz, clock);
        const ExecutorKind& shave = preset->platform.executors[preset->platform.findExecutor("SHAVE")];
        QCOMPARE(int(shave.engines), 2);
        QVERIFY(shave.tiled && shave.icacheDomain >= 0);
        QCOMPARE(preset->platform.icache[shave.icacheDomain].l2Bytes, std::int64_t(262144));
        QCOMPARE(preset->codeBytesOf("Relu"), std::int64_t(4096));
        QCOMPARE(preset->codeBytesOf("SomeNewLayer"), std::int64_t(8192));
    }

    void ascendNumbers()
    {
        const auto preset = findPlatformPreset("ascend-a2");
        QVERIFY(preset);
        const nlohmann::json& sk = preset->platform.extra.at("superkernel");
        QCOMPARE(sk.at("aic_cores").get<int>(), 24);
        QCOMPARE(sk.at("aiv_cores").get<int>(), 48);
        QCOMPARE(sk.at("aic_icache_bytes").get<int>(), 32768);
        QCOMPARE(sk.at("aiv_icache_bytes").get<int>(), 16384);
        QCOMPARE(preset->codeBytesOf("Conv2D", "AIC"), std::int64_t(24576));
        QVERIFY(findPlatformPreset("ascend-a3"));
        QVERIFY(!findPlatformPreset("npu40xx-7tile"));
        QVERIFY(!findPlatformPreset("npu40xx-0tile"));
    }

    void platformFileRoundTrip()
    {
        QTemporaryDir dir;
        const auto builtIn = findPlatformPreset("npu40xx-2tile");
        nlohmann::json doc = builtIn->toJson();
        doc["platform"]["name"] = "my-npu";
        doc["platform"]["icache"]["shave"]["l1_bytes"] = 16384;
        doc["platform"]["kernel_code_bytes"]["Relu"] = 2048;
        doc["kernels"] = { { "Softmax", { { "code_bytes", 12000 } } } };
        const std::string path = writeTemp(dir, "mine.json", doc.dump(2));
        Result<PlatformPreset> read = resolvePlatform(path);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
        const PlatformPreset& preset = read.value();
        QCOMPARE(preset.name, std::string("my-npu"));
        QCOMPARE(preset.family, std::string("file"));
        QCOMPARE(preset.unitsOf("SHAVE"), 2u);
        QCOMPARE(preset.platform.icache[0].l1Bytes, std::int64_t(16384));
        QCOMPARE(preset.codeBytesOf("Relu"), std::int64_t(2048));
        QCOMPARE(preset.codeBytesOf("Softmax"), std::int64_t(12000));
        QCOMPARE(preset.codeBytesOf("Other"), std::int64_t(8192));
        for (const PresetFact& fact : preset.facts)
            QCOMPARE(fact.source, path);
    }

    void platformFileErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("where");
        QTest::newRow("syntax") << "{\"platform\": {"
                                << "line 1, column 15";
        QTest::newRow("no platform") << "{\"kernels\": {}}"
                                     << "/platform";
        QTest::newRow("unknown icache") << R"({"platform": {"executors": {"SHAVE": {"icache": "x"}}}})"
                                        << "/platform/executors/SHAVE/icache";
        QTest::newRow("bad units") << R"({"platform": {"executors": {"DMA": {"units": 0}}}})"
                                   << "/platform/executors/DMA/units";
        QTest::newRow("bad code size") << R"({"platform": {"executors": {}, "kernel_code_bytes": {"Relu": -1}}})"
                                       << "/platform/kernel_code_bytes/Relu";
        QTest::newRow("bad kernel") << R"({"platform": {"executors": {}}, "kernels": {"k": {}}})"
                                    << "/kernels/k/code_bytes";
    }

    void platformFileErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, where);
        Result<PlatformPreset> read = parsePlatformFile(text.toStdString(), "p.json");
        QVERIFY(!read.ok());
        QCOMPARE(read.error().file, std::string("p.json"));
        QCOMPARE(QString::fromStdString(read.error().where), where);
    }

    void unknownName()
    {
        Result<PlatformPreset> read = resolvePlatform("npu99xx");
        QVERIFY(!read.ok());
        QVERIFY(read.error().message.find("npu40xx-2tile") != std::string::npos);
    }

    void applyKeepsOwnLanesAndChecksUnits()
    {
        TaskGraph graph = generateNpuDecodeSample(); // 6 tiles
        const auto twoTiles = findPlatformPreset("npu40xx-2tile");
        const TaskGraph before = graph;
        Status refused = applyPlatformPreset(graph, *twoTiles);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().where.starts_with("/tasks/"));
        QVERIFY(refused.error().where.ends_with("/unit"));
        QCOMPARE(writeTaskGraph(graph), writeTaskGraph(before)); // unchanged on failure

        const auto gpu = findPlatformPreset("gpu");
        QVERIFY(applyPlatformPreset(graph, *gpu).ok());
        // The preset's GPU kind is added, the graph's own kinds are kept, tasks still on theirs.
        QVERIFY(graph.platform.findExecutor("GPU") >= 0);
        QVERIFY(graph.platform.findExecutor("SHAVE") >= 0);
        QCOMPARE(graph.platform.clockMhz, 1000.0);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            QCOMPARE(graph.platform.executors[graph.tasks[t].exec].name,
                before.platform.executors[before.tasks[t].exec].name);
        // Known code sizes are kept; only unknown (0) ones are filled.
        QCOMPARE(graph.kernels[graph.findKernel("softmax")].codeBytes,
            before.kernels[before.findKernel("softmax")].codeBytes);
    }

    void batchPlatforms()
    {
        const auto listed = run({ "platforms" });
        QCOMPARE(listed.status, 0);
        for (const std::string& name : platformPresetNames())
            QVERIFY2(listed.out.find("\n" + name + "\n") != std::string::npos || listed.out.starts_with(name + "\n"),
                name.c_str());
        QVERIFY(listed.out.find("assumed") != std::string::npos);
        QVERIFY(listed.out.find("vpu_nce_hw_40xx.h") != std::string::npos);

        QTemporaryDir dir;
        const auto json = run({ "platforms", "npu40xx-2tile", "--json" });
        QCOMPARE(json.status, 0);
        const std::string platformFile = writeTemp(dir, "p.json", json.out);
        const std::string graphFile = dir.filePath("g.json").toStdString();
        QCOMPARE(run({ "generate", "--kind", "npu-decode", "-o", graphFile }).status, 0);
        // The decode sample has 6 tiles: a 2-tile platform file does not fit it (exit 2, names the task).
        const auto refused = run({ "run", graphFile, "--platform", platformFile });
        QCOMPARE(refused.status, 2);
        QVERIFY(refused.err.find("/unit") != std::string::npos);
        QCOMPARE(run({ "run", graphFile, "--platform", "npu40xx" }).status, 0);
        const auto unknown = run({ "run", graphFile, "--platform", "nope" });
        QCOMPARE(unknown.status, 2);
        QVERIFY(unknown.err.find("unknown platform \"nope\"") != std::string::npos);
    }
};

class PassApplicabilityTest : public QObject {
    Q_OBJECT

private slots:
    void everyPassHasAFamily()
    {
        const PassRegistry& registry = PassRegistry::global();
        for (const std::string& name : registry.names())
            QVERIFY2(!registry.familyOf(name).empty(), name.c_str());
        QCOMPARE(registry.passesOf("npu-prefetch"), std::vector<std::string> { "sw-kernel-prefetch" });
    }

    void families_data()
    {
        QTest::addColumn<QString>("graph");
        QTest::addColumn<QString>("first");
        QTest::addColumn<int>("applicable");
        QTest::newRow("npu decode") << "npu-decode"
                                    << "npu-prefetch" << 1;
        QTest::newRow("moe superkernel") << "moe"
                                         << "superkernel" << 1;
        QTest::newRow("gemm loop") << "gemm"
                                   << "loop" << 1;
        QTest::newRow("paged attention") << "paged"
                                         << "loop" << 1;
        QTest::newRow("tensorflow recording") << "tensorflow"
                                              << "superkernel" << 0;
    }

    void families()
    {
        QFETCH(QString, graph);
        QFETCH(QString, first);
        QFETCH(int, applicable);
        TaskGraph g;
        if (graph == "npu-decode")
            g = generateNpuDecodeSample();
        else if (graph == "moe")
            g = generateMoeSuperKernelSample();
        else if (graph == "gemm")
            g = generateGemmLoop({});
        else if (graph == "paged")
            g = generatePagedAttention({});
        else {
            TraceImportOptions options;
            options.clockMhz = 1000;
            auto imported
                = loadTaskGraphOrTrace(sharedPath("real-traces/tf1-timeline-gpu-step0.json").toStdString(), options);
            QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().toString().c_str());
            g = std::move(imported).value();
        }
        const std::vector<FamilyApplicability> families = passFamiliesFor(g);
        QCOMPARE(families.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(families.front().id), first);
        int applies = 0;
        for (std::size_t i = 0; i < families.size(); ++i) {
            applies += families[i].applies;
            QVERIFY(!families[i].reason.empty());
            QVERIFY(!families[i].passes.empty());
            if (i > 0) // applicable first
                QVERIFY(families[i - 1].applies || !families[i].applies);
        }
        QCOMPARE(applies, applicable);
    }

    void whyNot()
    {
        TaskGraph npu = generateNpuDecodeSample();
        // Without its instruction cache the NPU graph has nothing to prefetch into.
        npu.platform.executors[npu.platform.findExecutor("SHAVE")].icacheDomain = -1;
        const auto families = passFamiliesFor(npu);
        QVERIFY(!families.back().applies || !families.front().applies);
        for (const FamilyApplicability& f : families) {
            QVERIFY(!f.applies);
            if (f.id == "npu-prefetch")
                QVERIFY(f.reason.find("instruction cache") != std::string::npos);
            if (f.id == "superkernel")
                QVERIFY(f.reason.find("no group of kind \"superkernel\"") != std::string::npos);
            if (f.id == "loop")
                QVERIFY(f.reason.find("no group of kind \"loop\"") != std::string::npos);
        }
    }

    void batchPassesFor()
    {
        QTemporaryDir dir;
        const std::string moe = dir.filePath("moe.json").toStdString();
        QCOMPARE(run({ "generate", "--kind", "moe-superkernel", "-o", moe }).status, 0);
        const auto listed = run({ "passes", "--for", moe });
        QCOMPARE(listed.status, 0);
        QVERIFY(listed.out.starts_with("applies: SuperKernel (Ascend CANN) [superkernel]: 1 superkernel group(s)"));
        QVERIFY(listed.out.find("sk-fuse\n") != std::string::npos); // applicable: passes in full
        QVERIFY(
            listed.out.find("does not apply: NPU SHAVE instruction prefetch [npu-prefetch]: ") != std::string::npos);
        QVERIFY(listed.out.find("sw-kernel-prefetch\n    insert") == std::string::npos); // not applicable: collapsed
        QVERIFY(listed.out.find("    passes: sw-kernel-prefetch\n") != std::string::npos);

        // Without a platform that has instruction caches an NPU profile is a plain recording.
        const std::string npu = sharedPath("real-traces/npu-prof-parser-40xx.json").toStdString();
        const auto none = run({ "passes", "--for", npu, "--platform", "gpu" });
        QCOMPARE(none.status, 0);
        QVERIFY(none.out.starts_with(kNoFamilyApplies));
        QCOMPARE(run({ "passes", "--platform", "npu40xx" }).status, 2);
    }
};

class OpSummaryCsvTest : public QObject {
    Q_OBJECT

private slots:
    void reads()
    {
        const std::string text = "Device_id,Task ID,Stream ID,Op Name,OP Type,Task Type,Block Dim,Mix Block Dim\r\n"
                                 "0,11053,2,trans_TransData_0,TransData,AI_CORE,24,N/A\r\n"
                                 "\r\n"
                                 "0,11090,2,\"add, \"\"fused\"\"\",Add,MIX_AIV,8,16\r\n"
                                 "0,11091,2,trans_TransData_0,TransData,AI_VECTOR_CORE, 48 ,\r\n";
        Result<OpSummary> read = parseOpSummaryCsv(text, "op_summary.csv");
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
        const OpSummary& summary = read.value();
        QCOMPARE(summary.rows.size(), std::size_t(3));
        QCOMPARE(summary.rows[0].blockDim, std::int64_t(24));
        QVERIFY(!summary.rows[0].mixBlockDim);
        QCOMPARE(summary.rows[1].opName, std::string("add, \"fused\""));
        QCOMPARE(summary.rows[1].line, std::size_t(4));
        QCOMPARE(*summary.rows[1].mixBlockDim, std::int64_t(16));
        QCOMPARE(summary.rows[2].taskType, std::string("AI_VECTOR_CORE"));
        QCOMPARE(summary.rows[2].blockDim, std::int64_t(48));
        QCOMPARE(summary.find(2, 11091, "trans_TransData_0", 0), &summary.rows[2]); // by stream and task id
        QCOMPARE(summary.find(std::nullopt, std::nullopt, "trans_TransData_0", 1), &summary.rows[2]); // by name
        QVERIFY(!summary.find(std::nullopt, std::nullopt, "missing", 0));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("where");
        QTest::newRow("empty") << ""
                               << "line 1";
        QTest::newRow("no block dim") << "Op Name,Task Type\nx,AI_CORE\n"
                                      << "line 1";
        QTest::newRow("bad count") << "Task Type,Block Dim\nAI_CORE,24\nAI_CORE,lots\n"
                                   << "line 3, column \"Block Dim\"";
        QTest::newRow("open quote") << "Task Type,Block Dim\n\"AI_CORE,24\n"
                                    << "line 3";
        QTest::newRow("after quote") << "Task Type,Block Dim\n\"AI\"_CORE,24\n"
                                     << "line 2";
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, where);
        Result<OpSummary> read = parseOpSummaryCsv(text.toStdString(), "op.csv");
        QVERIFY(!read.ok());
        QCOMPARE(read.error().file, std::string("op.csv"));
        QCOMPARE(QString::fromStdString(read.error().where), where);
    }
};

LOOKAHEAD_TEST(PlatformPresetsTest)
LOOKAHEAD_TEST(OpSummaryCsvTest)
LOOKAHEAD_TEST(PassApplicabilityTest)

#include "tst_platformpresets.moc"
