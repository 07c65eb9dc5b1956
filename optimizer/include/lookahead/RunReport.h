#pragma once

/// \file The JSON report of `batch run --report` (cli.md), also exported by the GUI.

#include "lookahead/Pipeline.h"
#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

namespace lookahead {

struct RunSummary {
    const TaskGraph* before = nullptr;
    const Schedule* scheduleBefore = nullptr;
    const TaskGraph* after = nullptr;
    const Schedule* scheduleAfter = nullptr;
    const std::vector<PassRecord>* passes = nullptr;
    std::string pipeline; ///< Canonical text.
    bool specCosts = false;
};

/// Makespan before and after, per-executor utilisation, per-pass statistics and decisions, and the
/// hazards of the result. Contains no timings or paths, so it is stable enough for golden files.
nlohmann::ordered_json makeRunReport(const RunSummary& summary);

/// Per-pass records in the form written to `provenance.passes`: name, options, statistics, decisions.
nlohmann::json provenanceOf(const std::vector<PassRecord>& passes);

} // namespace lookahead
