#pragma once

// The data half of the timeline: one lane per engine (executor kind × unit × engine), each with its
// spans sorted by start. A recording's call frame (an open and a return piece of one event) is one
// span from the frame's start to its return, carrying the open piece's task. An engine runs one task at a time, so ends
// are sorted too, and the painter finds the first visible span of a lane by binary search. Immutable once built; shared
// across threads as std::shared_ptr<const GanttData>.

#include "lookahead/Schedule.h"
#include "lookahead/TaskGraph.h"

#include <QColor>
#include <QString>

#include <memory>
#include <vector>

namespace lookahead {

struct GanttSpan {
    std::int64_t start = 0;
    std::int64_t end = 0;
    TaskIndex task = kNoTask;
    std::uint8_t colour = 0;     ///< Index into GanttData::palette() (kernel or role).
    std::uint8_t moveColour = 0; ///< Index into GanttData::movementPalette() (diff mode).
    bool critical = false;       ///< On the critical path.
};

/// One task of the critical path, stored apart from the lanes so that drawing the path reads one
/// contiguous array instead of three indirections per task.
struct GanttCriticalSpan {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::uint32_t lane = 0;
};

struct GanttLane {
    QString label; ///< `SHAVE 1·e0`
    QString group; ///< `SHAVE` (the kind; tiles are units of tiled kinds)
    std::uint16_t exec = 0;
    std::uint32_t unit = 0;
    std::uint16_t engine = 0;
    std::vector<GanttSpan> spans;
};

/// How far each task moved relative to another schedule of the same graph (matched by task id).
struct GanttMovement {
    const Schedule* other = nullptr;
    /// For each task of this graph, its index in the other graph, or kNoTask (inserted / removed).
    const std::vector<TaskIndex>* otherIndex = nullptr;
    /// True when this schedule is the baseline: movement is then measured towards `other`, so both
    /// halves of the diff colour a task the same way.
    bool otherIsAfter = false;
};

class GanttData {
public:
    enum MovementColour : std::uint8_t {
        Unchanged,
        EarlierSmall,
        EarlierMedium,
        EarlierLarge,
        LaterSmall,
        LaterMedium,
        LaterLarge,
        Unmatched,
        MovementColourCount
    };
    enum FixedColour : std::uint8_t { DmaColour, SyncColour, PrefetchColour, OtherRoleColour, FirstExecutorColour };
    static constexpr int kExecutorColours = 4;
    static constexpr int kFirstKernelColour = FirstExecutorColour + kExecutorColours;
    static constexpr int kKernelColours = 16;

    static std::shared_ptr<const GanttData> build(
        const TaskGraph& graph, const Schedule& schedule, const GanttMovement& movement = {});
    /// `base` (built from `schedule`) with its movement colours measured against `movement`: the
    /// same lanes copied, no second build (the baseline's half of a diff, once per rerun).
    static std::shared_ptr<const GanttData> recoloured(
        const GanttData& base, const Schedule& schedule, const GanttMovement& movement);

    const std::vector<GanttLane>& lanes() const { return m_lanes; }
    std::size_t taskCount() const { return m_laneOfTask.size(); }
    std::int64_t makespan() const { return m_makespan; }
    double clockMhz() const { return m_clockMhz; }
    std::uint32_t laneOfTask(TaskIndex task) const { return m_laneOfTask[task]; }
    std::uint32_t positionInLane(TaskIndex task) const { return m_positionInLane[task]; }
    const GanttSpan& spanOf(TaskIndex task) const { return m_lanes[m_laneOfTask[task]].spans[m_positionInLane[task]]; }

    /// Index of the first span of `lane` that ends at or after `cycle` (spans.size() if none).
    std::size_t firstEndingAtOrAfter(std::uint32_t lane, double cycle) const;
    /// Index of the first span of `lane` that starts at or after `cycle`.
    std::size_t firstStartingAtOrAfter(std::uint32_t lane, double cycle, std::size_t from = 0) const;
    /// The task drawn at `cycle` on `lane`, allowing `tolerance` cycles either side (for clicks on
    /// sub-pixel tasks), the nearest one when several qualify; kNoTask when none.
    TaskIndex taskAt(std::uint32_t lane, double cycle, double tolerance) const;

    static const std::vector<QColor>& palette();
    static const std::vector<QColor>& movementPalette();
    static QString movementColourName(MovementColour colour);
    /// Legend entries (colour index, name) of the colours this schedule uses.
    const std::vector<std::pair<std::uint8_t, QString>>& legend() const { return m_legend; }
    /// Tasks of the critical path in time order.
    const std::vector<TaskIndex>& criticalPath() const { return m_criticalPath; }
    /// The critical path's spans, in the same order as criticalPath().
    const std::vector<GanttCriticalSpan>& criticalSpans() const { return m_criticalSpans; }

private:
    /// One lane per engine of every unit, grouped by kind, then unit, then engine; returns each
    /// executor kind's first lane.
    std::vector<std::uint32_t> addLanes(const Platform& platform);
    /// Role colour, else the kernel's, else the executor kind's.
    static std::uint8_t spanColour(const Task& task);
    /// Roles first, then the kinds and kernels in use (several kernels may share a colour; the first
    /// names it).
    void addLegend(const TaskGraph& graph, const std::vector<bool>& colourUsed, const std::vector<bool>& kernelUsed);
    static std::uint8_t movementColour(
        const Schedule& schedule, TaskIndex task, const GanttMovement& movement, double makespan);

    std::vector<GanttLane> m_lanes;
    std::vector<std::uint32_t> m_laneOfTask;
    std::vector<std::uint32_t> m_positionInLane;
    std::vector<std::pair<std::uint8_t, QString>> m_legend;
    std::vector<TaskIndex> m_criticalPath;
    std::vector<GanttCriticalSpan> m_criticalSpans;
    std::int64_t m_makespan = 0;
    double m_clockMhz = 1000.0;
};

} // namespace lookahead
