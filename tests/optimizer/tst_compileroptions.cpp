// The compiler-options use case: each pass family's options in each toolchain's own words, pinned
// by a golden file (every "no counterpart" line included), the traps of
// shared/context/COMPILER-OPTIONS.md as named rows, and the batch command around it.

#include "BatchHarness.h"
#include "Golden.h"
#include "TestRegistry.h"

#include "lookahead/CompilerOptions.h"
#include "lookahead/Loader.h"
#include "lookahead/Pipeline.h"
#include "lookahead/ToolchainName.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace lookahead;

namespace {

Platform platformNamed(const std::string& name)
{
    Platform platform;
    if (name != "-")
        platform.name = name;
    return platform;
}

CompilerOptionsReport reportFor(const std::string& platform, const std::string& pipelineText, bool all = false)
{
    auto pipeline = Pipeline::parse(pipelineText);
    if (!pipeline.ok())
        qFatal("bad pipeline %s: %s", pipelineText.c_str(), pipeline.error().toString().c_str());
    return compilerOptions(pipeline.value(), platformNamed(platform), { .all = all });
}

const ToolchainSettings* block(const CompilerOptionsReport& report, const std::string& id)
{
    for (const ToolchainSettings& b : report.toolchains)
        if (b.id == id)
            return &b;
    return nullptr;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class CompilerOptionsTest : public QObject {
    Q_OBJECT
private slots:
    void everyFamilyGolden()
    {
        // cases.txt: PLATFORM [--all] PIPELINE per line; the golden holds each case and its text.
        const QByteArray cases = readAll(test::sourcePath(QStringLiteral("tests/golden/compileroptions/cases.txt")));
        QVERIFY(!cases.isEmpty());
        QByteArray output;
        for (const QByteArray& raw : cases.split('\n')) {
            if (raw.startsWith('#') || raw.isEmpty())
                continue;
            QList<QByteArray> words = raw.split(' ');
            const std::string platform = words.takeFirst().toStdString();
            const bool all = !words.isEmpty() && words.front() == "--all";
            if (all)
                words.removeFirst();
            const QByteArray pipeline = words.join(' ');
            const CompilerOptionsReport report
                = reportFor(platform, pipeline == "<empty>" ? std::string() : pipeline.toStdString(), all);
            output += "==== " + raw + "\n" + QByteArray::fromStdString(report.text()) + "\n";
        }
        LOOKAHEAD_COMPARE_GOLDEN(output, test::sourcePath(QStringLiteral("tests/golden/compileroptions/cases.golden")));
    }

    void jsonGolden()
    {
        const CompilerOptionsReport report = reportFor("ascend-like-24c48v",
            "sk-fuse,sk-sync-range{policy=full},sk-early-start{mode=every-pair},sk-icache-preload{mode=max},"
            "sk-split{copies=8}");
        LOOKAHEAD_COMPARE_GOLDEN(QByteArray::fromStdString(report.toJson().dump(1) + "\n"),
            test::sourcePath(QStringLiteral("tests/golden/compileroptions/superkernel.json")));
    }

    void defaultsPrintNothingToChange_data()
    {
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("toolchain");
        QTest::newRow("NPU40XX start: threshold 280000 is the unset value") << "npu40xx-6tile"
                                                                            << "sw-kernel-prefetch"
                                                                            << "vpux-opt";
        QTest::newRow("NPU40XX start: plugin") << "npu40xx-6tile"
                                               << "sw-kernel-prefetch"
                                               << "openvino";
        QTest::newRow("NPU50XX start at its 250000") << "npu50xx-4tile"
                                                     << "sw-kernel-prefetch{start-threshold=250000}"
                                                     << "vpux-opt";
        QTest::newRow("NPU40XX idle at P3 defaults") << "npu40xx-6tile"
                                                     << "sw-kernel-prefetch{mode=idle,l2-aware=false}"
                                                     << "vpux-opt";
        QTest::newRow("NPU50XX idle: init 200000") << "npu50xx-4tile"
                                                   << "sw-kernel-prefetch{mode=idle,init-penalty=200000,l2-aware=false}"
                                                   << "vpux-opt";
        QTest::newRow("TorchAir JIT defaults") << "ascend-like-24c48v"
                                               << "sk-sync-range,sk-early-start,sk-icache-preload,sk-split"
                                               << "torchair";
        QTest::newRow("npugraph_ex AOT defaults")
            << "ascend-like-24c48v"
            << "sk-sync-range{policy=by-pair},sk-early-start{mode=off},sk-icache-preload,sk-split"
            << "npugraph_ex";
        QTest::newRow("IREE matmul defaults") << "gpu-cdna3-cu"
                                              << "kv-prefetch,sched-barrier"
                                              << "iree-compile";
        QTest::newRow("simpler main") << "ascend-a2-aic-aiv"
                                      << "kv-prefetch{events=shared}"
                                      << "simpler";
    }

    void defaultsPrintNothingToChange()
    {
        QFETCH(QString, platform);
        QFETCH(QString, pipeline);
        QFETCH(QString, toolchain);
        const CompilerOptionsReport report = reportFor(platform.toStdString(), pipeline.toStdString());
        const ToolchainSettings* settings = block(report, toolchain.toStdString());
        QVERIFY(settings);
        QVERIFY(settings->settings.empty());
        QVERIFY(settings->unsupported.empty());
        QVERIFY(settings->lines.empty());
        QVERIFY(report.text().find("## " + toolchain.toStdString() + ": ") != std::string::npos);
    }

    void traps_data()
    {
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("toolchain");
        QTest::addColumn<QString>("line");
        // Unset, the compiler uses 250000 on NPU50XX: our 280000 must be written.
        QTest::newRow("per-chip default NPU50XX")
            << "npu50xx-4tile"
            << "sw-kernel-prefetch"
            << "vpux-opt"
            << "vpux-opt --init-compiler=\"vpu-arch=NPU50XX allow-custom-values=true\" "
               "--add-sw-kernel-instruction-prefetch=\"minimum-shave-start-time-for-prefetch=280000\" in.mlir";
        // JIT defaults early-start to 1, AOT to 0.
        QTest::newRow("AOT early_start default 0")
            << "ascend-like-24c48v"
            << "sk-early-start"
            << "npugraph_ex"
            << "torch.compile(model, backend=\"npugraph_ex\", dynamic=False, options={\"static_kernel_compile\": True, "
               "\"super_kernel_optimize\": True, \"super_kernel_optimize_options\": {\"early_start\": 1}})";
        QTest::newRow("JIT early-start off") << "ascend-like-24c48v"
                                             << "sk-early-start{mode=off}"
                                             << "torchair"
                                             << "with torchair.scope.super_kernel(\"sk1\", \"early-start=0\"):";
        // npugraph_ex numbers preload_code the other way round.
        QTest::newRow("AOT preload none is 2")
            << "ascend-like-24c48v"
            << "sk-icache-preload{mode=none}"
            << "npugraph_ex"
            << "torch.compile(model, backend=\"npugraph_ex\", dynamic=False, options={\"static_kernel_compile\": True, "
               "\"super_kernel_optimize\": True, \"super_kernel_optimize_options\": {\"preload_code\": 2}})";
        QTest::newRow("JIT preload none is none")
            << "ascend-like-24c48v"
            << "sk-icache-preload{mode=none}"
            << "torchair"
            << "with torchair.scope.super_kernel(\"sk1\", \"preload-code=none\"):";
        QTest::newRow("JIT split 8") << "ascend-like-24c48v"
                                     << "sk-split{copies=8}"
                                     << "torchair"
                                     << "with torchair.scope.super_kernel(\"sk1\", \"split-mode=8\"):";
        QTest::newRow("IREE stages from distance")
            << "gpu-cdna3-cu"
            << "kv-prefetch{distance=2}"
            << "iree-compile"
            << "iree-compile --iree-hal-target-device=hip --iree-hip-target=gfx942 "
               "--iree-llvmgpu-prefetch-num-stages=3 model.mlir -o model.vmfb";
    }

    void traps()
    {
        QFETCH(QString, platform);
        QFETCH(QString, pipeline);
        QFETCH(QString, toolchain);
        QFETCH(QString, line);
        const CompilerOptionsReport report = reportFor(platform.toStdString(), pipeline.toStdString());
        const ToolchainSettings* settings = block(report, toolchain.toStdString());
        QVERIFY(settings);
        QCOMPARE(QString::fromStdString(settings->pasteText()), line + QLatin1Char('\n'));
    }

    void unsupportedSaysWhy_data()
    {
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("pipeline");
        QTest::addColumn<QString>("toolchain");
        QTest::addColumn<QString>("expected");
        QTest::newRow("AOT clamps split_mode to 1-4")
            << "ascend-like-24c48v"
            << "sk-split{copies=8}"
            << "npugraph_ex"
            << "sk-split.copies=8: no counterpart above 4: split_mode accepts 1-4 and silently falls back to 4";
        QTest::newRow("JIT early-start=2 is not every-pair")
            << "ascend-like-24c48v"
            << "sk-early-start{mode=every-pair}"
            << "torchair"
            << "sk-early-start.mode=every-pair: every-pair has no counterpart: early-start=2 is "
               "EarlyStartV2DisableSubKernel";
        QTest::newRow("saturation overlap") << "npu40xx-6tile"
                                            << "sw-kernel-prefetch{mode=start+mid,saturation=overlap}"
                                            << "vpux-opt"
                                            << "sw-kernel-prefetch.saturation=overlap: no counterpart; the compiler "
                                               "counts SW tasks starting on the same cycle";
        QTest::newRow("start+mid") << "npu40xx-6tile"
                                   << "sw-kernel-prefetch{mode=start+mid}"
                                   << "openvino"
                                   << "sw-kernel-prefetch.mode=start+mid: no counterpart; start+mid exists only in "
                                      "open PR #199";
    }

    void unsupportedSaysWhy()
    {
        QFETCH(QString, platform);
        QFETCH(QString, pipeline);
        QFETCH(QString, toolchain);
        QFETCH(QString, expected);
        const CompilerOptionsReport report = reportFor(platform.toStdString(), pipeline.toStdString());
        const ToolchainSettings* settings = block(report, toolchain.toStdString());
        QVERIFY(settings);
        bool found = false;
        for (const CompilerRemark& remark : settings->unsupported)
            found = found || remark.line().starts_with(expected.toStdString());
        QVERIFY2(found, settings->unsupported.empty() ? "(none)" : settings->unsupported.front().line().c_str());
    }

    void chipFromPlatformName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("chip");
        QTest::newRow("npu40xx") << "npu40xx-6tile"
                                 << "NPU40XX";
        QTest::newRow("upper case") << "NPU50XX"
                                    << "NPU50XX";
        QTest::newRow("no chip") << "npu-generic"
                                 << "";
        QTest::newRow("ascend") << "ascend-a2-aic-aiv"
                                << "";
    }

    void chipFromPlatformName()
    {
        QFETCH(QString, name);
        QFETCH(QString, chip);
        QCOMPARE(QString::fromStdString(npuChipOf(platformNamed(name.toStdString())).value_or("")), chip);
    }

    void everyBuiltinOptionWithAToolchainSaysSomething()
    {
        // A declared entry is either a spelling, a need, or a reason: never empty.
        const PassRegistry& registry = PassRegistry::global();
        for (const std::string& name : registry.names()) {
            auto pass = registry.create(name);
            for (const OptionBase* option : pass->options())
                for (const ToolchainName& entry : option->toolchainNames()) {
                    QVERIFY2(!entry.toolchains.empty(), option->name().c_str());
                    QVERIFY2(!entry.key.empty() || !entry.needs.empty() || !entry.note.empty(), option->name().c_str());
                    QVERIFY2(entry.key.empty() || entry.toolchains.size() == 1, option->name().c_str());
                    if (!entry.when.option.empty())
                        QVERIFY2(pass->findOption(entry.when.option), entry.when.option.c_str());
                }
        }
    }

    void deprecatedEarlyStartNumbers()
    {
        auto pipeline = Pipeline::parse("sk-early-start{mode=2}");
        QVERIFY(pipeline.ok());
        QCOMPARE(pipeline.value().print(), std::string("sk-early-start{mode=every-pair}"));
        QCOMPARE(pipeline.value().deprecations().size(), 1u);
        QVERIFY(pipeline.value().deprecations().front().starts_with(
            "sk-early-start.mode=2 is deprecated: write mode=every-pair (TorchAir's early-start=2"));
        QVERIFY(Pipeline::parse("sk-early-start{mode=every-pair}").value().deprecations().empty());
    }

    void batchCommand()
    {
        const std::string sample = test::sourcePath(QStringLiteral("samples/moe-superkernel.json")).toStdString();
        const std::string pipeline = "sk-fuse,sk-early-start{mode=off},sk-split{copies=8}";
        auto result = test::batch({ "compiler-options", sample, "--pipeline", pipeline });
        QCOMPARE(result.status, 0);
        const TaskGraph graph = loadTaskGraphFile(sample).value();
        QCOMPARE(result.out, reportFor(*graph.platform.name, pipeline).text());

        auto json = test::batch({ "compiler-options", sample, "--pipeline", pipeline, "--json", "--all" });
        QCOMPARE(json.status, 0);
        QCOMPARE(json.out, reportFor(*graph.platform.name, pipeline, true).toJson().dump(1) + "\n");

        // --platform: the preset's name says the chip.
        const std::string npu = test::sourcePath(QStringLiteral("samples/npu40xx-decode-0.6b.json")).toStdString();
        auto preset
            = test::batch({ "compiler-options", npu, "--pipeline", "sw-kernel-prefetch", "--platform", "npu40xx" });
        QCOMPARE(preset.status, 0);
        QVERIFY(preset.out.find("(NPU chip NPU40XX)") != std::string::npos);
        auto unknown
            = test::batch({ "compiler-options", npu, "--pipeline", "sw-kernel-prefetch", "--platform", "nope" });
        QCOMPARE(unknown.status, 2);

        auto deprecated = test::batch({ "compiler-options", sample, "--pipeline", "sk-early-start{mode=1}" });
        QCOMPARE(deprecated.status, 0);
        QVERIFY(deprecated.err.find("warning: sk-early-start.mode=1 is deprecated") != std::string::npos);
    }

    void batchErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString sample = test::sourcePath(QStringLiteral("samples/npu40xx-decode-0.6b.json"));
        QTest::newRow("no pipeline") << QStringList { QStringLiteral("compiler-options"), sample }
                                     << "lookahead: batch compiler-options: --pipeline is required\n";
        QTest::newRow("bad value names the option")
            << QStringList { QStringLiteral("compiler-options"), sample, QStringLiteral("--pipeline"),
                   QStringLiteral("sk-split{copies=99}") }
            << "lookahead: option sk-split.copies: value 99 is out of range [1, 64]\n";
        QTest::newRow("no graph") << QStringList { QStringLiteral("compiler-options"), QStringLiteral("--pipeline"),
            QStringLiteral("sk-split") }
                                  << "lookahead: batch compiler-options: expects exactly one FILE, got 0\n";
    }

