#include "DockLayout.h"

#include "ComparisonMode.h"
#include "CompilerSettingsPanel.h"
#include "DecisionsPanel.h"
#include "MetricsPanel.h"
#include "PassPanel.h"
#include "SettingsKeys.h"
#include "TaskInspector.h"

#include "lookahead/Pipeline.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QStyle>

#include <algorithm>

namespace lookahead {

DockLayout::DockLayout(QMainWindow* window, GanttViewState* state, QUndoStack* undoStack, RunController* controller)
    : QObject(window)
    , m_window(window)
{
    window->setDockNestingEnabled(true);
    createDocks(state, undoStack, controller);
}

void DockLayout::createDocks(GanttViewState* state, QUndoStack* undoStack, RunController* controller)
{
    QMainWindow* window = m_window;
    auto* passDock = new QDockWidget(tr("Passes"), window);
    passDock->setObjectName(QStringLiteral("PassesDock"));
    m_passPanel = new PassPanel(PassRegistry::global(), undoStack, passDock);
    passDock->setWidget(m_passPanel);
    passDock->setMinimumWidth(320);
    window->addDockWidget(Qt::LeftDockWidgetArea, passDock);
    m_passDock = passDock;

    auto* inspectorDock = new QDockWidget(tr("Inspector"), window);
    inspectorDock->setObjectName(QStringLiteral("InspectorDock"));
    m_inspector = new TaskInspector(state, inspectorDock);
    inspectorDock->setWidget(m_inspector);
    inspectorDock->setMinimumWidth(300);
    window->addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    m_inspectorDock = inspectorDock;

    auto* metricsDock = new QDockWidget(tr("Metrics"), window);
    metricsDock->setObjectName(QStringLiteral("MetricsDock"));
    m_metrics = new MetricsPanel(metricsDock);
    metricsDock->setWidget(m_metrics);
    window->addDockWidget(Qt::LeftDockWidgetArea, metricsDock);
    window->splitDockWidget(passDock, metricsDock, Qt::Vertical);
    window->resizeDocks({ passDock, metricsDock }, { 560, 380 }, Qt::Vertical);
    window->resizeDocks({ passDock, inspectorDock }, { 400, 430 }, Qt::Horizontal);

    // The left and right docks run to the bottom; the Decisions table sits under the timeline only.
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    m_decisionsDock = new QDockWidget(tr("Decisions"), window);
    m_decisionsDock->setObjectName(QStringLiteral("DecisionsDock"));
    m_decisions = new DecisionsPanel(m_decisionsDock);
    m_decisionsDock->setWidget(m_decisions);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_decisionsDock);
    window->resizeDocks({ m_decisionsDock }, { 210 }, Qt::Vertical);

    m_comparisonMode = new ComparisonMode(window, passDock, metricsDock);

    auto* compilerDock = new QDockWidget(tr("Compiler Settings"), window);
    compilerDock->setObjectName(QStringLiteral("CompilerSettingsDock"));
    m_compilerSettings = new CompilerSettingsPanel(compilerDock);
    m_compilerSettings->follow(m_passPanel, controller);
    compilerDock->setWidget(m_compilerSettings);
    // Under the inspector, not tabbed with it: a tab group would widen the window on small screens.
    window->addDockWidget(Qt::RightDockWidgetArea, compilerDock);
    window->splitDockWidget(inspectorDock, compilerDock, Qt::Vertical);
    window->resizeDocks({ inspectorDock, compilerDock }, { 520, 420 }, Qt::Vertical);
}

void DockLayout::sizeForFirstStart()
{
    QSize size(1600, 960);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QRect available = screen->availableGeometry();
        size = size.boundedTo(available.size() * 0.92);
        m_window->setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
        return;
    }
    m_window->resize(size);
}

void DockLayout::restore()
{
    QSettings settings;
    m_window->restoreGeometry(settings.value(SettingsKeys::windowGeometry()).toByteArray());
    // A layout saved by another version of the docks is dropped rather than half-applied.
    if (settings.value(SettingsKeys::windowStateVersion()).toInt() == SettingsKeys::kWindowStateVersion)
        m_sidesToFit = !m_window->restoreState(
            settings.value(SettingsKeys::windowState()).toByteArray(), SettingsKeys::kWindowStateVersion);
}

void DockLayout::fitSideDocks()
{
    // The docks were sized for a wide window when they were made; when the window came out
    // narrower, its timeline alone shrank (at 1000 pixels to a strip of 140 between docks of 440
    // and 400). Each side dock takes a share of the window instead, so that the timeline keeps the
    // larger part; at least 360 pixels for the pass options' rows to fit without a horizontal
    // scroll bar, at most what a wide window gave them.
    const int width = m_window->width();
    m_window->resizeDocks({ m_passDock, m_inspectorDock },
        { std::clamp(width * 27 / 100, 360, 440), std::clamp(width * 25 / 100, m_inspectorDock->minimumWidth(), 430) },
        Qt::Horizontal);
}

void DockLayout::save()
{
    for (QDockWidget* dock : std::as_const(m_hiddenForStartPage))
        dock->show(); // saved as the user left them, not as the start page hid them
    QSettings settings;
    settings.setValue(SettingsKeys::windowGeometry(), m_window->saveGeometry());
    settings.setValue(SettingsKeys::windowState(), m_window->saveState(SettingsKeys::kWindowStateVersion));
    settings.setValue(SettingsKeys::windowStateVersion(), SettingsKeys::kWindowStateVersion);
}

void DockLayout::setStartPageShown(bool shown)
{
    if (shown) {
        m_hiddenForStartPage.clear();
        for (QDockWidget* dock : m_window->findChildren<QDockWidget*>())
            if (!dock->isHidden() && !dock->isFloating()) {
                m_hiddenForStartPage << dock;
                dock->hide();
            }
        return;
    }
    for (QDockWidget* dock : std::as_const(m_hiddenForStartPage))
        dock->show();
    m_hiddenForStartPage.clear();
    if (m_sidesToFit) { // the first time they show without a saved layout, at the window's width then
        m_sidesToFit = false;
        fitSideDocks();
    }
}

} // namespace lookahead
