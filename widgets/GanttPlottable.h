#pragma once

// The painter third of the timeline: a QCustomPlot plottable that reads a GanttData (and, for
// decorations, the shared view state) and draws it. Keys are cycles, values are lane indices (lane
// i spans [i, i+1), the value axis is reversed so lane 0 is on top).
//
// Level of detail: per lane the first visible span is found by binary search; spans narrower than a
// pixel are merged into one rectangle per pixel column, and the next column is found by binary
// search again, so a fully zoomed-out frame costs O(lanes × pixels × log n), not O(tasks).

#include "GanttData.h"
#include "GanttViewState.h"

#include "lookahead/TaskGraph.h"

#include <qcustomplot.h>

#include <memory>
#include <vector>

namespace lookahead {

class TaskRelations;

class GanttPlottable : public QCPAbstractPlottable {
    Q_OBJECT
public:
    GanttPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis, const GanttViewState* state);

    void setData(std::shared_ptr<const GanttData> data, std::shared_ptr<const TaskGraph> graph,
        std::shared_ptr<const TaskRelations> relations, GanttViewState::ColourMode mode);
    const std::shared_ptr<const GanttData>& data() const { return m_data; }
    /// Tasks that do not match the filter are drawn faded; empty mask: no filter.
    void setFilterMask(std::vector<bool> mask) { m_filterMask = std::move(mask); }

    /// Rectangles drawn by the last draw() (after merging): the benchmark reports it.
    std::size_t lastRectCount() const { return m_lastRectCount; }

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth, const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    void drawDecorations(QCPPainter* painter, double laneHeightPixels);
    QRectF spanRect(const GanttSpan& span, std::uint32_t lane) const;

    const GanttViewState* m_state;
    std::shared_ptr<const GanttData> m_data;
    std::shared_ptr<const TaskGraph> m_graph;
    std::shared_ptr<const TaskRelations> m_relations;
    GanttViewState::ColourMode m_mode = GanttViewState::ColourMode::ByKernel;
    std::vector<bool> m_filterMask;
    std::size_t m_lastRectCount = 0;
};

} // namespace lookahead
