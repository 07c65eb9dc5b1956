#pragma once

// A one-line legend above the timeline: the colours in use (kernels and roles, or movement in diff mode).

#include "GanttData.h"
#include "GanttViewState.h"

#include <QLabel>

namespace lookahead {

class LegendBar : public QLabel {
    Q_OBJECT
public:
    explicit LegendBar(QWidget* parent = nullptr);
    /// `reference` names what movement is measured against ("baseline", or "A" in a comparison).
    void setData(const GanttData* data, GanttViewState::ColourMode mode, const QString& reference = {});
};

} // namespace lookahead
