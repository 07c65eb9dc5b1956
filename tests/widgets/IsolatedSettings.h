#pragma once

// Every GUI test class starts from empty settings of its own: no recent files, saved layout, pass
// presets or cost choice of the user or of another test class leak into it.

#include <QCoreApplication>
#include <QSettings>
#include <QString>

namespace lookahead::test {

/// Points QSettings at a store named after `testClass` and clears it (call from initTestCase()).
inline void isolateSettings(const QString& testClass)
{
    QCoreApplication::setOrganizationName(QStringLiteral("LookaheadTests"));
    QCoreApplication::setApplicationName(testClass);
    QSettings().clear();
}

} // namespace lookahead::test
