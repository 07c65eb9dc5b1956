#include "FlatTableModel.h"

namespace lookahead {

FlatTableModel::FlatTableModel(QStringList titles, QObject* parent)
    : QAbstractTableModel(parent)
    , m_titles(std::move(titles))
{
}

int FlatTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rowTotal()); }

int FlatTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_titles.size()); }

void FlatTableModel::setTitle(int column, const QString& title)
{
    if (m_titles[column] == title)
        return;
    m_titles[column] = title;
    emit headerDataChanged(Qt::Horizontal, column, column);
}

QVariant FlatTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_titles.size())
        return {};
    return m_titles[section];
}

} // namespace lookahead
