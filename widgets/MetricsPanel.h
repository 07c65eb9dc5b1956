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
    void setSnapshots(const std::shared_ptr<const ScheduleSnapshot>& baseline,
        const std::shared_ptr<const ScheduleSnapshot>& optimized);
    MetricsModel* model() const { return m_model; }
    QString headline() const;
    /// What the panel says under the headline about a recording: the clock when it was assumed, the
    /// cost terms its import turned off for the replay and why (spec 9); empty for a task graph.
    static QString recordingNote(const ScheduleSnapshot& baseline);
    QLabel* recordingNoteLabel() const { return m_recordingNote; }

private:
    MetricsModel* m_model;
    QLabel* m_headline;
    QLabel* m_recordingNote;
    QTableView* m_table;
};

} // namespace lookahead
