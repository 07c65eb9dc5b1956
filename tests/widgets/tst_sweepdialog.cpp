// SweepDialog: runs the shared sweep in the background, plots one point per value for each of
// makespan, stall and inserted tasks, matches `runSweep` exactly, and a chosen point emits the value.

#include "Golden.h"
#include "TestRegistry.h"

#include "SweepDialog.h"

#include "lookahead/Loader.h"

#include <qcustomplot.h>

#include <QSignalSpy>
#include <QTest>

using namespace lookahead;

class SweepDialogTest : public QObject {
    Q_OBJECT
private slots:
    void sweepsPlotsAndChoosesAValue()
    {
        auto loaded = loadTaskGraphFile(
            lookahead::test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        QVERIFY(loaded.ok());
        auto graph = std::make_shared<const TaskGraph>(std::move(loaded).value());
        SweepDialog dialog;
        SimulationOptions simulation;
        simulation.specCosts = true;
        dialog.setInput(graph, QStringLiteral("sw-kernel-prefetch{mode=start}"), simulation);
        QVERIFY(!dialog.setVariation(QStringLiteral("no-such-pass"), QStringLiteral("x")));
        QVERIFY(dialog.setVariation(
            QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold"), 0, 2000000, 500000));
        auto variation = dialog.currentVariation();
        QVERIFY(variation.ok());
        QCOMPARE(variation.value().values.size(), 5u);

        QSignalSpy progress(&dialog, &SweepDialog::progressChanged);
        QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
        dialog.start();
        QVERIFY(dialog.isRunning());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(progress.size(), 5);
        QVERIFY(dialog.result());
        QCOMPARE(dialog.plot()->graphCount(), 3);
        for (int g = 0; g < 3; ++g)
            QCOMPARE(dialog.plot()->graph(g)->dataCount(), 5);

        // The dialog's table is exactly the core sweep's.
        SweepOptions options;
        options.pipeline = "sw-kernel-prefetch{mode=start}";
        options.simulation.specCosts = true;
        auto expected = runSweep(*graph, variation.value(), options);
        QVERIFY(expected.ok());
        QCOMPARE(dialog.result()->toCsv(), expected.value().toCsv());
        QCOMPARE(dialog.plot()->graph(0)->data()->at(4)->value, double(expected.value().points[4].makespan));

        QSignalSpy chosen(&dialog, &SweepDialog::valueChosen);
        dialog.choosePoint(2);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().at(0).toString(), QStringLiteral("sw-kernel-prefetch"));
        QCOMPARE(chosen.first().at(1).toString(), QStringLiteral("start-threshold"));
        QCOMPARE(chosen.first().at(2).toString(), QStringLiteral("1000000"));
        dialog.choosePoint(99); // out of range: nothing
        QCOMPARE(chosen.size(), 1);
    }

    void cancelDropsTheResult()
    {
        auto loaded = loadTaskGraphFile(
            lookahead::test::sharedPath(QStringLiteral("spec/examples/npu-two-tile.json")).toStdString());
        QVERIFY(loaded.ok());
        SweepDialog dialog;
        dialog.setInput(std::make_shared<const TaskGraph>(std::move(loaded).value()), QString());
        QVERIFY(
            dialog.setVariation(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold"), 0, 100, 1));
        QSignalSpy finished(&dialog, &SweepDialog::sweepFinished);
        dialog.start();
        dialog.cancel();
        QVERIFY(!dialog.isRunning());
        // A cancelled job may still post; it must be dropped. Restart and check only the new one lands.
        QVERIFY(dialog.setVariation(QStringLiteral("sw-kernel-prefetch"), QStringLiteral("start-threshold"), 0, 10, 5));
        dialog.start();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.size(), 1);
        QVERIFY(dialog.result());
        QCOMPARE(dialog.result()->points.size(), 3u);
    }
};

LOOKAHEAD_TEST(SweepDialogTest)
#include "tst_sweepdialog.moc"
