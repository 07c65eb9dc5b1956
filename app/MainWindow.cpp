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
#include "TaskInspector.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/RunReport.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

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
    connect(m_controller, &RunController::loadFailed, this, [this](const QString& message) {
        showError(tr("Cannot open task graph"), message);
        if (m_staged.active)
            QTimer::singleShot(0, qApp, [] { QApplication::exit(2); });
    });
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
    // File > Import is where trace import will live (another engineer's TraceImport* widgets).
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
    // Run > (sweep dialog will be added here by the Sweep* widgets.)

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
    m_controller->loadFile(path);
}

void MainWindow::openDefaultSample()
{
    QFile file(QStringLiteral(":/samples/default.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot open the default sample"), file.errorString());
        return;
    }
    m_controller->loadBytes(file.readAll(), tr("default sample"));
}

void MainWindow::reload()
{
    if (m_loaded && !m_loaded->path.isEmpty())
        m_controller->loadFile(m_loaded->path);
    else
        openDefaultSample();
}

void MainWindow::graphLoaded(std::shared_ptr<const LoadedGraph> loaded)
{
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
}

void MainWindow::runFinished(std::shared_ptr<const ScheduleSnapshot> result)
{
    m_result = std::move(result);
    showSnapshots();
    m_passPanel->showRecords(m_result->passes);
    m_runLabel->setText(tr("%1 tasks · rerun %2 ms").arg(m_result->graph->tasks.size()).arg(m_result->seconds * 1000, 0, 'f', 1));
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
        m_view->setCaption(tr("Optimized: %1").arg(shown->pipeline.isEmpty() ? tr("(no passes)") : shown->pipeline));
    } else {
        m_view->setSnapshot(shown, shown->gantt, GanttViewState::ColourMode::ByKernel);
        m_view->setCaption({});
    }
    m_legend->setData(shown->gantt.get(), m_diffMode ? GanttViewState::ColourMode::ByMovement : GanttViewState::ColourMode::ByKernel);
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
    if (m_loaded && !m_loaded->path.isEmpty() && QFileInfo(path).absoluteFilePath() == QFileInfo(m_loaded->path).absoluteFilePath()) {
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
    if (file.isEmpty())
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
    const QString path = m_staged.screenshot;
    QTimer::singleShot(400, this, [this, path] {
        m_view->replotNow();
        m_baselineView->replotNow();
        const bool ok = grab().save(path);
        qInfo("lookahead: %s %s", ok ? "wrote" : "could not write", qPrintable(path));
        QApplication::exit(ok ? 0 : 1);
    });
}

} // namespace lookahead
