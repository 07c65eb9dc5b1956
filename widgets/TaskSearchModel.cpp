#include "TaskSearchModel.h"

#include "TaskDetails.h"

#include <algorithm>

namespace lookahead {

TaskSearchModel::TaskSearchModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

void TaskSearchModel::search(std::shared_ptr<const ScheduleSnapshot> snapshot, const QString& text)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    m_matches.clear();
    m_total = 0;
    const std::string needle = text.trimmed().toLower().toStdString();
    if (m_snapshot && !needle.empty()) {
        const TaskGraph& graph = *m_snapshot->graph;
        auto contains = [&needle](std::string_view haystack) {
            return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }) != haystack.end();
        };
        for (TaskIndex t : m_snapshot->schedule->startOrder) {
            const Task& task = graph.tasks[t];
            if (contains(graph.taskName(t)) || contains(graph.taskId(t))
                || (task.kernel != kNoKernel && contains(graph.kernels[std::size_t(task.kernel)].name))) {
                if (m_matches.size() < kMaxMatches)
                    m_matches.push_back(t);
                ++m_total;
            }
        }
    }
    endResetModel();
}

int TaskSearchModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_matches.size()); }

QVariant TaskSearchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_matches.size()))
        return {};
    const TaskIndex t = m_matches[std::size_t(index.row())];
    const TaskGraph& graph = *m_snapshot->graph;
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1  ·  %2")
            .arg(toQString(graph.taskName(t)), m_snapshot->gantt->lanes()[m_snapshot->gantt->laneOfTask(t)].label);
    case Qt::ToolTipRole:
        return QStringLiteral("start %1, end %2").arg(m_snapshot->schedule->start[t]).arg(m_snapshot->schedule->end[t]);
    case TaskIdRole:
        return toQString(graph.taskId(t));
    default:
        return {};
    }
}

} // namespace lookahead
