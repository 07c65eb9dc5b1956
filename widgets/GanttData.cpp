#include "GanttData.h"

#include "lookahead/RecordingDomain.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace lookahead {

const std::vector<QColor>& GanttData::palette()
{
    static const std::vector<QColor> colours = [] {
        std::vector<QColor> c;
        c.emplace_back(0x2a, 0x9d, 0x8f); // DMA: teal
        c.emplace_back(0x8d, 0x99, 0xae); // sync: slate
        c.emplace_back(0xe0, 0x3e, 0xa0); // prefetch: magenta, stands out on purpose
        c.emplace_back(0xb0, 0x89, 0x68); // other roles: brown
        // Compute tasks without a kernel, by executor kind.
        for (QColor e :
            { QColor(0x45, 0x7b, 0x9d), QColor(0x6a, 0x8e, 0x3f), QColor(0x9a, 0x6f, 0xb0), QColor(0x5d, 0x73, 0x7e) })
            c.push_back(e);
        // Kernels: a qualitative palette that keeps prefetch magenta and DMA teal distinct.
        for (QColor k : { QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
                 QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0x9c, 0x75, 0x5f), QColor(0x76, 0xb7, 0xb2),
                 QColor(0xe1, 0x57, 0x59), QColor(0x86, 0xbc, 0xb6), QColor(0xa0, 0xcb, 0xe8), QColor(0xff, 0xbe, 0x7d),
                 QColor(0x8c, 0xd1, 0x7d), QColor(0xd4, 0xa6, 0xc8), QColor(0xd7, 0xb5, 0xa6), QColor(0xbc, 0xbd, 0x22),
                 QColor(0x17, 0xbe, 0xcf) })
            c.push_back(k);
        return c;
    }();
    return colours;
}

const std::vector<QColor>& GanttData::movementPalette()
{
    static const std::vector<QColor> colours = {
        QColor(0xb8, 0xbe, 0xc6),                                                     // unchanged
        QColor(0xa6, 0xdb, 0xa0), QColor(0x5a, 0xae, 0x61), QColor(0x1b, 0x78, 0x37), // earlier
        QColor(0xfd, 0xae, 0x6b), QColor(0xf1, 0x69, 0x13), QColor(0xb1, 0x1b, 0x1b), // later
        QColor(0x7b, 0x3f, 0xd1),                                                     // inserted or removed
    };
    return colours;
}

QString GanttData::movementColourName(MovementColour colour)
{
    switch (colour) {
    case Unchanged:
        return QStringLiteral("unchanged");
    case EarlierSmall:
        return QStringLiteral("earlier < 0.1 %");
    case EarlierMedium:
        return QStringLiteral("earlier < 1 %");
    case EarlierLarge:
        return QStringLiteral("earlier ≥ 1 %");
    case LaterSmall:
        return QStringLiteral("later < 0.1 %");
    case LaterMedium:
        return QStringLiteral("later < 1 %");
    case LaterLarge:
        return QStringLiteral("later ≥ 1 %");
    case Unmatched:
        return QStringLiteral("inserted / removed");
    default:
        return {};
    }
}

namespace {
    /// Whether `task` is the return piece of the call frame whose open piece is `open` (a recording's
    /// frame split in two, formats/importers/CallFrames.h: same event, on the same lane).
    bool isReturnPieceOf(const TaskGraph& graph, TaskIndex task, TaskIndex open)
    {
        const Task& piece = graph.tasks[task];
        return piece.source != kNoSymbol && graph.tasks[open].source == piece.source
            && framePieceOf(graph, piece) == "return";
    }
} // namespace

