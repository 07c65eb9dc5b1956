#pragma once

// Metrics of the optimized schedule against the unoptimized baseline: makespan, per-executor
// utilisation, total stall, inserted tasks, cache outcomes, cost terms and per-pass statistics.

#include "ScheduleSnapshot.h"

#include "FlatTableModel.h"

namespace lookahead {

class MetricsModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Metric, Baseline, Optimized, Delta, DeltaPercent, ColumnCount };
    /// Whether a smaller value is better (colours the delta).
    enum class Better { Lower, Higher, Neither };
    struct Row {
        QString metric;
        double baseline = 0;
        double optimized = 0;
        bool hasBaseline = true;
        bool percent = false; ///< Values are fractions shown as %.
        Better better = Better::Lower;
    };

    explicit MetricsModel(QObject* parent = nullptr);
    void setSnapshots(const ScheduleSnapshot* baseline, const ScheduleSnapshot* optimized);
    const std::vector<Row>& rows() const { return m_rows; }
    /// The baseline is a recording without a clock: the first row is the makespan in µs, and no row
    /// counts cycles.
    bool clockAssumed() const { return m_clockAssumed; }
    /// The table as CSV (header and one line per metric, raw numbers).
    QString toCsv() const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    std::vector<Row> m_rows;
    bool m_clockAssumed = false;
};

} // namespace lookahead
