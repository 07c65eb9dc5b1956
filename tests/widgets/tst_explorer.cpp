// The explorer as a new user meets it (issue #15): the start page and its samples, the Decisions
// dock (a row selects and frames its task; the inspector says the same sentence), the pass families
// ordered by what applies to the loaded graph, `?` for the shortcuts, elided inspector values.

#include "DialogAnswerer.h"
#include "IsolatedSettings.h"
#include "TestRegistry.h"
#include "WindowInputs.h"

#include "DecisionsModel.h"
#include "DecisionsPanel.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "MainWindow.h"
#include "PassFamilies.h"
#include "PassFamilySection.h"
#include "PassPanel.h"
#include "PropertyTreeModel.h"
#include "RunController.h"
#include "ShortcutsDialog.h"
#include "StartPage.h"
#include "TaskInspector.h"

#include "lookahead/RunReport.h"

#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace lookahead;

namespace {

/// Clicks start page sample `index` and waits for the baseline and the first run.
bool openSample(MainWindow& window, int index)
{
    QSignalSpy finished(window.controller(), &RunController::runFinished);
    QPushButton* button = window.startPage()->sampleButton(index);
    if (!button)
        return false;
    button->click();
    return finished.wait(60000);
}

bool runPipeline(MainWindow& window, const QString& pipeline)
{
    QSignalSpy finished(window.controller(), &RunController::runFinished);
    if (!window.passPanel()->setPipelineText(pipeline).isEmpty())
        return false;
    while (finished.wait(60000))
        if (finished.last().at(0).value<std::shared_ptr<const ScheduleSnapshot>>()->pipeline
            == window.passPanel()->pipelineText())
            return true;
    return false;
}

} // namespace

class ExplorerTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::isolateSettings(QStringLiteral("ExplorerTest")); }

    void startPageWhenNothingIsLoaded()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.startFromArguments({ QStringLiteral("lookahead"), QStringLiteral("--start-page") }));
        QVERIFY(window.isStartPageShown());
        QVERIFY(!window.ganttView()->snapshot());
        QCOMPARE(int(StartPage::samples().size()), 3);
    }

    void startPageSampleLoadsItsSample_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("label");
        const auto samples = StartPage::samples();
        QTest::newRow("npu") << 0 << samples[0].label;
        QTest::newRow("superkernel") << 1 << samples[1].label;
        QTest::newRow("loop") << 2 << samples[2].label;
    }

    void startPageSampleLoadsItsSample()
    {
        QFETCH(int, index);
        QFETCH(QString, label);
        MainWindow window;
        window.show();
        test::DialogAnswerer answerer;
        QVERIFY(openSample(window, index));
        QVERIFY2(answerer.messages.isEmpty(), qPrintable(answerer.messages.join(QLatin1Char('\n'))));
        QVERIFY(!window.isStartPageShown());
        QCOMPARE(window.controller()->loaded()->label, label);
        QVERIFY(window.ganttView()->snapshot()->graph->tasks.size() > 10);
    }

    void failedLoadReturnsToTheStartPage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QVERIFY(test::writeFile(path, "{\"format\": \"lookahead-taskgraph\", \"version\": 1, \"tasks\": 7}"));
        MainWindow window;
        window.show();
        QVERIFY(!test::errorsOpening(window, path).isEmpty());
        QVERIFY(window.isStartPageShown());
        QVERIFY2(window.startPage()->problemText().contains(QStringLiteral("broken.json")),
            qPrintable(window.startPage()->problemText()));
        // A sample from the start page then replaces the problem with the graph.
        QVERIFY(openSample(window, 1));
        QVERIFY(!window.isStartPageShown());
    }

    void decisionRowSelectsAndFramesItsTask()
    {
        MainWindow window;
        window.show();
        window.controller()->setDebounceMilliseconds(0);
        QVERIFY(openSample(window, 0));
        QVERIFY(runPipeline(window, QStringLiteral("sw-kernel-prefetch{mode=start+mid}")));
        DecisionsPanel* panel = window.decisionsPanel();
        QVERIFY(panel->model()->rowCount() > 3);
        QVERIFY(panel->model()->actions().contains(QStringLiteral("skipped")));

        // The three prefetches of README's table, alone under the "inserted" filter.
        panel->setActionFilter(QStringLiteral("inserted"));
        QCOMPARE(panel->proxy()->rowCount(), 3);
        const QModelIndex first = panel->proxy()->index(0, DecisionsModel::Task);
        const QString taskId = first.data().toString();
        QVERIFY2(taskId.startsWith(QStringLiteral("swkp.")), qPrintable(taskId));
        QVERIFY(!panel->proxy()->index(0, DecisionsModel::Gap).data().toString().isEmpty());
        QVERIFY(!panel->proxy()->index(0, DecisionsModel::OpenedBy).data().toString().isEmpty());

        panel->table()->setCurrentIndex(first);
        QCOMPARE(window.viewState()->selectedTaskId(), taskId);
        const auto& shown = *window.ganttView()->snapshot();
        const TaskIndex task = shown.graph->findTask(taskId.toStdString());
        QVERIFY(task != kNoTask);
        QVERIFY(window.viewState()->firstCycle() <= double(shown.schedule->start[task]));
        QVERIFY(window.viewState()->lastCycle() >= double(shown.schedule->end[task]));
        QVERIFY(
            window.viewState()->lastCycle() - window.viewState()->firstCycle() < double(shown.schedule->makespan) / 2);

        // The inspector gives the same reason as a sentence, the record in its tooltip.
        const QString why = first.siblingAtColumn(DecisionsModel::Why).data().toString();
        QVERIFY(why.startsWith(QStringLiteral("Inserted ")));
        QCOMPARE(window.inspector()->detailsModel()->value(QStringLiteral("why")), why);
        auto* details = window.inspector()->findChild<QTreeView*>();
        QVERIFY(details);
        QCOMPARE(details->textElideMode(), Qt::ElideMiddle);

        // Text filter: a kernel name narrows the rows to its decisions.
        panel->setActionFilter({});
        panel->filterEdit()->setText(QStringLiteral("softmax"));
        QVERIFY(panel->proxy()->rowCount() >= 1);
        QVERIFY(panel->proxy()->rowCount() < panel->model()->rowCount());
    }

    void familiesOrderByApplicability_data()
    {
        QTest::addColumn<int>("sample");
        QTest::addColumn<QString>("firstFamily");
        QTest::newRow("npu") << 0 << QStringLiteral("npu-prefetch");
        QTest::newRow("superkernel") << 1 << QStringLiteral("superkernel");
        QTest::newRow("loop") << 2 << QStringLiteral("loop");
    }

    void familiesOrderByApplicability()
    {
        QFETCH(int, sample);
        QFETCH(QString, firstFamily);
        MainWindow window;
        window.show();
        QVERIFY(openSample(window, sample));
        const auto& sections = window.passPanel()->familySections();
        QVERIFY(sections.size() >= 3);
        QCOMPARE(sections.front()->id(), firstFamily);
        QVERIFY(sections.front()->applies());
        QVERIFY(sections.front()->isExpanded());
        // The core's order, and its reasons for the closed ones.
        const auto families = passFamiliesFor(*window.controller()->loaded()->baseline->graph);
        QCOMPARE(sections.size(), families.size());
        for (std::size_t i = 0; i < families.size(); ++i) {
            QCOMPARE(sections[i]->id(), QString::fromStdString(families[i].id));
            QCOMPARE(sections[i]->isExpanded(), families[i].applies);
            if (!families[i].applies)
                QCOMPARE(sections[i]->reason(), QString::fromStdString(families[i].reason));
        }
    }

    void questionMarkOpensTheShortcuts()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_Question);
        auto* dialog = window.findChild<ShortcutsDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QStringList keys;
        for (int row = 0; row < dialog->table()->rowCount(); ++row)
            keys << dialog->table()->item(row, 0)->text();
        QVERIFY2(keys.contains(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)),
            qPrintable(keys.join(QLatin1Char('|'))));
        QVERIFY(keys.contains(QStringLiteral("W / S")));
    }

    void firstStartFitsTheScreen()
    {
        MainWindow window;
        const QSize screen = QGuiApplication::primaryScreen()->availableGeometry().size();
        QVERIFY(window.width() <= screen.width());
        QVERIFY(window.height() <= screen.height());
        QVERIFY(window.width() >= std::min(1000, screen.width() * 8 / 10));
    }
};

LOOKAHEAD_TEST(ExplorerTest)
#include "tst_explorer.moc"