std::shared_ptr<const GanttData> GanttData::build(
    const TaskGraph& graph, const Schedule& schedule, const GanttMovement& movement)
{
    auto data = std::make_shared<GanttData>();
    const Platform& platform = graph.platform;
    data->m_makespan = schedule.makespan;
    data->m_clockMhz = platform.clockMhz;

    const std::vector<std::uint32_t> firstLaneOfExec = data->addLanes(platform);

    const std::size_t taskCount = graph.tasks.size();
    data->m_laneOfTask.assign(taskCount, 0);
    data->m_positionInLane.assign(taskCount, 0);
    std::vector<bool> critical(taskCount, false);
    data->m_criticalPath = schedule.criticalPath();
    for (TaskIndex t : data->m_criticalPath)
        critical[t] = true;

    std::vector<bool> kernelUsed(graph.kernels.size(), false);
    std::vector<bool> colourUsed(palette().size(), false);
    const double makespan = std::max<double>(1.0, double(schedule.makespan));
    // Start order puts every lane's spans in start order already: no sort needed.
    const std::vector<TaskIndex>& order = schedule.startOrder;
    for (TaskIndex t : order) {
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = platform.executors[task.exec];
        const std::uint32_t laneIndex = firstLaneOfExec[task.exec] + task.unit * kind.engines + schedule.engine[t];
        GanttSpan span;
        span.start = schedule.start[t];
        span.end = schedule.end[t];
        span.task = t;
        span.critical = critical[t];
        span.colour = spanColour(task);
        if (task.role == TaskRole::Compute && task.kernel != kNoKernel)
            kernelUsed[task.kernel] = true;
        colourUsed[span.colour] = true;
        if (movement.other && movement.otherIndex)
            span.moveColour = movementColour(schedule, t, movement, makespan);
        GanttLane& lane = data->m_lanes[laneIndex];
        data->m_laneOfTask[t] = laneIndex;
        if (!lane.spans.empty() && isReturnPieceOf(graph, t, lane.spans.back().task)) {
            // A call frame's two pieces are one bar: its event, from its start to its return.
            GanttSpan& frame = lane.spans.back();
            frame.end = span.end;
            frame.critical = frame.critical || span.critical;
            data->m_positionInLane[t] = std::uint32_t(lane.spans.size() - 1);
            continue;
        }
        data->m_positionInLane[t] = std::uint32_t(lane.spans.size());
        lane.spans.push_back(span);
    }

    data->m_criticalSpans.reserve(data->m_criticalPath.size());
    for (TaskIndex t : data->m_criticalPath)
        data->m_criticalSpans.push_back({ schedule.start[t], schedule.end[t], data->m_laneOfTask[t] });

    data->addLegend(graph, colourUsed, kernelUsed);
    return data;
}

std::vector<std::uint32_t> GanttData::addLanes(const Platform& platform)
{
    // Lanes grouped by kind, then tile (unit), then engine; platform.executors is already sorted.
    std::vector<std::uint32_t> firstLaneOfExec;
    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        firstLaneOfExec.push_back(std::uint32_t(m_lanes.size()));
        const QString name = QString::fromStdString(kind.name);
        // A recording names its lanes (a thread, a stream, a call depth): an engineer knows them by
        // those names, not by our unit numbers. Tiles keep their index, which the passes speak of.
        const nlohmann::json& laneNames = kind.extra.value("lane_names", nlohmann::json::array());
        auto recordedName = [&](std::uint32_t u) {
            return !kind.tiled && u < laneNames.size() && laneNames[u].is_string()
                ? QString::fromStdString(laneNames[u].get<std::string>())
                : QString();
        };
        for (std::uint32_t u = 0; u < kind.units; ++u)
            for (std::uint32_t g = 0; g < kind.engines; ++g) {
                GanttLane lane;
                lane.group = name;
                lane.exec = std::uint16_t(e);
                lane.unit = u;
                lane.engine = std::uint16_t(g);
                const QString recorded = kind.units > 1 ? recordedName(u) : QString();
                QString label = !recorded.isEmpty() ? QStringLiteral("%1 · %2").arg(name, recorded)
                    : kind.units > 1 || kind.tiled
                    ? QStringLiteral("%1 %2%3").arg(name, kind.tiled ? QStringLiteral("t") : QStringLiteral("#")).arg(u)
                    : name;
                if (kind.engines > 1)
                    label += QStringLiteral(" · e%1").arg(g);
                lane.label = label;
                m_lanes.push_back(std::move(lane));
            }
    }
    return firstLaneOfExec;
}

std::uint8_t GanttData::spanColour(const Task& task)
{
    switch (task.role) {
    case TaskRole::Dma:
        return DmaColour;
    case TaskRole::Sync:
        return SyncColour;
    case TaskRole::Prefetch:
        return PrefetchColour;
    case TaskRole::Other:
        return OtherRoleColour;
    case TaskRole::Compute:
        break;
    }
    return task.kernel != kNoKernel ? std::uint8_t(kFirstKernelColour + task.kernel % kKernelColours)
                                    : std::uint8_t(FirstExecutorColour + task.exec % kExecutorColours);
}

