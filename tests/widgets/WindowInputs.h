#pragma once

// Inputs the main-window tests hand to a window: files written on the fly, and a file that must
// fail to open with an error dialog (answered, so the test never blocks).

#include "DialogAnswerer.h"
#include "MainWindow.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTest>

namespace lookahead::test {

/// Writes `bytes` to `path`; false when it cannot.
inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// Opens `path` in `window` and returns the texts of the error dialogs that answer it (empty when
/// none came within 10 s).
inline QStringList errorsOpening(MainWindow& window, const QString& path)
{
    DialogAnswerer answerer;
    window.openFile(path);
    (void)QTest::qWaitFor([&answerer] { return !answerer.messages.isEmpty(); }, 10000);
    return answerer.messages;
}

} // namespace lookahead::test
