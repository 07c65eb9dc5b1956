#pragma once

// Everything the views show about one simulated graph, built off the GUI thread and handed over
// whole as std::shared_ptr<const ScheduleSnapshot>; nothing in it changes afterwards.

#include "GanttData.h"
#include "TaskRelations.h"

#include "lookahead/Pipeline.h"
#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <QString>

#include <memory>
#include <vector>

namespace lookahead {

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
};

/// The loaded file: its unoptimized graph and schedule, the reference for every rerun.
struct LoadedGraph {
    QString path;  ///< Empty for the embedded sample.
    QString label; ///< File name or "default sample".
    std::shared_ptr<const ScheduleSnapshot> baseline;
};

} // namespace lookahead
