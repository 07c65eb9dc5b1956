#include "MovedTasksModel.h"

#include "DeltaText.h"

#include <QLocale>

namespace lookahead {

MovedTasksModel::MovedTasksModel(QObject* parent)
    : FlatTableModel({ tr("Task"), tr("Start Δ"), tr("End Δ"), tr("Duration Δ") }, parent)
{
}

void MovedTasksModel::setComparison(const ScheduleComparison* comparison, const ComparisonClocks& clocks)
{
    beginResetModel();
    m_rows.clear();
    m_timesOnly = clocks.timesOnly;
    if (comparison) {
        const std::vector<std::size_t> moved = comparison->changedByImpact();
        for (std::size_t i = 0; i < moved.size() && i < kMaxListed; ++i) {
            const TaskComparison& task = comparison->tasks[moved[i]];
            Row row;
            row.id = QString::fromStdString(task.id);
            row.label = task.name.empty() || task.name == task.id
                ? row.id
                : QStringLiteral("%1 (%2)").arg(QString::fromStdString(task.name), row.id);
            if (m_timesOnly) {
                row.deltas[0] = clocks.microsecondsB(task.startB) - clocks.microsecondsA(task.startA);
                row.deltas[1] = clocks.microsecondsB(task.endB) - clocks.microsecondsA(task.endA);
                row.deltas[2]
                    = clocks.microsecondsB(task.endB - task.startB) - clocks.microsecondsA(task.endA - task.startA);
            } else {
                row.deltas[0] = double(task.startDelta());
                row.deltas[1] = double(task.endDelta());
                row.deltas[2] = double(task.durationDelta());
            }
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
}

QString MovedTasksModel::taskId(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)].id : QString();
}

QVariant MovedTasksModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        if (index.column() == Task)
            return row.label;
        const double delta = row.deltas[index.column() - 1];
        return m_timesOnly ? signedTimeText(delta) : QLocale().toString(qlonglong(delta));
    }
    case Qt::ToolTipRole:
        return index.column() == Task ? row.label : QVariant();
    case Qt::UserRole:
        return row.id;
    case Qt::TextAlignmentRole:
        return index.column() == Task ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

} // namespace lookahead
