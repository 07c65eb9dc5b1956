#include "PropertyTreeModel.h"

#include <QColor>
#include <QFont>

namespace lookahead {

PropertyTreeModel::PropertyTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void PropertyTreeModel::setSections(std::vector<Section> sections)
{
    beginResetModel();
    m_sections = std::move(sections);
    endResetModel();
}

QString PropertyTreeModel::value(const QString& property) const
{
    for (const Section& section : m_sections)
        for (const Entry& entry : section.entries)
            if (entry.property == property)
                return entry.value;
    return {};
}

QModelIndex PropertyTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= 2)
        return {};
    if (!parent.isValid())
        return row < int(m_sections.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0)
        return {};
    const int section = parent.row();
    if (section >= int(m_sections.size()) || row >= int(m_sections[std::size_t(section)].entries.size()))
        return {};
    return createIndex(row, column, quintptr(section) + 1);
}

QModelIndex PropertyTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int PropertyTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_sections.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_sections[std::size_t(parent.row())].entries.size());
}

int PropertyTreeModel::columnCount(const QModelIndex&) const { return 2; }

QVariant PropertyTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == 0) {
        const Section& section = m_sections[std::size_t(index.row())];
        if (role == Qt::DisplayRole && index.column() == 0)
            return section.title;
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const Entry& entry = m_sections[std::size_t(index.internalId() - 1)].entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? entry.property : entry.value;
    case Qt::ToolTipRole:
        return entry.toolTip.isEmpty() ? (index.column() == 1 ? entry.value : QVariant()) : QVariant(entry.toolTip);
    case TaskIdRole:
        return entry.taskId.isEmpty() ? QVariant() : QVariant(entry.taskId);
    case Qt::ForegroundRole:
        if (!entry.taskId.isEmpty() && index.column() == 1)
            return QColor(0x1f, 0x5f, 0xbf);
        return {};
    default:
        return {};
    }
}

QVariant PropertyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Property") : tr("Value");
}

} // namespace lookahead
