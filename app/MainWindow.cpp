// The main window: the timeline in the centre (or the start page), the docks around it, and the wiring
// between them and the run controller. The pieces with a job of their own live beside it: the docks
// and the saved layout (DockLayout), menus (MainActions), the comparison dock (ComparisonMode),
// opening files (FileOpener), Run > Sweep (SweepLauncher), screenshots (ScreenshotStager) and the
// exports (Exporters).

#include "MainWindow.h"

#include "ComparisonMode.h"
#include "ComparisonPanel.h"
#include "CompilerSettingsPanel.h"
#include "DecisionsPanel.h"
#include "DockLayout.h"
#include "Exporters.h"
#include "FileOpener.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "ImportSummaryDialog.h"
#include "LegendBar.h"
#include "MainActions.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "RecentFiles.h"
#include "RunController.h"
#include "ScreenshotStager.h"
#include "ShortcutsDialog.h"
#include "StartPage.h"
#include "SweepLauncher.h"
#include "TaskInspector.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace lookahead {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_state(new GanttViewState(this))
    , m_controller(new RunController(PassRegistry::global(), this))
    , m_undoStack(new QUndoStack(this))
    , m_recentFiles(new RecentFiles(this))
    , m_opener(new FileOpener(m_controller, this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);

    m_pages = new QStackedWidget(this);
    m_startPage = new StartPage(m_pages);
    m_pages->addWidget(m_startPage);
    auto* central = new QWidget(m_pages);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_legend = new LegendBar(central);
    centralLayout->addWidget(m_legend);
    m_timelineSplit = new QSplitter(Qt::Vertical, central);
    m_baselineView = new GanttView(m_state, m_timelineSplit);
    m_baselineView->setCaption(tr("Baseline (no passes)"));
    m_view = new GanttView(m_state, m_timelineSplit);
    m_timelineSplit->addWidget(m_baselineView);
    m_timelineSplit->addWidget(m_view);
    m_baselineView->hide();
    centralLayout->addWidget(m_timelineSplit, 1);
    m_pages->addWidget(central);
    setCentralWidget(m_pages);

    createStatusBar();
    createDocks();
    m_sweep = new SweepLauncher(this);
    m_actions = new MainActions(this);
    connectController();
    connect(m_recentFiles, &RecentFiles::openRequested, this, &MainWindow::openFile);
    connectStartPage();
    connect(m_opener, &FileOpener::failed, this, &MainWindow::showError);
    connect(m_opener, &FileOpener::statusMessage, statusBar(), &QStatusBar::showMessage);
    m_stager = new ScreenshotStager(this); // after connectController(): it acts once the window has shown a result

    setWindowTitle(tr("Lookahead"));
    m_docks->sizeForFirstStart();
    m_docks->restore();
    m_comparisonMode->dock()->hide(); // only while a comparison is shown, whatever the saved layout says
    m_pages->setCurrentIndex(1);
    showStartPage(true);
}

void MainWindow::connectStartPage()
{
    m_startPage->setRecentFiles(m_recentFiles->files());
    connect(m_recentFiles, &RecentFiles::changed, m_startPage,
        [this] { m_startPage->setRecentFiles(m_recentFiles->files()); });
    connect(m_startPage, &StartPage::openRequested, m_actions->open, &QAction::trigger);
    connect(m_startPage, &StartPage::importRequested, m_actions->importTrace, &QAction::trigger);
    connect(m_startPage, &StartPage::recentChosen, this, &MainWindow::openFile);
    connect(m_startPage, &StartPage::sampleChosen, this,
        [this](const QString& resource, const QString& label) { m_opener->openResource(resource, label); });
}

void MainWindow::showStartPage(bool shown)
{
    if (shown == isStartPageShown())
        return;
    m_pages->setCurrentIndex(shown ? 0 : 1);
    if (!shown)
        m_startPage->showProblem({}, {});
    m_docks->setStartPageShown(shown);
}

bool MainWindow::isStartPageShown() const { return m_pages->currentIndex() == 0; }

void MainWindow::createStatusBar()
{
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    m_runLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, m_controller, &RunController::cancel);
}

