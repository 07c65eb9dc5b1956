#include "MainWindow.h"

#include "ComparisonPanel.h"
#include "DeltaText.h"
#include "DecisionsPanel.h"
#include "Exporters.h"
#include "FileOpener.h"
#include "PlatformMenu.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "ImportSummaryDialog.h"
#include "LegendBar.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "RecentFiles.h"
#include "RunController.h"
#include "ScreenshotStager.h"
#include "SettingsKeys.h"
#include "ShortcutsDialog.h"
#include "StartPage.h"
#include "SweepDialog.h"
#include "TaskInspector.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

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
    setDockNestingEnabled(true);

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
    createFileMenu();
    createEditAndViewMenus();
    createRunAndHelpMenus();
    createToolbar();
    connectController();
    connect(m_recentFiles, &RecentFiles::openRequested, this, &MainWindow::openFile);
    connectStartPage();
    connect(m_opener, &FileOpener::failed, this, &MainWindow::showError);
    connect(m_opener, &FileOpener::statusMessage, statusBar(), &QStatusBar::showMessage);
    m_stager = new ScreenshotStager(this); // after connectController(): it acts once the window has shown a result

    setWindowTitle(tr("Lookahead"));
    resizeForFirstStart();
    restoreLayout();
    m_comparisonDock->hide(); // only while a comparison is shown, whatever the saved layout says
    m_pages->setCurrentIndex(1);
    showStartPage(true);
}

void MainWindow::resizeForFirstStart()
{
    // Room for the docks around a readable timeline, but never larger than the screen.
    QSize size(1600, 960);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        size = size.boundedTo(available.size() * 0.92);
        setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
        return;
    }
    resize(size);
}

void MainWindow::connectStartPage()
{
    m_startPage->setRecentFiles(m_recentFiles->files());
    connect(m_recentFiles, &RecentFiles::changed, m_startPage, [this] { m_startPage->setRecentFiles(m_recentFiles->files()); });
    connect(m_startPage, &StartPage::openRequested, m_openAction, &QAction::trigger);
    connect(m_startPage, &StartPage::importRequested, m_importAction, &QAction::trigger);
    connect(m_startPage, &StartPage::recentChosen, this, &MainWindow::openFile);
    connect(m_startPage, &StartPage::sampleChosen, this, [this](const QString& resource, const QString& label) {
        m_opener->openResource(resource, label);
    });
}

void MainWindow::showStartPage(bool shown)
{
    if (shown == isStartPageShown())
        return;
    m_pages->setCurrentIndex(shown ? 0 : 1);
    // The docks have nothing to show without a graph: the start page gets the window, and they
    // come back as they were with the first graph.
    if (shown) {
        m_docksHiddenForStartPage.clear();
        for (QDockWidget* dock : findChildren<QDockWidget*>())
            if (!dock->isHidden() && !dock->isFloating()) {
                m_docksHiddenForStartPage << dock;
                dock->hide();
            }
    } else {
        m_startPage->showProblem({}, {});
        for (QDockWidget* dock : std::as_const(m_docksHiddenForStartPage))
            dock->show();
        m_docksHiddenForStartPage.clear();
    }
}

