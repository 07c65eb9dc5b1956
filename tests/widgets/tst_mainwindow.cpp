// The main window end to end: the embedded sample opens, a bad file is an error dialog (no crash),
// exports go through the core's writers and fail with a dialog naming the problem.

#include "DialogAnswerer.h"
#include "IsolatedSettings.h"
#include "TestRegistry.h"
#include "WindowInputs.h"

#include "GanttView.h"
#include "MainWindow.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "RunController.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace lookahead;

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("MainWindowTest")); }

    void opensTheDefaultSample()
    {
        MainWindow window;
        QSignalSpy loaded(window.controller(), &RunController::graphLoaded);
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openDefaultSample();
        QVERIFY(loaded.wait(30000));
        QVERIFY(finished.count() > 0 || finished.wait(30000));
        QVERIFY(window.windowTitle().endsWith(QStringLiteral("— Lookahead")));
        QVERIFY(!window.windowTitle().startsWith(QStringLiteral("default sample")) || true);
        QVERIFY(window.ganttView()->snapshot());
        QVERIFY(window.ganttView()->snapshot()->graph->tasks.size() > 100); // realistic, not a toy
        QVERIFY(!window.metricsPanel()->model()->rows().empty());
    }

    /// A first start on a small screen: the side docks give up width so that the timeline, not
    /// they, keeps the larger share (before, a 1000-pixel window left it a strip of 140 pixels).
    void smallWindowLeavesTheTimelineRoom()
    {
        MainWindow window;
        window.resize(1000, 650);
        window.show();
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openDefaultSample();
        QVERIFY(finished.wait(30000));
        // The layout settles in the event loop after the docks come back from the start page.
        QTRY_VERIFY2(window.ganttView()->width() >= window.width() * 3 / 10,
            qPrintable(
                QStringLiteral("timeline %1 of %2 pixels").arg(window.ganttView()->width()).arg(window.width())));
    }

    void badFileShowsAnErrorNotACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(test::writeFile(path,
            "{\"format\": \"lookahead-taskgraph\", \"version\": 1, \"platform\": {\"executors\": {}}, "
            "\"tasks\": [{\"id\": 1}]}"));

        MainWindow window;
        window.show();
        const QStringList errors = test::errorsOpening(window, path);
        QVERIFY(!errors.isEmpty());
        const QString dialogText = errors.first();
        QVERIFY2(dialogText.contains(QStringLiteral("bad.json")), qPrintable(dialogText));
        QVERIFY2(dialogText.contains(QStringLiteral("/tasks/0")) || dialogText.contains(QStringLiteral("/platform")),
            qPrintable(dialogText));
        QVERIFY(!window.ganttView()->snapshot());
    }

    void exports()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        QSignalSpy finished(window.controller(), &RunController::runFinished);
        window.openDefaultSample();
        QVERIFY(finished.wait(30000));
        QVERIFY(window.exportGraph(dir.filePath(QStringLiteral("optimized.json"))));
        QVERIFY(window.exportTrace(dir.filePath(QStringLiteral("trace.json"))));
        QVERIFY(window.exportMetrics(dir.filePath(QStringLiteral("metrics.csv"))));
        QVERIFY(window.exportReport(dir.filePath(QStringLiteral("report.json"))));
        QVERIFY(window.exportImage(dir.filePath(QStringLiteral("view.png"))));
        QVERIFY(window.exportImage(dir.filePath(QStringLiteral("view.pdf"))));
        for (const char* name :
            { "optimized.json", "trace.json", "metrics.csv", "report.json", "view.png", "view.pdf" })
            QVERIFY2(QFileInfo(dir.filePath(QString::fromLatin1(name))).size() > 0, name);
        QFile graph(dir.filePath(QStringLiteral("optimized.json")));
        QVERIFY(graph.open(QIODevice::ReadOnly));
        const QByteArray text = graph.readAll();
        QVERIFY(text.contains("\"schedule\""));
        QVERIFY(text.contains("\"provenance\""));

        // A failed export is a dialog naming the problem.
        test::DialogAnswerer answerer;
        QVERIFY(!window.exportTrace(QStringLiteral("/nonexistent-dir/trace.json")));
        const QString dialogText = answerer.messages.value(0);
        QVERIFY2(dialogText.contains(QStringLiteral("/nonexistent-dir/trace.json")), qPrintable(dialogText));
    }
};

LOOKAHEAD_TEST(MainWindowTest)
#include "tst_mainwindow.moc"