void MainWindow::connectController()
{
    connect(m_controller, &RunController::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        if (!busy)
            m_progress->setRange(0, 1);
    });
    connect(m_controller, &RunController::progress, this, [this](int index, int count, const QString& what) {
        m_progress->setRange(0, count); // 0..0 is Qt's busy indicator
        m_progress->setValue(index);
        m_progress->setFormat(count ? QStringLiteral("%1 (%2/%3)").arg(what).arg(index + 1).arg(count) : what);
    });
    connect(m_controller, &RunController::graphLoaded, this, &MainWindow::graphLoaded);
    connect(m_controller, &RunController::runFinished, this, &MainWindow::runFinished);
    connect(m_controller, &RunController::traceImported, this, &MainWindow::traceImported);
    connect(m_controller, &RunController::comparisonLoaded, this, &MainWindow::comparisonLoaded);
    connect(m_controller, &RunController::runFailed, this, [this](const QString& message) {
        m_passPanel->showError(message);
        statusBar()->showMessage(tr("Run failed: %1").arg(message), 8000);
    });
    connect(m_passPanel, &PassPanel::pipelineChanged, this, [this](const QString& pipeline) {
        m_passPanel->showError({});
        m_controller->requestRun(pipeline);
    });
    connect(m_view, &GanttView::taskActivated, this, &MainWindow::goToTask);
    connect(m_baselineView, &GanttView::taskActivated, this, &MainWindow::goToTask);
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_docks = new DockLayout(this, m_state, m_undoStack, m_controller);
    m_passPanel = m_docks->passPanel();
    m_inspector = m_docks->inspector();
    m_metrics = m_docks->metrics();
    m_decisions = m_docks->decisions();
    m_compilerSettings = m_docks->compilerSettings();
    m_comparisonMode = m_docks->comparisonMode();
    connect(m_inspector, &TaskInspector::goToTask, this, &MainWindow::goToTask);
    connect(m_decisions, &DecisionsPanel::tasksChosen, this, &MainWindow::frameTasks);
    connect(m_state, &GanttViewState::selectionChanged, m_decisions, &DecisionsPanel::showTask);
    connect(m_comparisonMode, &ComparisonMode::taskActivated, this, &MainWindow::goToTask);
    connect(m_comparisonMode, &ComparisonMode::closeRequested, this, &MainWindow::closeComparison);
}

ComparisonPanel* MainWindow::comparisonPanel() const { return m_comparisonMode->panel(); }

QAction* MainWindow::criticalPathAction() const { return m_actions->criticalPath; }

ShortcutsDialog* MainWindow::showShortcuts()
{
    if (!m_shortcuts)
        m_shortcuts = new ShortcutsDialog(this);
    m_shortcuts->setMenus(menuBar());
    m_shortcuts->show();
    m_shortcuts->raise();
    return m_shortcuts;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_stager->rendering())
        m_docks->save();
    m_controller->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty()
        && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        openFile(urls.first().toLocalFile());
        event->acceptProposedAction();
    }
}

void MainWindow::openFile(const QString& path) { m_opener->openFile(path); }

void MainWindow::importTrace(const QString& path, const TraceImportOptions& options)
{
    m_opener->importTrace(path, options);
}

void MainWindow::compareFiles(const QString& pathA, const QString& pathB) { m_opener->compareFiles(pathA, pathB); }

void MainWindow::openDefaultSample()
{
    m_opener->openResource(QStringLiteral(":/samples/default.json"), tr("default sample"));
}

void MainWindow::traceImported(const QString& path, const std::shared_ptr<const TraceImportSummary>& summary)
{
    const QString text = QString::fromStdString(summary->toText());
    const QString clock = summary->clockAssumed()
        ? tr("no clock in the recording: 1 cycle = 1 ns assumed, times in µs")
        : tr("clock %1 MHz (%2)").arg(summary->clockMhz).arg(QString::fromStdString(summary->clockSource));
    statusBar()->showMessage(tr("Imported %1: %2 tasks from %3 events, %4 events dropped, %5 — summary in its window")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(summary->tasks)
                                 .arg(summary->events)
                                 .arg(summary->droppedCount())
                                 .arg(clock),
        15000);
    if (!m_importDialog)
        m_importDialog = new ImportSummaryDialog(this);
    m_importDialog->setSummary(path, text);
    if (!m_stager->rendering()) {
        m_importDialog->show(); // not modal: the graph is already on screen behind it
        m_importDialog->raise();
    }
}

QDialog* MainWindow::importSummaryDialog() const { return m_importDialog; }

QString MainWindow::importSummaryText() const { return m_importDialog ? m_importDialog->text() : QString(); }

void MainWindow::reload()
{
    if (m_comparison)
        compareFiles(m_comparison->pathA, m_comparison->pathB);
    else if (m_loaded && !m_loaded->path.isEmpty())
        openFile(m_loaded->path);
    else
        openDefaultSample();
}

