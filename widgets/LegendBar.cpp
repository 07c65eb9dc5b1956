#include "LegendBar.h"

namespace lookahead {

LegendBar::LegendBar(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    setContentsMargins(6, 2, 6, 2);
    setWordWrap(true);
}

void LegendBar::setData(const GanttData* data, GanttViewState::ColourMode mode, const QString& reference)
{
    auto chip = [](const QColor& colour, const QString& name) {
        return QStringLiteral("<span style='color:%1;font-size:12pt'>■</span>&nbsp;%2")
            .arg(colour.name(), name.toHtmlEscaped());
    };
    QStringList items;
    if (mode == GanttViewState::ColourMode::ByMovement) {
        items << tr("<b>Moved vs %1:</b>").arg((reference.isEmpty() ? tr("baseline") : reference).toHtmlEscaped());
        for (int c = 0; c < GanttData::MovementColourCount; ++c)
            items << chip(GanttData::movementPalette()[std::size_t(c)],
                GanttData::movementColourName(GanttData::MovementColour(c)));
    } else if (data) {
        for (const auto& [colour, name] : data->legend())
            items << chip(GanttData::palette()[colour], name);
    }
    // A plain space between items: the bar wraps instead of widening the window (many kernels).
    setText(items.join(QStringLiteral("&nbsp;&nbsp; ")));
}

} // namespace lookahead
