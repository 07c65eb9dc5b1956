#pragma once

// Tasks whose name, id or kernel contains a text (case-insensitive), in start order, for the search list.

#include "ScheduleSnapshot.h"

#include <QAbstractListModel>

namespace lookahead {

class TaskSearchModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int TaskIdRole = Qt::UserRole + 1;
    static constexpr int kMaxMatches = 5000; ///< More would not be read; the count says how many exist.

    explicit TaskSearchModel(QObject* parent = nullptr);
    void search(std::shared_ptr<const ScheduleSnapshot> snapshot, const QString& text);
    /// All matches, including those beyond kMaxMatches.
    std::size_t totalMatches() const { return m_total; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const ScheduleSnapshot> m_snapshot;
    std::vector<TaskIndex> m_matches;
    std::size_t m_total = 0;
};

} // namespace lookahead
