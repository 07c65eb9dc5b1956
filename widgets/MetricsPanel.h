#pragma once

// Makespan and friends of the current schedule against the unoptimized baseline.

#include "ScheduleSnapshot.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace lookahead {

class MetricsModel;

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPanel(QWidget* parent = nullptr);
    void setSnapshots(
        std::shared_ptr<const ScheduleSnapshot> baseline, std::shared_ptr<const ScheduleSnapshot> optimized);
    MetricsModel* model() const { return m_model; }
    QString headline() const;

private:
    MetricsModel* m_model;
    QLabel* m_headline;
    QTableView* m_table;
};

} // namespace lookahead
