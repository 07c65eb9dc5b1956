#pragma once

// Every decision of the current run, one row each, in pipeline order: what a pass did (inserted,
// skipped, the start test, fused, ...), to what, and the numbers behind it (slack, gap, threshold,
// the task that opened the gap). The Why column is the core's decisionSentence(), the same text
// `batch run --report` writes and the inspector shows.

#include "lookahead/Pipeline.h"

#include "FlatTableModel.h"
#include <QStringList>

#include <optional>
#include <vector>

namespace lookahead {

class DecisionsModel : public FlatTableModel {
    Q_OBJECT
public:
    enum Column { Action, Pass, Subject, Task, Slack, Gap, Threshold, OpenedBy, Why, ColumnCount };
    enum Role {
        TaskIdsRole = Qt::UserRole + 1, ///< QStringList: the tasks the decision names, its own first.
        SortRole,                       ///< Numbers as numbers, so that Slack sorts 9 before 10.
        RecordRole,                     ///< The record as indented JSON.
    };

    explicit DecisionsModel(QObject* parent = nullptr);
    /// The decisions of `passes` (a run's records); empty for the baseline.
    void setRecords(const std::vector<PassRecord>& passes);
    /// The distinct actions, in order of first appearance (the panel's filter).
    QStringList actions() const;
    QStringList taskIds(int row) const;
    /// "3 inserted · 7 skipped · 1 test".
    QString countsText() const;

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    std::size_t rowTotal() const override { return m_rows.size(); }
    struct Row {
        QString action, pass, subject, why, json;
        QStringList tasks;
        std::optional<qlonglong> slack, gap, threshold;
        QString openedBy;
    };
    QVariant display(const Row& row, int column) const;

    std::vector<Row> m_rows;
};

} // namespace lookahead