void GanttData::addLegend(
    const TaskGraph& graph, const std::vector<bool>& colourUsed, const std::vector<bool>& kernelUsed)
{
    const Platform& platform = graph.platform;
    // Legend: roles first, then the kernels in use (several kernels may share a colour; name the first).
    auto& legend = m_legend;
    if (colourUsed[DmaColour])
        legend.emplace_back(DmaColour, QStringLiteral("DMA"));
    if (colourUsed[SyncColour])
        legend.emplace_back(SyncColour, QStringLiteral("sync"));
    if (colourUsed[PrefetchColour])
        legend.emplace_back(PrefetchColour, QStringLiteral("prefetch"));
    for (std::size_t e = 0; e < platform.executors.size() && e < kExecutorColours; ++e)
        if (colourUsed[FirstExecutorColour + e])
            legend.emplace_back(
                std::uint8_t(FirstExecutorColour + e), QString::fromStdString(platform.executors[e].name));
    std::vector<bool> kernelColourNamed(kKernelColours, false);
    for (std::size_t k = 0; k < graph.kernels.size(); ++k)
        if (kernelUsed[k] && !kernelColourNamed[k % kKernelColours]) {
            kernelColourNamed[k % kKernelColours] = true;
            legend.emplace_back(
                std::uint8_t(kFirstKernelColour + k % kKernelColours), QString::fromStdString(graph.kernels[k].name));
        }
}

std::uint8_t GanttData::movementColour(
    const Schedule& schedule, TaskIndex task, const GanttMovement& movement, double makespan)
{
    const TaskIndex other = (*movement.otherIndex)[task];
    if (other == kNoTask)
        return Unmatched;
    const double shift = movement.otherIsAfter ? double(movement.other->start[other] - schedule.start[task])
                                               : double(schedule.start[task] - movement.other->start[other]);
    const double relative = std::abs(shift) / makespan;
    const int step = relative == 0 ? 0 : relative < 0.001 ? 1 : relative < 0.01 ? 2 : 3;
    return step == 0 ? std::uint8_t(Unchanged) : std::uint8_t((shift < 0 ? EarlierSmall : LaterSmall) + step - 1);
}

std::shared_ptr<const GanttData> GanttData::recoloured(
    const GanttData& base, const Schedule& schedule, const GanttMovement& movement)
{
    auto data = std::make_shared<GanttData>(base);
    const double makespan = std::max<double>(1.0, double(schedule.makespan));
    for (GanttLane& lane : data->m_lanes)
        for (GanttSpan& span : lane.spans)
            span.moveColour = movement.other && movement.otherIndex
                ? movementColour(schedule, span.task, movement, makespan)
                : std::uint8_t(Unchanged);
    return data;
}

std::size_t GanttData::firstEndingAtOrAfter(std::uint32_t lane, double cycle) const
{
    const auto& spans = m_lanes[lane].spans;
    return std::size_t(std::partition_point(spans.begin(), spans.end(), [cycle](const GanttSpan& s) {
        return double(s.end) < cycle;
    }) - spans.begin());
}

std::size_t GanttData::firstStartingAtOrAfter(std::uint32_t lane, double cycle, std::size_t from) const
{
    // Galloping search from `from`: the painter asks for the next pixel column, which is usually a few
    // spans ahead, so this costs O(log distance) rather than O(log lane length).
    const auto& spans = m_lanes[lane].spans;
    const std::size_t size = spans.size();
    if (from >= size || double(spans[from].start) >= cycle)
        return std::min(from, size);
    std::size_t below = from; // spans[below].start < cycle
    std::size_t step = 1;
    while (below + step < size && double(spans[below + step].start) < cycle) {
        below += step;
        step *= 2;
    }
    const std::size_t limit = std::min(size, below + step);
    return std::size_t(
        std::partition_point(spans.begin() + std::ptrdiff_t(below + 1), spans.begin() + std::ptrdiff_t(limit),
            [cycle](const GanttSpan& s) { return double(s.start) < cycle; })
        - spans.begin());
}

TaskIndex GanttData::taskAt(std::uint32_t lane, double cycle, double tolerance) const
{
    if (lane >= m_lanes.size())
        return kNoTask;
    const auto& spans = m_lanes[lane].spans;
    TaskIndex best = kNoTask;
    double bestDistance = tolerance;
    for (std::size_t i = firstEndingAtOrAfter(lane, cycle - tolerance); i < spans.size(); ++i) {
        const GanttSpan& span = spans[i];
        if (double(span.start) > cycle + tolerance)
            break;
        const double distance = cycle < double(span.start) ? double(span.start) - cycle
            : cycle > double(span.end)                     ? cycle - double(span.end)
                                                           : 0.0;
        if (distance < bestDistance || (distance == 0 && best == kNoTask)) {
            bestDistance = distance;
            best = span.task;
            if (distance == 0)
                break;
        }
    }
    return best;
}

} // namespace lookahead