    void batchErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        auto result = test::batch(args + QStringList { QStringLiteral("-o"), dir.filePath(QStringLiteral("out.txt")) });
        QCOMPARE(result.status, 2);
        QCOMPARE(QString::fromStdString(result.err), message);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.txt"))));
    }

    void runWritesCompilerOptionsBesideTheGraph()
    {
        QTemporaryDir dir;
        const std::string sample = test::sourcePath(QStringLiteral("samples/npu40xx-decode-0.6b.json")).toStdString();
        const std::string pipeline = "sw-kernel-prefetch{start-threshold=170000,saturation=overlap}";
        const QString text = dir.filePath(QStringLiteral("compiler.txt"));
        const QString json = dir.filePath(QStringLiteral("compiler.json"));
        auto result = test::batch({ "run", sample, "--pipeline", pipeline, "-o",
            dir.filePath(QStringLiteral("out.json")).toStdString(), "--compiler-options", text.toStdString() });
        QCOMPARE(result.status, 0);
        auto expected = test::batch({ "compiler-options", sample, "--pipeline", pipeline });
        QCOMPARE(readAll(text).toStdString(), expected.out);
        QVERIFY(expected.out.find("minimum-shave-start-time-for-prefetch=170000") != std::string::npos);

        result = test::batch({ "run", sample, "--pipeline", pipeline, "--compiler-options", json.toStdString() });
        QCOMPARE(result.status, 0);
        expected = test::batch({ "compiler-options", sample, "--pipeline", pipeline, "--json" });
        QCOMPARE(readAll(json).toStdString(), expected.out);

        // A bad pipeline writes nothing.
        QFile::remove(text);
        result = test::batch({ "run", sample, "--pipeline", "sw-kernel-prefetch{mode=sometimes}", "--compiler-options",
            text.toStdString() });
        QCOMPARE(result.status, 2);
        QVERIFY(!QFile::exists(text));
    }

    void passesHelpShowsToolchainNames()
    {
        auto result = test::batch(std::vector<std::string> { "passes" });
        QCOMPARE(result.status, 0);
        QVERIFY(
            result.out.find("      in vpux-opt: minimum-shave-start-time-for-prefetch (in P1/P2; default when unset "
                            "280000 on NPU40XX, 250000 on NPU50XX; when mode=start|start+mid)")
            != std::string::npos);
        QVERIFY(result.out.find("      in npugraph_ex: preload_code (in super_kernel_optimize_options; max→0, "
                                "per-func→1, none→2; default per-func)")
            != std::string::npos);
    }
};

LOOKAHEAD_TEST(CompilerOptionsTest)
#include "tst_compileroptions.moc"
