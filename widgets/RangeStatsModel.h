#pragma once

// Aggregates over a time range: per kernel (count, sum, mean, min, max of durations of the tasks that
// overlap the range) and per lane (busy cycles within the range, utilisation, task count).

#include "ScheduleSnapshot.h"

#include "FlatTableModel.h"

namespace lookahead {

class RangeStatsModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Kernel, Count, Sum, Mean, Min, Max, ColumnCount };
    struct Row {
        QString name;
        std::int64_t count = 0, sum = 0, min = 0, max = 0;
    };

    explicit RangeStatsModel(QObject* parent = nullptr);
    void compute(const ScheduleSnapshot* snapshot, std::int64_t from, std::int64_t to);
    void clear();
    const std::vector<Row>& rows() const { return m_rows; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    std::vector<Row> m_rows;
};

class LaneUtilisationModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Lane, Tasks, Busy, Utilisation, ColumnCount };
    struct Row {
        QString lane;
        std::int64_t tasks = 0, busy = 0;
        double utilisation = 0;
    };

    explicit LaneUtilisationModel(QObject* parent = nullptr);
    void compute(const ScheduleSnapshot* snapshot, std::int64_t from, std::int64_t to);
    void clear();
    const std::vector<Row>& rows() const { return m_rows; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    std::vector<Row> m_rows;
};

} // namespace lookahead
