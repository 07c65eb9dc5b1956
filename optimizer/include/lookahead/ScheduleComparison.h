#pragma once

/// \file Comparing two simulated schedules (e.g. two compiler versions' exports of one model):
/// per-task and per-executor deltas. `lookahead batch diff A B` prints it; the GUI's diff mode
/// shows the same value.
///
/// Tasks are matched by id. Deltas are B − A, in cycles. The comparison is a plain value with no
/// reference to its inputs, so it can cross threads and outlive the graphs.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lookahead {

/// One task id as it appears in A, in B, or in both.
struct TaskComparison {
    std::string id;
    std::string name;                             ///< Display name (B's when present in both).
    TaskIndex indexA = kNoTask, indexB = kNoTask; ///< kNoTask where the task is absent.
    std::string executorA, executorB;             ///< Executor kind names, empty where absent.
    std::uint32_t unitA = 0, unitB = 0;
    std::int64_t startA = 0, endA = 0, startB = 0, endB = 0;

    bool inA() const { return indexA != kNoTask; }
    bool inB() const { return indexB != kNoTask; }
    bool inBoth() const { return inA() && inB(); }
    std::int64_t startDelta() const { return startB - startA; }
    std::int64_t endDelta() const { return endB - endA; }
    std::int64_t durationDelta() const { return (endB - startB) - (endA - startA); }
    /// In both, and moved, changed length, or changed queue.
    bool changed() const
    {
        return inBoth() && (startA != startB || endA != endB || executorA != executorB || unitA != unitB);
    }
};

/// One executor kind, by name, in either schedule.
struct ExecutorComparison {
    std::string name;
    bool inA = false, inB = false;
    std::size_t tasksA = 0, tasksB = 0;
    std::int64_t busyA = 0, busyB = 0; ///< Busy engine-cycles.
    double utilisationA = 0, utilisationB = 0;
};

struct ScheduleComparison {
    std::int64_t makespanA = 0, makespanB = 0;
    std::int64_t totalStallA = 0, totalStallB = 0;
    std::size_t tasksA = 0, tasksB = 0;
    /// A's tasks in A's order, then the tasks only in B in B's order.
    std::vector<TaskComparison> tasks;
    /// Union of the executor kinds, sorted by name.
    std::vector<ExecutorComparison> executors;
    std::size_t onlyInA = 0, onlyInB = 0, changed = 0, unchanged = 0;

    /// Indices into `tasks` of the changed tasks, largest |end delta| first (then |duration
    /// delta|, then A's order): what a reader wants to see first.
    std::vector<std::size_t> changedByImpact() const;
};

/// Compares schedule `scheduleA` of `a` with `scheduleB` of `b`. Duplicate ids cannot occur (the
/// loader refuses them).
ScheduleComparison compareSchedules(
    const TaskGraph& a, const Schedule& scheduleA, const TaskGraph& b, const Schedule& scheduleB);

/// The text `batch diff` prints: totals, one line per executor, the `maxTasks` most changed tasks,
/// and up to `maxTasks` ids only in A and only in B. Deterministic.
std::string comparisonToText(
    const ScheduleComparison& comparison, const std::string& labelA, const std::string& labelB, std::size_t maxTasks);

/// Everything as JSON: totals, executors, every changed task and every task only in one side.
nlohmann::ordered_json comparisonToJson(const ScheduleComparison& comparison);

/// One CSV row per task id (changed, unchanged and one-sided), with a header line.
std::string comparisonTasksCsv(const ScheduleComparison& comparison);

} // namespace lookahead
