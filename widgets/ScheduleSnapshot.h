#pragma once

// Everything the views show about one simulated graph, built off the GUI thread and handed over
// whole as std::shared_ptr<const ScheduleSnapshot>; nothing in it changes afterwards.

#include "GanttData.h"
#include "TaskRelations.h"

#include "lookahead/InputOpener.h"
#include "lookahead/Pipeline.h"
#include "lookahead/Schedule.h"
#include "lookahead/Simulator.h"
#include "lookahead/TaskGraph.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace lookahead {

/// Where an imported recording came from: its file (to re-read a task's original event, see
/// SourceEventReader) and what its import said (the clock, the cost terms off for its replay).
struct RecordingOrigin {
    QString path; ///< Empty when it was imported from bytes (a drop of data).
    std::shared_ptr<const ImportSummary> summary;
    /// No clock in the recording: 1 cycle = 1 ns was assumed, so cycles mean nothing to the user
    /// and times are shown in µs/ms only.
    bool clockAssumed() const { return summary && summary->clockAssumed(); }
};

struct ScheduleSnapshot {
    std::shared_ptr<const TaskGraph> graph;
    std::shared_ptr<const Schedule> schedule;
    std::shared_ptr<const GanttData> gantt;
    std::shared_ptr<const TaskRelations> relations;
    std::vector<PassRecord> passes; ///< Empty for the baseline.
    QString pipeline;               ///< Canonical text; empty for the baseline.
    double seconds = 0;             ///< Wall time of pipeline + simulation.
    /// For each task, its index in the other schedule of the pair (baseline ↔ optimized).
    std::vector<TaskIndex> counterpart;
    /// Gantt data coloured by movement against the counterpart (diff mode).
    std::shared_ptr<const GanttData> movementGantt;
    /// The baseline coloured by movement against this schedule (diff mode's upper half).
    std::shared_ptr<const GanttData> baselineMovementGantt;
    /// The cost options `schedule` was simulated with, when known (the baseline of a load): a
    /// rerun with the same options hands it to its first pass instead of simulating the input again.
    std::optional<SimulationOptions> costs;
    /// Set when the graph is an imported recording (or derived from one by a rerun).
    std::shared_ptr<const RecordingOrigin> recording;
    /// Whether times are shown in µs/ms only (a recording without a clock).
    bool clockAssumed() const { return recording && recording->clockAssumed(); }
};

/// The loaded file: its unoptimized graph and schedule, the reference for every rerun.
struct LoadedGraph {
    QString path;  ///< Empty for the embedded sample.
    QString label; ///< File name or "default sample".
    std::shared_ptr<const ScheduleSnapshot> baseline;
};

} // namespace lookahead
