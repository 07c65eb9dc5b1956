#include "GanttView.h"

#include "GanttPlottable.h"
#include "TimeAxis.h"

#include <qcustomplot.h>

#include <QKeyEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lookahead {

namespace {
    constexpr int kMaxLaneLabelWidth = 300; ///< Pixels; longer lane names are elided in the middle.
    constexpr int kMinLaneLabelWidth = 80;
    constexpr double kLaneLabelShare = 0.35; ///< Of the view's width, at most (the timeline keeps the rest).

    /// What fitAll() shows: the whole schedule with 1 % of room either side.
    std::pair<double, double> wholeSchedule(const GanttData* data)
    {
        const double makespan = data ? double(std::max<std::int64_t>(1, data->makespan())) : 1.0;
        return { -makespan * 0.01, makespan * 1.01 };
    }

    /// Ticks at 1-2-5 steps of cycles, or of time at the graph's clock labelled in µs, or in ms from
    /// 1 ms steps on (a clock of 1,800 MHz puts 50 M cycles at 27.78 ms: time gets its own steps).
    /// At most kMaxTicks, fewer when the labels would not fit the axis's width: a docked Gantt is
    /// often a few hundred pixels wide, and eight labels of "1500" ran into each other there.
    class TimeTicker : public QCPAxisTicker {
    public:
        enum class Unit { Cycles, Time };
        TimeTicker(Unit unit, const QCPAxis* axis)
            : unit(unit)
            , m_axis(axis)
        {
            setTickCount(kMaxTicks);
        }
        Unit unit;
        double clockMhz = 1000.0;

    protected:
        double getTickStep(const QCPRange& range) override
        {
            // The most ticks whose labels fit side by side (labels depend on the step); in a ruler
            // too narrow for two, one.
            const double width = m_axis->axisRect()->width();
            const QFontMetrics metrics(m_axis->tickLabelFont());
            for (int ticks = kMaxTicks;; --ticks) {
                m_step = stepFor(range, ticks);
                const double labels = std::floor(range.size() / m_step) + 1;
                if (ticks == 1 || labels * (widestLabel(range, metrics) + kLabelGap) <= width)
                    return m_step;
            }
        }
        QString getTickLabel(double tick, const QLocale&, QChar, int) override { return label(tick); }

    private:
        static constexpr int kMaxTicks = 8;
        static constexpr int kLabelGap = 10; ///< Pixels between two labels, at least.

        double stepFor(const QCPRange& range, int ticks) const
        {
            const double cyclesPerMicrosecond = unit == Unit::Time && clockMhz > 0 ? clockMhz : 1.0;
            return TimeAxis::niceStep(range.size() / cyclesPerMicrosecond, ticks) * cyclesPerMicrosecond;
        }
        QString label(double tick) const
        {
            return unit == Unit::Cycles ? TimeAxis::cycleLabel(tick) : TimeAxis::timeLabel(tick, m_step, clockMhz);
        }
        /// The widest label at the current step: the first and last ticks' (the longest numbers,
        /// with the unit suffix) and the one before the last (which may lack it).
        int widestLabel(const QCPRange& range, const QFontMetrics& metrics) const
        {
            const double first = std::ceil(range.lower / m_step) * m_step;
            const double last = std::floor(range.upper / m_step) * m_step;
            int widest = 0;
            for (double tick : { first, last, last - m_step })
                widest = std::max(widest, metrics.horizontalAdvance(label(tick)));
            return widest;
        }

        const QCPAxis* m_axis;
        double m_step = 1;
    };

    TimeTicker* timeTicker(QCPAxis* axis) { return static_cast<TimeTicker*>(axis->ticker().data()); }
} // namespace

