#pragma once

// The docks around the timeline and how the window is laid out: the Passes, Metrics, Inspector,
// Compiler Settings and Decisions docks with their panels (and the Comparison dock of
// ComparisonMode), where each sits on a first start, the docks put away while the start page shows,
// and the window's geometry and dock layout saved and restored with a version, so that a layout
// saved by another set of docks is ignored rather than half-applied (heaptrack's mainwindow).
// The main window wires the panels; this class only builds and places them.

#include <QList>
#include <QObject>

class QDockWidget;
class QMainWindow;
class QUndoStack;

namespace lookahead {

class ComparisonMode;
class CompilerSettingsPanel;
class DecisionsPanel;
class GanttViewState;
class MetricsPanel;
class PassPanel;
class RunController;
class TaskInspector;

class DockLayout : public QObject {
    Q_OBJECT
public:
    /// Adds the docks to `window`; the panels share `state` (selection), `undoStack` (pass edits)
    /// and `controller` (the compiler settings follow its runs).
    DockLayout(QMainWindow* window, GanttViewState* state, QUndoStack* undoStack, RunController* controller);

    PassPanel* passPanel() const { return m_passPanel; }
    TaskInspector* inspector() const { return m_inspector; }
    MetricsPanel* metrics() const { return m_metrics; }
    DecisionsPanel* decisions() const { return m_decisions; }
    CompilerSettingsPanel* compilerSettings() const { return m_compilerSettings; }
    ComparisonMode* comparisonMode() const { return m_comparisonMode; }
    QDockWidget* decisionsDock() const { return m_decisionsDock; }

    /// Room for the docks around a readable timeline, but never larger than the screen.
    void sizeForFirstStart();
    /// The saved geometry and, when saved by this version of the docks, the dock layout.
    void restore();
    /// Saves geometry and dock layout, the docks put away for the start page shown again.
    void save();
    /// The docks have nothing to show without a graph: `shown` puts the visible docked ones away,
    /// false brings them back as they were.
    void setStartPageShown(bool shown);

private:
    void createDocks(GanttViewState* state, QUndoStack* undoStack, RunController* controller);
    /// The Passes and Inspector docks' widths as shares of the window's (a first start).
    void fitSideDocks();

    QMainWindow* m_window;
    PassPanel* m_passPanel = nullptr;
    TaskInspector* m_inspector = nullptr;
    MetricsPanel* m_metrics = nullptr;
    DecisionsPanel* m_decisions = nullptr;
    CompilerSettingsPanel* m_compilerSettings = nullptr;
    ComparisonMode* m_comparisonMode = nullptr;
    QDockWidget* m_decisionsDock = nullptr;
    QDockWidget* m_passDock = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QList<QDockWidget*> m_hiddenForStartPage;
    bool m_sidesToFit = true; ///< No saved layout was restored: fitSideDocks() once the docks show.
};

} // namespace lookahead
