#pragma once

// The explorer's main window: the timeline in the centre (one or, in diff mode, two GanttViews on a
// shared view state), the pass panel on the left, the inspector on the right, metrics at the bottom.
// All computation goes through the RunController; this class only wires and exports.
//
// Besides one graph and its optimized run, the window can show a comparison of two files (File >
// Compare Two Files): A in the upper half, B below, the pass panel off, the per-executor deltas in
// the Comparison dock; File > Close Comparison returns to the graph that was open before.

#include "ScheduleSnapshot.h"

#include "lookahead/ChromeTraceImporter.h"

#include <QMainWindow>
#include <QStringList>

class QAction;
class QDialog;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QSplitter;
class QToolButton;
class QUndoStack;

namespace lookahead {

class ComparisonMode;
class ComparisonPanel;
class DecisionsPanel;
class DockLayout;
class ShortcutsDialog;
class StartPage;
class CompilerSettingsPanel;
class FileOpener;
class GanttView;
class GanttViewState;
class ImportSummaryDialog;
class LegendBar;
class MainActions;
class MetricsPanel;
class PassPanel;
class RecentFiles;
class RunController;
class ScreenshotStager;
class SweepDialog;
class SweepLauncher;
class TaskInspector;
struct ExportSource;
struct LoadedComparison;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    void openDefaultSample();
    /// File > Import Trace: a Chrome trace, off the GUI thread; the summary is shown afterwards, and
    /// the clock is asked for when the trace has none.
    void importTrace(const QString& path, const TraceImportOptions& options = {});
    /// File > Compare Two Files: A above (the reference), B below, in diff mode.
    void compareFiles(const QString& pathA, const QString& pathB);
    /// Leaves the comparison and shows the graph that was open before it.
    void closeComparison();
    bool isComparing() const { return m_comparison != nullptr; }
    const LoadedComparison* comparison() const { return m_comparison.get(); }
    /// Run > Sweep: the sweep dialog on the loaded graph and the panel's pipeline (nullptr when
    /// nothing is loaded or a comparison is shown).
    SweepDialog* openSweepDialog();
    /// `lookahead [FILE] [developer options]`; returns false when the arguments are wrong. The
    /// developer options stage a state and render it (ScreenshotStager).
    bool startFromArguments(const QStringList& arguments);
    /// View > Diff Against Baseline: the baseline above, the optimized run below.
    void setDiffMode(bool on);
    /// Selects the first of `taskIds` in the schedule shown and frames it with the others (a row of
    /// the Decisions dock: the task a decision is about and the tasks around it).
    void frameTasks(const QStringList& taskIds);
    /// Help > Keyboard and Mouse, `?`.
    ShortcutsDialog* showShortcuts();
    /// The start page (nothing loaded, or a failed load with nothing loaded before) instead of the timeline.
    bool isStartPageShown() const;
    StartPage* startPage() const { return m_startPage; }
    DecisionsPanel* decisionsPanel() const { return m_decisions; }

    RunController* controller() const { return m_controller; }
    PassPanel* passPanel() const { return m_passPanel; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    GanttView* ganttView() const { return m_view; }
    GanttView* baselineView() const { return m_baselineView; }
    GanttViewState* viewState() const { return m_state; }
    TaskInspector* inspector() const { return m_inspector; }
    QAction* criticalPathAction() const;
    RecentFiles* recentFiles() const { return m_recentFiles; }
    FileOpener* fileOpener() const { return m_opener; }
    /// A graph (or a comparison) is loaded: there is something to export.
    bool hasGraph() const { return m_loaded != nullptr; }
    /// File > Reload: the comparison, the file, or the embedded sample again.
    void reload();
    /// An error dialog (and the status bar); on the start page when nothing is loaded. While a
    /// screenshot is staged it ends the program instead (exit code 2).
    void showError(const QString& title, const QString& message);
    bool isDiffMode() const { return m_diffMode; }
    QUndoStack* undoStack() const { return m_undoStack; }
    SweepDialog* sweepDialog() const;
    /// The last import's summary dialog (nullptr before the first import).
    QDialog* importSummaryDialog() const;
    QString importSummaryText() const;
    ComparisonPanel* comparisonPanel() const;
    CompilerSettingsPanel* compilerSettings() const { return m_compilerSettings; }
    QString comparisonHeadline() const;

    bool exportGraph(const QString& path);
    bool exportTrace(const QString& path);
    bool exportImage(const QString& path); ///< PNG or PDF by suffix.
    bool exportMetrics(const QString& path);
    bool exportReport(const QString& path);
    bool exportCompilerSettings(const QString& path); ///< JSON for `.json`, else text.

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDocks();
    void createStatusBar();
    void connectController();
    void graphLoaded(std::shared_ptr<const LoadedGraph> loaded);
    void runFinished(std::shared_ptr<const ScheduleSnapshot> result);
    void traceImported(const QString& path, const std::shared_ptr<const TraceImportSummary>& summary);
    void comparisonLoaded(std::shared_ptr<const LoadedComparison> comparison);
    void showComparisonMode(bool entering);
    void leaveComparisonView();
    void showSnapshots();
    void goToTask(const QString& taskId);
    void connectStartPage();
    void showStartPage(bool shown);
    ExportSource exportSource() const;
    bool reportExport(const QString& error);

    GanttViewState* m_state;
    RunController* m_controller;
    QUndoStack* m_undoStack;
    RecentFiles* m_recentFiles;
    FileOpener* m_opener;
    QStackedWidget* m_pages = nullptr; ///< The start page, or the timeline.
    StartPage* m_startPage = nullptr;
    QSplitter* m_timelineSplit;
    GanttView* m_baselineView;
    GanttView* m_view;
    LegendBar* m_legend;
    PassPanel* m_passPanel = nullptr;
    TaskInspector* m_inspector = nullptr;
    MetricsPanel* m_metrics = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QLabel* m_runLabel = nullptr;
    ComparisonMode* m_comparisonMode = nullptr;
    DecisionsPanel* m_decisions = nullptr;
    ShortcutsDialog* m_shortcuts = nullptr;
    CompilerSettingsPanel* m_compilerSettings = nullptr;
    ImportSummaryDialog* m_importDialog = nullptr;
    SweepLauncher* m_sweep = nullptr;
    DockLayout* m_docks = nullptr;
    MainActions* m_actions = nullptr;
    bool m_diffMode = false;
    std::shared_ptr<const LoadedGraph> m_loaded;
    std::shared_ptr<const ScheduleSnapshot> m_result;
    std::shared_ptr<const LoadedComparison> m_comparison;
    std::shared_ptr<const LoadedGraph> m_beforeComparison; ///< Shown again when the comparison closes.
    bool m_diffBeforeComparison = false;
    ScreenshotStager* m_stager = nullptr;
};

} // namespace lookahead
