#pragma once

// How the window starts loads: File > Open, Import Trace, Compare Two Files, the embedded samples.
// It remembers what is being loaded, so that a failure becomes one error that names the file(s),
// and asks for the clock of a trace that has none (remembered per file, so Reload does not ask
// again).

#include "lookahead/ChromeTraceImporter.h"

#include <QObject>
#include <QStringList>

#include <map>

class QWidget;

namespace lookahead {

class RunController;

class FileOpener : public QObject {
    Q_OBJECT
public:
    /// Prompts (the clock) are parented to `window`.
    FileOpener(RunController* controller, QWidget* window);

    void openFile(const QString& path);
    void importTrace(const QString& path, const TraceImportOptions& options = {});
    void compareFiles(const QString& pathA, const QString& pathB);
    /// Loads a graph embedded as a Qt resource (`:/samples/...`), labelled `label`.
    void openResource(const QString& resourcePath, const QString& label);
    /// The next import of `path` asks for its clock again (an explicit File > Import Trace).
    void forgetClock(const QString& path) { m_clockByPath.erase(path); }
    /// Off while a screenshot is staged: a trace without a clock is then an error, not a question.
    void setPromptsAllowed(bool allowed) { m_promptsAllowed = allowed; }

signals:
    void statusMessage(const QString& message, int timeoutMilliseconds);
    void failed(const QString& title, const QString& message);

private:
    void loadFailed(const QString& message);
    void askForClock(const QString& path);

    RunController* m_controller;
    QWidget* m_window;
    bool m_promptsAllowed = true;
    QString m_errorTitle;                    ///< Title of the error dialog of the load in flight.
    QStringList m_loadingPaths;              ///< Files of the load in flight (an error must name them).
    std::map<QString, double> m_clockByPath; ///< Clocks (MHz) the user gave for traces without one.
};

} // namespace lookahead