GanttView::GanttView(GanttViewState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    setFocusPolicy(Qt::StrongFocus);
    m_plot->setFocusPolicy(Qt::NoFocus);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setPlottingHint(QCP::phCacheLabels, true);
    // One paint buffer instead of two: every buffer is cleared and alpha-blended onto the widget on
    // each replot (about 1.3 ms per 1920×1080 buffer here), and the lanes are cached by the plottable
    // anyway, so a separately replottable overlay layer would not pay for itself.
    m_plot->layer(QStringLiteral("overlay"))->setMode(QCPLayer::lmLogical);
    // QCustomPlot fills its whole viewport before drawing the buffer: nothing below needs painting.
    m_plot->setAttribute(Qt::WA_OpaquePaintEvent);
    m_plot->setInteractions(QCP::iNone); // navigation goes through the shared view state
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);

    QCPAxisRect* rect = m_plot->axisRect();
    rect->setupFullAxesBox(false);
    m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new TimeTicker(TimeTicker::Unit::Cycles, m_plot->xAxis)));
    m_plot->xAxis2->setTicker(QSharedPointer<QCPAxisTicker>(new TimeTicker(TimeTicker::Unit::Time, m_plot->xAxis2)));
    m_plot->xAxis2->setVisible(true);
    m_plot->xAxis2->setTickLabels(true);
    m_plot->xAxis->setLabel(tr("cycles"));
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis2->setVisible(false);
    for (QCPAxis* axis : { m_plot->xAxis, m_plot->xAxis2, m_plot->yAxis }) {
        axis->setBasePen(QPen(QColor(0x9a, 0xa5, 0xb1)));
        axis->setTickPen(QPen(QColor(0x9a, 0xa5, 0xb1)));
        axis->setSubTickPen(QPen(QColor(0xc0, 0xc8, 0xd0)));
        axis->setTickLabelColor(QColor(0x30, 0x38, 0x40));
        axis->setLabelColor(QColor(0x50, 0x58, 0x60));
    }
    m_plot->xAxis->grid()->setPen(QPen(QColor(0xdd, 0xe2, 0xe8), 1, Qt::DotLine));
    m_plot->xAxis->grid()->setLayer(QStringLiteral("overlay"));
    QFont mono = font();
    mono.setPointSizeF(8.5);
    m_plot->yAxis->setTickLabelFont(mono);

    m_plottable = new GanttPlottable(m_plot->xAxis, m_plot->yAxis, m_state);
    // The plot's height is known once its layout is done, before the ticks are drawn.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (m_plottable->data() && laneLabelStride() != m_laneLabelStride)
            updateLaneTicks();
    });
    m_captionItem = new QCPItemText(m_plot);
    m_captionItem->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_captionItem->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_captionItem->position->setCoords(0.005, 0.01);
    m_captionItem->setPadding(QMargins(6, 2, 6, 2));
    m_captionItem->setBrush(QColor(255, 255, 255, 220));
    m_captionItem->setPen(QPen(QColor(0x9a, 0xa5, 0xb1)));
    m_captionItem->setVisible(false);
    m_captionItem->setClipToAxisRect(true);

    connect(m_state, &GanttViewState::visibleRangeChanged, this, &GanttView::applyRange);
    connect(m_state, &GanttViewState::selectionChanged, this, [this] { m_plot->replot(QCustomPlot::rpQueuedReplot); });
    connect(
        m_state, &GanttViewState::rangeSelectionChanged, this, [this] { m_plot->replot(QCustomPlot::rpQueuedReplot); });
    connect(m_state, &GanttViewState::decorationChanged, this, [this] { m_plot->replot(QCustomPlot::rpQueuedReplot); });
    connect(m_state, &GanttViewState::filterChanged, this, [this] {
        updateFilterMask();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

void GanttView::setCaption(const QString& caption)
{
    m_caption = caption;
    m_captionItem->setText(caption);
    m_captionItem->setVisible(!caption.isEmpty());
}

void GanttView::setSnapshot(std::shared_ptr<const ScheduleSnapshot> snapshot, std::shared_ptr<const GanttData> gantt,
    GanttViewState::ColourMode mode)
{
    const bool first = !m_snapshot;
    m_snapshot = std::move(snapshot);
    if (!gantt && m_snapshot)
        gantt = m_snapshot->gantt;
    m_plottable->setData(
        gantt, m_snapshot ? m_snapshot->graph : nullptr, m_snapshot ? m_snapshot->relations : nullptr, mode);
    if (gantt) {
        for (auto* axis : { m_plot->xAxis, m_plot->xAxis2 })
            timeTicker(axis)->clockMhz = gantt->clockMhz();
    }
    updateTimeUnits();
    updateLaneTicks();
    updateFilterMask();
    // Keeping the zoom across reruns is the point of live tuning: only the first data fits.
    if (first)
        fitAll();
    else
        applyRange();
}

void GanttView::updateTimeUnits()
{
    // A recording without a clock was read with 1 cycle = 1 ns: its cycles are made up, so the
    // ruler shows time only (one row), and says why.
    const bool clockAssumed = m_snapshot && m_snapshot->clockAssumed();
    timeTicker(m_plot->xAxis)->unit = clockAssumed ? TimeTicker::Unit::Time : TimeTicker::Unit::Cycles;
    m_plot->xAxis->setLabel(
        clockAssumed ? tr("time (no clock in the recording: 1 cycle = 1 ns assumed)") : tr("cycles"));
    m_plot->xAxis2->setTickLabels(!clockAssumed);
}

bool GanttView::showsCycles() const { return timeTicker(m_plot->xAxis)->unit == TimeTicker::Unit::Cycles; }

QString GanttView::timeText(std::int64_t from, std::int64_t to) const
{
    const double clock = m_plottable->data() ? m_plottable->data()->clockMhz() : 1000.0;
    if (!showsCycles())
        return QStringLiteral("%1 – %2 (%3)")
            .arg(TimeAxis::timeText(double(from), clock), TimeAxis::timeText(double(to), clock),
                TimeAxis::timeText(double(to - from), clock));
    return QStringLiteral("%1 – %2 cycles (%3)")
        .arg(TimeAxis::cycleLabel(double(from)), TimeAxis::cycleLabel(double(to)),
            TimeAxis::cycleLabel(double(to - from)));
}

/// Lane names take at most a third of the view or so: in a docked Gantt 440 px wide, names elided
/// at 300 px left the timeline 115 px.
int GanttView::laneLabelWidth() const
{
    return std::clamp(int(width() * kLaneLabelShare), kMinLaneLabelWidth, kMaxLaneLabelWidth);
}

void GanttView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_plottable->data() && laneLabelWidth() != m_laneLabelWidth) {
        updateLaneTicks();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

/// Every how many lanes a name fits: lanes thinner than a line of text (20 lanes in a docked
/// Gantt 120 px high) name every second, third, ... lane rather than write names over each other.
int GanttView::laneLabelStride() const
{
    const auto& data = m_plottable->data();
    const double lanes = data ? double(std::max<std::size_t>(1, data->lanes().size())) : 1.0;
    const double lanePixels = double(m_plot->axisRect()->height()) / lanes;
    const int line = QFontMetrics(m_plot->yAxis->tickLabelFont()).height();
    return lanePixels >= line ? 1 : int(std::ceil(double(line) / std::max(1.0, lanePixels)));
}

void GanttView::updateLaneTicks()
{
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const auto& data = m_plottable->data();
    std::size_t laneCount = 1;
    if (data) {
        laneCount = std::max<std::size_t>(1, data->lanes().size());
        // A recording's lane names can be long ("python3 (CPU) · thread 597913 (python3) / depth 3"):
        // both ends say something, so the middle goes, and the timeline keeps most of the width.
        const QFontMetrics metrics(m_plot->yAxis->tickLabelFont());
        m_laneLabelWidth = laneLabelWidth();
        m_laneLabelStride = laneLabelStride();
        for (std::size_t i = 0; i < data->lanes().size(); i += std::size_t(m_laneLabelStride))
            ticker->addTick(
                double(i) + 0.5, metrics.elidedText(data->lanes()[i].label, Qt::ElideMiddle, m_laneLabelWidth));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0, double(laneCount));
}

void GanttView::updateFilterMask()
{
    const QString text = m_state->filterText().trimmed();
    if (text.isEmpty() || !m_snapshot) {
        m_plottable->setFilterMask({});
        return;
    }
    const TaskGraph& graph = *m_snapshot->graph;
    const std::string needle = text.toLower().toStdString();
    std::vector<bool> mask(graph.tasks.size(), false);
    auto lowerContains = [&needle](std::string_view haystack) {
        return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == b;
        }) != haystack.end();
    };
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        mask[t] = lowerContains(graph.taskName(t)) || lowerContains(graph.taskId(t))
            || (task.kernel != kNoKernel && lowerContains(graph.kernels[task.kernel].name));
    }
    m_plottable->setFilterMask(std::move(mask));
}

