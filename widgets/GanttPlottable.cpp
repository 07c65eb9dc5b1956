#include "GanttPlottable.h"

#include "TaskRelations.h"
#include "TimeAxis.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lookahead {

namespace {
    constexpr double kLaneFill = 0.72; ///< Fraction of a lane's height a span covers.
    constexpr int kFadedAlpha = 40;    ///< Opacity of tasks the search filter hides.
    const QRgb kEvenLaneBackground = qRgb(0xff, 0xff, 0xff);
    const QRgb kOddLaneBackground = qRgb(0xf4, 0xf6, 0xf8);
    const QRgb kKindSeparator = qRgb(0x9a, 0xa5, 0xb1);
    const QRgb kNoLane = qRgb(0xff, 0xff, 0xff);

    /// `colour` at kFadedAlpha over an opaque `background`, as QPainter's source-over would blend it.
    QRgb fadedOver(QRgb colour, QRgb background)
    {
        auto channel
            = [](int source, int under) { return (source * kFadedAlpha + under * (255 - kFadedAlpha) + 127) / 255; };
        return qRgb(channel(qRed(colour), qRed(background)), channel(qGreen(colour), qGreen(background)),
            channel(qBlue(colour), qBlue(background)));
    }

    /// The colours of one frame: per colour index plain, faded over an even lane, faded over an odd
    /// lane (tasks the search filter hides).
    struct LaneColours {
        LaneColours(bool byMovement, const std::vector<bool>& filterMask)
            : byMovement(byMovement)
            , filterMask(filterMask)
        {
            const std::vector<QColor>& palette = byMovement ? GanttData::movementPalette() : GanttData::palette();
            for (std::size_t c = 0; c < palette.size() && c < 256; ++c) {
                plain[c] = palette[c].rgb();
                faded[0][c] = fadedOver(palette[c].rgb(), kEvenLaneBackground);
                faded[1][c] = fadedOver(palette[c].rgb(), kOddLaneBackground);
            }
        }
        QRgb of(const GanttSpan& span, std::uint32_t lane) const
        {
            const std::uint8_t index = byMovement ? span.moveColour : span.colour;
            return !filterMask.empty() && !filterMask[span.task] ? faded[lane % 2][index] : plain[index];
        }

        bool byMovement;
        const std::vector<bool>& filterMask;
        QRgb plain[256] {};
        QRgb faded[2][256] {};
    };

    /// Paints the visible spans of `lane` into `row` (one colour per pixel column); returns the runs
    /// painted, touching runs of one colour counting as one rectangle (what lastRectCount reports).
    std::size_t paintLaneRow(const GanttData& data, std::uint32_t lane, const TimeWindow& window,
        const LaneColours& colours, std::vector<QRgb>& row)
    {
        const auto& spans = data.lanes()[lane].spans;
        const int width = int(row.size());
        std::size_t runs = 0;
        QRgb lastColour = 0;
        int lastEnd = -2;
        auto paint = [&](PixelRun run, QRgb colour) {
            if (run.empty())
                return;
            std::fill(row.begin() + run.first, row.begin() + run.last, colour);
            if (colour != lastColour || run.first > lastEnd)
                ++runs;
            lastColour = colour;
            lastEnd = std::max(lastEnd, run.last);
        };
        std::size_t i = data.firstEndingAtOrAfter(lane, window.firstCycle);
        const std::size_t end = data.firstStartingAtOrAfter(lane, std::nextafter(window.lastCycle, HUGE_VAL), i);
        while (i < end) {
            const GanttSpan& span = spans[i];
            const QRgb colour = colours.of(span, lane);
            const double x0 = TimeAxis::cycleToPixel(window, double(span.start));
            const double x1 = TimeAxis::cycleToPixel(window, double(span.end));
            if (x1 - x0 >= 1.0) {
                paint(TimeAxis::coveredPixels(x0, x1, width), colour);
                ++i;
                continue;
            }
            // Sub-pixel: everything that starts in this pixel column becomes one run, coloured by the
            // first task in it.
            const double column = std::floor(x0);
            const double columnEndCycle = TimeAxis::pixelToCycle(window, column + 1);
            std::size_t next = std::min(end, data.firstStartingAtOrAfter(lane, columnEndCycle, i + 1));
            // A wide span that merely starts in this column is drawn on its own.
            if (next - 1 > i && TimeAxis::cycleToPixel(window, double(spans[next - 1].end)) > column + 2)
                --next;
            const double right = std::max(
                column + 1, std::min(TimeAxis::cycleToPixel(window, double(spans[next - 1].end)), column + 2));
            paint(TimeAxis::coveredPixels(column, right, width), colour);
            i = next;
        }
        return runs;
    }
} // namespace

