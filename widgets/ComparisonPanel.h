#pragma once

// The Comparison dock of File > Compare Two Files: a headline (labels, makespan B − A, how many
// tasks changed), the totals per executor kind, and the tasks that moved most (double-click one to
// select it on the timeline).

#include "ComparisonClocks.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace lookahead {

class ComparisonModel;
class MovedTasksModel;
struct ScheduleComparison;

class ComparisonPanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonPanel(QWidget* parent = nullptr);

    /// Shows `comparison` (B − A) of the files labelled `labelA` and `labelB`, times as `clocks`
    /// says; nullptr clears it.
    void setComparison(const ScheduleComparison* comparison, const QString& labelA = {}, const QString& labelB = {},
        const ComparisonClocks& clocks = {});
    /// One line: "Makespan B − A: +1,234 cycles (+1.23 %), 100,000 → 101,234; 7 tasks changed, …"
    /// (a recording without a clock: "+1.234 ms (+1.23 %), 9.762 ms → 10.996 ms; …").
    static QString headline(const ScheduleComparison& comparison, const ComparisonClocks& clocks = {});
    /// The makespan's change B − A: "+1,234 cycles (+1.23 %)", or "+1.234 ms (+1.23 %)".
    static QString makespanDelta(const ScheduleComparison& comparison, const ComparisonClocks& clocks = {});

    ComparisonModel* model() const { return m_model; }
    MovedTasksModel* movedModel() const { return m_moved; }
    QTableView* table() const { return m_totalsView; }

signals:
    void taskActivated(const QString& taskId);

private:
    QLabel* m_headline;
    ComparisonModel* m_model;
    MovedTasksModel* m_moved;
    QTableView* m_totalsView;
    QTableView* m_movedView;
};

} // namespace lookahead