void GanttView::fitAll()
{
    const auto [first, last] = wholeSchedule(m_plottable->data().get());
    m_state->setVisibleRange(first, last);
    applyRange();
}

void GanttView::fitSelection()
{
    if (m_state->rangeSelection()) {
        const auto [from, to] = *m_state->rangeSelection();
        const double margin = std::max(1.0, double(to - from) * 0.05);
        m_state->setVisibleRange(double(from) - margin, double(to) + margin);
        return;
    }
    const auto& data = m_plottable->data();
    if (data && m_snapshot && !m_state->selectedTaskId().isEmpty()) {
        const TaskIndex task = m_snapshot->graph->findTask(m_state->selectedTaskId().toStdString());
        if (task != kNoTask && task < data->taskCount()) {
            // The task with twice its length either side, but no further than fitAll() shows: a
            // recording's step that spans the whole trace would otherwise sit in a third of the view
            // with negative time on its left.
            const GanttSpan& span = data->spanOf(task);
            const double length = std::max(1.0, double(span.end - span.start));
            const auto [first, last] = wholeSchedule(data.get());
            m_state->setVisibleRange(
                std::max(double(span.start) - length * 2, first), std::min(double(span.end) + length * 2, last));
            return;
        }
    }
    fitAll();
}

bool GanttView::frameTasks(const QStringList& taskIds)
{
    if (!m_snapshot)
        return false;
    QString selected;
    std::int64_t from = std::numeric_limits<std::int64_t>::max(), to = std::numeric_limits<std::int64_t>::min();
    for (const QString& id : taskIds) {
        const TaskIndex task = m_snapshot->graph->findTask(id.toStdString());
        if (task == kNoTask)
            continue;
        if (selected.isEmpty())
            selected = id;
        from = std::min(from, m_snapshot->schedule->start[task]);
        to = std::max(to, m_snapshot->schedule->end[task]);
    }
    if (selected.isEmpty())
        return false;
    m_state->setSelectedTaskId(selected);
    const double margin = std::max(1.0, double(to - from) * 0.1);
    m_state->setVisibleRange(double(from) - margin, double(to) + margin);
    return true;
}

