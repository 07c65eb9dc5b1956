#pragma once

// The Gantt widget: a QCustomPlot with one GanttPlottable, lane labels on the left, a ruler in
// cycles (bottom) and microseconds (top; a recording without a clock: µs/ms only, at the bottom), and the navigation
// engineers know from trace viewers: W/S zoom, A/D pan, wheel zoom, drag to pan, Shift+drag (or right-drag) to select a
// range, F fit the selection, 0 fit all, `.`/`,` next/previous task on the selected task's lane.

#include "GanttViewState.h"
#include "ScheduleSnapshot.h"

#include <QWidget>

#include <memory>

class QCustomPlot;
class QCPItemText;
class QLabel;
class QMouseEvent;
class QWheelEvent;

namespace lookahead {

class GanttPlottable;

class GanttView : public QWidget {
    Q_OBJECT
public:
    GanttView(GanttViewState* state, QWidget* parent = nullptr);

    /// Shows `snapshot`; `movementColours` selects its diff colouring (baseline or optimized half).
    void setSnapshot(std::shared_ptr<const ScheduleSnapshot> snapshot, std::shared_ptr<const GanttData> gantt,
        GanttViewState::ColourMode mode);
    const std::shared_ptr<const ScheduleSnapshot>& snapshot() const { return m_snapshot; }
    /// A caption drawn at the top left ("Baseline", "Optimized").
    void setCaption(const QString& caption);

    GanttViewState* state() const { return m_state; }
    QCustomPlot* plot() const { return m_plot; }
    GanttPlottable* plottable() const { return m_plottable; }

    void fitAll();
    /// Fits the selected task (with context) or the range selection; fits all when neither.
    void fitSelection();
    /// Selects the first of `taskIds` that this view's schedule has and frames it with the others
    /// (a decision's task and the tasks around it); false when it has none of them.
    bool frameTasks(const QStringList& taskIds);
    void zoomBy(double factor);
    void panBy(double fraction);
    /// Selects the next (+1) or previous (−1) task on the selected task's lane.
    void stepOnLane(int direction);
    /// Whether the lower ruler counts cycles; false for a recording without a clock (µs/ms only).
    bool showsCycles() const;
    /// `from` – `to` (length) as the ruler counts: cycles, or µs/ms for a recording without a clock.
    QString timeText(std::int64_t from, std::int64_t to) const;
    /// Renders at once (benchmarks and tests).
    void replotNow();

signals:
    /// The user double-clicked a task.
    void taskActivated(const QString& taskId);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyRange();
    void updateTimeUnits();
    void updateLaneTicks();
    int laneLabelWidth() const;
    int laneLabelStride() const;
    void updateFilterMask();
    void mousePressed(QMouseEvent* event);
    void mouseMoved(QMouseEvent* event);
    void mouseReleased(QMouseEvent* event);
    void wheeled(QWheelEvent* event);
    TaskIndex taskAtPixel(QPointF pos) const;

    GanttViewState* m_state;
    QCustomPlot* m_plot;
    GanttPlottable* m_plottable;
    std::shared_ptr<const ScheduleSnapshot> m_snapshot;
    QString m_caption;
    QCPItemText* m_captionItem = nullptr;
    enum class Drag { None, Pan, Range } m_drag = Drag::None;
    QPointF m_pressPos;
    double m_pressFirstCycle = 0, m_pressLastCycle = 0;
    bool m_moved = false;
    int m_laneLabelWidth = 0;  ///< The width lane names were elided to (laneLabelWidth()).
    int m_laneLabelStride = 1; ///< Every how many lanes a name is written (laneLabelStride()).
};

} // namespace lookahead
