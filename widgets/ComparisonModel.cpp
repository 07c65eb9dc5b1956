#include "ComparisonModel.h"

#include "DeltaText.h"

#include <QColor>
#include <QLocale>

namespace lookahead {

ComparisonModel::ComparisonModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ComparisonModel::setComparison(const ScheduleComparison* comparison)
{
    beginResetModel();
    m_rows.clear();
    if (comparison) {
        const ScheduleComparison& c = *comparison;
        m_rows.push_back({ tr("Makespan (cycles)"), double(c.makespanA), double(c.makespanB), Better::Lower });
        m_rows.push_back({ tr("Total stall (cycles)"), double(c.totalStallA), double(c.totalStallB), Better::Lower });
        m_rows.push_back({ tr("Tasks"), double(c.tasksA), double(c.tasksB) });
        for (const ExecutorComparison& e : c.executors) {
            const QString name = QString::fromStdString(e.name)
                + (e.inA && e.inB ? QString()
                        : e.inA   ? tr(" (only A)")
                                  : tr(" (only B)"));
            m_rows.push_back({ tr("%1 busy (cycles)").arg(name), double(e.busyA), double(e.busyB) });
            m_rows.push_back({ tr("%1 utilisation").arg(name), e.utilisationA, e.utilisationB, Better::Neither, true });
            m_rows.push_back({ tr("%1 tasks").arg(name), double(e.tasksA), double(e.tasksB) });
        }
    }
    endResetModel();
}

int ComparisonModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int ComparisonModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString ComparisonModel::text(const Row& row, int column) const
{
    auto number = [&row](double value) {
        return row.percent ? QStringLiteral("%1 %").arg(value * 100, 0, 'f', 1) : QLocale().toString(value, 'f', 0);
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
            return signedDeltaText(row.a, row.b);
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

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Metric:
        return tr("Metric");
    case A:
        return tr("A");
    case B:
        return tr("B");
    case Delta:
        return tr("B − A");
    default:
        return {};
    }
}

} // namespace lookahead
