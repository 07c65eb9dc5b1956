#pragma once

// What the explorer's flat tables share (metrics, comparison totals, moved tasks, decisions, range
// statistics, lane utilisation): no children, a fixed set of columns titled once, the row count
// from the subclass. Each of them only says what a cell shows.

#include <QAbstractTableModel>
#include <QStringList>

#include <cstddef>

namespace lookahead {

class FlatTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    /// The column titles, horizontal and for display only.
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    /// `titles`: one per column, in column order (translated by the subclass).
    FlatTableModel(QStringList titles, QObject* parent);
    /// How many rows the table has now.
    virtual std::size_t rowTotal() const = 0;
    /// Retitles one column (a unit that depends on the data shown: cycles or µs/ms).
    void setTitle(int column, const QString& title);

private:
    QStringList m_titles;
};

} // namespace lookahead