void GanttView::zoomBy(double factor)
{
    const double centre = (m_state->firstCycle() + m_state->lastCycle()) / 2;
    const double half = (m_state->lastCycle() - m_state->firstCycle()) / 2 * factor;
    m_state->setVisibleRange(centre - std::max(half, 0.5), centre + std::max(half, 0.5));
}

void GanttView::panBy(double fraction)
{
    const double shift = (m_state->lastCycle() - m_state->firstCycle()) * fraction;
    m_state->setVisibleRange(m_state->firstCycle() + shift, m_state->lastCycle() + shift);
}

void GanttView::stepOnLane(int direction)
{
    const auto& data = m_plottable->data();
    if (!data || !m_snapshot || m_state->selectedTaskId().isEmpty())
        return;
    const TaskIndex task = m_snapshot->graph->findTask(m_state->selectedTaskId().toStdString());
    if (task == kNoTask || task >= data->taskCount())
        return;
    const auto& spans = data->lanes()[data->laneOfTask(task)].spans;
    const std::int64_t position = std::int64_t(data->positionInLane(task)) + direction;
    if (position < 0 || position >= std::int64_t(spans.size()))
        return;
    const GanttSpan& next = spans[std::size_t(position)];
    m_state->setSelectedTaskId(QString::fromUtf8(
        m_snapshot->graph->taskId(next.task).data(), qsizetype(m_snapshot->graph->taskId(next.task).size())));
    // Keep the newly selected task on screen.
    const double first = m_state->firstCycle(), last = m_state->lastCycle();
    if (double(next.start) < first || double(next.end) > last) {
        const double half = (last - first) / 2;
        const double centre = double(next.start + next.end) / 2;
        m_state->setVisibleRange(centre - half, centre + half);
    }
}

