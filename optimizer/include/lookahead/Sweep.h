#pragma once

/// \file Sweeps: rerun a pipeline over a range of one pass option and tabulate the outcome.
///
/// One implementation serves `lookahead batch sweep` (CSV, cli.md) and the GUI's sweep dialog
/// (plot). A sweep is a pure function of the input graph, the pipeline text, the varied option's
/// values and the simulation options: every point starts from a fresh copy of the input and a
/// freshly parsed pipeline, so the points are independent and the table is deterministic.

#include "lookahead/Pipeline.h"
#include "lookahead/Result.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// `PASS.OPTION` and the values to give it, as text the option parses.
struct SweepVariation {
    std::string pass;
    std::string option;
    std::vector<std::string> values;
};

/// Parses `PASS.OPTION=FROM:TO:STEP` (integers, FROM ≤ TO, STEP > 0, at most 10000 values) or
/// `PASS.OPTION={a,b,c}`. Errors have `where` = "--vary" and the message cli.md users see.
Result<SweepVariation> parseSweepVariation(std::string_view spec);

/// FROM, FROM+STEP, ... ≤ TO as text; the same limits as parseSweepVariation.
Result<std::vector<std::string>> integerSweepValues(std::int64_t from, std::int64_t to, std::int64_t step);

/// The outcome of one value.
struct SweepPoint {
    std::string value;
    std::int64_t makespan = 0;
    std::int64_t totalStall = 0;
    /// Tasks after the pipeline minus tasks before (what the passes inserted, net).
    std::int64_t insertedTasks = 0;
    /// Every statistic of every pass, in pipeline then declaration order (`PASS.NAME`).
    std::vector<std::pair<std::string, std::int64_t>> statistics;
};

struct SweepResult {
    SweepVariation variation;
    std::string pipeline;           ///< The pipeline text actually run (the varied pass appended when absent).
    std::int64_t baselineMakespan = 0; ///< The input's makespan, no passes.
    std::int64_t baselineStall = 0;
    std::vector<SweepPoint> points; ///< One per value, in the order of the values.

    /// Header `PASS.OPTION,makespan,makespan_delta,total_stall,inserted_tasks,STAT...` and one row
    /// per point; the format of `batch sweep --csv`.
    std::string toCsv() const;
};

struct SweepOptions {
    /// Passes to run; the varied pass is appended when it is not in it (its last occurrence is varied).
    std::string pipeline;
    SimulationOptions simulation;
    /// Called after each point, on the sweeping thread (the GUI posts it to its own thread).
    std::function<void(std::size_t done, std::size_t total, const SweepPoint& point)> progress;
};

/// Checks the pipeline, the pass and the option (and that every value parses) without running
/// anything; returns the pipeline text that runSweep() will use.
Result<std::string> checkSweep(const SweepVariation& variation, const std::string& pipeline);

/// Runs the sweep. Fails on an invalid pipeline, pass, option or value (where: "--vary" or
/// "--pipeline"), when a pass fails on the graph (where names the value), on a deadlock of the
/// input, or when SimulationOptions::cancel is set (message "cancelled").
Result<SweepResult> runSweep(const TaskGraph& input, const SweepVariation& variation, const SweepOptions& options);

} // namespace lookahead