void MainWindow::graphLoaded(std::shared_ptr<const LoadedGraph> loaded)
{
    if (m_comparison)
        leaveComparisonView(); // a file opened while comparing ends the comparison
    const bool sameFile = m_loaded && m_loaded->path == loaded->path && m_loaded->label == loaded->label;
    m_loaded = std::move(loaded);
    m_result.reset();
    showStartPage(false);
    const TaskGraph& graph = *m_loaded->baseline->graph;
    m_passPanel->setGraph(&graph);
    m_decisions->setRecords({});
    const QString name = graph.name.empty() ? m_loaded->label : QString::fromStdString(graph.name);
    setWindowTitle(tr("%1 — Lookahead").arg(name));
    setWindowFilePath(m_loaded->path);
    if (!m_loaded->path.isEmpty())
        m_recentFiles->add(m_loaded->path);
    if (!sameFile) {
        // A new file: start from a fitted view; a reload keeps the zoom.
        m_view->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByKernel);
        m_baselineView->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByKernel);
        m_state->setSelectedTaskId({});
        m_state->clearRangeSelection();
    }
    showSnapshots();
    statusBar()->showMessage(tr("Loaded %1: %2 tasks, %3 lanes")
                                 .arg(m_loaded->label)
                                 .arg(graph.tasks.size())
                                 .arg(m_loaded->baseline->gantt->lanes().size()),
        6000);
    m_controller->requestRun(m_passPanel->pipelineText());
    m_sweep->follow(*m_loaded);
}

void MainWindow::runFinished(std::shared_ptr<const ScheduleSnapshot> result)
{
    m_result = std::move(result);
    showSnapshots();
    m_passPanel->showRecords(m_result->passes);
    m_decisions->setRecords(m_result->passes);
    m_decisions->showTask(m_state->selectedTaskId());
    m_runLabel->setText(
        tr("%1 tasks · rerun %2 ms").arg(m_result->graph->tasks.size()).arg(m_result->seconds * 1000, 0, 'f', 1));
}

void MainWindow::showSnapshots()
{
    if (!m_loaded)
        return;
    const auto& baseline = m_loaded->baseline;
    const auto shown = m_result ? m_result : baseline;
    if (m_diffMode) {
        m_baselineView->setSnapshot(baseline, m_result ? m_result->baselineMovementGantt : baseline->gantt,
            GanttViewState::ColourMode::ByMovement);
        m_view->setSnapshot(
            shown, m_result ? m_result->movementGantt : baseline->gantt, GanttViewState::ColourMode::ByMovement);
        if (m_comparison) {
            const auto& c = m_comparison->comparison;
            m_baselineView->setCaption(tr("A: %1 (reference)").arg(m_comparison->labelA));
            m_view->setCaption(
                tr("B: %1 · makespan B − A %2")
                    .arg(m_comparison->labelB, ComparisonPanel::makespanDelta(c, m_comparison->clocks())));
        } else {
            m_baselineView->setCaption(tr("Baseline (no passes)"));
            m_view->setCaption(
                tr("Optimized: %1").arg(shown->pipeline.isEmpty() ? tr("(no passes)") : shown->pipeline));
        }
    } else {
        m_view->setSnapshot(shown, shown->gantt, GanttViewState::ColourMode::ByKernel);
        m_view->setCaption({});
    }
    m_legend->setData(shown->gantt.get(),
        m_diffMode ? GanttViewState::ColourMode::ByMovement : GanttViewState::ColourMode::ByKernel,
        isComparing() ? tr("A") : QString());
    m_metrics->setSnapshots(baseline, shown);
    m_inspector->setSnapshot(shown);
}

void MainWindow::setDiffMode(bool on)
{
    m_diffMode = on;
    m_actions->diff->setChecked(on);
    m_baselineView->setVisible(on);
    if (on)
        m_timelineSplit->setSizes({ 1, 1 });
    showSnapshots();
}

void MainWindow::comparisonLoaded(std::shared_ptr<const LoadedComparison> comparison)
{
    const bool entering = !m_comparison;
    if (entering) {
        m_beforeComparison = m_loaded;
        m_diffBeforeComparison = m_diffMode;
    }
    const bool sameFiles
        = m_comparison && m_comparison->pathA == comparison->pathA && m_comparison->pathB == comparison->pathB;
    m_comparison = std::move(comparison);
    // The pair takes the places of baseline and optimized run: A above, B below, B's movement against A.
    m_loaded = m_comparison->a;
    m_result = m_comparison->b;
    if (!sameFiles) {
        m_view->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByMovement);
        m_baselineView->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByMovement);
        m_state->setSelectedTaskId({});
        m_state->clearRangeSelection();
    }
    showComparisonMode(entering);
}

void MainWindow::showComparisonMode(bool entering)
{
    showStartPage(false);
    m_passPanel->setEnabled(false); // passes do not apply to a comparison
    m_passPanel->showRecords({});
    m_decisions->setRecords({});
    m_actions->diff->setEnabled(false);
    m_actions->sweep->setEnabled(false);
    m_actions->closeComparison->setEnabled(true);
    setDiffMode(true);
    m_comparisonMode->show(*m_comparison, entering);
    if (entering)
        m_docks->decisionsDock()->hide(); // a comparison runs no passes: nothing to list
    const auto& c = m_comparison->comparison;
    setWindowTitle(tr("Compare %1 ↔ %2 — Lookahead").arg(m_comparison->labelA, m_comparison->labelB));
    setWindowFilePath({});
    m_runLabel->setText(tr("%1 / %2 tasks").arg(c.tasksA).arg(c.tasksB));
    statusBar()->showMessage(comparisonHeadline(), 15000);
}

