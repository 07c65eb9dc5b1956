#pragma once

// How a comparison of two schedules (File > Compare Two Files) shows time: in cycles, or, when a
// side is a recording without a clock, in µs/ms only, as the ruler and the metrics panel do
// (issue #10: 1 cycle = 1 ns is assumed there, so its cycles are made up). Each side is converted by
// its own clock, so a clock-less recording compared with one on a preset clock still compares times.

#include <cstdint>

namespace lookahead {

struct ComparisonClocks {
    bool timesOnly = false; ///< Show µs/ms, never cycles.
    double clockMhzA = 1000;
    double clockMhzB = 1000;

    double microsecondsA(std::int64_t cycles) const { return double(cycles) / clockMhzA; }
    double microsecondsB(std::int64_t cycles) const { return double(cycles) / clockMhzB; }
};

} // namespace lookahead
