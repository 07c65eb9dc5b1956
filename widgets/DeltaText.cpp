#include "DeltaText.h"

#include "TimeAxis.h"

#include <QLocale>

namespace lookahead {

QString relativeDeltaText(double a, double b)
{
    if (a == 0)
        return {};
    const double percent = 100.0 * (b - a) / a;
    return QStringLiteral("%1%2 %").arg(b > a ? QStringLiteral("+") : QString()).arg(percent, 0, 'f', 2);
}

QString signedDeltaText(double a, double b, const QString& unit, int decimals)
{
    const double delta = b - a;
    QString text = (delta > 0 ? QStringLiteral("+") : QString()) + QLocale().toString(delta, 'f', decimals);
    if (!unit.isEmpty())
        text += QLatin1Char(' ') + unit;
    if (a != 0 && delta != 0)
        text += QStringLiteral(" (%1)").arg(relativeDeltaText(a, b));
    return text;
}

QString signedTimeText(double microseconds)
{
    return (microseconds > 0 ? QStringLiteral("+") : QString()) + TimeAxis::timeText(microseconds, 1.0);
}

QString timeDeltaText(double aMicroseconds, double bMicroseconds)
{
    QString text = signedTimeText(bMicroseconds - aMicroseconds);
    if (aMicroseconds != 0 && aMicroseconds != bMicroseconds)
        text += QStringLiteral(" (%1)").arg(relativeDeltaText(aMicroseconds, bMicroseconds));
    return text;
}

} // namespace lookahead
