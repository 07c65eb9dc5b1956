#include "MainActions.h"

#include "FileOpener.h"
#include "GanttView.h"
#include "GanttViewState.h"
#include "MainWindow.h"
#include "PlatformMenu.h"
#include "RecentFiles.h"
#include "RunController.h"
#include "SettingsKeys.h"
#include "TaskInspector.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

namespace lookahead {

MainActions::MainActions(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    createFileMenu();
    createEditAndViewMenus();
    createRunAndHelpMenus();
    createToolbar();
}

void MainActions::createFileMenu()
{
    QMenu* file = m_window->menuBar()->addMenu(tr("&File"));
    open = file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open task graph"),
            QSettings().value(SettingsKeys::lastDirectory()).toString(), tr("Task graphs (*.json);;All files (*)"));
        if (!path.isEmpty())
            m_window->openFile(path);
    });
    m_window->recentFiles()->attachMenu(file->addMenu(tr("Open &Recent")));
    file->addAction(tr("Open &Default Sample"), m_window, &MainWindow::openDefaultSample);
    importTrace = file->addAction(tr("&Import Trace…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Import Chrome trace"),
            QSettings().value(SettingsKeys::lastDirectory()).toString(),
            tr("Chrome Trace Event JSON (*.json);;All files (*)"));
        if (path.isEmpty())
            return;
        m_window->fileOpener()->forgetClock(path); // an explicit import asks again when the trace has no clock
        m_window->importTrace(path);
    });
    file->addAction(tr("&Compare Two Files…"), this, [this] {
        const QString directory = QSettings().value(SettingsKeys::lastDirectory()).toString();
        const QString filter = tr("Task graphs and traces (*.json);;All files (*)");
        const QString pathA
            = QFileDialog::getOpenFileName(m_window, tr("Compare: file A (reference, shown above)"), directory, filter);
        if (pathA.isEmpty())
            return;
        const QString pathB = QFileDialog::getOpenFileName(
            m_window, tr("Compare: file B (shown below, deltas are B − A)"), QFileInfo(pathA).absolutePath(), filter);
        if (!pathB.isEmpty())
            m_window->compareFiles(pathA, pathB);
    });
    closeComparison = file->addAction(
        tr("C&lose Comparison"), QKeySequence(Qt::CTRL | Qt::Key_W), m_window, &MainWindow::closeComparison);
    closeComparison->setEnabled(false);
    reload = file->addAction(tr("Re&load"), QKeySequence::Refresh, m_window, &MainWindow::reload);
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportGraph
        = exportMenu->addAction(tr("Optimized &Graph (JSON)…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
              exportWithDialog(tr("Export optimized graph"), tr("Task graphs (*.json)"), QStringLiteral("json"),
                  &MainWindow::exportGraph);
          });
    exportMenu->addAction(tr("Chrome &Trace…"), this, [this] {
        exportWithDialog(tr("Export Chrome trace"), tr("Trace Event JSON (*.json)"), QStringLiteral("json"),
            &MainWindow::exportTrace);
    });
    exportMenu->addAction(tr("View as &PNG / PDF…"), this, [this] {
        exportWithDialog(tr("Export view"), tr("PNG image (*.png);;PDF document (*.pdf)"), QStringLiteral("png"),
            &MainWindow::exportImage);
    });
    exportMenu->addAction(tr("&Metrics (CSV)…"), this, [this] {
        exportWithDialog(tr("Export metrics"), tr("CSV (*.csv)"), QStringLiteral("csv"), &MainWindow::exportMetrics);
    });
    exportMenu->addAction(tr("Run &Report (JSON)…"), this, [this] {
        exportWithDialog(
            tr("Export run report"), tr("JSON (*.json)"), QStringLiteral("json"), &MainWindow::exportReport);
    });
    exportMenu->addAction(tr("&Compiler Settings…"), this, [this] {
        exportWithDialog(tr("Export compiler settings"), tr("Text (*.txt);;JSON (*.json)"), QStringLiteral("txt"),
            &MainWindow::exportCompilerSettings);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);
}

