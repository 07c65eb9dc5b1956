#pragma once

// The explorer's main window: the timeline in the centre (one or, in diff mode, two GanttViews on a
// shared view state), the pass panel on the left, the inspector on the right, metrics at the bottom.
// All computation goes through the RunController; this class only wires and exports.

#include "ScheduleSnapshot.h"

#include <QMainWindow>
#include <QStringList>

class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;
class QUndoStack;
class QAction;

namespace lookahead {

class GanttView;
class GanttViewState;
class LegendBar;
class MetricsPanel;
class PassPanel;
class RunController;
class TaskInspector;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openFile(const QString& path);
    void openDefaultSample();
    /// `lookahead [FILE] [developer options]`; returns false when the arguments are wrong.
    /// Developer options stage a state and render it (docs screenshots): --screenshot FILE, --size WxH,
    /// --pipeline TEXT, --select ID, --range FROM:TO, --zoom FROM:TO, --diff, --critical, --search TEXT.
    bool startFromArguments(const QStringList& arguments);

    RunController* controller() const { return m_controller; }
    PassPanel* passPanel() const { return m_passPanel; }
    MetricsPanel* metricsPanel() const { return m_metrics; }
    GanttView* ganttView() const { return m_view; }

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
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_diffAction = nullptr;
    QAction* m_criticalAction = nullptr;
    QAction* m_exportActions[5] = {};
    bool m_diffMode = false;
    std::shared_ptr<const LoadedGraph> m_loaded;
    std::shared_ptr<const ScheduleSnapshot> m_result;

    struct StagedState {
        QString screenshot, pipeline, select, search;
        QString range, zoom;
        QSize size;
        bool diff = false, critical = false, active = false, pipelineSent = false;
    } m_staged;
};

} // namespace lookahead
