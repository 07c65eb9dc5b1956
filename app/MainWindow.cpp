#include "MainWindow.h"

#include "GanttPlottable.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "LegendBar.h"
#include "MetricsModel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "RunController.h"
#include "SettingsKeys.h"
#include "SweepDialog.h"
#include "TaskInspector.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/RunReport.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QLocale>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
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
{
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    auto* central = new QWidget(this);
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
    setCentralWidget(central);

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

    createDocks();
    createActions();

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
    connect(m_controller, &RunController::loadFailed, this, &MainWindow::loadFailed);
    connect(m_controller, &RunController::traceImported, this, &MainWindow::traceImported);
    connect(m_controller, &RunController::clockNeeded, this, &MainWindow::askForClock);
    connect(m_controller, &RunController::comparisonLoaded, this, &MainWindow::comparisonLoaded);
    connect(m_closeComparison, &QToolButton::clicked, this, &MainWindow::closeComparison);
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

    setWindowTitle(tr("Lookahead"));
    resize(1600, 960);
    restoreLayout();
    m_comparisonDock->hide(); // only while a comparison is shown, whatever the saved layout says
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

    // Comparison of two files: totals and per-executor deltas (B − A), then the tasks that moved most.
    m_comparisonDock = new QDockWidget(tr("Comparison"), this);
    m_comparisonDock->setObjectName(QStringLiteral("ComparisonDock"));
    auto* comparison = new QWidget(m_comparisonDock);
    auto* comparisonLayout = new QVBoxLayout(comparison);
    comparisonLayout->setContentsMargins(4, 4, 4, 4);
    m_comparisonHeadline = new QLabel(comparison);
    m_comparisonHeadline->setWordWrap(true);
    m_comparisonHeadline->setTextFormat(Qt::RichText);
    comparisonLayout->addWidget(m_comparisonHeadline);
    auto makeTable = [comparison](const QStringList& headers) {
        auto* table = new QTableWidget(0, int(headers.size()), comparison);
        table->setHorizontalHeaderLabels(headers);
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setStretchLastSection(true);
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
        return table;
    };
    m_comparisonTable = makeTable({ tr("Metric"), tr("A"), tr("B"), tr("B − A") });
    m_comparisonTable->setObjectName(QStringLiteral("ComparisonTable"));
    comparisonLayout->addWidget(m_comparisonTable, 3);
    comparisonLayout->addWidget(new QLabel(tr("Tasks that moved most (double-click to select)"), comparison));
    m_movedTable = makeTable({ tr("Task"), tr("Start Δ"), tr("End Δ"), tr("Duration Δ") });
    comparisonLayout->addWidget(m_movedTable, 2);
    connect(m_movedTable, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (QTableWidgetItem* item = m_movedTable->item(row, 0))
            goToTask(item->data(Qt::UserRole).toString());
    });
    m_comparisonDock->setWidget(comparison);
    addDockWidget(Qt::LeftDockWidgetArea, m_comparisonDock);
    tabifyDockWidget(metricsDock, m_comparisonDock);
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        QSettings settings;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open task graph"), settings.value(SettingsKeys::lastDirectory()).toString(),
            tr("Task graphs (*.json);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open &Default Sample"), this, &MainWindow::openDefaultSample);
    file->addAction(tr("&Import Trace…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] {
        QSettings settings;
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Chrome trace"), settings.value(SettingsKeys::lastDirectory()).toString(),
            tr("Chrome Trace Event JSON (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        m_clockByPath.erase(path); // an explicit import asks again when the trace has no clock
        importTrace(path);
    });
    file->addAction(tr("&Compare Two Files…"), this, [this] {
        QSettings settings;
        const QString directory = settings.value(SettingsKeys::lastDirectory()).toString();
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
    QAction* reloadAction = file->addAction(tr("Re&load"), QKeySequence::Refresh, this, &MainWindow::reload);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    m_exportActions[0] = exportMenu->addAction(tr("Optimized &Graph (JSON)…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        exportWithDialog(tr("Export optimized graph"), tr("Task graphs (*.json)"), QStringLiteral("json"), [this](const QString& p) { return exportGraph(p); });
    });
    m_exportActions[1] = exportMenu->addAction(tr("Chrome &Trace…"), this, [this] {
        exportWithDialog(tr("Export Chrome trace"), tr("Trace Event JSON (*.json)"), QStringLiteral("json"), [this](const QString& p) { return exportTrace(p); });
    });
    m_exportActions[2] = exportMenu->addAction(tr("View as &PNG / PDF…"), this, [this] {
        exportWithDialog(tr("Export view"), tr("PNG image (*.png);;PDF document (*.pdf)"), QStringLiteral("png"), [this](const QString& p) { return exportImage(p); });
    });
    m_exportActions[3] = exportMenu->addAction(tr("&Metrics (CSV)…"), this, [this] {
        exportWithDialog(tr("Export metrics"), tr("CSV (*.csv)"), QStringLiteral("csv"), [this](const QString& p) { return exportMetrics(p); });
    });
    m_exportActions[4] = exportMenu->addAction(tr("Run &Report (JSON)…"), this, [this] {
        exportWithDialog(tr("Export run report"), tr("JSON (*.json)"), QStringLiteral("json"), [this](const QString& p) { return exportReport(p); });
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undoStack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undoStack->createRedoAction(this, tr("&Redo"));
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

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* specCosts = run->addAction(tr("&Spec Costs Only (no extra cost terms)"), this, [this](bool on) {
        m_controller->setSpecCosts(on);
        QSettings().setValue(SettingsKeys::specCosts(), on);
        reload();
    });
    specCosts->setCheckable(true);
    specCosts->setChecked(QSettings().value(SettingsKeys::specCosts(), false).toBool());
    m_controller->setSpecCosts(specCosts->isChecked());
    QAction* cancel = run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape | Qt::SHIFT), m_controller, &RunController::cancel);
    run->addSeparator();
    m_sweepAction = run->addAction(tr("S&weep…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), this, [this] { openSweepDialog(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard and Mouse"), this, [this] {
        QMessageBox::information(this, tr("Navigation"),
            tr("<table>"
               "<tr><td><b>W / S</b></td><td>zoom in / out</td></tr>"
               "<tr><td><b>A / D</b></td><td>pan left / right</td></tr>"
               "<tr><td><b>Wheel</b></td><td>zoom at the cursor (Shift: pan)</td></tr>"
               "<tr><td><b>Drag</b></td><td>pan</td></tr>"
               "<tr><td><b>Shift+drag, right-drag</b></td><td>select a time range (statistics in the inspector)</td></tr>"
               "<tr><td><b>Click</b></td><td>select a task (details, dependency arrows)</td></tr>"
               "<tr><td><b>F / 0</b></td><td>fit the selection / fit all</td></tr>"
               "<tr><td><b>. / ,</b></td><td>next / previous task on the lane</td></tr>"
               "<tr><td><b>Esc</b></td><td>clear the selection</td></tr>"
               "</table>"));
    });
    help->addAction(tr("&About Lookahead"), this, [this] {
        QMessageBox::about(this, tr("About Lookahead"),
            tr("<b>Lookahead %1</b><br/>Schedule explorer and optimizer for AI-accelerator task graphs.").arg(QApplication::applicationVersion()));
    });

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(open);
    toolbar->addAction(reloadAction);
    toolbar->addSeparator();
    toolbar->addAction(undo);
    toolbar->addAction(redo);
    toolbar->addSeparator();
    toolbar->addAction(m_diffAction);
    toolbar->addAction(m_criticalAction);
    toolbar->addSeparator();
    toolbar->addAction(m_exportActions[0]);
    toolbar->addAction(cancel);
    cancel->setVisible(false);
    rebuildRecentMenu();
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
    if (!m_staged.active)
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
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Loading %1…").arg(path));
    m_loadErrorTitle = tr("Cannot open task graph");
    m_loadingPaths = { path };
    m_controller->loadFile(path);
}

void MainWindow::importTrace(const QString& path, const TraceImportOptions& options)
{
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Importing %1…").arg(path));
    m_loadErrorTitle = tr("Cannot import trace");
    m_loadingPaths = { path };
    m_controller->startImport(path, options);
}

void MainWindow::compareFiles(const QString& pathA, const QString& pathB)
{
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(pathB).absolutePath());
    statusBar()->showMessage(tr("Comparing %1 with %2…").arg(pathA, pathB));
    m_loadErrorTitle = tr("Cannot compare files");
    m_loadingPaths = { pathA, pathB };
    m_controller->startCompare(pathA, pathB);
}

void MainWindow::loadFailed(const QString& message)
{
    // Core errors name their file; a message that does not (a read error) gets it here.
    QString text = message;
    const bool named = std::any_of(m_loadingPaths.cbegin(), m_loadingPaths.cend(),
        [&](const QString& path) { return message.contains(QFileInfo(path).fileName()); });
    if (!named && !m_loadingPaths.isEmpty())
        text = tr("%1: %2").arg(m_loadingPaths.join(QStringLiteral(", ")), message);
    showError(m_loadErrorTitle.isEmpty() ? tr("Cannot open task graph") : m_loadErrorTitle, text);
}

void MainWindow::askForClock(const QString& path)
{
    if (auto known = m_clockByPath.find(path); known != m_clockByPath.end()) {
        TraceImportOptions options;
        options.clockMhz = known->second;
        importTrace(path, options);
        return;
    }
    if (m_staged.active) {
        showError(tr("Cannot import trace"), tr("%1: the trace has no clock frequency").arg(path));
        return;
    }
    bool ok = false;
    const double mhz = QInputDialog::getDouble(this, tr("Clock frequency"),
        tr("%1 gives no clock frequency (no workpoint.freq or otherData.clock_mhz).\n"
           "Durations are converted to cycles with this clock, in MHz:")
            .arg(QFileInfo(path).fileName()),
        1000.0, 0.001, 1e6, 3, &ok);
    if (!ok) {
        statusBar()->showMessage(tr("Import of %1 cancelled: no clock").arg(path), 6000);
        return;
    }
    m_clockByPath[path] = mhz;
    TraceImportOptions options;
    options.clockMhz = mhz;
    importTrace(path, options);
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
    if (!m_importDialog) {
        m_importDialog = new QDialog(this);
        m_importDialog->setObjectName(QStringLiteral("ImportSummaryDialog"));
        auto* layout = new QVBoxLayout(m_importDialog);
        m_importText = new QPlainTextEdit(m_importDialog);
        m_importText->setReadOnly(true);
        m_importText->setLineWrapMode(QPlainTextEdit::NoWrap);
        QFont mono(QStringLiteral("monospace"));
        mono.setStyleHint(QFont::Monospace);
        m_importText->setFont(mono);
        layout->addWidget(m_importText);
        auto* close = new QPushButton(tr("Close"), m_importDialog);
        connect(close, &QPushButton::clicked, m_importDialog, &QDialog::close);
        layout->addWidget(close, 0, Qt::AlignRight);
        m_importDialog->resize(760, 460);
    }
    m_importDialog->setWindowTitle(tr("Imported %1").arg(QFileInfo(path).fileName()));
    m_importText->setPlainText(tr("%1\n\n%2").arg(path, text));
    if (!m_staged.active) {
        m_importDialog->show(); // not modal: the graph is already on screen behind it
        m_importDialog->raise();
    }
}

QString MainWindow::importSummaryText() const
{
    return m_importText ? m_importText->toPlainText() : QString();
}

void MainWindow::openDefaultSample()
{
    QFile file(QStringLiteral(":/samples/default.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open the default sample"), file.errorString());
        return;
    }
    m_loadErrorTitle = tr("Cannot open the default sample");
    m_loadingPaths.clear();
    m_controller->loadBytes(file.readAll(), tr("default sample"));
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
    const TaskGraph& graph = *m_loaded->baseline->graph;
    const QString name = graph.name.empty() ? m_loaded->label : QString::fromStdString(graph.name);
    setWindowTitle(tr("%1 — Lookahead").arg(name));
    setWindowFilePath(m_loaded->path);
    if (!m_loaded->path.isEmpty())
        addRecentFile(m_loaded->path);
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
    if (m_staged.active && !m_staged.pipelineSent && !m_staged.pipeline.isEmpty()) {
        m_staged.pipelineSent = true;
        m_passPanel->showError(m_passPanel->setPipelineText(m_staged.pipeline));
    }
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
    m_runLabel->setText(tr("%1 tasks · rerun %2 ms").arg(m_result->graph->tasks.size()).arg(m_result->seconds * 1000, 0, 'f', 1));
    if (m_staged.awaitingSweepRun && m_result->pipeline == m_passPanel->pipelineText()) {
        m_staged.awaitingSweepRun = false;
        QTimer::singleShot(0, this, &MainWindow::takeStagedScreenshot);
    }
    if (m_staged.active && (m_staged.pipeline.isEmpty() || m_result->pipeline == m_passPanel->pipelineText()))
        QTimer::singleShot(0, this, &MainWindow::applyStagedState);
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
            m_view->setCaption(tr("B: %1 · makespan B − A %2 cycles (%3)")
                                   .arg(m_comparison->labelB)
                                   .arg(QLocale().toString(qlonglong(c.makespanB - c.makespanA)))
                                   .arg(c.makespanA ? QStringLiteral("%1%2 %").arg(c.makespanB >= c.makespanA ? QStringLiteral("+") : QString()).arg(100.0 * double(c.makespanB - c.makespanA) / double(c.makespanA), 0, 'f', 2) : QStringLiteral("—")));
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
    m_passPanel->setEnabled(false); // passes do not apply to a comparison
    m_passPanel->showRecords({});
    m_diffAction->setEnabled(false);
    m_sweepAction->setEnabled(false);
    m_closeComparisonAction->setEnabled(true);
    setDiffMode(true);
    fillComparisonDock();
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
    if (m_staged.active)
        QTimer::singleShot(0, this, &MainWindow::applyStagedState);
}

