#include "RangeStatsModel.h"

#include "TaskDetails.h"
#include "TimeAxis.h"

#include <QLocale>

#include <algorithm>
#include <map>

namespace lookahead {

namespace {
    /// Whether `snapshot` is a recording without a clock (its cycles are made up): times only.
    bool timesOnly(const ScheduleSnapshot* snapshot) { return snapshot && snapshot->clockAssumed(); }
} // namespace

RangeStatsModel::RangeStatsModel(QObject* parent)
    : FlatTableModel({ tr("Kernel"), tr("Count"), tr("Sum (cycles)"), tr("Mean"), tr("Min"), tr("Max") }, parent)
{
}

void RangeStatsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

QString RangeStatsModel::durationText(double cycles) const
{
    return m_timesOnly ? TimeAxis::timeText(cycles, m_clockMhz) : QLocale().toString(cycles, 'f', 0);
}

void RangeStatsModel::compute(const ScheduleSnapshot* snapshot, std::int64_t from, std::int64_t to)
{
    beginResetModel();
    m_rows.clear();
    m_timesOnly = timesOnly(snapshot);
    m_clockMhz = snapshot ? snapshot->graph->platform.clockMhz : 1000;
    if (snapshot) {
        const TaskGraph& graph = *snapshot->graph;
        const GanttData& gantt = *snapshot->gantt;
        // Key: kernel name, or "(role)" / "(executor)" for tasks without a kernel.
        std::map<QString, Row> byName;
        for (std::uint32_t lane = 0; lane < gantt.lanes().size(); ++lane) {
            const auto& spans = gantt.lanes()[lane].spans;
            for (std::size_t i = gantt.firstEndingAtOrAfter(lane, double(from));
                 i < spans.size() && spans[i].start <= to; ++i) {
                const GanttSpan& span = spans[i];
                if (span.end < from || (span.end == from && span.start < from))
                    continue;
                const Task& task = graph.tasks[span.task];
                QString name = task.kernel != kNoKernel
                    ? QString::fromStdString(graph.kernels[std::size_t(task.kernel)].name)
                    : task.role == TaskRole::Compute
                    ? QStringLiteral("(%1)").arg(QString::fromStdString(graph.platform.executors[task.exec].name))
                    : QStringLiteral("(%1)").arg(toQString(graph.roleName(task)));
                Row& row = byName[name];
                const std::int64_t duration = span.end - span.start;
                if (row.count == 0) {
                    row.name = name;
                    row.min = row.max = duration;
                }
                ++row.count;
                row.sum += duration;
                row.min = std::min(row.min, duration);
                row.max = std::max(row.max, duration);
            }
        }
        for (auto& [name, row] : byName)
            m_rows.push_back(row);
        std::sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) { return a.sum > b.sum; });
    }
    endResetModel();
    setTitle(Sum, m_timesOnly ? tr("Sum") : tr("Sum (cycles)"));
}

QVariant RangeStatsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Kernel ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole) // the column elides long names in the middle
        return index.column() == Kernel ? QVariant(row.name) : QVariant();
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case Kernel:
        return row.name;
    case Count:
        return display ? QLocale().toString(row.count) : QVariant(qlonglong(row.count));
    case Sum:
        return display ? durationText(double(row.sum)) : QVariant(qlonglong(row.sum));
    case Mean:
        return display ? durationText(double(row.sum) / double(std::max<std::int64_t>(1, row.count)))
                       : QVariant(double(row.sum) / double(std::max<std::int64_t>(1, row.count)));
    case Min:
        return display ? durationText(double(row.min)) : QVariant(qlonglong(row.min));
    case Max:
        return display ? durationText(double(row.max)) : QVariant(qlonglong(row.max));
    default:
        return {};
    }
}

LaneUtilisationModel::LaneUtilisationModel(QObject* parent)
    : FlatTableModel({ tr("Lane"), tr("Tasks"), tr("Busy (cycles)"), tr("Utilisation") }, parent)
{
}

void LaneUtilisationModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void LaneUtilisationModel::compute(const ScheduleSnapshot* snapshot, std::int64_t from, std::int64_t to)
{
    beginResetModel();
    m_rows.clear();
    m_timesOnly = timesOnly(snapshot);
    m_clockMhz = snapshot ? snapshot->graph->platform.clockMhz : 1000;
    if (snapshot) {
        const GanttData& gantt = *snapshot->gantt;
        const double length = double(std::max<std::int64_t>(1, to - from));
        for (std::uint32_t lane = 0; lane < gantt.lanes().size(); ++lane) {
            Row row;
            row.lane = gantt.lanes()[lane].label;
            const auto& spans = gantt.lanes()[lane].spans;
            for (std::size_t i = gantt.firstEndingAtOrAfter(lane, double(from));
                 i < spans.size() && spans[i].start <= to; ++i) {
                const std::int64_t busy = std::min(spans[i].end, to) - std::max(spans[i].start, from);
                if (busy < 0)
                    continue;
                row.busy += busy;
                ++row.tasks;
            }
            row.utilisation = double(row.busy) / length;
            m_rows.push_back(row);
        }
    }
    endResetModel();
    setTitle(Busy, m_timesOnly ? tr("Busy") : tr("Busy (cycles)"));
}

QVariant LaneUtilisationModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Lane ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole)
        return index.column() == Lane ? QVariant(row.lane) : QVariant();
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Lane:
        return row.lane;
    case Tasks:
        return role == Qt::DisplayRole ? QLocale().toString(row.tasks) : QVariant(qlonglong(row.tasks));
    case Busy:
        if (role != Qt::DisplayRole)
            return qlonglong(row.busy);
        return m_timesOnly ? TimeAxis::timeText(double(row.busy), m_clockMhz) : QLocale().toString(row.busy);
    case Utilisation:
        return role == Qt::DisplayRole ? QStringLiteral("%1 %").arg(row.utilisation * 100, 0, 'f', 1)
                                       : QVariant(row.utilisation);
    default:
        return {};
    }
}

} // namespace lookahead
