#include "TimeAxis.h"

#include <algorithm>
#include <cmath>

namespace lookahead::TimeAxis {

double cycleToPixel(const TimeWindow& window, double cycle)
{
    const double length = window.lastCycle - window.firstCycle;
    if (length <= 0)
        return window.left;
    return window.left + (cycle - window.firstCycle) * window.width / length;
}

double pixelToCycle(const TimeWindow& window, double pixel)
{
    if (window.width <= 0)
        return window.firstCycle;
    return window.firstCycle + (pixel - window.left) * (window.lastCycle - window.firstCycle) / window.width;
}

double cyclesPerPixel(const TimeWindow& window)
{
    return window.width <= 0 ? 0.0 : (window.lastCycle - window.firstCycle) / window.width;
}

PixelRun coveredPixels(double from, double to, int limit)
{
    // Pixel i's centre is i + 0.5: the first covered pixel is the first i with i + 0.5 >= from.
    const double first = std::clamp(std::ceil(from - 0.5), 0.0, double(std::max(0, limit)));
    const double last = std::clamp(std::ceil(to - 0.5), 0.0, double(std::max(0, limit)));
    return { int(first), int(last) };
}

double niceStep(double span, int targetTicks)
{
    if (!(span > 0) || targetTicks < 1)
        return 1.0;
    const double raw = span / targetTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalised = raw / magnitude;
    double nice = 10.0;
    if (normalised <= 1.0)
        nice = 1.0;
    else if (normalised <= 2.0)
        nice = 2.0;
    else if (normalised <= 5.0)
        nice = 5.0;
    return nice * magnitude;
}

double cyclesToMicroseconds(double cycles, double clockMhz) { return clockMhz > 0 ? cycles / clockMhz : cycles; }

namespace {
    /// `value` in a unit whose ticks are `step` apart, with just enough decimals to tell neighbouring
    /// ticks apart.
    QString tickLabel(double value, double step, const QString& unit)
    {
        int decimals = 0;
        if (step > 0 && step < 1)
            decimals = std::min(6, int(std::ceil(-std::log10(step) - 1e-9)));
        // A step like 2.5 µs needs one more decimal than its magnitude says.
        const double scaled = step * std::pow(10.0, decimals);
        if (std::abs(scaled - std::round(scaled)) > 1e-6 && decimals < 6)
            ++decimals;
        return QString::number(value, 'f', decimals) + unit;
    }
} // namespace

QString microsecondLabel(double cycle, double step, double clockMhz)
{
    return tickLabel(
        cyclesToMicroseconds(cycle, clockMhz), cyclesToMicroseconds(step, clockMhz), QStringLiteral(" µs"));
}

QString timeLabel(double cycle, double step, double clockMhz)
{
    const double stepMicroseconds = cyclesToMicroseconds(step, clockMhz);
    if (stepMicroseconds < 1000 * (1 - 1e-9))
        return microsecondLabel(cycle, step, clockMhz);
    // A profiler's trace of a training step spans seconds: "10 s", not "10000 ms".
    if (stepMicroseconds < 1e6 * (1 - 1e-9))
        return tickLabel(cyclesToMicroseconds(cycle, clockMhz) / 1000, stepMicroseconds / 1000, QStringLiteral(" ms"));
    return tickLabel(cyclesToMicroseconds(cycle, clockMhz) / 1e6, stepMicroseconds / 1e6, QStringLiteral(" s"));
}

QString timeText(double cycles, double clockMhz)
{
    const double microseconds = cyclesToMicroseconds(cycles, clockMhz);
    if (std::abs(microseconds) < 1000)
        return QString::number(microseconds, 'f', 3) + QStringLiteral(" µs");
    return QString::number(microseconds / 1000, 'f', 3) + QStringLiteral(" ms");
}

QString cycleLabel(double cycles)
{
    const double magnitude = std::abs(cycles);
    auto trimmed = [](double value) {
        QString text = QString::number(value, 'f', 2);
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        return text;
    };
    if (magnitude >= 1e9)
        return trimmed(cycles / 1e9) + QStringLiteral(" G");
    if (magnitude >= 1e6)
        return trimmed(cycles / 1e6) + QStringLiteral(" M");
    if (magnitude >= 1e3)
        return trimmed(cycles / 1e3) + QStringLiteral(" k");
    return trimmed(cycles);
}

TimeWindow zoomed(const TimeWindow& window, double factor, double anchor)
{
    const double anchorCycle = pixelToCycle(window, anchor);
    TimeWindow result = window;
    result.firstCycle = anchorCycle - (anchorCycle - window.firstCycle) * factor;
    result.lastCycle = anchorCycle + (window.lastCycle - anchorCycle) * factor;
    return result;
}

TimeWindow panned(const TimeWindow& window, double fraction)
{
    const double shift = (window.lastCycle - window.firstCycle) * fraction;
    TimeWindow result = window;
    result.firstCycle += shift;
    result.lastCycle += shift;
    return result;
}

} // namespace lookahead::TimeAxis