GanttPlottable::GanttPlottable(QCPAxis* keyAxis, QCPAxis* valueAxis, const GanttViewState* state)
    : QCPAbstractPlottable(keyAxis, valueAxis)
    , m_state(state)
{
    setSelectable(QCP::stNone);
    setAntialiasedFill(false);
}

void GanttPlottable::setData(std::shared_ptr<const GanttData> data, std::shared_ptr<const TaskGraph> graph,
    std::shared_ptr<const TaskRelations> relations, GanttViewState::ColourMode mode)
{
    m_data = std::move(data);
    m_graph = std::move(graph);
    m_relations = std::move(relations);
    m_mode = mode;
    m_filterMask.clear();
    ++m_contentGeneration;
}

QCPRange GanttPlottable::getKeyRange(bool& foundRange, QCP::SignDomain) const
{
    foundRange = m_data != nullptr;
    return m_data ? QCPRange(0, double(std::max<std::int64_t>(1, m_data->makespan()))) : QCPRange();
}

QCPRange GanttPlottable::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const
{
    foundRange = m_data != nullptr;
    return m_data ? QCPRange(0, double(std::max<std::size_t>(1, m_data->lanes().size()))) : QCPRange();
}

double GanttPlottable::selectTest(const QPointF& pos, bool, QVariant*) const
{
    // Selection is handled by GanttView through the view state; the plottable only answers "inside".
    if (!m_data || !mKeyAxis || !mValueAxis)
        return -1;
    return mKeyAxis->axisRect()->rect().contains(pos.toPoint()) ? 0.0 : -1.0;
}

void GanttPlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->fillRect(rect, GanttData::palette().front());
}

QRectF GanttPlottable::spanRect(const GanttSpan& span, std::uint32_t lane) const
{
    const double x0 = mKeyAxis->coordToPixel(double(span.start));
    const double x1 = mKeyAxis->coordToPixel(double(span.end));
    const double yTop = mValueAxis->coordToPixel(lane + (1 - kLaneFill) / 2);
    const double yBottom = mValueAxis->coordToPixel(lane + 1 - (1 - kLaneFill) / 2);
    return QRectF(QPointF(x0, std::min(yTop, yBottom)), QPointF(std::max(x1, x0 + 1), std::max(yTop, yBottom)));
}

void GanttPlottable::draw(QCPPainter* painter)
{
    if (!m_data || !mKeyAxis || !mValueAxis) {
        m_lastRectCount = 0;
        return;
    }
    const QRect clip = clipRect();
    if (clip.isEmpty())
        return;
    const qreal devicePixelRatio = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const LanesKey key { m_contentGeneration, mKeyAxis->range().lower, mKeyAxis->range().upper,
        mValueAxis->range().lower, mValueAxis->range().upper, clip, devicePixelRatio };
    m_lastDrawReusedLanes = key == m_lanesKey && !m_lanes.isNull();
    if (!m_lastDrawReusedLanes) {
        rasteriseLanes(clip, devicePixelRatio);
        drawLaneNames(clip);
        m_lanesKey = key;
    }
    // The image is opaque (RGB32): Qt copies it line by line, no per-pixel blending.
    painter->drawImage(QPointF(clip.topLeft()), m_lanes);
    drawDecorations(painter);
}

