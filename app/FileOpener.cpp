#include "FileOpener.h"

#include "RunController.h"
#include "SettingsKeys.h"

#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QSettings>
#include <QWidget>

#include <algorithm>

namespace lookahead {

FileOpener::FileOpener(RunController* controller, QWidget* window)
    : QObject(window)
    , m_controller(controller)
    , m_window(window)
{
    connect(controller, &RunController::loadFailed, this, &FileOpener::loadFailed);
    connect(controller, &RunController::clockNeeded, this, &FileOpener::askForClock);
}

void FileOpener::openFile(const QString& path)
{
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(path).absolutePath());
    emit statusMessage(tr("Loading %1…").arg(path), 0);
    m_errorTitle = tr("Cannot open task graph");
    m_loadingPaths = { path };
    m_controller->loadFile(path);
}

void FileOpener::importTrace(const QString& path, const TraceImportOptions& options)
{
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(path).absolutePath());
    emit statusMessage(tr("Importing %1…").arg(path), 0);
    m_errorTitle = tr("Cannot import trace");
    m_loadingPaths = { path };
    m_controller->startImport(path, options);
}

void FileOpener::compareFiles(const QString& pathA, const QString& pathB)
{
    QSettings().setValue(SettingsKeys::lastDirectory(), QFileInfo(pathB).absolutePath());
    emit statusMessage(tr("Comparing %1 with %2…").arg(pathA, pathB), 0);
    m_errorTitle = tr("Cannot compare files");
    m_loadingPaths = { pathA, pathB };
    m_controller->startCompare(pathA, pathB);
}

void FileOpener::openResource(const QString& resourcePath, const QString& label)
{
    QFile file(resourcePath);
    m_errorTitle = tr("Cannot open the %1").arg(label);
    m_loadingPaths.clear();
    if (!file.open(QIODevice::ReadOnly)) {
        emit failed(m_errorTitle, file.errorString());
        return;
    }
    m_controller->loadBytes(file.readAll(), label);
}

void FileOpener::loadFailed(const QString& message)
{
    // Core errors name their file; a message that does not (a read error) gets it here.
    QString text = message;
    const bool named = std::any_of(m_loadingPaths.cbegin(), m_loadingPaths.cend(),
        [&](const QString& path) { return message.contains(QFileInfo(path).fileName()); });
    if (!named && !m_loadingPaths.isEmpty())
        text = tr("%1: %2").arg(m_loadingPaths.join(QStringLiteral(", ")), message);
    emit failed(m_errorTitle.isEmpty() ? tr("Cannot open task graph") : m_errorTitle, text);
}

void FileOpener::askForClock(const QString& path)
{
    TraceImportOptions options;
    if (auto known = m_clockByPath.find(path); known != m_clockByPath.end()) {
        options.clockMhz = known->second;
        importTrace(path, options);
        return;
    }
    if (!m_promptsAllowed) {
        emit failed(tr("Cannot import trace"), tr("%1: the trace has no clock frequency").arg(path));
        return;
    }
    bool ok = false;
    const double mhz = QInputDialog::getDouble(m_window, tr("Clock frequency"),
        tr("%1 gives no clock frequency (no workpoint.freq or otherData.clock_mhz).\n"
           "Durations are converted to cycles with this clock, in MHz:")
            .arg(QFileInfo(path).fileName()),
        1000.0, kMinClockMhz, 1e6, 3, &ok);
    if (!ok) {
        emit statusMessage(tr("Import of %1 cancelled: no clock").arg(path), 6000);
        return;
    }
    m_clockByPath[path] = mhz;
    options.clockMhz = mhz;
    importTrace(path, options);
}

} // namespace lookahead
