#pragma once

// The tasks of a comparison of two files that moved most (start, end and duration deltas B − A),
// biggest first, at most kMaxListed of them; column Task holds the task id in Qt::UserRole. The
// deltas are in cycles, or in µs/ms when a side is a recording without a clock (ComparisonClocks).

#include "ComparisonClocks.h"

#include "lookahead/ScheduleComparison.h"

#include "FlatTableModel.h"

#include <vector>

namespace lookahead {

class MovedTasksModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Task, StartDelta, EndDelta, DurationDelta, ColumnCount };
    /// A table of thousands of rows helps nobody; the timeline shows the rest.
    static constexpr std::size_t kMaxListed = 200;

    explicit MovedTasksModel(QObject* parent = nullptr);
    /// Lists `comparison`'s changed tasks by impact, times as `clocks` says; nullptr empties the
    /// table. Copies what it shows.
    void setComparison(const ScheduleComparison* comparison, const ComparisonClocks& clocks = {});
    QString taskId(int row) const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    struct Row {
        QString id;
        QString label;         ///< "name (id)", or the id when the name says nothing more.
        double deltas[3] = {}; ///< start, end, duration: cycles, or µs when m_timesOnly
    };
    std::vector<Row> m_rows;
    bool m_timesOnly = false;
};

} // namespace lookahead
