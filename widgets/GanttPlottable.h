#pragma once

// The painter third of the timeline: a QCustomPlot plottable that reads a GanttData (and, for
// decorations, the shared view state) and draws it. Keys are cycles, values are lane indices (lane
// i spans [i, i+1), the value axis is reversed so lane 0 is on top).
//
// Level of detail: per lane the first visible span is found by binary search; spans narrower than a
// pixel are merged into one run per pixel column, and the next column is found by a galloping search,
// so a fully zoomed-out frame costs O(lanes × pixels + visible spans), not O(tasks).
//
// The lanes (backgrounds, spans, names) are rasterised straight into a QImage, one colour row per
// lane copied down the lane's pixel rows, instead of thousands of QPainter rectangles; the image is
// kept while only decorations (selection, arrows, critical path, range) change, and those are drawn
// on top with QPainter every frame.

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
    void setFilterMask(std::vector<bool> mask)
    {
        m_filterMask = std::move(mask);
        ++m_contentGeneration;
    }

    /// Runs (rectangles after merging) in the lanes of the last draw(): the benchmark reports it.
    std::size_t lastRectCount() const { return m_lastRectCount; }
    /// Whether the last draw() reused the lane image (only decorations changed).
    bool lastDrawReusedLanes() const { return m_lastDrawReusedLanes; }
    /// Forgets the lane image so the next draw() rasterises the lanes again (benchmarks).
    void invalidateLanes() { ++m_contentGeneration; }

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
        const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    /// What the lane image depends on; a draw() with the same key reuses it.
    struct LanesKey {
        std::uint64_t contentGeneration = ~std::uint64_t(0);
        double firstCycle = 0, lastCycle = 0, firstLane = 0, lastLane = 0;
        QRect clip;
        qreal devicePixelRatio = 0;
        bool operator==(const LanesKey&) const = default;
    };
    void rasteriseLanes(const QRect& clip, qreal devicePixelRatio);
    void drawLaneNames(const QRect& clip);
    /// Critical path, range band and the selection with its dependencies, over the lane image.
    void drawDecorations(QCPPainter* painter);
    void drawCriticalPath(QCPPainter* painter, const QRect& clip);
    void drawRangeBand(QCPPainter* painter, const QRect& clip) const;
    void drawDependencies(QCPPainter* painter, TaskIndex selected, const QRectF& box) const;
    QRectF spanRect(const GanttSpan& span, std::uint32_t lane) const;

    const GanttViewState* m_state;
    std::shared_ptr<const GanttData> m_data;
    std::shared_ptr<const TaskGraph> m_graph;
    std::shared_ptr<const TaskRelations> m_relations;
    GanttViewState::ColourMode m_mode = GanttViewState::ColourMode::ByKernel;
    std::vector<bool> m_filterMask;
    std::size_t m_lastRectCount = 0;
    bool m_lastDrawReusedLanes = false;
    std::uint64_t m_contentGeneration = 0;
    LanesKey m_lanesKey;
    QImage m_lanes;
    std::vector<QRgb> m_row; ///< One lane's colours per pixel column, reused across frames.
    std::vector<std::uint8_t> m_rowPainted;
    std::vector<QRectF> m_criticalOutlines;            ///< Per lane, the outline being extended.
    std::vector<std::pair<double, double>> m_laneRows; ///< Per lane, outline top and bottom.
};

} // namespace lookahead
