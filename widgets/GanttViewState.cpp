#include "GanttViewState.h"

#include <algorithm>

namespace lookahead {

void GanttViewState::setVisibleRange(double firstCycle, double lastCycle)
{
    if (lastCycle <= firstCycle)
        lastCycle = firstCycle + 1;
    if (firstCycle == m_firstCycle && lastCycle == m_lastCycle)
        return;
    m_firstCycle = firstCycle;
    m_lastCycle = lastCycle;
    emit visibleRangeChanged(firstCycle, lastCycle);
}

void GanttViewState::setSelectedTaskId(const QString& id)
{
    if (id == m_selectedTaskId)
        return;
    m_selectedTaskId = id;
    emit selectionChanged(id);
}

void GanttViewState::setRangeSelection(std::int64_t from, std::int64_t to)
{
    if (to < from)
        std::swap(from, to);
    m_range = std::make_pair(from, to);
    emit rangeSelectionChanged();
}

void GanttViewState::clearRangeSelection()
{
    if (!m_range)
        return;
    m_range.reset();
    emit rangeSelectionChanged();
}

void GanttViewState::setFilterText(const QString& text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    emit filterChanged(text);
}

void GanttViewState::setCriticalPathShown(bool shown)
{
    if (shown == m_criticalPathShown)
        return;
    m_criticalPathShown = shown;
    emit decorationChanged();
}

void GanttViewState::setDependenciesShown(bool shown)
{
    if (shown == m_dependenciesShown)
        return;
    m_dependenciesShown = shown;
    emit decorationChanged();
}

} // namespace lookahead
