#include "GanttPlottable.h"

#include "TaskRelations.h"
#include "TimeAxis.h"

#include <algorithm>
#include <cmath>

namespace lookahead {

namespace {
constexpr double kLaneFill = 0.72; ///< Fraction of a lane's height a span covers.

QColor faded(const QColor& colour)
{
    QColor c = colour;
    c.setAlpha(40);
    return c;
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
    m_lastRectCount = 0;
    if (!m_data || !mKeyAxis || !mValueAxis)
        return;
    const GanttData& data = *m_data;
    const QRect clip = clipRect();
    const QCPRange keys = mKeyAxis->range();
    const QCPRange values = mValueAxis->range();
    const TimeWindow window { keys.lower, keys.upper, mKeyAxis->coordToPixel(keys.lower),
        mKeyAxis->coordToPixel(keys.upper) - mKeyAxis->coordToPixel(keys.lower) };
    const double laneHeight = std::abs(mValueAxis->coordToPixel(1) - mValueAxis->coordToPixel(0));

    const std::vector<QColor>& colours = m_mode == GanttViewState::ColourMode::ByMovement ? GanttData::movementPalette() : GanttData::palette();
    const std::size_t colourCount = colours.size();
    // Buckets: one per colour, and one faded per colour for tasks the filter hides.
    std::vector<QVector<QRectF>> buckets(colourCount * 2);
    const bool filtering = !m_filterMask.empty();

    painter->setAntialiasing(false);
    const auto& lanes = data.lanes();
    const std::uint32_t firstLane = std::uint32_t(std::clamp(std::floor(values.lower), 0.0, double(lanes.size())));
    const std::uint32_t lastLane = std::uint32_t(std::clamp(std::ceil(values.upper), 0.0, double(lanes.size())));

    // Lane backgrounds: alternate shades, a stronger line between executor kinds.
    for (std::uint32_t lane = firstLane; lane < lastLane; ++lane) {
        const double y0 = mValueAxis->coordToPixel(lane);
        const double y1 = mValueAxis->coordToPixel(lane + 1);
        const QRectF band(QPointF(clip.left(), std::min(y0, y1)), QPointF(clip.right(), std::max(y0, y1)));
        painter->fillRect(band, lane % 2 ? QColor(0xf4, 0xf6, 0xf8) : QColor(0xff, 0xff, 0xff));
        if (lane > 0 && lanes[lane].exec != lanes[lane - 1].exec) {
            painter->setPen(QPen(QColor(0x9a, 0xa5, 0xb1), 1));
            painter->drawLine(QPointF(clip.left(), band.top()), QPointF(clip.right(), band.top()));
        }
    }

    for (std::uint32_t lane = firstLane; lane < lastLane; ++lane) {
        const auto& spans = lanes[lane].spans;
        const double yTop = std::min(mValueAxis->coordToPixel(lane + (1 - kLaneFill) / 2), mValueAxis->coordToPixel(lane + 1 - (1 - kLaneFill) / 2));
        const double height = laneHeight * kLaneFill;
        // Touching rectangles of one colour become one (a dense DPU lane zoomed out is a single bar),
        // which is most of what keeps a fully zoomed-out frame cheap.
        std::size_t lastBucket = SIZE_MAX;
        double lastRight = -1e300;
        auto append = [&](std::size_t bucket, double left, double right) {
            if (bucket == lastBucket && left <= lastRight + 0.5) {
                QRectF& previous = buckets[bucket].last();
                previous.setRight(std::max(previous.right(), right));
            } else {
                buckets[bucket].append(QRectF(left, yTop, right - left, height));
                lastBucket = bucket;
            }
            lastRight = std::max(lastRight, right);
        };
        std::size_t i = data.firstEndingAtOrAfter(lane, window.firstCycle);
        while (i < spans.size() && double(spans[i].start) <= window.lastCycle) {
            const GanttSpan& span = spans[i];
            const double x0 = std::max(TimeAxis::cycleToPixel(window, double(span.start)), double(clip.left()) - 1);
            const double x1 = std::min(TimeAxis::cycleToPixel(window, double(span.end)), double(clip.right()) + 1);
            const std::uint8_t colour = m_mode == GanttViewState::ColourMode::ByMovement ? span.moveColour : span.colour;
            const std::size_t bucket = colour + (filtering && !m_filterMask[span.task] ? colourCount : 0);
            if (x1 - x0 >= 1.0) {
                append(bucket, x0, x1);
                ++i;
                continue;
            }
            // Sub-pixel: everything that starts in this pixel column becomes one rectangle.
            const double column = std::floor(x0);
            const double columnEndCycle = TimeAxis::pixelToCycle(window, column + 1);
            std::size_t next = data.firstStartingAtOrAfter(lane, columnEndCycle, i + 1);
            // A wide span that merely starts in this column is drawn on its own.
            if (next - 1 > i && TimeAxis::cycleToPixel(window, double(spans[next - 1].end)) > column + 2)
                --next;
            const double right = std::max(column + 1, std::min(TimeAxis::cycleToPixel(window, double(spans[next - 1].end)), column + 2));
            append(bucket, column, right);
            i = next;
        }
    }
    painter->setPen(Qt::NoPen);
    for (std::size_t b = 0; b < buckets.size(); ++b) {
        if (buckets[b].isEmpty())
            continue;
        painter->setBrush(b < colourCount ? colours[b] : faded(colours[b - colourCount]));
        painter->drawRects(buckets[b]);
        m_lastRectCount += std::size_t(buckets[b].size());
    }

    // Names inside spans wide enough to hold them.
    if (m_graph && laneHeight >= 14) {
        QFont font = painter->font();
        font.setPointSizeF(8);
        painter->setFont(font);
        painter->setPen(QColor(0x10, 0x18, 0x20));
        const QFontMetrics metrics(font);
        for (std::uint32_t lane = firstLane; lane < lastLane; ++lane) {
            const auto& spans = lanes[lane].spans;
            for (std::size_t i = data.firstEndingAtOrAfter(lane, window.firstCycle); i < spans.size() && double(spans[i].start) <= window.lastCycle;) {
                const double x0 = TimeAxis::cycleToPixel(window, double(spans[i].start));
                const double x1 = TimeAxis::cycleToPixel(window, double(spans[i].end));
                if (x1 - x0 < 40) {
                    // Skip to the first span that starts at least 40 pixels later: labels need room.
                    i = data.firstStartingAtOrAfter(lane, TimeAxis::pixelToCycle(window, x0 + 40), i + 1);
                    continue;
                }
                QRectF r = spanRect(spans[i], lane).intersected(QRectF(clip)).adjusted(3, 0, -2, 0);
                const std::string_view name = m_graph->taskName(spans[i].task);
                painter->drawText(r, Qt::AlignVCenter | Qt::AlignLeft,
                    metrics.elidedText(QString::fromUtf8(name.data(), qsizetype(name.size())), Qt::ElideRight, int(r.width())));
                ++i;
            }
        }
    }
    drawDecorations(painter, laneHeight);
}

void GanttPlottable::drawDecorations(QCPPainter* painter, double laneHeight)
{
    const GanttData& data = *m_data;
    const QRect clip = clipRect();
    painter->setAntialiasing(true);
    painter->setBrush(Qt::NoBrush);

    if (m_state && m_state->criticalPathShown()) {
        painter->setPen(QPen(QColor(0xff, 0x6b, 0x00), 2));
        const double first = mKeyAxis->range().lower, last = mKeyAxis->range().upper;
        for (TaskIndex t : data.criticalPath()) {
            if (t >= data.taskCount())
                break;
            const GanttSpan& span = data.spanOf(t);
            if (double(span.end) < first || double(span.start) > last)
                continue;
            painter->drawRect(spanRect(span, data.laneOfTask(t)).adjusted(-1, -2, 1, 2));
        }
    }

    if (m_state && m_state->rangeSelection()) {
        const auto [from, to] = *m_state->rangeSelection();
        const double x0 = mKeyAxis->coordToPixel(double(from));
        const double x1 = mKeyAxis->coordToPixel(double(to));
        const QRectF band(QPointF(x0, clip.top()), QPointF(std::max(x1, x0 + 1), clip.bottom()));
        painter->fillRect(band, QColor(0x33, 0x77, 0xdd, 40));
        painter->setPen(QPen(QColor(0x33, 0x77, 0xdd), 1));
        painter->drawLine(band.topLeft(), band.bottomLeft());
        painter->drawLine(band.topRight(), band.bottomRight());
    }

    if (!m_state || m_state->selectedTaskId().isEmpty() || !m_graph)
        return;
    const TaskIndex selected = m_graph->findTask(m_state->selectedTaskId().toStdString());
    if (selected == kNoTask || selected >= data.taskCount())
        return;
    const GanttSpan& span = data.spanOf(selected);
    const std::uint32_t lane = data.laneOfTask(selected);
    const QRectF box = spanRect(span, lane);
    const double yMid = box.center().y();

    if (m_relations && m_state->dependenciesShown()) {
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
            if (edge.kind != TaskEdge::Kind::Queue && (releasedBy == kNoTask || data.spanOf(edge.task).end > data.spanOf(releasedBy).end))
                releasedBy = edge.task;
        int drawn = 0;
        for (const TaskEdge& edge : predecessors) {
            if (drawn++ > 64)
                break;
            const GanttSpan& other = data.spanOf(edge.task);
            const QRectF otherBox = spanRect(other, data.laneOfTask(edge.task));
            const bool binding = edge.task == releasedBy;
            arrow(QPointF(otherBox.right(), otherBox.center().y()), QPointF(box.left(), yMid),
                edge.kind == TaskEdge::Kind::Queue ? QColor(0x88, 0x88, 0x88) : binding ? QColor(0xd6, 0x28, 0x28) : QColor(0x1f, 0x5f, 0xbf), binding ? 2.2 : 1.3);
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
    painter->setPen(QPen(QColor(0x11, 0x11, 0x11), 2));
    painter->drawRect(box.adjusted(-1, -1, 1, 1));
    (void)laneHeight;
}

} // namespace lookahead
