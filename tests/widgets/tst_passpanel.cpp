// The pass panel is generated from option metadata, and every change reruns the optimizer and
// updates the metrics; the run controller drops stale results; bad input ends in an error, not a crash.

#include "IsolatedSettings.h"
#include "TestRegistry.h"

#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "ProbeRegistry.h"
#include "RunController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace lookahead;

class PassPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("PassPanelTest")); }

    void editorsAreGeneratedFromMetadata()
    {
        QUndoStack undo;
        PassPanel panel(test::probeRegistry(), &undo);
        QVERIFY(panel.passBox(QStringLiteral("probe")));
        QVERIFY(panel.passBox(QStringLiteral("other")));
        QVERIFY(qobject_cast<QDoubleSpinBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("distance"))));
        auto* delay = qobject_cast<QDoubleSpinBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("delay")));
        QVERIFY(delay);
        QCOMPARE(delay->maximum(), double((std::int64_t(1) << 53) - 1));
        QCOMPARE(delay->suffix(), QStringLiteral(" cycles"));
        auto* mode = qobject_cast<QComboBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("mode")));
        QVERIFY(mode);
        QCOMPARE(mode->count(), 4);
        QCOMPARE(mode->currentText(), QStringLiteral("start"));
        QVERIFY(qobject_cast<QCheckBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("insert"))));
        QVERIFY(qobject_cast<QLineEdit*>(panel.editor(QStringLiteral("probe"), QStringLiteral("kernels"))));
        QVERIFY(qobject_cast<QLineEdit*>(panel.editor(QStringLiteral("probe"), QStringLiteral("exec"))));
        QVERIFY(delay->toolTip().contains(QStringLiteral("length of the inserted task")));
        QVERIFY(delay->toolTip().contains(QStringLiteral("default: 1000")));
        QCOMPARE(panel.pipelineText(), QString());
    }

    void editsBecomePipelineTextAndUndo()
    {
        QUndoStack undo;
        PassPanel panel(test::probeRegistry(), &undo);
        QSignalSpy changed(&panel, &PassPanel::pipelineChanged);
        panel.passBox(QStringLiteral("probe"))->setChecked(true);
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe"));
        auto* mode = qobject_cast<QComboBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("mode")));
        mode->setCurrentIndex(2);
        emit mode->activated(2);
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{mode=start+mid}"));
        auto* kernels = qobject_cast<QLineEdit*>(panel.editor(QStringLiteral("probe"), QStringLiteral("kernels")));
        kernels->setText(QStringLiteral("softmax, convert"));
        emit kernels->editingFinished();
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{mode=start+mid,kernels={softmax,convert}}"));
        QCOMPARE(panel.pipelineEdit()->text(), panel.pipelineText());
        QCOMPARE(changed.count(), 3);

        undo.undo();
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{mode=start+mid}"));
        QCOMPARE(kernels->text(), QString());
        undo.undo();
        QCOMPARE(mode->currentText(), QStringLiteral("start"));
        undo.redo();
        QCOMPARE(mode->currentText(), QStringLiteral("start+mid"));

        // Consecutive edits of one spin box are one undo step.
        auto* delay = qobject_cast<QDoubleSpinBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("delay")));
        const int steps = undo.index();
        delay->setValue(2000);
        delay->setValue(3000);
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{delay=3000,mode=start+mid}"));
        QCOMPARE(undo.index(), steps + 1);
        QCOMPARE(undo.count(), steps + 1);
    }

    void pipelineTextIsEditable()
    {
        QUndoStack undo;
        PassPanel panel(test::probeRegistry(), &undo);
        QCOMPARE(panel.setPipelineText(QStringLiteral("other, probe{insert=true,distance=2}")), QString());
        QCOMPARE(panel.pipelineText(), QStringLiteral("other,probe{distance=2,insert=true}"));
        QVERIFY(panel.passBox(QStringLiteral("other"))->isChecked());
        QCOMPARE(
            qobject_cast<QDoubleSpinBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("distance")))->value(),
            2.0);
        QVERIFY(qobject_cast<QCheckBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("insert")))->isChecked());
        const QString error = panel.setPipelineText(QStringLiteral("probe{distance=9}"));
        QVERIFY2(error.contains(QStringLiteral("probe.distance")), qPrintable(error));
        QCOMPARE(panel.pipelineText(), QStringLiteral("other,probe{distance=2,insert=true}")); // unchanged
        QVERIFY(panel.setPipelineText(QStringLiteral("nosuchpass")).contains(QStringLiteral("nosuchpass")));
        // The editor writes through the line edit + Enter as a user would.
        panel.pipelineEdit()->setText(QStringLiteral("probe{mode=idle}"));
        QTest::keyClick(panel.pipelineEdit(), Qt::Key_Return);
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{mode=idle}"));
    }

    void presets()
    {
        QUndoStack undo;
        PassPanel panel(test::probeRegistry(), &undo);
        QVERIFY(panel.setPipelineText(QStringLiteral("probe{distance=3}")).isEmpty());
        panel.savePreset(QStringLiteral("deep"));
        QVERIFY(panel.setPipelineText(QString()).isEmpty());
        QCOMPARE(panel.pipelineText(), QString());
        QVERIFY(panel.presetNames().contains(QStringLiteral("deep")));
        QVERIFY(panel.loadPreset(QStringLiteral("deep")));
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{distance=3}"));
        panel.deletePreset(QStringLiteral("deep"));
        QVERIFY(!panel.presetNames().contains(QStringLiteral("deep")));
        QVERIFY(!panel.loadPreset(QStringLiteral("deep")));
    }

    void changingAnOptionRerunsAndUpdatesMetrics()
    {
        QUndoStack undo;
        PassPanel panel(test::probeRegistry(), &undo);
        RunController controller(test::probeRegistry());
        controller.setDebounceMilliseconds(0);
        MetricsPanel metrics;
        QObject::connect(&panel, &PassPanel::pipelineChanged, &controller, &RunController::requestRun);
        QObject::connect(
            &controller, &RunController::runFinished, &metrics, [&](std::shared_ptr<const ScheduleSnapshot> result) {
                metrics.setSnapshots(controller.loaded()->baseline, result);
            });
        QSignalSpy loaded(&controller, &RunController::graphLoaded);
        controller.loadBytes(test::sampleGraphJson(), QStringLiteral("sample"));
        QVERIFY(loaded.wait(10000));
        const std::int64_t baseline = controller.loaded()->baseline->schedule->makespan;

        QSignalSpy finished(&controller, &RunController::runFinished);
        qobject_cast<QCheckBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("insert")))->setChecked(true);
        QCOMPARE(panel.pipelineText(), QStringLiteral("probe{insert=true}"));
        QVERIFY(finished.wait(10000));
        auto rows = metrics.model()->rows();
        QCOMPARE(rows.front().baseline, double(baseline));
        const double first = rows.front().optimized;

        // A longer inserted task: the rerun's metrics follow the spin box.
        finished.clear();
        qobject_cast<QDoubleSpinBox*>(panel.editor(QStringLiteral("probe"), QStringLiteral("delay")))->setValue(200000);
        QVERIFY(finished.wait(10000));
        const auto result = finished.last().at(0).value<std::shared_ptr<const ScheduleSnapshot>>();
        QCOMPARE(result->pipeline, QStringLiteral("probe{delay=200000,insert=true}"));
        QVERIFY(metrics.model()->rows().front().optimized > first);
        QCOMPARE(metrics.model()->rows().front().optimized, double(result->schedule->makespan));

        // Undo reruns too.
        finished.clear();
        undo.undo();
        QVERIFY(finished.wait(10000));
        QCOMPARE(metrics.model()->rows().front().optimized, first);
    }

    void staleResultsAreDropped()
    {
        RunController controller(test::probeRegistry());
        controller.setDebounceMilliseconds(0);
        QSignalSpy loaded(&controller, &RunController::graphLoaded);
        controller.loadBytes(test::sampleGraphJson(), QStringLiteral("sample"));
        QVERIFY(loaded.wait(10000));
        QSignalSpy finished(&controller, &RunController::runFinished);
        QSignalSpy busy(&controller, &RunController::busyChanged);
        // Three requests in a row: only the newest may arrive.
        controller.requestRun(QStringLiteral("probe{delay=10}"));
        controller.requestRun(QStringLiteral("probe{delay=20}"));
        controller.requestRun(QStringLiteral("probe{delay=30,insert=true}"));
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(!controller.busy());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).value<std::shared_ptr<const ScheduleSnapshot>>()->pipeline,
            QStringLiteral("probe{delay=30,insert=true}"));
        QCOMPARE(controller.current()->graph->tasks.size(), controller.loaded()->baseline->graph->tasks.size() + 1);

        // A debounced burst runs once.
        controller.setDebounceMilliseconds(30);
        finished.clear();
        for (int d = 1; d <= 5; ++d)
            controller.requestRun(QStringLiteral("probe{delay=%1}").arg(d));
        QVERIFY(finished.wait(10000));
        QTest::qWait(100); // nothing else may arrive (the only wait here checks for an absence)
        QCOMPARE(finished.count(), 1);

        // A cancelled run delivers nothing.
        controller.setDebounceMilliseconds(0);
        finished.clear();
        controller.requestRun(QStringLiteral("probe"));
        controller.cancel();
        QVERIFY(!controller.busy());
        QTest::qWait(100);
        QCOMPARE(finished.count(), 0);
    }

    void badInputIsAnErrorNotACrash()
    {
        RunController controller(test::probeRegistry());
        controller.setDebounceMilliseconds(0);
        QSignalSpy failed(&controller, &RunController::loadFailed);
        controller.loadBytes(QByteArrayLiteral("{\"format\": \"lookahead-taskgraph\", \"version\": 1, "),
            QStringLiteral("truncated.json"));
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("truncated.json")),
            qPrintable(failed.first().at(0).toString()));
        QVERIFY(!controller.loaded());

        failed.clear();
        controller.loadFile(QStringLiteral("/nonexistent/graph.json"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("/nonexistent/graph.json")));

        QSignalSpy loaded(&controller, &RunController::graphLoaded);
        controller.loadBytes(test::sampleGraphJson(), QStringLiteral("sample"));
        QVERIFY(loaded.wait(10000));
        QSignalSpy runFailed(&controller, &RunController::runFailed);
        controller.requestRun(QStringLiteral("probe{fail=true}"));
        QVERIFY(runFailed.wait(10000));
        QCOMPARE(runFailed.first().at(0).toString(), QStringLiteral("pass probe: asked to fail"));
    }
};

LOOKAHEAD_TEST(PassPanelTest)
#include "tst_passpanel.moc"
