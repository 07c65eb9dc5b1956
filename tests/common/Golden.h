#pragma once

// Golden files: the expected output beside its input, compared byte for byte. On mismatch the
// failure message is a unified diff. `LOOKAHEAD_REGENERATE_GOLDEN=1` rewrites them (only on purpose).

#include <QString>

namespace lookahead::test {

/// Empty when `actual` equals the golden file at `goldenPath`, else a diff (or why it could not compare).
QString compareWithGolden(const QByteArray& actual, const QString& goldenPath);

/// Absolute paths of the source tree and of ../shared.
QString sourcePath(const QString& relative);
QString sharedPath(const QString& relative);

} // namespace lookahead::test

#define LOOKAHEAD_COMPARE_GOLDEN(actual, path)                                                                         \
    do {                                                                                                               \
        const QString goldenDiff = lookahead::test::compareWithGolden((actual), (path));                               \
        if (!goldenDiff.isEmpty())                                                                                     \
            QFAIL(qPrintable(goldenDiff));                                                                             \
    } while (false)
