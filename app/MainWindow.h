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

#include <map>

class QDialog;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;
class QUndoStack;
class QAction;
class QDockWidget;

namespace lookahead {

class GanttView;
class GanttViewState;
class LegendBar;
class MetricsPanel;
class PassPanel;
class RunController;
class SweepDialog;
class TaskInspector;
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
    /// `lookahead [FILE] [developer options]`; returns false when the arguments are wrong.
    /// Developer options stage a state and render it (docs screenshots): --screenshot FILE, --size WxH,
    /// --pipeline TEXT, --select ID, --range FROM:TO, --zoom FROM:TO, --diff, --critical, --search TEXT,
    /// --compare A B (instead of FILE), --sweep PASS.OPTION=FROM:TO:STEP (runs the sweep, applies the
    /// best value and renders the window with the dialog over it).
    bool startFromArguments(const QStringList& arguments);

    RunController* controller() const { return m_controller; }
    PassPanel* passPanel() const { return m_passPanel; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    GanttView* ganttView() const { return m_view; }
    GanttView* baselineView() const { return m_baselineView; }
    bool isDiffMode() const { return m_diffMode; }
    QUndoStack* undoStack() const { return m_undoStack; }
    SweepDialog* sweepDialog() const { return m_sweepDialog; }
    /// The last import's summary dialog (nullptr before the first import).
    QDialog* importSummaryDialog() const { return m_importDialog; }
    QString importSummaryText() const;
    QTableWidget* comparisonTable() const { return m_comparisonTable; }
    QString comparisonHeadline() const;

    bool exportGraph(const QString& path);
    bool exportTrace(const QString& path);
    bool exportImage(const QString& path); ///< PNG or PDF by suffix.
    bool exportMetrics(const QString& path);
    bool exportReport(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createDocks();
    void restoreLayout();
    void saveLayout();
    void graphLoaded(std::shared_ptr<const LoadedGraph> loaded);
    void runFinished(std::shared_ptr<const ScheduleSnapshot> result);
    void traceImported(const QString& path, std::shared_ptr<const TraceImportSummary> summary);
    void askForClock(const QString& path);
    void comparisonLoaded(std::shared_ptr<const LoadedComparison> comparison);
    void fillComparisonDock();
    void leaveComparisonView();
    void applySweepValue(const QString& pass, const QString& option, const QString& value);
    void loadFailed(const QString& message);
    void setDiffMode(bool on);
    void showSnapshots();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void reload();
    void goToTask(const QString& taskId);
    void showError(const QString& title, const QString& message);
    bool writeText(const QString& path, const std::string& content, const QString& what);
    template <typename Export> void exportWithDialog(const QString& title, const QString& filter, const QString& suffix, Export exporter);
    void applyStagedState();
    void runStagedSweep();
    void takeStagedScreenshot();

    GanttViewState* m_state;
    RunController* m_controller;
    QUndoStack* m_undoStack;
    QSplitter* m_timelineSplit;
    GanttView* m_baselineView;
    GanttView* m_view;
    LegendBar* m_legend;
    PassPanel* m_passPanel = nullptr;
    TaskInspector* m_inspector = nullptr;
    MetricsPanel* m_metrics = nullptr;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QLabel* m_runLabel;
    QLabel* m_modeLabel;            ///< "Comparing A with B" while a comparison is shown.
    QToolButton* m_closeComparison; ///< Beside it in the status bar.
    QDockWidget* m_comparisonDock = nullptr;
    QLabel* m_comparisonHeadline = nullptr;
    QTableWidget* m_comparisonTable = nullptr;
    QTableWidget* m_movedTable = nullptr; ///< The tasks that moved most.
    QDialog* m_importDialog = nullptr;
    QPlainTextEdit* m_importText = nullptr;
    SweepDialog* m_sweepDialog = nullptr;
    const TaskGraph* m_sweepGraph = nullptr; ///< The graph the sweep dialog was given.
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_diffAction = nullptr;
    QAction* m_criticalAction = nullptr;
    QAction* m_closeComparisonAction = nullptr;
    QAction* m_sweepAction = nullptr;
    QAction* m_exportActions[5] = {};
    bool m_diffMode = false;
    std::shared_ptr<const LoadedGraph> m_loaded;
    std::shared_ptr<const ScheduleSnapshot> m_result;
    std::shared_ptr<const LoadedComparison> m_comparison;
    std::shared_ptr<const LoadedGraph> m_beforeComparison; ///< Shown again when the comparison closes.
    bool m_diffBeforeComparison = false;
    QSize m_leftDockSizeBeforeComparison; ///< The pass dock's size, given back when the comparison closes.
    QString m_loadErrorTitle;  ///< Title of the error dialog of the load in flight.
    QStringList m_loadingPaths; ///< Files of the load in flight (an error must name them).
    std::map<QString, double> m_clockByPath; ///< Clocks (MHz) the user gave for traces without one.

    struct StagedState {
        QString screenshot, pipeline, select, search;
        QString range, zoom;
        QSize size;
        QString compareA, compareB, sweep;
        bool diff = false, critical = false, active = false, pipelineSent = false, awaitingSweepRun = false;
    } m_staged;
};

} // namespace lookahead
