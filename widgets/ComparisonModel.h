#pragma once

// The totals of a comparison of two files (File > Compare Two Files): makespan, stall, task count,
// then per executor kind its busy time, utilisation and task count, each as A, B and B − A. Times
// are in cycles, or in µs/ms (whichever reads better per row) when a side is a recording without
// a clock (ComparisonClocks).

#include "ComparisonClocks.h"

#include "lookahead/ScheduleComparison.h"

#include "FlatTableModel.h"

#include <vector>

namespace lookahead {

class ComparisonModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Metric, A, B, Delta, ColumnCount };
    /// Lower is better for time and stall (the delta is coloured); busy time and counts only differ.
    enum class Better { Lower, Neither };
    struct Row {
        QString metric;
        double a = 0;
        double b = 0;
        Better better = Better::Neither;
        bool percent = false; ///< Values are fractions shown as %, the delta in points.
        int decimals = 0;     ///< Of a value that is not a percentage (3 for µs and ms).
    };

    explicit ComparisonModel(QObject* parent = nullptr);
    /// Shows `comparison`'s totals, times as `clocks` says; nullptr empties the table.
    void setComparison(const ScheduleComparison* comparison, const ComparisonClocks& clocks = {});
    const std::vector<Row>& rows() const { return m_rows; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    QString text(const Row& row, int column) const;
    /// The row of a time `what` that is `a` cycles in A and `b` in B.
    static Row timeRow(const QString& what, std::int64_t a, std::int64_t b, const ComparisonClocks& clocks,
        Better better = Better::Lower);

    std::vector<Row> m_rows;
};

} // namespace lookahead