void GanttPlottable::rasteriseLanes(const QRect& clip, qreal devicePixelRatio)
{
    const GanttData& data = *m_data;
    const QSize size = (QSizeF(clip.size()) * devicePixelRatio).toSize();
    if (m_lanes.size() != size || m_lanes.devicePixelRatio() != devicePixelRatio) {
        m_lanes = QImage(size, QImage::Format_RGB32);
        m_lanes.setDevicePixelRatio(devicePixelRatio);
    }
    const int width = size.width(), height = size.height();
    // Everything below is in device pixels of the image: column 0 is the axis rect's left edge.
    const QCPRange keys = mKeyAxis->range();
    const TimeWindow window { keys.lower, keys.upper, 0.0, double(width) };
    auto rowOf = [&](double laneCoordinate) {
        return (mValueAxis->coordToPixel(laneCoordinate) - clip.top()) * devicePixelRatio;
    };

    const LaneColours colours(m_mode == GanttViewState::ColourMode::ByMovement, m_filterMask);

    m_row.resize(std::size_t(width));
    m_rowPainted.assign(std::size_t(height), 0);
    auto fillRow = [&](int y, QRgb colour) {
        auto* line = reinterpret_cast<QRgb*>(m_lanes.scanLine(y));
        std::fill(line, line + width, colour);
        m_rowPainted[std::size_t(y)] = 1;
    };

    const auto& lanes = data.lanes();
    const QCPRange values = mValueAxis->range();
    const std::uint32_t firstLane = std::uint32_t(std::clamp(std::floor(values.lower), 0.0, double(lanes.size())));
    const std::uint32_t lastLane = std::uint32_t(std::clamp(std::ceil(values.upper), 0.0, double(lanes.size())));
    std::size_t runs = 0;
    for (std::uint32_t lane = firstLane; lane < lastLane; ++lane) {
        const QRgb background = lane % 2 ? kOddLaneBackground : kEvenLaneBackground;
        const double laneTop = rowOf(lane), laneBottom = rowOf(lane + 1);
        const PixelRun bandRows
            = TimeAxis::coveredPixels(std::min(laneTop, laneBottom), std::max(laneTop, laneBottom), height);
        if (bandRows.empty())
            continue;
        const double spanTop = rowOf(lane + (1 - kLaneFill) / 2), spanBottom = rowOf(lane + 1 - (1 - kLaneFill) / 2);
        const PixelRun spanRows
            = TimeAxis::coveredPixels(std::min(spanTop, spanBottom), std::max(spanTop, spanBottom), height);

        // One row of colours for the lane, then copied down its pixel rows.
        std::fill(m_row.begin(), m_row.end(), background);
        runs += paintLaneRow(data, lane, window, colours, m_row);
        const bool separator = lane > 0 && lanes[lane].exec != lanes[lane - 1].exec;
        for (int y = bandRows.first; y < bandRows.last; ++y) {
            if (separator && y == bandRows.first) {
                fillRow(y, kKindSeparator);
            } else if (y >= spanRows.first && y < spanRows.last) {
                std::copy(m_row.begin(), m_row.end(), reinterpret_cast<QRgb*>(m_lanes.scanLine(y)));
                m_rowPainted[std::size_t(y)] = 1;
            } else {
                fillRow(y, background);
            }
        }
    }
    for (int y = 0; y < height; ++y)
        if (!m_rowPainted[std::size_t(y)])
            fillRow(y, kNoLane);
    m_lastRectCount = runs;
}