QString MainWindow::comparisonHeadline() const
{
    if (!m_comparison)
        return {};
    const auto& c = m_comparison->comparison;
    const std::int64_t delta = c.makespanB - c.makespanA;
    return tr("Makespan B − A: %1%2 cycles (%3 → %4)%5; %6 tasks changed, %7 only in A, %8 only in B")
        .arg(delta > 0 ? QStringLiteral("+") : QString())
        .arg(QLocale().toString(qlonglong(delta)))
        .arg(QLocale().toString(qlonglong(c.makespanA)))
        .arg(QLocale().toString(qlonglong(c.makespanB)))
        .arg(c.makespanA ? QStringLiteral(", %1%2 %").arg(delta > 0 ? QStringLiteral("+") : QString()).arg(100.0 * double(delta) / double(c.makespanA), 0, 'f', 2) : QString())
        .arg(c.changed)
        .arg(c.onlyInA)
        .arg(c.onlyInB);
}

void MainWindow::fillComparisonDock()
{
    const ScheduleComparison& c = m_comparison->comparison;
    m_comparisonHeadline->setText(tr("<b>A</b> %1 (top) · <b>B</b> %2 (bottom)<br/>%3")
                                      .arg(m_comparison->labelA.toHtmlEscaped(), m_comparison->labelB.toHtmlEscaped(), comparisonHeadline().toHtmlEscaped()));
    m_comparisonTable->setRowCount(0);
    // Lower is better for time and stall; busy time and task counts are only different.
    enum class Better { Lower, Neither };
    auto add = [this](const QString& metric, double a, double b, Better better, bool percent = false) {
        const int row = m_comparisonTable->rowCount();
        m_comparisonTable->insertRow(row);
        auto number = [percent](double value) {
            return percent ? QStringLiteral("%1 %").arg(value * 100, 0, 'f', 1) : QLocale().toString(value, 'f', 0);
        };
        const double delta = b - a;
        const QString deltaText = percent ? QStringLiteral("%1%2 pt").arg(delta > 0 ? QStringLiteral("+") : QString()).arg(delta * 100, 0, 'f', 1)
                                          : QStringLiteral("%1%2").arg(delta > 0 ? QStringLiteral("+") : QString(), QLocale().toString(delta, 'f', 0));
        const QString relative = (!percent && a != 0 && delta != 0) ? QStringLiteral(" (%1%2 %)").arg(delta > 0 ? QStringLiteral("+") : QString()).arg(100.0 * delta / a, 0, 'f', 2) : QString();
        const QString cells[] = { metric, number(a), number(b), deltaText + relative };
        for (int column = 0; column < 4; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column >= 3 && better == Better::Lower && delta != 0)
                item->setForeground(delta < 0 ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb1, 0x1b, 0x1b));
            m_comparisonTable->setItem(row, column, item);
        }
    };
    add(tr("Makespan (cycles)"), double(c.makespanA), double(c.makespanB), Better::Lower);
    add(tr("Total stall (cycles)"), double(c.totalStallA), double(c.totalStallB), Better::Lower);
    add(tr("Tasks"), double(c.tasksA), double(c.tasksB), Better::Neither);
    for (const ExecutorComparison& e : c.executors) {
        const QString name = QString::fromStdString(e.name) + (e.inA && e.inB ? QString() : e.inA ? tr(" (only A)") : tr(" (only B)"));
        add(tr("%1 busy (cycles)").arg(name), double(e.busyA), double(e.busyB), Better::Neither);
        add(tr("%1 utilisation").arg(name), e.utilisationA, e.utilisationB, Better::Neither, true);
        add(tr("%1 tasks").arg(name), double(e.tasksA), double(e.tasksB), Better::Neither);
    }

    m_movedTable->setRowCount(0);
    constexpr std::size_t kMaxListed = 200;
    const std::vector<std::size_t> moved = c.changedByImpact();
    for (std::size_t i = 0; i < moved.size() && i < kMaxListed; ++i) {
        const TaskComparison& task = c.tasks[moved[i]];
        const int row = m_movedTable->rowCount();
        m_movedTable->insertRow(row);
        auto* name = new QTableWidgetItem(task.name.empty() || task.name == task.id ? QString::fromStdString(task.id)
                                                                                      : QStringLiteral("%1 (%2)").arg(QString::fromStdString(task.name), QString::fromStdString(task.id)));
        name->setData(Qt::UserRole, QString::fromStdString(task.id));
        m_movedTable->setItem(row, 0, name);
        const std::int64_t deltas[] = { task.startDelta(), task.endDelta(), task.durationDelta() };
        for (int column = 1; column < 4; ++column) {
            auto* item = new QTableWidgetItem(QLocale().toString(qlonglong(deltas[column - 1])));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_movedTable->setItem(row, column, item);
        }
    }
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
        openDefaultSample();
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

