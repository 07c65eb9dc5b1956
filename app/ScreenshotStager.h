#pragma once

// The developer options that stage a state of the main window and render it to a file (the
// screenshots in docs/ are made this way): `--screenshot FILE` with `--size WxH`, `--pipeline TEXT`,
// `--select ID`, `--range FROM:TO`, `--zoom FROM:TO`, `--diff`, `--critical`, `--search TEXT`,
// `--compare A B` (instead of FILE) and `--sweep PASS.OPTION=FROM:TO:STEP` (runs the sweep, applies
// the best value and renders the window with the dialog over it), `--dock NAME` (raises the dock of
// that object name, e.g. CompilerSettingsDock).
//
// The stager follows the controller's signals: once the graph is loaded it sends the pipeline, once
// the run that shows it finishes it applies the rest and grabs the window, then quits the
// application (0 when the file was written).

#include <QObject>
#include <QSize>
#include <QStringList>

#include <optional>

namespace lookahead {

class MainWindow;

class ScreenshotStager : public QObject {
    Q_OBJECT
public:
    /// What the command line asks the window to open: a file, two files to compare, or nothing.
    struct StartRequest {
        QString file;
        QString compareA, compareB;
        bool startPage = false; ///< `--start-page`: show the start page instead of the default sample.
    };

    explicit ScreenshotStager(MainWindow* window);

    /// Reads `lookahead [FILE] [developer options]`; nullopt (with a warning) when they are wrong.
    /// A `--pipeline` without `--screenshot` is set in the pass panel at once.
    std::optional<StartRequest> start(const QStringList& arguments);
    /// A screenshot was asked for: no dialog may wait for a user, an error ends the program instead.
    bool rendering() const { return !m_screenshot.isEmpty(); }

private:
    bool parse(const QStringList& arguments, StartRequest& request);
    void graphLoaded();
    void runFinished();
    void apply();
    void runSweep();
    void takeScreenshot();

    MainWindow* m_window;
    QString m_screenshot, m_pipeline, m_select, m_search, m_range, m_zoom, m_sweep, m_dock;
    QSize m_size;
    bool m_diff = false, m_critical = false;
    bool m_pending = false;          ///< The state is not applied yet (it is applied once).
    bool m_pipelineSent = false;     ///< The staged pipeline went to the pass panel.
    bool m_awaitingSweepRun = false; ///< The sweep's best value was applied; render after its rerun.
};

} // namespace lookahead