void GanttPlottable::drawLaneNames(const QRect& clip)
{
    // Names inside spans wide enough to hold them, painted into the lane image so they are cached too.
    const double laneHeight = std::abs(mValueAxis->coordToPixel(1) - mValueAxis->coordToPixel(0));
    if (!m_graph || laneHeight < 14)
        return;
    const GanttData& data = *m_data;
    const QCPRange keys = mKeyAxis->range();
    const TimeWindow window { keys.lower, keys.upper, double(clip.left()), double(clip.width()) };
    const auto& lanes = data.lanes();
    const QCPRange values = mValueAxis->range();
    const std::uint32_t firstLane = std::uint32_t(std::clamp(std::floor(values.lower), 0.0, double(lanes.size())));
    const std::uint32_t lastLane = std::uint32_t(std::clamp(std::ceil(values.upper), 0.0, double(lanes.size())));
    std::optional<QPainter> painter; // opened on the first name: a zoomed-out frame has none
    QFont font = parentPlot()->font();
    font.setPointSizeF(8);
    const QFontMetrics metrics(font);
    for (std::uint32_t lane = firstLane; lane < lastLane; ++lane) {
        const auto& spans = lanes[lane].spans;
        for (std::size_t i = data.firstEndingAtOrAfter(lane, window.firstCycle);
             i < spans.size() && double(spans[i].start) <= window.lastCycle;) {
            const double x0 = TimeAxis::cycleToPixel(window, double(spans[i].start));
            const double x1 = TimeAxis::cycleToPixel(window, double(spans[i].end));
            if (x1 - x0 < 40) {
                // Skip to the first span that starts at least 40 pixels later: labels need room.
                i = data.firstStartingAtOrAfter(lane, TimeAxis::pixelToCycle(window, x0 + 40), i + 1);
                continue;
            }
            if (!painter) {
                painter.emplace(&m_lanes);
                painter->translate(-clip.left(), -clip.top());
                painter->setFont(font);
                painter->setPen(QColor(0x10, 0x18, 0x20));
            }
            const QRectF r = spanRect(spans[i], lane).intersected(QRectF(clip)).adjusted(3, 0, -2, 0);
            const std::string_view name = m_graph->taskName(spans[i].task);
            painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                metrics.elidedText(
                    QString::fromUtf8(name.data(), qsizetype(name.size())), Qt::ElideRight, int(r.width())));
            ++i;
        }
    }
}

void GanttPlottable::drawDecorations(QCPPainter* painter)
{
    const GanttData& data = *m_data;
    const QRect clip = clipRect();
    // Outlines and the range band are axis-aligned: aliased drawing looks the same and costs a fraction
    // of antialiased strokes; only the dependency arrows (curves) are antialiased.
    painter->setAntialiasing(false);
    painter->setBrush(Qt::NoBrush);

    if (m_state && m_state->criticalPathShown())
        drawCriticalPath(painter, clip);
    if (m_state && m_state->rangeSelection())
        drawRangeBand(painter, clip);
    if (!m_state || m_state->selectedTaskId().isEmpty() || !m_graph)
        return;
    const TaskIndex selected = m_graph->findTask(m_state->selectedTaskId().toStdString());
    if (selected == kNoTask || selected >= data.taskCount())
        return;
    const GanttSpan& span = data.spanOf(selected);
    const std::uint32_t lane = data.laneOfTask(selected);
    const QRectF box = spanRect(span, lane);

    if (m_relations && m_state->dependenciesShown())
        drawDependencies(painter, selected, box);
    painter->setAntialiasing(false);
    painter->setPen(QPen(QColor(0x11, 0x11, 0x11), 2));
    painter->drawRect(box.adjusted(-1, -1, 1, 1));
}

void GanttPlottable::drawCriticalPath(QCPPainter* painter, const QRect& clip)
{
    const GanttData& data = *m_data;
    painter->setPen(QPen(QColor(0xff, 0x6b, 0x00), 2));
    const QCPRange keys = mKeyAxis->range();
    const TimeWindow window { keys.lower, keys.upper, double(clip.left()), double(clip.width()) };
    const auto& path = data.criticalSpans();
    // The path is in time order, each task ending before the next starts: skip to the window.
    auto it = std::partition_point(
        path.begin(), path.end(), [&](const GanttCriticalSpan& s) { return double(s.end) < keys.lower; });
    // Consecutive path tasks on one lane that touch on screen become one outline, so a zoomed-out
    // path of thousands of tasks costs a few outlines per lane.
    const std::size_t laneCount = data.lanes().size();
    m_criticalOutlines.assign(laneCount, QRectF());
    m_laneRows.resize(laneCount);
    for (std::size_t lane = 0; lane < laneCount; ++lane) {
        const double top = mValueAxis->coordToPixel(double(lane) + (1 - kLaneFill) / 2);
        const double bottom = mValueAxis->coordToPixel(double(lane) + 1 - (1 - kLaneFill) / 2);
        m_laneRows[lane] = { std::min(top, bottom) - 2, std::max(top, bottom) + 2 };
    }
    for (; it != path.end() && double(it->start) <= keys.upper; ++it) {
        const double x0 = TimeAxis::cycleToPixel(window, double(it->start)) - 1;
        const double x1 = std::max(TimeAxis::cycleToPixel(window, double(it->end)), x0 + 2) + 1;
        QRectF& open = m_criticalOutlines[it->lane];
        if (!open.isNull() && x0 <= open.right() + 1) {
            open.setRight(std::max(open.right(), x1));
            continue;
        }
        if (!open.isNull())
            painter->drawRect(open);
        open = QRectF(QPointF(x0, m_laneRows[it->lane].first), QPointF(x1, m_laneRows[it->lane].second));
    }
    for (const QRectF& open : m_criticalOutlines)
        if (!open.isNull())
            painter->drawRect(open);
}

