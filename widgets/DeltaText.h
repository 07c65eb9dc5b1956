#pragma once

// How the explorer writes a change from A to B: "+1,234 cycles (+1.23 %)", or in time for a
// recording without a clock: "+1.234 ms (+1.23 %)". One place, so the comparison headline, the
// timeline caption and the comparison tables cannot drift apart.

#include <QString>

namespace lookahead {

/// `b − a` with its sign, in the locale's digits, `unit` after the number when given, and the
/// relative change in parentheses when `a` is not zero and the values differ:
/// "+1,234 cycles (+1.23 %)", "-80 (-0.50 %)", "0 cycles".
/// `decimals` digits after the point ("+1.500 (+2.00 %)" with 3).
QString signedDeltaText(double a, double b, const QString& unit = {}, int decimals = 0);

/// A time with its sign, µs below 1 ms, else ms (TimeAxis::timeText): "+1.234 ms", "-12.500 µs".
QString signedTimeText(double microseconds);

/// `b − a` microseconds as signedTimeText, with the relative change as signedDeltaText adds it:
/// "+1.234 ms (+1.23 %)".
QString timeDeltaText(double aMicroseconds, double bMicroseconds);

/// The relative change of `b` against `a` with its sign ("+1.23 %"), or an empty string when `a` is 0.
QString relativeDeltaText(double a, double b);

} // namespace lookahead