void MainActions::createEditAndViewMenus()
{
    QMenu* edit = m_window->menuBar()->addMenu(tr("&Edit"));
    undo = m_window->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    redo = m_window->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Find Task…"), QKeySequence::Find, this, [this] { m_window->inspector()->showSearch(); });
    edit->addAction(tr("Clear &Selection"), this, [this] {
        m_window->viewState()->setSelectedTaskId({});
        m_window->viewState()->clearRangeSelection();
    });

    view = m_window->menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit All"), QKeySequence(Qt::Key_0), m_window->ganttView(), &GanttView::fitAll);
    view->addAction(tr("Fit &Selection"), QKeySequence(Qt::Key_F), m_window->ganttView(), &GanttView::fitSelection);
    view->addSeparator();
    diff = view->addAction(tr("&Diff Against Baseline"), m_window, &MainWindow::setDiffMode);
    diff->setCheckable(true);
    diff->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    criticalPath
        = view->addAction(tr("Highlight &Critical Path"), m_window->viewState(), &GanttViewState::setCriticalPathShown);
    criticalPath->setCheckable(true);
    criticalPath->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction* deps
        = view->addAction(tr("Show &Dependency Arrows"), m_window->viewState(), &GanttViewState::setDependenciesShown);
    deps->setCheckable(true);
    deps->setChecked(true);
    view->addSeparator();
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
}

void MainActions::createRunAndHelpMenus()
{
    QMenu* run = m_window->menuBar()->addMenu(tr("&Run"));
    QAction* specCosts = run->addAction(tr("&Spec Costs Only (no extra cost terms)"), this, [this](bool on) {
        m_window->controller()->setSpecCosts(on);
        QSettings().setValue(SettingsKeys::specCosts(), on);
        m_window->reload();
    });
    specCosts->setCheckable(true);
    specCosts->setChecked(QSettings().value(SettingsKeys::specCosts(), false).toBool());
    m_window->controller()->setSpecCosts(specCosts->isChecked());
    cancel = run->addAction(
        tr("&Cancel"), QKeySequence(Qt::Key_Escape | Qt::SHIFT), m_window->controller(), &RunController::cancel);
    run->addSeparator();
    sweep = run->addAction(
        tr("S&weep…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), this, [this] { m_window->openSweepDialog(); });

    // Platform: reload (re-import a recording, re-run a graph) on another preset or platform file.
    platform = new PlatformMenu(m_window);
    m_window->menuBar()->addMenu(platform);
    connect(platform, &PlatformMenu::platformChosen, this, [this](const QString& name) {
        m_window->controller()->setPlatform(name);
        m_window->reload();
    });

    QMenu* help = m_window->menuBar()->addMenu(tr("&Help"));
    shortcuts = help->addAction(tr("&Keyboard and Mouse"), m_window, &MainWindow::showShortcuts);
    shortcuts->setShortcut(QKeySequence(Qt::Key_Question));
    help->addAction(tr("&About Lookahead"), this, [this] {
        QMessageBox::about(m_window, tr("About Lookahead"),
            tr("<b>Lookahead %1</b><br/>Schedule explorer and optimizer for AI-accelerator task graphs.")
                .arg(QApplication::applicationVersion()));
    });
}

void MainActions::createToolbar()
{
    QToolBar* toolbar = m_window->addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("MainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(open);
    toolbar->addAction(reload);
    toolbar->addSeparator();
    toolbar->addAction(undo);
    toolbar->addAction(redo);
    toolbar->addSeparator();
    toolbar->addAction(diff);
    toolbar->addAction(criticalPath);
    toolbar->addSeparator();
    toolbar->addAction(exportGraph);
    toolbar->addAction(cancel);
    cancel->setVisible(false);
}

void MainActions::exportWithDialog(
    const QString& title, const QString& filter, const QString& suffix, bool (MainWindow::*exporter)(const QString&))
{
    if (!m_window->hasGraph()) {
        m_window->showError(title, tr("Nothing to export: no task graph is loaded."));
        return;
    }
    QFileDialog dialog(m_window, title, QSettings().value(SettingsKeys::lastDirectory()).toString(), filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    const QString path = dialog.selectedFiles().first();
    if ((m_window->*exporter)(path))
        m_window->statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
}

} // namespace lookahead
