#pragma once

// Run > Sweep from the main window: one SweepDialog, given what the window shows (the loaded
// graph, the pass panel's pipeline, the cost options of its runs). It follows the window to a new
// graph, and a value chosen on its plot becomes the pass panel's option (Ctrl+Z undoes it).

#include <QObject>

namespace lookahead {

class MainWindow;
class SweepDialog;
class TaskGraph;
struct LoadedGraph;

class SweepLauncher : public QObject {
    Q_OBJECT
public:
    explicit SweepLauncher(MainWindow* window);

    /// The dialog, nullptr before the first Run > Sweep.
    SweepDialog* dialog() const { return m_dialog; }
    /// Shows the dialog on `loaded` (a new graph, or a closed dialog: from the panel's pipeline);
    /// with no graph (nothing loaded, or a comparison shown) says why in the status bar and
    /// returns nullptr.
    SweepDialog* open(const LoadedGraph* loaded);
    /// A graph was loaded: the dialog, once opened, sweeps it (a new graph clears its plot).
    void follow(const LoadedGraph& loaded);

private:
    void setInput(const LoadedGraph& loaded);
    void apply(const QString& pass, const QString& option, const QString& value);

    MainWindow* m_window;
    SweepDialog* m_dialog = nullptr;
    const TaskGraph* m_graph = nullptr; ///< The graph the dialog was given.
};

} // namespace lookahead