void GanttView::applyRange()
{
    m_plot->xAxis->setRange(m_state->firstCycle(), m_state->lastCycle());
    m_plot->xAxis2->setRange(m_state->firstCycle(), m_state->lastCycle());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void GanttView::replotNow()
{
    m_plot->xAxis->setRange(m_state->firstCycle(), m_state->lastCycle());
    m_plot->xAxis2->setRange(m_state->firstCycle(), m_state->lastCycle());
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

TaskIndex GanttView::taskAtPixel(QPointF pos) const
{
    const auto& data = m_plottable->data();
    if (!data || !m_plot->axisRect()->rect().contains(pos.toPoint()))
        return kNoTask;
    const double laneCoord = m_plot->yAxis->pixelToCoord(pos.y());
    if (laneCoord < 0)
        return kNoTask;
    const double cycle = m_plot->xAxis->pixelToCoord(pos.x());
    const double cyclesPerPixel = std::abs(m_plot->xAxis->pixelToCoord(pos.x() + 1) - cycle);
    return data->taskAt(std::uint32_t(laneCoord), cycle, cyclesPerPixel * 3);
}

bool GanttView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot) {
        switch (event->type()) {
        case QEvent::MouseButtonPress:
            setFocus();
            mousePressed(static_cast<QMouseEvent*>(event));
            return true;
        case QEvent::MouseMove:
            mouseMoved(static_cast<QMouseEvent*>(event));
            return true;
        case QEvent::MouseButtonRelease:
            mouseReleased(static_cast<QMouseEvent*>(event));
            return true;
        case QEvent::MouseButtonDblClick: {
            const TaskIndex task = taskAtPixel(static_cast<QMouseEvent*>(event)->position());
            if (task != kNoTask && m_snapshot) {
                const auto id = m_snapshot->graph->taskId(task);
                emit taskActivated(QString::fromUtf8(id.data(), qsizetype(id.size())));
            }
            return true;
        }
        case QEvent::Wheel:
            wheeled(static_cast<QWheelEvent*>(event));
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void GanttView::mousePressed(QMouseEvent* event)
{
    m_pressPos = event->position();
    m_moved = false;
    m_pressFirstCycle = m_state->firstCycle();
    m_pressLastCycle = m_state->lastCycle();
    const bool range = event->button() == Qt::RightButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    m_drag = range ? Drag::Range : event->button() == Qt::LeftButton ? Drag::Pan : Drag::None;
}

void GanttView::mouseMoved(QMouseEvent* event)
{
    if (m_drag == Drag::None) {
        const TaskIndex task = taskAtPixel(event->position());
        if (task != kNoTask && m_snapshot) {
            const auto name = m_snapshot->graph->taskName(task);
            const GanttSpan& span = m_plottable->data()->spanOf(task);
            m_plot->setToolTip(QStringLiteral("%1\n%2").arg(
                QString::fromUtf8(name.data(), qsizetype(name.size())), timeText(span.start, span.end)));
        } else {
            m_plot->setToolTip(QString());
        }
        return;
    }
    if ((event->position() - m_pressPos).manhattanLength() > 3)
        m_moved = true;
    if (!m_moved)
        return;
    const TimeWindow window { m_pressFirstCycle, m_pressLastCycle, double(m_plot->axisRect()->left()),
        double(m_plot->axisRect()->width()) };
    if (m_drag == Drag::Pan) {
        const double shift
            = TimeAxis::pixelToCycle(window, m_pressPos.x()) - TimeAxis::pixelToCycle(window, event->position().x());
        m_state->setVisibleRange(m_pressFirstCycle + shift, m_pressLastCycle + shift);
    } else {
        const double from = std::max(0.0, TimeAxis::pixelToCycle(window, m_pressPos.x()));
        const double to = std::max(0.0, TimeAxis::pixelToCycle(window, event->position().x()));
        m_state->setRangeSelection(std::int64_t(std::llround(from)), std::int64_t(std::llround(to)));
    }
}

void GanttView::mouseReleased(QMouseEvent* event)
{
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (m_moved || drag == Drag::None)
        return;
    // A click without a drag: select the task under the cursor (or clear the selection).
    if (drag == Drag::Range) {
        m_state->clearRangeSelection();
        return;
    }
    const TaskIndex task = taskAtPixel(event->position());
    if (task == kNoTask || !m_snapshot) {
        m_state->setSelectedTaskId(QString());
        return;
    }
    const auto id = m_snapshot->graph->taskId(task);
    m_state->setSelectedTaskId(QString::fromUtf8(id.data(), qsizetype(id.size())));
}

void GanttView::wheeled(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ShiftModifier) {
        panBy(-steps * 0.1);
        return;
    }
    const TimeWindow window { m_state->firstCycle(), m_state->lastCycle(), double(m_plot->axisRect()->left()),
        double(m_plot->axisRect()->width()) };
    const TimeWindow result = TimeAxis::zoomed(window, std::pow(0.8, steps), event->position().x());
    m_state->setVisibleRange(result.firstCycle, result.lastCycle);
}

void GanttView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_W:
        zoomBy(0.7);
        break;
    case Qt::Key_S:
        zoomBy(1 / 0.7);
        break;
    case Qt::Key_A:
        panBy(-0.15);
        break;
    case Qt::Key_D:
        panBy(0.15);
        break;
    case Qt::Key_F:
        fitSelection();
        break;
    case Qt::Key_0:
        fitAll();
        break;
    case Qt::Key_Period:
        stepOnLane(+1);
        break;
    case Qt::Key_Comma:
        stepOnLane(-1);
        break;
    case Qt::Key_Escape:
        m_state->clearRangeSelection();
        m_state->setSelectedTaskId(QString());
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace lookahead
