#pragma once

// The right-hand inspector: the selected task (all fields, timing, provenance, dependencies), the
// range statistics (per kernel and per lane), and name search. It follows the shared view state.

#include "GanttViewState.h"
#include "ScheduleSnapshot.h"

#include <QTabWidget>

class QLabel;
class QLineEdit;
class QListView;
class QTableView;
class QTreeView;

namespace lookahead {

class PropertyTreeModel;
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
    QLineEdit* searchEdit() const { return m_searchEdit; }
    void showSearch();

signals:
    /// The user asked to go to a task (double-click in a list): select and fit it.
    void goToTask(const QString& taskId);

private:
    void updateDetails();
    void updateRange();

    GanttViewState* m_state;
    std::shared_ptr<const ScheduleSnapshot> m_snapshot;
    PropertyTreeModel* m_details;
    RangeStatsModel* m_rangeStats;
    LaneUtilisationModel* m_lanes;
    TaskSearchModel* m_search;
    QTreeView* m_detailsView;
    QLabel* m_rangeLabel;
    QLineEdit* m_searchEdit;
    QLabel* m_searchCount;
};

} // namespace lookahead
