#include "ComparisonMode.h"

#include "ComparisonPanel.h"
#include "RunController.h"

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QToolButton>

#include <algorithm>

namespace lookahead {

ComparisonMode::ComparisonMode(QMainWindow* window, QDockWidget* passDock, QDockWidget* metricsDock)
    : QObject(window)
    , m_window(window)
    , m_passDock(passDock)
    , m_metricsDock(metricsDock)
{
    m_dock = new QDockWidget(tr("Comparison"), window);
    m_dock->setObjectName(QStringLiteral("ComparisonDock"));
    m_panel = new ComparisonPanel(m_dock);
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    window->tabifyDockWidget(metricsDock, m_dock);
    connect(m_panel, &ComparisonPanel::taskActivated, this, &ComparisonMode::taskActivated);

    m_label = new QLabel(window);
    m_label->setObjectName(QStringLiteral("ComparisonModeLabel"));
    m_label->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3c4; color: #5a4500; padding: 1px 6px; border-radius: 3px; }"));
    m_label->hide();
    m_close = new QToolButton(window);
    m_close->setText(tr("Close Comparison"));
    m_close->hide();
    window->statusBar()->addPermanentWidget(m_label);
    window->statusBar()->addPermanentWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &ComparisonMode::closeRequested);
}

void ComparisonMode::show(const LoadedComparison& comparison, bool entering)
{
    m_panel->setComparison(&comparison.comparison, comparison.labelA, comparison.labelB, comparison.clocks());
    m_dock->show();
    m_dock->raise();
    if (entering && !m_passDock->isFloating()) {
        // The passes are off: give their room to the comparison's tables.
        m_passDockSizeBefore = m_passDock->size();
        m_window->resizeDocks({ m_passDock, m_dock }, { 200, 800 }, Qt::Vertical);
        m_window->resizeDocks({ m_passDock }, { std::max(m_passDock->width(), 440) }, Qt::Horizontal);
    }
    m_label->setText(tr("Comparing A: %1 (top) with B: %2 (bottom)").arg(comparison.labelA, comparison.labelB));
    m_label->setToolTip(tr("A: %1\nB: %2\nFile > Close Comparison (Ctrl+W) returns to the graph open before.")
                            .arg(comparison.pathA, comparison.pathB));
    m_label->show();
    m_close->show();
}

void ComparisonMode::hide()
{
    m_dock->hide();
    m_panel->setComparison(nullptr);
    m_label->hide();
    m_close->hide();
    if (m_passDockSizeBefore.isValid()) {
        const int height = m_passDockSizeBefore.height();
        m_window->resizeDocks(
            { m_passDock, m_metricsDock }, { height, std::max(200, m_window->height() - height) }, Qt::Vertical);
        m_window->resizeDocks({ m_passDock }, { m_passDockSizeBefore.width() }, Qt::Horizontal);
    }
    m_passDockSizeBefore = {};
}

} // namespace lookahead
