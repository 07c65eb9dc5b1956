#pragma once

// Time ↔ pixel mapping of the Gantt view, and the ruler's tick spacing and labels. Pure functions
// of their arguments so they can be tested from a table without a widget.

#include <QString>

#include <cstdint>

namespace lookahead {

/// A visible time window [firstCycle, lastCycle] drawn over pixels [left, left + width).
struct TimeWindow {
    double firstCycle = 0;
    double lastCycle = 1;
    double left = 0;
    double width = 1;
};

/// Whole pixels [first, last), e.g. the columns a span covers.
struct PixelRun {
    int first = 0;
    int last = 0;
    bool empty() const { return last <= first; }
};

namespace TimeAxis {

    /// Pixel x of a cycle (may lie outside the widget; callers clip).
    double cycleToPixel(const TimeWindow& window, double cycle);
    /// Cycle at pixel x.
    double pixelToCycle(const TimeWindow& window, double pixel);
    /// Cycles covered by one pixel: what the level-of-detail merge compares span lengths against.
    double cyclesPerPixel(const TimeWindow& window);

    /// Whole pixels [first, last) covered by the extent [from, to) in pixels: a pixel is covered when its
    /// centre lies inside (the rule QPainter uses for aliased fills), so touching extents never share or
    /// skip a pixel. Clamped to [0, limit).
    PixelRun coveredPixels(double from, double to, int limit);

    /// A "nice" tick step (1, 2 or 5 × 10^k) so that about `targetTicks` ticks cover `span`.
    double niceStep(double span, int targetTicks);

    /// Converts cycles to microseconds at `clockMhz` (µs = cycles / MHz, format section 2).
    double cyclesToMicroseconds(double cycles, double clockMhz);

    /// A ruler label for cycle `cycle` when ticks are `step` cycles apart: microseconds with just enough
    /// decimals to tell neighbouring ticks apart (`12.5 µs`).
    QString microsecondLabel(double cycle, double step, double clockMhz);
    /// A time ruler's label at the graph's clock (the top ruler; the only one for a recording
    /// without a clock): microseconds, milliseconds once ticks are 1 ms or more apart, seconds once
    /// they are 1 s apart (`12.5 µs`, `3 ms`, `2.5 ms`, `40 s`).
    QString timeLabel(double cycle, double step, double clockMhz);
    /// A time for tooltips and captions: µs with 3 decimals below 1 ms, else ms with 3 decimals.
    QString timeText(double cycles, double clockMhz);
    /// A cycle count with SI suffix (`1.25 M`, `300 k`, `42`).
    QString cycleLabel(double cycles);

    /// The window zoomed by `factor` (< 1 zooms in) keeping the cycle under pixel `anchor` fixed.
    TimeWindow zoomed(const TimeWindow& window, double factor, double anchor);
    /// The window moved by `fraction` of its length (negative: earlier).
    TimeWindow panned(const TimeWindow& window, double fraction);

} // namespace TimeAxis
} // namespace lookahead
