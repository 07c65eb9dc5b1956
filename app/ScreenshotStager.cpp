#include "ScreenshotStager.h"

#include "MainWindow.h"

#include "GanttView.h"
#include "GanttViewState.h"
#include "PassPanel.h"
#include "RunController.h"
#include "SourceEventReader.h"
#include "SweepDialog.h"
#include "TaskInspector.h"

#include "lookahead/Sweep.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QPainter>
#include <QTimer>

#include <algorithm>

namespace lookahead {

namespace {

    bool parseRange(const QString& text, double& from, double& to)
    {
        const QStringList parts = text.split(QLatin1Char(':'));
        if (parts.size() != 2)
            return false;
        from = parts[0].toDouble();
        to = parts[1].toDouble();
        return to > from;
    }

} // namespace

ScreenshotStager::ScreenshotStager(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    // Connected after the window's own handlers, so these run once the window has shown the result.
    connect(window->controller(), &RunController::graphLoaded, this, &ScreenshotStager::graphLoaded);
    connect(window->controller(), &RunController::runFinished, this, &ScreenshotStager::runFinished);
    connect(window->controller(), &RunController::comparisonLoaded, this, [this] {
        if (m_pending)
            QTimer::singleShot(0, this, &ScreenshotStager::apply);
    });
}

std::optional<ScreenshotStager::StartRequest> ScreenshotStager::start(const QStringList& arguments)
{
    StartRequest request;
    if (!parse(arguments, request))
        return std::nullopt;
    if (!request.compareA.isEmpty() && (request.compareB.isEmpty() || !request.file.isEmpty())) {
        qWarning("lookahead: --compare takes two files, A and B, and no other file");
        return std::nullopt;
    }
    m_pending = rendering();
    if (rendering())
        m_window->resize(m_size.isValid() ? m_size : QSize(1920, 1080));
    if (rendering() && request.startPage)
        QTimer::singleShot(0, this, &ScreenshotStager::apply); // the start page: nothing to wait for
    else if (!m_pipeline.isEmpty())
        m_window->passPanel()->showError(m_window->passPanel()->setPipelineText(m_pipeline));
    return request;
}

bool ScreenshotStager::parse(const QStringList& arguments, StartRequest& request)
{
    const std::pair<const char*, QString*> valued[] = { { "--screenshot", &m_screenshot },
        { "--pipeline", &m_pipeline }, { "--select", &m_select }, { "--search", &m_search }, { "--range", &m_range },
        { "--zoom", &m_zoom }, { "--sweep", &m_sweep }, { "--dock", &m_dock } };
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments.at(i);
        auto next = [&]() -> QString { return i + 1 < arguments.size() ? arguments.at(++i) : QString(); };
        const auto option = std::find_if(
            std::begin(valued), std::end(valued), [&](const auto& o) { return arg == QLatin1String(o.first); });
        if (option != std::end(valued))
            *option->second = next();
        else if (arg == QStringLiteral("--compare")) {
            request.compareA = next();
            request.compareB = next();
        } else if (arg == QStringLiteral("--diff"))
            m_diff = true;
        else if (arg == QStringLiteral("--start-page"))
            request.startPage = true;
        else if (arg == QStringLiteral("--critical"))
            m_critical = true;
        else if (arg == QStringLiteral("--size")) {
            const QStringList parts = next().split(QLatin1Char('x'));
            if (parts.size() == 2)
                m_size = QSize(parts[0].toInt(), parts[1].toInt());
        } else if (arg.startsWith(QStringLiteral("--"))) {
            qWarning("lookahead: unknown option %s", qPrintable(arg));
            return false;
        } else
            request.file = arg;
    }
    return true;
}

void ScreenshotStager::graphLoaded()
{
    if (m_pending && !m_pipelineSent && !m_pipeline.isEmpty()) {
        m_pipelineSent = true;
        m_window->passPanel()->showError(m_window->passPanel()->setPipelineText(m_pipeline));
    }
}

void ScreenshotStager::runFinished()
{
    const auto result = m_window->controller()->current();
    const QString pipeline = m_window->passPanel()->pipelineText();
    if (m_awaitingSweepRun && result && result->pipeline == pipeline) {
        m_awaitingSweepRun = false;
        QTimer::singleShot(0, this, &ScreenshotStager::takeScreenshot);
    }
    if (m_pending && result && (m_pipeline.isEmpty() || result->pipeline == pipeline))
        QTimer::singleShot(0, this, &ScreenshotStager::apply);
}

