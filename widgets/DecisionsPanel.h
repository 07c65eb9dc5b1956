#pragma once

// The Decisions dock: every decision of the current run as a table that filters by action and by
// text (kernel, task, reason) and sorts by any column; clicking a row asks the window to select and
// frame the tasks the decision names.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace lookahead {

class DecisionsModel;
struct PassRecord;

class DecisionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit DecisionsPanel(QWidget* parent = nullptr);

    /// Shows the decisions of a run's records; keeps the filter.
    void setRecords(const std::vector<PassRecord>& passes);
    DecisionsModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    /// Shows only the decisions with this action ("inserted"); empty: all.
    void setActionFilter(const QString& action);
    /// Makes the decision about `taskId` (its Task column) the current row, when there is one,
    /// without asking to frame it (the timeline selected it already).
    void showTask(const QString& taskId);

signals:
    /// A row was chosen: its tasks, the one the decision is about first.
    void tasksChosen(const QStringList& taskIds);

private:
    void updateActions();
    void updateCount();

    DecisionsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QComboBox* m_action;
    QLineEdit* m_filter;
    QLabel* m_count;
    QTableView* m_table;
    QLabel* m_sentence; ///< The current row's reason, whole.
    bool m_showingTask = false;
};

} // namespace lookahead