bool MainWindow::isStartPageShown() const
{
    return m_pages->currentIndex() == 0;
}

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
    m_modeLabel = new QLabel(this);
    m_modeLabel->setObjectName(QStringLiteral("ComparisonModeLabel"));
    m_modeLabel->setStyleSheet(QStringLiteral("QLabel { background: #fff3c4; color: #5a4500; padding: 1px 6px; border-radius: 3px; }"));
    m_modeLabel->hide();
    m_closeComparison = new QToolButton(this);
    m_closeComparison->setText(tr("Close Comparison"));
    m_closeComparison->hide();
    statusBar()->addPermanentWidget(m_modeLabel);
    statusBar()->addPermanentWidget(m_closeComparison);
    statusBar()->addPermanentWidget(m_runLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, m_controller, &RunController::cancel);
    connect(m_closeComparison, &QToolButton::clicked, this, &MainWindow::closeComparison);
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
    auto* passDock = new QDockWidget(tr("Passes"), this);
    passDock->setObjectName(QStringLiteral("PassesDock"));
    m_passPanel = new PassPanel(PassRegistry::global(), m_undoStack, passDock);
    passDock->setWidget(m_passPanel);
    passDock->setMinimumWidth(320);
    addDockWidget(Qt::LeftDockWidgetArea, passDock);

    auto* inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("InspectorDock"));
    m_inspector = new TaskInspector(m_state, inspectorDock);
    inspectorDock->setWidget(m_inspector);
    inspectorDock->setMinimumWidth(380);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    connect(m_inspector, &TaskInspector::goToTask, this, &MainWindow::goToTask);

    auto* metricsDock = new QDockWidget(tr("Metrics"), this);
    metricsDock->setObjectName(QStringLiteral("MetricsDock"));
    m_metrics = new MetricsPanel(metricsDock);
    metricsDock->setWidget(m_metrics);
    addDockWidget(Qt::LeftDockWidgetArea, metricsDock);
    splitDockWidget(passDock, metricsDock, Qt::Vertical);
    resizeDocks({ passDock, metricsDock }, { 560, 380 }, Qt::Vertical);
    resizeDocks({ passDock, inspectorDock }, { 400, 430 }, Qt::Horizontal);

    // The left and right docks run to the bottom; the Decisions table sits under the timeline only.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    auto* decisionsDock = new QDockWidget(tr("Decisions"), this);
    decisionsDock->setObjectName(QStringLiteral("DecisionsDock"));
    m_decisions = new DecisionsPanel(decisionsDock);
    decisionsDock->setWidget(m_decisions);
    addDockWidget(Qt::BottomDockWidgetArea, decisionsDock);
    resizeDocks({ decisionsDock }, { 210 }, Qt::Vertical);
    connect(m_decisions, &DecisionsPanel::tasksChosen, this, &MainWindow::frameTasks);

    m_comparisonDock = new QDockWidget(tr("Comparison"), this);
    m_comparisonDock->setObjectName(QStringLiteral("ComparisonDock"));
    m_comparisonPanel = new ComparisonPanel(m_comparisonDock);
    m_comparisonDock->setWidget(m_comparisonPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_comparisonDock);
    tabifyDockWidget(metricsDock, m_comparisonDock);
    connect(m_comparisonPanel, &ComparisonPanel::taskActivated, this, &MainWindow::goToTask);
}

