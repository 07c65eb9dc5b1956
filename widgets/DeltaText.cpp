#include "DeltaText.h"

#include <QLocale>

namespace lookahead {

QString relativeDeltaText(double a, double b)
{
    if (a == 0)
        return {};
    const double percent = 100.0 * (b - a) / a;
    return QStringLiteral("%1%2 %").arg(b > a ? QStringLiteral("+") : QString()).arg(percent, 0, 'f', 2);
}

QString signedDeltaText(double a, double b, const QString& unit)
{
    const double delta = b - a;
    QString text = (delta > 0 ? QStringLiteral("+") : QString()) + QLocale().toString(delta, 'f', 0);
    if (!unit.isEmpty())
        text += QLatin1Char(' ') + unit;
    if (a != 0 && delta != 0)
        text += QStringLiteral(" (%1)").arg(relativeDeltaText(a, b));
    return text;
}

} // namespace lookahead