QString MainWindow::comparisonHeadline() const
{
    return m_comparison ? ComparisonPanel::headline(m_comparison->comparison, m_comparison->clocks()) : QString();
}

void MainWindow::leaveComparisonView()
{
    m_comparison.reset();
    m_beforeComparison.reset();
    m_passPanel->setEnabled(true);
    m_actions->diff->setEnabled(true);
    m_actions->sweep->setEnabled(true);
    m_actions->closeComparison->setEnabled(false);
    m_comparisonMode->hide();
    m_docks->decisionsDock()->show();
    m_loaded.reset();
    m_result.reset();
    setDiffMode(m_diffBeforeComparison);
    setWindowTitle(tr("Lookahead"));
}

void MainWindow::closeComparison()
{
    if (!m_comparison)
        return;
    auto before = std::move(m_beforeComparison);
    m_beforeComparison.reset();
    leaveComparisonView();
    m_view->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByKernel);
    m_baselineView->setSnapshot(nullptr, nullptr, GanttViewState::ColourMode::ByKernel);
    if (before)
        m_controller->restoreLoaded(std::move(before));
    else
        showStartPage(true);
}

SweepDialog* MainWindow::openSweepDialog() { return m_sweep->open(m_comparison ? nullptr : m_loaded.get()); }

SweepDialog* MainWindow::sweepDialog() const { return m_sweep->dialog(); }

void MainWindow::frameTasks(const QStringList& taskIds)
{
    if (!m_view->frameTasks(taskIds))
        statusBar()->showMessage(tr("%1: not in this schedule").arg(taskIds.join(QStringLiteral(", "))), 6000);
}

void MainWindow::goToTask(const QString& taskId)
{
    m_state->setSelectedTaskId(taskId);
    m_view->fitSelection();
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message, 10000);
    if (!m_loaded && !m_comparison) {
        // Nothing to show behind the dialog: the start page says what went wrong and offers the way on.
        m_startPage->showProblem(title, message);
        showStartPage(true);
    }
    if (m_stager->rendering()) {
        qWarning("%s: %s", qPrintable(title), qPrintable(message));
        QTimer::singleShot(0, qApp, [] { QApplication::exit(2); });
        return;
    }
    QMessageBox box(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("ErrorDialog"));
    box.exec();
}

ExportSource MainWindow::exportSource() const
{
    ExportSource source;
    source.loaded = m_loaded;
    source.shown = m_result ? m_result : m_loaded ? m_loaded->baseline : nullptr;
    if (m_loaded)
        source.inputs << m_loaded->path;
    if (m_comparison)
        source.inputs << m_comparison->pathA << m_comparison->pathB;
    source.specCosts = m_controller->specCosts();
    return source;
}

bool MainWindow::reportExport(const QString& error)
{
    if (!error.isEmpty())
        showError(tr("Export failed"), error);
    return error.isEmpty();
}

bool MainWindow::exportGraph(const QString& path)
{
    return m_loaded && reportExport(Exporters::writeGraph(exportSource(), path));
}

bool MainWindow::exportTrace(const QString& path)
{
    return m_loaded && reportExport(Exporters::writeTrace(exportSource(), path));
}

bool MainWindow::exportReport(const QString& path)
{
    return m_loaded && reportExport(Exporters::writeReport(exportSource(), path));
}

bool MainWindow::exportCompilerSettings(const QString& path)
{
    return reportExport(Exporters::writeCompilerSettings(exportSource(), m_compilerSettings->report(), path));
}

bool MainWindow::exportMetrics(const QString& path)
{
    return reportExport(Exporters::writeMetrics(exportSource(), *m_metrics->model(), path));
}

bool MainWindow::exportImage(const QString& path)
{
    return reportExport(Exporters::writeImage(m_view->plot(), m_diffMode ? m_timelineSplit : nullptr, path));
}

bool MainWindow::startFromArguments(const QStringList& arguments)
{
    const auto request = m_stager->start(arguments);
    if (!request)
        return false;
    m_opener->setPromptsAllowed(!m_stager->rendering());
    if (!request->compareA.isEmpty())
        compareFiles(request->compareA, request->compareB);
    else if (!request->file.isEmpty())
        openFile(request->file);
    else if (!request->startPage)
        openDefaultSample(); // the README's first command opens the embedded sample; --start-page does not

    return true;
}

} // namespace lookahead