void ScreenshotStager::apply()
{
    if (!m_pending)
        return;
    m_pending = false; // once
    if (m_diff)
        m_window->setDiffMode(true);
    if (m_critical)
        m_window->criticalPathAction()->trigger();
    if (!m_dock.isEmpty()) {
        if (auto* dock = m_window->findChild<QDockWidget*>(m_dock)) {
            dock->show();
            dock->raise();
        }
    }
    if (!m_search.isEmpty()) {
        m_window->inspector()->showSearch();
        m_window->inspector()->searchEdit()->setText(m_search);
    }
    GanttViewState* state = m_window->viewState();
    double from = 0, to = 0;
    if (!m_select.isEmpty()) {
        state->setSelectedTaskId(m_select);
        m_window->ganttView()->fitSelection();
    }
    if (parseRange(m_range, from, to))
        state->setRangeSelection(std::int64_t(from), std::int64_t(to));
    if (parseRange(m_zoom, from, to))
        state->setVisibleRange(from, to);
    if (!m_sweep.isEmpty())
        runSweep();
    else
        QTimer::singleShot(400, this, &ScreenshotStager::takeScreenshot);
}

void ScreenshotStager::runSweep()
{
    auto variation = parseSweepVariation(m_sweep.toStdString());
    SweepDialog* dialog = m_window->openSweepDialog();
    if (!variation.ok() || !dialog || variation.value().values.size() < 2) {
        qWarning("lookahead: --sweep %s: %s", qPrintable(m_sweep),
            variation.ok() ? "cannot open the sweep dialog or fewer than two values"
                           : variation.error().toString().c_str());
        QApplication::exit(2);
        return;
    }
    const SweepVariation& v = variation.value();
    const qint64 from = QString::fromStdString(v.values.front()).toLongLong();
    const qint64 step = QString::fromStdString(v.values[1]).toLongLong() - from;
    if (!dialog->setVariation(QString::fromStdString(v.pass), QString::fromStdString(v.option), from,
            QString::fromStdString(v.values.back()).toLongLong(), step)) {
        qWarning("lookahead: --sweep %s: not an integer option of a pass", qPrintable(m_sweep));
        QApplication::exit(2);
        return;
    }
    dialog->resize(800, 720);
    connect(
        dialog, &SweepDialog::sweepFinished, this,
        [this, dialog](bool ok, const QString& message) {
            if (!ok) {
                qWarning("lookahead: sweep failed: %s", qPrintable(message));
                QApplication::exit(1);
                return;
            }
            // Apply the best point, as a click would, and render once the rerun shows it.
            const auto& points = dialog->result()->points;
            const auto best = std::min_element(
                points.begin(), points.end(), [](const auto& a, const auto& b) { return a.makespan < b.makespan; });
            const QString before = m_window->passPanel()->pipelineText();
            m_awaitingSweepRun = true;
            dialog->choosePoint(int(best - points.begin()));
            if (m_window->passPanel()->pipelineText() == before) {
                m_awaitingSweepRun = false;
                QTimer::singleShot(0, this, &ScreenshotStager::takeScreenshot);
            }
        },
        Qt::SingleShotConnection);
    dialog->start();
}

void ScreenshotStager::takeScreenshot()
{
    // A selected imported task shows its recorded event, read off the GUI thread: wait for it.
    SourceEventReader* events = m_window->inspector()->sourceEvents();
    if (events->busy()) {
        connect(
            events, &SourceEventReader::eventRead, this, &ScreenshotStager::takeScreenshot, Qt::SingleShotConnection);
        return;
    }
    QTimer::singleShot(400, this, [this] {
        m_window->ganttView()->replotNow();
        m_window->baselineView()->replotNow();
        QPixmap image = m_window->grab();
        SweepDialog* dialog = m_window->sweepDialog();
        if (dialog && dialog->isVisible()) {
            // The dialog is a window of its own; draw it over the main window where it stands.
            QPainter painter(&image);
            const QPixmap picture = dialog->grab();
            const QPoint at = dialog->geometry().topLeft() - m_window->geometry().topLeft();
            const QRect inside = image.rect().adjusted(0, 0, -picture.width(), -picture.height());
            const QPoint clamped(std::clamp(at.x(), 0, std::max(0, inside.right())),
                std::clamp(at.y(), 0, std::max(0, inside.bottom())));
            painter.fillRect(QRect(clamped + QPoint(4, 4), picture.size()), QColor(0, 0, 0, 60));
            painter.drawPixmap(clamped, picture);
            painter.setPen(QColor(120, 120, 120));
            painter.drawRect(QRect(clamped, picture.size()).adjusted(0, 0, -1, -1));
        }
        const bool ok = image.save(m_screenshot);
        qInfo("lookahead: %s %s", ok ? "wrote" : "could not write", qPrintable(m_screenshot));
        QApplication::exit(ok ? 0 : 1);
    });
}

} // namespace lookahead
