#pragma once

// The view-state third of the timeline: what is visible, selected and filtered. One object is shared
// by every view that shows the same time axis (both halves of the diff, the inspector, the stats), so
// they stay in sync without knowing about each other.

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

namespace lookahead {

class GanttViewState : public QObject {
    Q_OBJECT
public:
    enum class ColourMode { ByKernel, ByMovement };

    explicit GanttViewState(QObject* parent = nullptr)
        : QObject(parent)
    {
    }

    double firstCycle() const { return m_firstCycle; }
    double lastCycle() const { return m_lastCycle; }
    void setVisibleRange(double firstCycle, double lastCycle);

    /// Selection is by task id so it survives reruns that insert tasks (indices shift, ids do not).
    const QString& selectedTaskId() const { return m_selectedTaskId; }
    void setSelectedTaskId(const QString& id);

    const std::optional<std::pair<std::int64_t, std::int64_t>>& rangeSelection() const { return m_range; }
    void setRangeSelection(std::int64_t from, std::int64_t to);
    void clearRangeSelection();

    const QString& filterText() const { return m_filterText; }
    void setFilterText(const QString& text);

    bool criticalPathShown() const { return m_criticalPathShown; }
    void setCriticalPathShown(bool shown);

    bool dependenciesShown() const { return m_dependenciesShown; }
    void setDependenciesShown(bool shown);

signals:
    void visibleRangeChanged(double firstCycle, double lastCycle);
    void selectionChanged(const QString& taskId);
    void rangeSelectionChanged();
    void filterChanged(const QString& text);
    void decorationChanged();

private:
    double m_firstCycle = 0;
    double m_lastCycle = 1;
    QString m_selectedTaskId;
    std::optional<std::pair<std::int64_t, std::int64_t>> m_range;
    QString m_filterText;
    bool m_criticalPathShown = false;
    bool m_dependenciesShown = true;
};

} // namespace lookahead