void MainWindow::goToTask(const QString& taskId)
{
    m_state->setSelectedTaskId(taskId);
    m_view->fitSelection();
}

void MainWindow::addRecentFile(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(SettingsKeys::recentFiles()).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > SettingsKeys::kMaxRecentFiles)
        recent.removeLast();
    settings.setValue(SettingsKeys::recentFiles(), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(SettingsKeys::recentFiles()).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(SettingsKeys::recentFiles());
            rebuildRecentMenu();
        });
    }
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message, 10000);
    if (m_staged.active) {
        qWarning("%s: %s", qPrintable(title), qPrintable(message));
        QTimer::singleShot(0, qApp, [] { QApplication::exit(2); });
        return;
    }
    QMessageBox box(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("ErrorDialog"));
    box.exec();
}

template <typename Export>
void MainWindow::exportWithDialog(const QString& title, const QString& filter, const QString& suffix, Export exporter)
{
    if (!m_loaded) {
        showError(title, tr("Nothing to export: no task graph is loaded."));
        return;
    }
    QSettings settings;
    QFileDialog dialog(this, title, settings.value(SettingsKeys::lastDirectory()).toString(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().first();
    if (exporter(path))
        statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
}

bool MainWindow::writeText(const QString& path, const std::string& content, const QString& what)
{
    // Never over the input: an export that replaces the loaded file would lose the original.
    const QString target = QFileInfo(path).absoluteFilePath();
    const bool overInput = (m_loaded && !m_loaded->path.isEmpty() && target == QFileInfo(m_loaded->path).absoluteFilePath())
        || (m_comparison && target == QFileInfo(m_comparison->pathB).absoluteFilePath());
    if (overInput) {
        showError(tr("Export failed"), tr("%1: refusing to write the %2 over the loaded input").arg(path, what));
        return false;
    }
    Status status = writeFileAtomically(path.toStdString(), content);
    if (!status.ok()) {
        showError(tr("Export failed"), tr("Cannot write the %1: %2").arg(what, QString::fromStdString(status.error().toString())));
        return false;
    }
    return true;
}

bool MainWindow::exportGraph(const QString& path)
{
    if (!m_loaded)
        return false;
    const auto shown = m_result ? m_result : m_loaded->baseline;
    GraphWriteOptions options;
    options.schedule = shown->schedule.get();
    options.newPasses = provenanceOf(shown->passes);
    return writeText(path, writeTaskGraph(*shown->graph, options), tr("optimized graph"));
}

bool MainWindow::exportTrace(const QString& path)
{
    if (!m_loaded)
        return false;
    const auto shown = m_result ? m_result : m_loaded->baseline;
    return writeText(path, writeChromeTrace(*shown->graph, *shown->schedule), tr("Chrome trace"));
}

bool MainWindow::exportReport(const QString& path)
{
    if (!m_loaded)
        return false;
    const auto shown = m_result ? m_result : m_loaded->baseline;
    RunSummary summary;
    summary.before = m_loaded->baseline->graph.get();
    summary.scheduleBefore = m_loaded->baseline->schedule.get();
    summary.after = shown->graph.get();
    summary.scheduleAfter = shown->schedule.get();
    summary.passes = &shown->passes;
    summary.pipeline = shown->pipeline.toStdString();
    summary.specCosts = m_controller->specCosts();
    return writeText(path, makeRunReport(summary).dump(2) + "\n", tr("run report"));
}

bool MainWindow::exportMetrics(const QString& path)
{
    return writeText(path, m_metrics->model()->toCsv().toStdString(), tr("metrics"));
}

bool MainWindow::exportImage(const QString& path)
{
    QCustomPlot* plot = m_view->plot();
    bool ok = false;
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        ok = plot->savePdf(path);
    else if (m_diffMode)
        ok = m_timelineSplit->grab().save(path, "PNG");
    else
        ok = plot->savePng(path);
    if (!ok)
        showError(tr("Export failed"), tr("Cannot write the view to %1").arg(path));
    return ok;
}

bool MainWindow::startFromArguments(const QStringList& arguments)
{
    QString file;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        auto next = [&]() -> QString { return i + 1 < arguments.size() ? arguments.at(++i) : QString(); };
        if (arg == QStringLiteral("--screenshot"))
            m_staged.screenshot = next();
        else if (arg == QStringLiteral("--pipeline"))
            m_staged.pipeline = next();
        else if (arg == QStringLiteral("--select"))
            m_staged.select = next();
        else if (arg == QStringLiteral("--search"))
            m_staged.search = next();
        else if (arg == QStringLiteral("--range"))
            m_staged.range = next();
        else if (arg == QStringLiteral("--zoom"))
            m_staged.zoom = next();
        else if (arg == QStringLiteral("--compare")) {
            m_staged.compareA = next();
            m_staged.compareB = next();
        } else if (arg == QStringLiteral("--sweep"))
            m_staged.sweep = next();
        else if (arg == QStringLiteral("--diff"))
            m_staged.diff = true;
        else if (arg == QStringLiteral("--critical"))
            m_staged.critical = true;
        else if (arg == QStringLiteral("--size")) {
            const QStringList parts = next().split(QLatin1Char('x'));
            if (parts.size() == 2)
                m_staged.size = QSize(parts[0].toInt(), parts[1].toInt());
        } else if (arg.startsWith(QStringLiteral("--"))) {
            qWarning("lookahead: unknown option %s", qPrintable(arg));
            return false;
        } else
            file = arg;
    }
    m_staged.active = !m_staged.screenshot.isEmpty();
    if (m_staged.active) {
        resize(m_staged.size.isValid() ? m_staged.size : QSize(1920, 1080));
    } else if (!m_staged.pipeline.isEmpty()) {
        m_passPanel->showError(m_passPanel->setPipelineText(m_staged.pipeline));
    }
    if (!m_staged.compareA.isEmpty()) {
        if (m_staged.compareB.isEmpty() || !file.isEmpty()) {
            qWarning("lookahead: --compare takes two files, A and B, and no other file");
            return false;
        }
        compareFiles(m_staged.compareA, m_staged.compareB);
    } else if (file.isEmpty())
        openDefaultSample();
    else
        openFile(file);
    return true;
}

void MainWindow::applyStagedState()
{
    if (!m_staged.active)
        return;
    m_staged.active = false; // once
    if (m_staged.diff)
        setDiffMode(true);
    if (m_staged.critical)
        m_criticalAction->trigger();
    if (!m_staged.search.isEmpty()) {
        m_inspector->showSearch();
        m_inspector->searchEdit()->setText(m_staged.search);
    }
    auto parseRange = [](const QString& text, double& from, double& to) {
        const QStringList parts = text.split(QLatin1Char(':'));
        if (parts.size() != 2)
            return false;
        from = parts[0].toDouble();
        to = parts[1].toDouble();
        return to > from;
    };
    double from = 0, to = 0;
    if (!m_staged.select.isEmpty()) {
        m_state->setSelectedTaskId(m_staged.select);
        m_view->fitSelection();
    }
    if (parseRange(m_staged.range, from, to))
        m_state->setRangeSelection(std::int64_t(from), std::int64_t(to));
    if (parseRange(m_staged.zoom, from, to))
        m_state->setVisibleRange(from, to);
    if (!m_staged.sweep.isEmpty())
        runStagedSweep();
    else
        QTimer::singleShot(400, this, &MainWindow::takeStagedScreenshot);
}

void MainWindow::runStagedSweep()
{
    auto variation = parseSweepVariation(m_staged.sweep.toStdString());
    SweepDialog* dialog = openSweepDialog();
    if (!variation.ok() || !dialog || variation.value().values.size() < 2) {
        qWarning("lookahead: --sweep %s: %s", qPrintable(m_staged.sweep),
            variation.ok() ? "cannot open the sweep dialog or fewer than two values" : variation.error().toString().c_str());
        QApplication::exit(2);
        return;
    }
    const SweepVariation& v = variation.value();
    const auto& values = v.values;
    const qint64 from = QString::fromStdString(values.front()).toLongLong();
    const qint64 step = QString::fromStdString(values[1]).toLongLong() - from;
    if (!dialog->setVariation(QString::fromStdString(v.pass), QString::fromStdString(v.option), from, QString::fromStdString(values.back()).toLongLong(), step)) {
        qWarning("lookahead: --sweep %s: not an integer option of a pass", qPrintable(m_staged.sweep));
        QApplication::exit(2);
        return;
    }
    dialog->resize(800, 720);
    connect(dialog, &SweepDialog::sweepFinished, this, [this, dialog](bool ok, const QString& message) {
        if (!ok) {
            qWarning("lookahead: sweep failed: %s", qPrintable(message));
            QApplication::exit(1);
            return;
        }
        // Apply the best point, as a click would, and render once the rerun shows it.
        const auto& points = dialog->result()->points;
        int best = 0;
        for (int i = 1; i < int(points.size()); ++i)
            if (points[std::size_t(i)].makespan < points[std::size_t(best)].makespan)
                best = i;
        const QString before = m_passPanel->pipelineText();
        m_staged.awaitingSweepRun = true;
        dialog->choosePoint(best);
        if (m_passPanel->pipelineText() == before) {
            m_staged.awaitingSweepRun = false;
            QTimer::singleShot(0, this, &MainWindow::takeStagedScreenshot);
        }
    }, Qt::SingleShotConnection);
    dialog->start();
}

void MainWindow::takeStagedScreenshot()
{
    const QString path = m_staged.screenshot;
    QTimer::singleShot(400, this, [this, path] {
        m_view->replotNow();
        m_baselineView->replotNow();
        QPixmap image = grab();
        if (m_sweepDialog && m_sweepDialog->isVisible()) {
            // The dialog is a window of its own; draw it over the main window where it stands.
            QPainter painter(&image);
            const QPixmap dialog = m_sweepDialog->grab();
            const QPoint at = m_sweepDialog->geometry().topLeft() - geometry().topLeft();
            const QRect inside = image.rect().adjusted(0, 0, -dialog.width(), -dialog.height());
            const QPoint clamped(std::clamp(at.x(), 0, std::max(0, inside.right())), std::clamp(at.y(), 0, std::max(0, inside.bottom())));
            painter.fillRect(QRect(clamped + QPoint(4, 4), dialog.size()), QColor(0, 0, 0, 60));
            painter.drawPixmap(clamped, dialog);
            painter.setPen(QColor(120, 120, 120));
            painter.drawRect(QRect(clamped, dialog.size()).adjusted(0, 0, -1, -1));
        }
        const bool ok = image.save(path);
        qInfo("lookahead: %s %s", ok ? "wrote" : "could not write", qPrintable(path));
        QApplication::exit(ok ? 0 : 1);
    });
}

} // namespace lookahead
