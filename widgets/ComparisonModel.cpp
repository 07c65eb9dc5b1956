#include "ComparisonModel.h"

#include "DeltaText.h"

#include <QColor>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace lookahead {

ComparisonModel::ComparisonModel(QObject* parent)
    : FlatTableModel({ tr("Metric"), tr("A"), tr("B"), tr("B − A") }, parent)
{
}

ComparisonModel::Row ComparisonModel::timeRow(
    const QString& what, std::int64_t a, std::int64_t b, const ComparisonClocks& clocks, Better better)
{
    if (!clocks.timesOnly)
        return { tr("%1 (cycles)").arg(what), double(a), double(b), better };
    const double microsecondsA = clocks.microsecondsA(a);
    const double microsecondsB = clocks.microsecondsB(b);
    // One unit for both sides and the delta: ms once either side reaches a millisecond, as the ruler.
    const double scale = std::max(std::abs(microsecondsA), std::abs(microsecondsB)) >= 1000 ? 1000 : 1;
    return { tr("%1 (%2)").arg(what, scale > 1 ? tr("ms") : tr("µs")), microsecondsA / scale, microsecondsB / scale,
        better, false, 3 };
}

void ComparisonModel::setComparison(const ScheduleComparison* comparison, const ComparisonClocks& clocks)
{
    beginResetModel();
    m_rows.clear();
    if (comparison) {
        const ScheduleComparison& c = *comparison;
        m_rows.push_back(timeRow(tr("Makespan"), c.makespanA, c.makespanB, clocks));
        m_rows.push_back(timeRow(tr("Total stall"), c.totalStallA, c.totalStallB, clocks));
        m_rows.push_back({ tr("Tasks"), double(c.tasksA), double(c.tasksB) });
        for (const ExecutorComparison& e : c.executors) {
            const QString name = QString::fromStdString(e.name)
                + (e.inA && e.inB ? QString()
                        : e.inA   ? tr(" (only A)")
                                  : tr(" (only B)"));
            m_rows.push_back(timeRow(tr("%1 busy").arg(name), e.busyA, e.busyB, clocks, Better::Neither));
            m_rows.push_back({ tr("%1 utilisation").arg(name), e.utilisationA, e.utilisationB, Better::Neither, true });
            m_rows.push_back({ tr("%1 tasks").arg(name), double(e.tasksA), double(e.tasksB) });
        }
    }
    endResetModel();
}

QString ComparisonModel::text(const Row& row, int column) const
{
    auto number = [&row](double value) {
        return row.percent ? QStringLiteral("%1 %").arg(value * 100, 0, 'f', 1)
                           : QLocale().toString(value, 'f', row.decimals);
    };
    switch (column) {
    case Metric:
        return row.metric;
    case A:
        return number(row.a);
    case B:
        return number(row.b);
    case Delta: {
        if (!row.percent)
            return signedDeltaText(row.a, row.b, {}, row.decimals);
        const double points = (row.b - row.a) * 100;
        return QStringLiteral("%1%2 pt").arg(points > 0 ? QStringLiteral("+") : QString()).arg(points, 0, 'f', 1);
    }
    default:
        return {};
    }
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return text(row, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Metric ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Delta && row.better == Better::Lower && row.b != row.a)
            return row.b < row.a ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb1, 0x1b, 0x1b);
        return {};
    default:
        return {};
    }
}

} // namespace lookahead
