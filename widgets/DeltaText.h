#pragma once

// How the explorer writes a change from A to B: "+1,234 cycles (+1.23 %)". One function, so the
// comparison headline, the timeline caption and the comparison table cannot drift apart.

#include <QString>

namespace lookahead {

/// `b − a` with its sign, in the locale's digits, `unit` after the number when given, and the
/// relative change in parentheses when `a` is not zero and the values differ:
/// "+1,234 cycles (+1.23 %)", "-80 (-0.50 %)", "0 cycles".
QString signedDeltaText(double a, double b, const QString& unit = {});

/// The relative change of `b` against `a` with its sign ("+1.23 %"), or an empty string when `a` is 0.
QString relativeDeltaText(double a, double b);

} // namespace lookahead
