#pragma once

// Aggregates over a time range: per kernel (count, sum, mean, min, max of durations of the tasks that
// overlap the range) and per lane (busy cycles within the range, utilisation, task count). A recording
// without a clock (1 cycle = 1 ns assumed, issue #10) shows its durations as µs/ms
// (TimeAxis::timeText, as the comparison panel), never as made-up cycles; sorting stays by cycles.

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
    QString durationText(double cycles) const;
    std::vector<Row> m_rows;
    bool m_timesOnly = false;
    double m_clockMhz = 1000;
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
    QString durationText(double cycles) const;
    std::vector<Row> m_rows;
    bool m_timesOnly = false;
    double m_clockMhz = 1000;
};

} // namespace lookahead
