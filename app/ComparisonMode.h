#pragma once

// What the main window adds while two files are compared (File > Compare Two Files): the Comparison
// dock (tabbed with the metrics), a label and a Close Comparison button in the status bar, and the
// room the dock takes from the pass panel, given back on leaving. The window swaps the data and
// turns passes, diff and sweep off and on; this class owns only these widgets.

#include <QObject>
#include <QSize>

class QDockWidget;
class QLabel;
class QMainWindow;
class QToolButton;

namespace lookahead {

class ComparisonPanel;
struct LoadedComparison;

class ComparisonMode : public QObject {
    Q_OBJECT
public:
    /// Adds the dock beside `metricsDock` (hidden) and the status widgets to `window`.
    ComparisonMode(QMainWindow* window, QDockWidget* passDock, QDockWidget* metricsDock);

    ComparisonPanel* panel() const { return m_panel; }
    QDockWidget* dock() const { return m_dock; }
    /// Shows `comparison`; `entering` (not a reload of the same pair) also makes room for the dock.
    void show(const LoadedComparison& comparison, bool entering);
    /// Hides it all and gives the pass dock its room back.
    void hide();

signals:
    void closeRequested();
    void taskActivated(const QString& taskId);

private:
    QMainWindow* m_window;
    QDockWidget* m_passDock;
    QDockWidget* m_metricsDock;
    QDockWidget* m_dock;
    ComparisonPanel* m_panel;
    QLabel* m_label;
    QToolButton* m_close;
    QSize m_passDockSizeBefore; ///< Given back when the comparison closes.
};

} // namespace lookahead