void MainWindow::createFileMenu()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open task graph"), QSettings().value(SettingsKeys::lastDirectory()).toString(),
            tr("Task graphs (*.json);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    m_recentFiles->attachMenu(file->addMenu(tr("Open &Recent")));
    file->addAction(tr("Open &Default Sample"), this, &MainWindow::openDefaultSample);
    m_importAction = file->addAction(tr("&Import Trace…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Chrome trace"), QSettings().value(SettingsKeys::lastDirectory()).toString(),
            tr("Chrome Trace Event JSON (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        m_opener->forgetClock(path); // an explicit import asks again when the trace has no clock
        importTrace(path);
    });
    file->addAction(tr("&Compare Two Files…"), this, [this] {
        const QString directory = QSettings().value(SettingsKeys::lastDirectory()).toString();
        const QString filter = tr("Task graphs and traces (*.json);;All files (*)");
        const QString pathA = QFileDialog::getOpenFileName(this, tr("Compare: file A (reference, shown above)"), directory, filter);
        if (pathA.isEmpty())
            return;
        const QString pathB = QFileDialog::getOpenFileName(this, tr("Compare: file B (shown below, deltas are B − A)"), QFileInfo(pathA).absolutePath(), filter);
        if (!pathB.isEmpty())
            compareFiles(pathA, pathB);
    });
    m_closeComparisonAction = file->addAction(tr("C&lose Comparison"), QKeySequence(Qt::CTRL | Qt::Key_W), this, &MainWindow::closeComparison);
    m_closeComparisonAction->setEnabled(false);
    m_reloadAction = file->addAction(tr("Re&load"), QKeySequence::Refresh, this, &MainWindow::reload);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    m_exportGraphAction = exportMenu->addAction(tr("Optimized &Graph (JSON)…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        exportWithDialog(tr("Export optimized graph"), tr("Task graphs (*.json)"), QStringLiteral("json"), &MainWindow::exportGraph);
    });
    exportMenu->addAction(tr("Chrome &Trace…"), this, [this] {
        exportWithDialog(tr("Export Chrome trace"), tr("Trace Event JSON (*.json)"), QStringLiteral("json"), &MainWindow::exportTrace);
    });
    exportMenu->addAction(tr("View as &PNG / PDF…"), this, [this] {
        exportWithDialog(tr("Export view"), tr("PNG image (*.png);;PDF document (*.pdf)"), QStringLiteral("png"), &MainWindow::exportImage);
    });
    exportMenu->addAction(tr("&Metrics (CSV)…"), this, [this] {
        exportWithDialog(tr("Export metrics"), tr("CSV (*.csv)"), QStringLiteral("csv"), &MainWindow::exportMetrics);
    });
    exportMenu->addAction(tr("Run &Report (JSON)…"), this, [this] {
        exportWithDialog(tr("Export run report"), tr("JSON (*.json)"), QStringLiteral("json"), &MainWindow::exportReport);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::createEditAndViewMenus()
{
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undoStack->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("UndoAction"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undoStack->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("RedoAction"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Find Task…"), QKeySequence::Find, this, [this] { m_inspector->showSearch(); });
    edit->addAction(tr("Clear &Selection"), this, [this] {
        m_state->setSelectedTaskId({});
        m_state->clearRangeSelection();
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(tr("&Fit All"), QKeySequence(Qt::Key_0), m_view, &GanttView::fitAll);
    m_viewMenu->addAction(tr("Fit &Selection"), QKeySequence(Qt::Key_F), m_view, &GanttView::fitSelection);
    m_viewMenu->addSeparator();
    m_diffAction = m_viewMenu->addAction(tr("&Diff Against Baseline"), this, &MainWindow::setDiffMode);
    m_diffAction->setCheckable(true);
    m_diffAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_criticalAction = m_viewMenu->addAction(tr("Highlight &Critical Path"), m_state, &GanttViewState::setCriticalPathShown);
    m_criticalAction->setCheckable(true);
    m_criticalAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction* deps = m_viewMenu->addAction(tr("Show &Dependency Arrows"), m_state, &GanttViewState::setDependenciesShown);
    deps->setCheckable(true);
    deps->setChecked(true);
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::createRunAndHelpMenus()
{
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* specCosts = run->addAction(tr("&Spec Costs Only (no extra cost terms)"), this, [this](bool on) {
        m_controller->setSpecCosts(on);
        QSettings().setValue(SettingsKeys::specCosts(), on);
        reload();
    });
    specCosts->setCheckable(true);
    specCosts->setChecked(QSettings().value(SettingsKeys::specCosts(), false).toBool());
    m_controller->setSpecCosts(specCosts->isChecked());
    m_cancelAction = run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape | Qt::SHIFT), m_controller, &RunController::cancel);
    run->addSeparator();
    m_sweepAction = run->addAction(tr("S&weep…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), this, [this] { openSweepDialog(); });

    // Platform: reload (re-import a recording, re-run a graph) on another preset or platform file.
    m_platformMenu = new PlatformMenu(this);
    menuBar()->addMenu(m_platformMenu);
    connect(m_platformMenu, &PlatformMenu::platformChosen, this, [this](const QString& platform) {
        m_controller->setPlatform(platform);
        reload();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard and Mouse"), this, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(Qt::Key_Question));
    help->addAction(tr("&About Lookahead"), this, [this] {
        QMessageBox::about(this, tr("About Lookahead"),
            tr("<b>Lookahead %1</b><br/>Schedule explorer and optimizer for AI-accelerator task graphs.").arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createToolbar()
{
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_openAction);
    toolbar->addAction(m_reloadAction);
    toolbar->addSeparator();
    toolbar->addAction(findChild<QAction*>(QStringLiteral("UndoAction")));
    toolbar->addAction(findChild<QAction*>(QStringLiteral("RedoAction")));
    toolbar->addSeparator();
    toolbar->addAction(m_diffAction);
    toolbar->addAction(m_criticalAction);
    toolbar->addSeparator();
    toolbar->addAction(m_exportGraphAction);
    toolbar->addAction(m_cancelAction);
    m_cancelAction->setVisible(false);
}

ShortcutsDialog* MainWindow::showShortcuts()
{
    if (!m_shortcuts)
        m_shortcuts = new ShortcutsDialog(this);
    m_shortcuts->setMenus(menuBar());
    m_shortcuts->show();
    m_shortcuts->raise();
    return m_shortcuts;
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(SettingsKeys::windowGeometry()).toByteArray());
    // A layout saved by another version of the docks is dropped rather than half-applied.
    if (settings.value(SettingsKeys::windowStateVersion()).toInt() == SettingsKeys::kWindowStateVersion)
        restoreState(settings.value(SettingsKeys::windowState()).toByteArray(), SettingsKeys::kWindowStateVersion);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(SettingsKeys::windowGeometry(), saveGeometry());
    settings.setValue(SettingsKeys::windowState(), saveState(SettingsKeys::kWindowStateVersion));
    settings.setValue(SettingsKeys::windowStateVersion(), SettingsKeys::kWindowStateVersion);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    for (QDockWidget* dock : std::as_const(m_docksHiddenForStartPage))
        dock->show(); // saved as the user left them, not as the start page hid them
    if (!m_stager->rendering())
        saveLayout();
    m_controller->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && !event->mimeData()->urls().isEmpty() && event->mimeData()->urls().first().isLocalFile())
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

void MainWindow::openFile(const QString& path)
{
    m_opener->openFile(path);
}

void MainWindow::importTrace(const QString& path, const TraceImportOptions& options)
{
    m_opener->importTrace(path, options);
}

void MainWindow::compareFiles(const QString& pathA, const QString& pathB)
{
    m_opener->compareFiles(pathA, pathB);
}

void MainWindow::openDefaultSample()
{
    m_opener->openResource(QStringLiteral(":/samples/default.json"), tr("default sample"));
}

void MainWindow::traceImported(const QString& path, std::shared_ptr<const TraceImportSummary> summary)
{
    const QString text = QString::fromStdString(summary->toText());
    statusBar()->showMessage(tr("Imported %1: %2 tasks from %3 events, %4 events dropped, clock %5 MHz (%6) — summary in its window")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(summary->tasks)
                                 .arg(summary->events)
                                 .arg(summary->droppedCount())
                                 .arg(summary->clockMhz)
                                 .arg(QString::fromStdString(summary->clockSource)),
        15000);
    if (!m_importDialog)
        m_importDialog = new ImportSummaryDialog(this);
    m_importDialog->setSummary(path, text);
    if (!m_stager->rendering()) {
        m_importDialog->show(); // not modal: the graph is already on screen behind it
        m_importDialog->raise();
    }
}

QDialog* MainWindow::importSummaryDialog() const
{
    return m_importDialog;
}

QString MainWindow::importSummaryText() const
{
    return m_importDialog ? m_importDialog->text() : QString();
}

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
    statusBar()->showMessage(tr("Loaded %1: %2 tasks, %3 lanes").arg(m_loaded->label).arg(graph.tasks.size()).arg(m_loaded->baseline->gantt->lanes().size()), 6000);
    m_controller->requestRun(m_passPanel->pipelineText());
    if (m_sweepDialog && m_sweepGraph != &graph) {
        // The dialog sweeps what the window shows: a new graph clears its plot.
        SimulationOptions simulation;
        simulation.specCosts = m_controller->specCosts();
        m_sweepDialog->setInput(m_loaded->baseline->graph, m_passPanel->pipelineText(), simulation);
        m_sweepGraph = &graph;
    }
}

void MainWindow::runFinished(std::shared_ptr<const ScheduleSnapshot> result)
{
    m_result = std::move(result);
    showSnapshots();
    m_passPanel->showRecords(m_result->passes);
    m_decisions->setRecords(m_result->passes);
    m_runLabel->setText(tr("%1 tasks · rerun %2 ms").arg(m_result->graph->tasks.size()).arg(m_result->seconds * 1000, 0, 'f', 1));
}

void MainWindow::showSnapshots()
{
    if (!m_loaded)
        return;
    const auto& baseline = m_loaded->baseline;
    const auto shown = m_result ? m_result : baseline;
    if (m_diffMode) {
        m_baselineView->setSnapshot(baseline, m_result ? m_result->baselineMovementGantt : baseline->gantt, GanttViewState::ColourMode::ByMovement);
        m_view->setSnapshot(shown, m_result ? m_result->movementGantt : baseline->gantt, GanttViewState::ColourMode::ByMovement);
        if (m_comparison) {
            const auto& c = m_comparison->comparison;
            m_baselineView->setCaption(tr("A: %1 (reference)").arg(m_comparison->labelA));
            m_view->setCaption(tr("B: %1 · makespan B − A %2").arg(m_comparison->labelB, signedDeltaText(double(c.makespanA), double(c.makespanB), tr("cycles"))));
        } else {
            m_baselineView->setCaption(tr("Baseline (no passes)"));
            m_view->setCaption(tr("Optimized: %1").arg(shown->pipeline.isEmpty() ? tr("(no passes)") : shown->pipeline));
        }
    } else {
        m_view->setSnapshot(shown, shown->gantt, GanttViewState::ColourMode::ByKernel);
        m_view->setCaption({});
    }
    m_legend->setData(shown->gantt.get(), m_diffMode ? GanttViewState::ColourMode::ByMovement : GanttViewState::ColourMode::ByKernel,
        isComparing() ? tr("A") : QString());
    m_metrics->setSnapshots(baseline, shown);
    m_inspector->setSnapshot(shown);
}

void MainWindow::setDiffMode(bool on)
{
    m_diffMode = on;
    m_diffAction->setChecked(on);
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
    const bool sameFiles = m_comparison && m_comparison->pathA == comparison->pathA && m_comparison->pathB == comparison->pathB;
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
    m_diffAction->setEnabled(false);
    m_sweepAction->setEnabled(false);
    m_closeComparisonAction->setEnabled(true);
    setDiffMode(true);
    m_comparisonPanel->setComparison(&m_comparison->comparison, m_comparison->labelA, m_comparison->labelB);
    m_comparisonDock->show();
    m_comparisonDock->raise();
    if (auto* passDock = findChild<QDockWidget*>(QStringLiteral("PassesDock")); entering && passDock && !passDock->isFloating()) {
        // The passes are off: give their room to the comparison's tables.
        m_leftDockSizeBeforeComparison = QSize(passDock->width(), passDock->height());
        resizeDocks({ passDock, m_comparisonDock }, { 200, 800 }, Qt::Vertical);
        resizeDocks({ passDock }, { std::max(passDock->width(), 440) }, Qt::Horizontal);
    }
    const auto& c = m_comparison->comparison;
    setWindowTitle(tr("Compare %1 ↔ %2 — Lookahead").arg(m_comparison->labelA, m_comparison->labelB));
    setWindowFilePath({});
    m_modeLabel->setText(tr("Comparing A: %1 (top) with B: %2 (bottom)").arg(m_comparison->labelA, m_comparison->labelB));
    m_modeLabel->setToolTip(tr("A: %1\nB: %2\nFile > Close Comparison (Ctrl+W) returns to the graph open before.").arg(m_comparison->pathA, m_comparison->pathB));
    m_modeLabel->show();
    m_closeComparison->show();
    m_runLabel->setText(tr("%1 / %2 tasks").arg(c.tasksA).arg(c.tasksB));
    statusBar()->showMessage(comparisonHeadline(), 15000);
}

QString MainWindow::comparisonHeadline() const
{
    return m_comparison ? ComparisonPanel::headline(m_comparison->comparison) : QString();
}

void MainWindow::leaveComparisonView()
{
    m_comparison.reset();
    m_beforeComparison.reset();
    m_passPanel->setEnabled(true);
    m_diffAction->setEnabled(true);
    m_sweepAction->setEnabled(true);
    m_closeComparisonAction->setEnabled(false);
    m_comparisonDock->hide();
    m_comparisonPanel->setComparison(nullptr);
    m_modeLabel->hide();
    m_closeComparison->hide();
    m_loaded.reset();
    m_result.reset();
    setDiffMode(m_diffBeforeComparison);
    auto* passDock = findChild<QDockWidget*>(QStringLiteral("PassesDock"));
    auto* metricsDock = findChild<QDockWidget*>(QStringLiteral("MetricsDock"));
    if (passDock && metricsDock && m_leftDockSizeBeforeComparison.isValid()) {
        resizeDocks({ passDock, metricsDock }, { m_leftDockSizeBeforeComparison.height(), std::max(200, height() - m_leftDockSizeBeforeComparison.height()) }, Qt::Vertical);
        resizeDocks({ passDock }, { m_leftDockSizeBeforeComparison.width() }, Qt::Horizontal);
    }
    m_leftDockSizeBeforeComparison = {};
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

SweepDialog* MainWindow::openSweepDialog()
{
    if (m_comparison || !m_loaded) {
        statusBar()->showMessage(m_comparison ? tr("Close the comparison to sweep a pass option") : tr("Load a task graph to sweep a pass option"), 8000);
        return nullptr;
    }
    if (!m_sweepDialog) {
        m_sweepDialog = new SweepDialog(this);
        m_sweepDialog->setObjectName(QStringLiteral("SweepDialog"));
        connect(m_sweepDialog, &SweepDialog::valueChosen, this, &MainWindow::applySweepValue);
    }
    const TaskGraph* graph = m_loaded->baseline->graph.get();
    if (!m_sweepDialog->isVisible() || m_sweepGraph != graph) {
        SimulationOptions simulation;
        simulation.specCosts = m_controller->specCosts();
        m_sweepDialog->setInput(m_loaded->baseline->graph, m_passPanel->pipelineText(), simulation);
        m_sweepGraph = graph;
        // Start from the first pass the pipeline runs, when the dialog can vary one of its options.
        auto parsed = Pipeline::parse(m_passPanel->pipelineText().toStdString(), PassRegistry::global());
        if (parsed.ok() && !parsed.value().passes.empty()) {
            const Pass& first = *parsed.value().passes.front();
            for (const OptionBase* option : first.options())
                if (m_sweepDialog->setVariation(QString::fromUtf8(first.name().data(), qsizetype(first.name().size())), QString::fromStdString(option->name())))
                    break;
        }
    }
    m_sweepDialog->show();
    m_sweepDialog->raise();
    m_sweepDialog->activateWindow();
    return m_sweepDialog;
}

void MainWindow::applySweepValue(const QString& pass, const QString& option, const QString& value)
{
    if (m_comparison)
        return;
    const QString error = m_passPanel->setOption(pass, option, value);
    m_passPanel->showError(error);
    if (error.isEmpty())
        statusBar()->showMessage(tr("Applied %1.%2=%3 from the sweep (Ctrl+Z undoes it)").arg(pass, option, value), 8000);
    else
        statusBar()->showMessage(tr("Cannot apply %1.%2=%3: %4").arg(pass, option, value, error), 10000);
}

void MainWindow::frameTasks(const QStringList& taskIds)
{
    // Select the task the decision is about and show it with the tasks around it (the one that
    // opened the gap, the first use): the decision is about their distance.
    const auto& shown = m_view->snapshot();
    if (!shown)
        return;
    QString selected;
    std::int64_t from = std::numeric_limits<std::int64_t>::max(), to = std::numeric_limits<std::int64_t>::min();
    for (const QString& id : taskIds) {
        const TaskIndex task = shown->graph->findTask(id.toStdString());
        if (task == kNoTask)
            continue;
        if (selected.isEmpty())
            selected = id;
        from = std::min(from, shown->schedule->start[task]);
        to = std::max(to, shown->schedule->end[task]);
    }
    if (selected.isEmpty()) {
        statusBar()->showMessage(tr("%1: not in this schedule").arg(taskIds.join(QStringLiteral(", "))), 6000);
        return;
    }
    m_state->setSelectedTaskId(selected);
    const double margin = std::max(1.0, double(to - from) * 0.1);
    m_state->setVisibleRange(double(from) - margin, double(to) + margin);
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

void MainWindow::exportWithDialog(const QString& title, const QString& filter, const QString& suffix, bool (MainWindow::*exporter)(const QString&))
{
    if (!m_loaded) {
        showError(title, tr("Nothing to export: no task graph is loaded."));
        return;
    }
    QFileDialog dialog(this, title, QSettings().value(SettingsKeys::lastDirectory()).toString(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().first();
    if ((this->*exporter)(path))
        statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
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
        openFile(request->file); // else the start page
    return true;
}

} // namespace lookahead
