#pragma once

/// \file Sweeps: rerun a pipeline over a range of one pass option and tabulate the outcome.
///
/// One implementation serves `lookahead batch sweep` (CSV, cli.md) and the GUI's sweep dialog
/// (plot). A sweep is a pure function of the input graph, the pipeline text, the varied option's
/// values and the simulation options: every point starts from a fresh copy of the input and a
/// freshly parsed pipeline, so the points are independent and the table is deterministic. That is
/// what lets a sweep run its points on every core (SweepOptions::jobs) and split across machines
/// (SweepShard, mergeSweepCsv) and still give the table of a serial run, row for row.

#include "lookahead/Pipeline.h"
#include "lookahead/Result.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <atomic>
#include <cstddef>
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

/// Share K (1-based) of N of a sweep's points (`batch sweep --shard K/N`): the K-th of N contiguous
/// blocks of the values, so the shards' tables in shard order make the table of a single run.
struct SweepShard {
    std::size_t index = 1;
    std::size_t count = 1;
};

/// Parses `K/N` (1 ≤ K ≤ N ≤ 100000); errors have `where` = "--shard".
Result<SweepShard> parseSweepShard(std::string_view text);
/// The values [first, second) that `shard` computes out of `total`.
std::pair<std::size_t, std::size_t> shardRange(const SweepShard& shard, std::size_t total);

struct SweepResult {
    SweepVariation variation;
    /// `PASS.NAME` of every statistic of the pipeline, in pipeline then declaration order: the
    /// table's last columns (known from the pipeline, so an empty shard has the same header).
    std::vector<std::string> statisticColumns;
    std::string pipeline;              ///< The pipeline text actually run (the varied pass appended when absent).
    std::int64_t baselineMakespan = 0; ///< The input's makespan, no passes.
    std::int64_t baselineStall = 0;
    std::vector<SweepPoint> points; ///< One per value of the shard, in the order of the values.

    /// Header `PASS.OPTION,makespan,makespan_delta,total_stall,inserted_tasks,STAT...` and one row
    /// per point; the format of `batch sweep --csv`.
    std::string toCsv() const;
};

struct SweepOptions {
    /// Passes to run; the varied pass is appended when it is not in it (its last occurrence is varied).
    std::string pipeline;
    SimulationOptions simulation;
    /// Called once per point in the order of the values (as a serial sweep would), from whichever
    /// thread finished it, never two at once (the GUI posts it to its own thread). Not called
    /// once SimulationOptions::cancel is set.
    std::function<void(std::size_t done, std::size_t total, const SweepPoint& point)> progress;
    /// Points computed at once, each on its own thread; 0: one per hardware thread. The table and
    /// the progress calls are the same for every value.
    unsigned jobs = 0;
    /// Which share of the values to compute (all by default).
    SweepShard shard;
};

/// Checks the pipeline, the pass and the option (and that every value parses) without running
/// anything; returns the pipeline text that runSweep() will use.
Result<std::string> checkSweep(const SweepVariation& variation, const std::string& pipeline);

/// Runs the sweep. Fails on an invalid pipeline, pass, option or value (where: "--vary" or
/// "--pipeline"), when a pass fails on the graph (where names the value; the first such value in
/// value order, as a serial run reports it), on a deadlock of the input, or when
/// SimulationOptions::cancel is set (message "cancelled").
Result<SweepResult> runSweep(const TaskGraph& input, const SweepVariation& variation, const SweepOptions& options);

/// Joins the CSV tables of a sweep's shards, given in shard order as (label, text), into the table
/// of a single run: the headers must be identical and are kept once. Errors name the label.
Result<std::string> mergeSweepCsv(const std::vector<std::pair<std::string, std::string>>& tables);

} // namespace lookahead