void GanttPlottable::drawRangeBand(QCPPainter* painter, const QRect& clip) const
{
    const auto [from, to] = *m_state->rangeSelection();
    const double x0 = mKeyAxis->coordToPixel(double(from));
    const double x1 = mKeyAxis->coordToPixel(double(to));
    const QRectF band(QPointF(x0, clip.top()), QPointF(std::max(x1, x0 + 1), clip.bottom()));
    painter->fillRect(band, QColor(0x33, 0x77, 0xdd, 40));
    painter->setPen(QPen(QColor(0x33, 0x77, 0xdd), 1));
    painter->drawLine(band.topLeft(), band.bottomLeft());
    painter->drawLine(band.topRight(), band.bottomRight());
}

void GanttPlottable::drawDependencies(QCPPainter* painter, TaskIndex selected, const QRectF& box) const
{
    const GanttData& data = *m_data;
    const double yMid = box.center().y();
    painter->setAntialiasing(true);
    auto arrow = [painter](QPointF from, QPointF to, const QColor& colour, double width) {
        painter->setPen(QPen(colour, width));
        // A short horizontal run, then a diagonal: reads as "leaves the end, enters the start".
        QPainterPath path(from);
        const double bend = std::min(12.0, std::abs(to.x() - from.x()) / 2);
        path.cubicTo(QPointF(from.x() + bend * 2, from.y()), QPointF(to.x() - bend * 2, to.y()), to);
        painter->drawPath(path);
        const double size = 5;
        QPolygonF head;
        head << to << QPointF(to.x() - size, to.y() - size / 1.6) << QPointF(to.x() - size, to.y() + size / 1.6);
        painter->setBrush(colour);
        painter->drawPolygon(head);
        painter->setBrush(Qt::NoBrush);
    };
    const std::vector<TaskEdge> predecessors = m_relations->predecessors(*m_graph, selected);
    // The predecessor that ended last released the task: drawn heavier.
    TaskIndex releasedBy = kNoTask;
    for (const TaskEdge& edge : predecessors)
        if (edge.kind != TaskEdge::Kind::Queue
            && (releasedBy == kNoTask || data.spanOf(edge.task).end > data.spanOf(releasedBy).end))
            releasedBy = edge.task;
    int drawn = 0;
    for (const TaskEdge& edge : predecessors) {
        if (drawn++ > 64)
            break;
        const GanttSpan& other = data.spanOf(edge.task);
        const QRectF otherBox = spanRect(other, data.laneOfTask(edge.task));
        const bool binding = edge.task == releasedBy;
        arrow(QPointF(otherBox.right(), otherBox.center().y()), QPointF(box.left(), yMid),
            edge.kind == TaskEdge::Kind::Queue ? QColor(0x88, 0x88, 0x88)
                : binding                      ? QColor(0xd6, 0x28, 0x28)
                                               : QColor(0x1f, 0x5f, 0xbf),
            binding ? 2.2 : 1.3);
    }
    drawn = 0;
    for (const TaskEdge& edge : m_relations->successors(*m_graph, selected)) {
        if (drawn++ > 64)
            break;
        const GanttSpan& other = data.spanOf(edge.task);
        const QRectF otherBox = spanRect(other, data.laneOfTask(edge.task));
        arrow(QPointF(box.right(), yMid), QPointF(otherBox.left(), otherBox.center().y()),
            edge.kind == TaskEdge::Kind::Queue ? QColor(0xaa, 0xaa, 0xaa) : QColor(0x2e, 0x9e, 0x4f), 1.3);
    }
}

} // namespace lookahead
