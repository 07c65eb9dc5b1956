#pragma once

// The right-hand inspector: the selected task (all fields, the recorded event it was imported
// from, timing, provenance, dependencies), the
// range statistics (per kernel and per lane), and name search. It follows the shared view state.

#include "GanttViewState.h"
#include "PropertyTreeModel.h"
#include "ScheduleSnapshot.h"

#include <QTabWidget>

class QLabel;
class QLineEdit;
class QListView;
class QTableView;
class QTreeView;

namespace lookahead {

class PropertyTreeModel;
class SourceEventReader;
class RangeStatsModel;
class LaneUtilisationModel;
class TaskSearchModel;

class TaskInspector : public QTabWidget {
    Q_OBJECT
public:
    TaskInspector(GanttViewState* state, QWidget* parent = nullptr);
    void setSnapshot(std::shared_ptr<const ScheduleSnapshot> snapshot);

    PropertyTreeModel* detailsModel() const { return m_details; }
    RangeStatsModel* rangeStatsModel() const { return m_rangeStats; }
    LaneUtilisationModel* laneModel() const { return m_lanes; }
    TaskSearchModel* searchModel() const { return m_search; }
    /// Reads the recorded events the Task tab shows beside imported tasks (off the GUI thread).
    SourceEventReader* sourceEvents() const { return m_sourceEvents; }
    QLineEdit* searchEdit() const { return m_searchEdit; }
    void showSearch();
    /// The Range tab's caption (tests).
    QString rangeText() const;

signals:
    /// The user asked to go to a task (double-click in a list): select and fit it.
    void goToTask(const QString& taskId);

private:
    void updateDetails();
    /// The Recorded event section of an imported task: the event if read, else "reading…" (and a
    /// read is queued), or why it cannot be shown.
    PropertyTreeModel::Section recordedEvent(const Task& task);
    void updateRange();

    GanttViewState* m_state;
    std::shared_ptr<const ScheduleSnapshot> m_snapshot;
    PropertyTreeModel* m_details;
    RangeStatsModel* m_rangeStats;
    LaneUtilisationModel* m_lanes;
    TaskSearchModel* m_search;
    SourceEventReader* m_sourceEvents;
    QTreeView* m_detailsView;
    QLabel* m_rangeLabel;
    QLineEdit* m_searchEdit;
    QLabel* m_searchCount;
};

} // namespace lookahead
