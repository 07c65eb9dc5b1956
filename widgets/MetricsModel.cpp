#include "MetricsModel.h"

#include <QColor>
#include <QLocale>

#include <cmath>

namespace lookahead {

MetricsModel::MetricsModel(QObject* parent)
    : FlatTableModel({ tr("Metric"), tr("Baseline"), tr("Optimized"), tr("Δ"), tr("Δ %") }, parent)
{
}

void MetricsModel::setSnapshots(const ScheduleSnapshot* baseline, const ScheduleSnapshot* optimized)
{
    beginResetModel();
    m_rows.clear();
    m_clockAssumed = false;
    if (baseline) {
        if (!optimized)
            optimized = baseline;
        const Schedule& before = *baseline->schedule;
        const Schedule& after = *optimized->schedule;
        const TaskGraph& graph = *optimized->graph;
        const double clock = graph.platform.clockMhz;
        auto add = [this](QString name, double b, double a, Better better = Better::Lower, bool percent = false) {
            m_rows.push_back({ std::move(name), b, a, true, percent, better });
        };
        // A recording without a clock has made-up cycles: its times are in µs only.
        m_clockAssumed = baseline->clockAssumed();
        if (!m_clockAssumed)
            add(tr("Makespan (cycles)"), double(before.makespan), double(after.makespan));
        add(tr("Makespan (µs)"), double(before.makespan) / clock, double(after.makespan) / clock);
        if (m_clockAssumed)
            add(tr("Total stall (µs)"), double(before.totalStall) / clock, double(after.totalStall) / clock);
        else
            add(tr("Total stall (cycles)"), double(before.totalStall), double(after.totalStall));
        std::int64_t inserted = 0;
        for (const Task& task : graph.tasks)
            inserted += task.origin != kNoSymbol ? 1 : 0;
        std::int64_t insertedBefore = 0;
        for (const Task& task : baseline->graph->tasks)
            insertedBefore += task.origin != kNoSymbol ? 1 : 0;
        add(tr("Inserted tasks"), double(insertedBefore), double(inserted), Better::Neither);
        add(tr("Tasks"), double(before.taskCount()), double(after.taskCount()), Better::Neither);
        for (std::size_t e = 0; e < graph.platform.executors.size() && e < after.utilisation.size(); ++e)
            add(tr("Utilisation %1").arg(QString::fromStdString(graph.platform.executors[e].name)),
                e < before.utilisation.size() ? before.utilisation[e] : 0.0, after.utilisation[e], Better::Higher,
                true);
        add(tr("L1 instruction hits"), double(before.l1Hits), double(after.l1Hits), Better::Higher);
        add(tr("L2 instruction hits"), double(before.l2Hits), double(after.l2Hits), Better::Higher);
        add(tr("Instruction misses"), double(before.misses), double(after.misses));
        for (const auto& [term, cycles] : after.termCycles) {
            double b = 0;
            for (const auto& [name, value] : before.termCycles)
                if (name == term)
                    b = double(value);
            if (m_clockAssumed)
                add(tr("Cost term %1 (µs)").arg(QString::fromStdString(term)), b / clock, double(cycles) / clock);
            else
                add(tr("Cost term %1 (cycles)").arg(QString::fromStdString(term)), b, double(cycles));
        }
        for (const PassRecord& record : optimized->passes)
            for (const auto& [name, value] : record.statistics)
                m_rows.push_back(
                    { QStringLiteral("%1.%2").arg(QString::fromStdString(record.name), QString::fromStdString(name)), 0,
                        double(value), false, false, Better::Neither });
    }
    endResetModel();
}

QString MetricsModel::toCsv() const
{
    auto quoted = [](QString text) {
        if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')))
            text = QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        return text;
    };
    QString csv = QStringLiteral("metric,baseline,optimized,delta,delta_percent\n");
    for (const Row& row : m_rows) {
        const double delta = row.optimized - row.baseline;
        const QString percent
            = row.hasBaseline && row.baseline != 0 ? QString::number(delta / row.baseline * 100, 'g', 6) : QString();
        csv += QStringLiteral("%1,%2,%3,%4,%5\n")
                   .arg(quoted(row.metric), row.hasBaseline ? QString::number(row.baseline, 'g', 12) : QString(),
                       QString::number(row.optimized, 'g', 12),
                       row.hasBaseline ? QString::number(delta, 'g', 12) : QString(), percent);
    }
    return csv;
}

QVariant MetricsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    const double delta = row.optimized - row.baseline;
    auto format = [&row](double value) {
        if (row.percent)
            return QStringLiteral("%1 %").arg(value * 100, 0, 'f', 1);
        if (std::abs(value - std::round(value)) < 1e-9)
            return QLocale().toString(qlonglong(std::llround(value)));
        return QLocale().toString(value, 'f', 3);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Metric:
            return row.metric;
        case Baseline:
            return row.hasBaseline ? format(row.baseline) : QString();
        case Optimized:
            return format(row.optimized);
        case Delta:
            if (!row.hasBaseline)
                return QString();
            return (delta > 0 ? QStringLiteral("+") : QString()) + format(delta);
        case DeltaPercent:
            if (!row.hasBaseline || row.baseline == 0 || row.percent)
                return QString();
            return QStringLiteral("%1%2 %")
                .arg(delta > 0 ? QStringLiteral("+") : QString())
                .arg(delta / row.baseline * 100, 0, 'f', 2);
        default:
            return {};
        }
    case Qt::EditRole:
        switch (index.column()) {
        case Metric:
            return row.metric;
        case Baseline:
            return row.baseline;
        case Optimized:
            return row.optimized;
        case Delta:
            return delta;
        case DeltaPercent:
            return row.baseline != 0 ? delta / row.baseline : 0.0;
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == Metric ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if ((index.column() == Delta || index.column() == DeltaPercent) && row.hasBaseline && delta != 0
            && row.better != Better::Neither) {
            const bool improved = (delta < 0) == (row.better == Better::Lower);
            return improved ? QColor(0x1b, 0x78, 0x37) : QColor(0xb1, 0x1b, 0x1b);
        }
        return {};
    default:
        return {};
    }
}

} // namespace lookahead
