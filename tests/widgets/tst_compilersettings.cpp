// The Compiler Settings dock follows the pass panel: every edit there rebuilds the toolchain lines,
// Copy puts exactly those lines on the clipboard, and what no option can express is listed.

#include "IsolatedSettings.h"
#include "TestRegistry.h"

#include "CompilerSettingsPanel.h"
#include "MainWindow.h"
#include "PassPanel.h"
#include "RunController.h"

#include "lookahead/Pipeline.h"

#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include "Golden.h"

using namespace lookahead;

class CompilerSettingsTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("CompilerSettingsTest")); }

    void followsThePassPanelAndCopies()
    {
        QUndoStack undo;
        PassPanel passes(PassRegistry::global(), &undo);
        RunController controller;
        controller.setDebounceMilliseconds(0);
        QSignalSpy loaded(&controller, &RunController::graphLoaded);
        controller.loadFile(test::sourcePath(QStringLiteral("samples/npu40xx-decode-0.6b.json")));
        QVERIFY(loaded.wait(20000));

        CompilerSettingsPanel dock;
        dock.follow(&passes, &controller);
        QSignalSpy updated(&dock, &CompilerSettingsPanel::updated);
        QCOMPARE(dock.report().chip, std::optional<std::string>("NPU40XX"));
        QVERIFY(dock.report().toolchains.empty()); // no passes yet

        // Turning the pass on: both NPU toolchains, nothing to change at NPU40XX's defaults.
        passes.passBox(QStringLiteral("sw-kernel-prefetch"))->setChecked(true);
        QCOMPARE(updated.count(), 1);
        QCOMPARE(dock.report().pipeline, std::string("sw-kernel-prefetch"));
        QCOMPARE(dock.report().toolchains.size(), 2u);
        QVERIFY(!dock.copyButton(QStringLiteral("vpux-opt")));

        // A threshold below the chip's: vpux-opt gets a line, the plugin cannot express it.
        auto* threshold = qobject_cast<QDoubleSpinBox*>(
            passes.editor(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold")));
        QVERIFY(threshold);
        threshold->setValue(170000);
        QCOMPARE(updated.count(), 2);
        const QString vpuxLine = QStringLiteral(
            "vpux-opt --init-compiler=\"vpu-arch=NPU40XX allow-custom-values=true\" "
            "--add-sw-kernel-instruction-prefetch=\"minimum-shave-start-time-for-prefetch=170000\" in.mlir");
        QVERIFY(dock.linesView(QStringLiteral("vpux-opt")));
        QCOMPARE(dock.linesView(QStringLiteral("vpux-opt"))->toPlainText(), vpuxLine);
        QVERIFY(dock.unsupportedLines(QStringLiteral("openvino"))
                    .front()
                    .startsWith(QStringLiteral(
                        "sw-kernel-prefetch.start-threshold=170000: no counterpart in NPU_COMPILATION_MODE_PARAMS")));
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(dock.copyButton(QStringLiteral("vpux-opt")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), vpuxLine + QLatin1Char('\n'));

        // start+mid with the overlap rule: two lines of what no toolchain option can express.
        auto* mode
            = qobject_cast<QComboBox*>(passes.editor(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("mode")));
        mode->setCurrentText(QStringLiteral("start+mid"));
        emit mode->activated(mode->currentIndex()); // what a user's pick sends
        auto* saturation = qobject_cast<QComboBox*>(
            passes.editor(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("saturation")));
        saturation->setCurrentText(QStringLiteral("overlap"));
        emit saturation->activated(saturation->currentIndex());
        QCOMPARE(updated.count(), 4);
        const QStringList unsupported = dock.unsupportedLines(QStringLiteral("vpux-opt"));
        QCOMPARE(unsupported.size(), 2);
        QVERIFY(unsupported[0].startsWith(QStringLiteral("sw-kernel-prefetch.mode=start+mid: no counterpart; start+mid "
                                                         "exists only in open PR #199")));
        QVERIFY(unsupported[1].startsWith(QStringLiteral("sw-kernel-prefetch.saturation=overlap: no counterpart; the "
                                                         "compiler counts SW tasks starting on the same cycle")));

        // Undo follows too; the export is the batch command's text.
        undo.undo();
        undo.undo();
        QCOMPARE(updated.count(), 6);
        QCOMPARE(dock.linesView(QStringLiteral("vpux-opt"))->toPlainText(), vpuxLine);
        auto pipeline = Pipeline::parse(passes.pipelineText().toStdString());
        QVERIFY(pipeline.ok());
        QCOMPARE(dock.exportText(),
            QString::fromStdString(
                compilerOptions(pipeline.value(), controller.loaded()->baseline->graph->platform).text()));
    }

    void superKernelOnAscendAndShowDefaults()
    {
        QUndoStack undo;
        PassPanel passes(PassRegistry::global(), &undo);
        RunController controller;
        QSignalSpy loaded(&controller, &RunController::graphLoaded);
        controller.loadFile(test::sourcePath(QStringLiteral("samples/moe-superkernel.json")));
        QVERIFY(loaded.wait(20000));
        CompilerSettingsPanel dock;
        dock.follow(&passes, &controller);
        QCOMPARE(passes.setPipelineText(QStringLiteral("sk-fuse,sk-icache-preload{mode=none},sk-split{copies=8}")),
            QString());
        QCOMPARE(dock.linesView(QStringLiteral("torchair"))->toPlainText(),
            QStringLiteral("with torchair.scope.super_kernel(\"sk1\", \"preload-code=none:split-mode=8\"):"));
        QCOMPARE(dock.linesView(QStringLiteral("npugraph_ex"))->toPlainText(),
            QStringLiteral(
                "torch.compile(model, backend=\"npugraph_ex\", dynamic=False, options={\"static_kernel_compile\": "
                "True, \"super_kernel_optimize\": True, \"super_kernel_optimize_options\": {\"preload_code\": 2}})"));
        QVERIFY(dock.unsupportedLines(QStringLiteral("npugraph_ex"))
                    .front()
                    .startsWith(QStringLiteral("sk-split.copies=8: no counterpart above 4")));
        QVERIFY(!dock.linesView(QStringLiteral("openvino")));

        // At the defaults: nothing for TorchAir, unless the defaults are asked for.
        QCOMPARE(passes.setPipelineText(QStringLiteral("sk-icache-preload,sk-split")), QString());
        QVERIFY(!dock.linesView(QStringLiteral("torchair")));
        QVERIFY(dock.unsupportedLines(QStringLiteral("torchair")).isEmpty());
        dock.setShowDefaults(true);
        QCOMPARE(dock.linesView(QStringLiteral("torchair"))->toPlainText(),
            QStringLiteral("with torchair.scope.super_kernel(\"sk1\", \"preload-code=per-func:split-mode=4\"):"));
        QVERIFY(dock.unsupportedLines(QStringLiteral("torchair"))
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("(same value)")));
    }

    void mainWindowDockAndExport()
    {
        QTemporaryDir dir;
        MainWindow window;
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openDefaultSample();
        QVERIFY(finished.wait(30000));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("CompilerSettingsDock"));
        QVERIFY(dock);
        QCOMPARE(dock->widget(), window.compilerSettings());
        QCOMPARE(window.passPanel()->setPipelineText(QStringLiteral("sw-kernel-prefetch{mode=off}")), QString());
        QCOMPARE(window.compilerSettings()->report().pipeline, std::string("sw-kernel-prefetch{mode=off}"));
        QCOMPARE(window.compilerSettings()->report().chip, std::optional<std::string>("NPU40XX"));

        const QString text = dir.filePath(QStringLiteral("compiler.txt"));
        QVERIFY(window.exportCompilerSettings(text));
        QFile file(text);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), window.compilerSettings()->exportText());
        QVERIFY(window.exportCompilerSettings(dir.filePath(QStringLiteral("compiler.json"))));
        QFile json(dir.filePath(QStringLiteral("compiler.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QVERIFY(json.readAll().startsWith("{"));
    }
};

LOOKAHEAD_TEST(CompilerSettingsTest)
#include "tst_compilersettings.moc"
