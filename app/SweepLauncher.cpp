#include "SweepLauncher.h"

#include "MainWindow.h"
#include "PassPanel.h"
#include "RunController.h"
#include "SweepDialog.h"

#include <QStatusBar>

namespace lookahead {

SweepLauncher::SweepLauncher(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
}

SweepDialog* SweepLauncher::open(const LoadedGraph* loaded)
{
    if (!loaded) {
        m_window->statusBar()->showMessage(m_window->isComparing() ? tr("Close the comparison to sweep a pass option")
                                                                   : tr("Load a task graph to sweep a pass option"),
            8000);
        return nullptr;
    }
    if (!m_dialog) {
        m_dialog = new SweepDialog(m_window);
        m_dialog->setObjectName(QStringLiteral("SweepDialog"));
        connect(m_dialog, &SweepDialog::valueChosen, this, &SweepLauncher::apply);
    }
    if (!m_dialog->isVisible() || m_graph != loaded->baseline->graph.get()) {
        setInput(*loaded);
        m_dialog->setFirstVariation(m_window->passPanel()->pipelineText());
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

void SweepLauncher::follow(const LoadedGraph& loaded)
{
    if (m_dialog && m_graph != loaded.baseline->graph.get())
        setInput(loaded);
}

void SweepLauncher::setInput(const LoadedGraph& loaded)
{
    const SimulationOptions simulation = m_window->controller()->simulationOptions(loaded);
    m_dialog->setInput(loaded.baseline->graph, m_window->passPanel()->pipelineText(), simulation);
    m_graph = loaded.baseline->graph.get();
}

void SweepLauncher::apply(const QString& pass, const QString& option, const QString& value)
{
    if (m_window->isComparing())
        return;
    PassPanel* panel = m_window->passPanel();
    const QString error = panel->setOption(pass, option, value);
    panel->showError(error);
    if (error.isEmpty())
        m_window->statusBar()->showMessage(
            tr("Applied %1.%2=%3 from the sweep (Ctrl+Z undoes it)").arg(pass, option, value), 8000);
    else
        m_window->statusBar()->showMessage(tr("Cannot apply %1.%2=%3: %4").arg(pass, option, value, error), 10000);
}

} // namespace lookahead
