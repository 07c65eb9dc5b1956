#include "Golden.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace lookahead::test {

QString sourcePath(const QString& relative) { return QStringLiteral(LOOKAHEAD_SOURCE_DIR "/") + relative; }
QString sharedPath(const QString& relative) { return QStringLiteral(LOOKAHEAD_SHARED_DIR "/") + relative; }

QString compareWithGolden(const QByteArray& actual, const QString& goldenPath)
{
    if (qEnvironmentVariable("LOOKAHEAD_REGENERATE_GOLDEN") == QStringLiteral("1")) {
        QDir().mkpath(QFileInfo(goldenPath).absolutePath());
        QFile out(goldenPath);
        if (!out.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write golden file %1").arg(goldenPath);
        out.write(actual);
        return {};
    }
    QFile golden(goldenPath);
    if (!golden.open(QIODevice::ReadOnly))
        return QStringLiteral("missing golden file %1 (run with LOOKAHEAD_REGENERATE_GOLDEN=1 to create it)")
            .arg(goldenPath);
    const QByteArray expected = golden.readAll();
    if (expected == actual)
        return {};
    QTemporaryDir dir;
    const QString actualPath = dir.filePath(QStringLiteral("actual"));
    QFile out(actualPath);
    if (out.open(QIODevice::WriteOnly)) {
        out.write(actual);
        out.close();
    }
    QProcess diff;
    diff.start(QStringLiteral("diff"), { QStringLiteral("-u"), goldenPath, actualPath });
    diff.waitForFinished();
    QString text = QString::fromUtf8(diff.readAllStandardOutput());
    if (text.size() > 6000)
        text = text.left(6000) + QStringLiteral("\n... (diff truncated)");
    return QStringLiteral("output differs from golden file %1:\n%2").arg(goldenPath, text);
}

} // namespace lookahead::test
