#include "Exporters.h"

#include "MetricsModel.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/ChromeTraceWriter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/RunReport.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QFileInfo>

namespace lookahead::Exporters {

namespace {

    QString tr(const char* text) { return QCoreApplication::translate("Exporters", text); }

    /// Writes the text `produce` streams (a graph, a trace: never whole in memory) atomically,
    /// refusing to write over a loaded input; returns the message to show, empty on success.
    QString writeText(const ExportSource& source, const QString& path, const std::function<void(TextSink&)>& produce,
        const QString& what)
    {
        const QString target = QFileInfo(path).absoluteFilePath();
        for (const QString& input : source.inputs)
            if (!input.isEmpty() && target == QFileInfo(input).absoluteFilePath())
                return tr("%1: refusing to write the %2 over the loaded input").arg(path, what);
        Status status = writeFileAtomically(path.toStdString(), produce);
        if (!status.ok())
            return tr("Cannot write the %1: %2").arg(what, QString::fromStdString(status.error().toString()));
        return {};
    }

    QString writeText(const ExportSource& source, const QString& path, const std::string& content, const QString& what)
    {
        return writeText(
            source, path, [&content](TextSink& sink) { sink.append(content); }, what);
    }

} // namespace

QString writeGraph(const ExportSource& source, const QString& path)
{
    GraphWriteOptions options;
    options.schedule = source.shown->schedule.get();
    options.newPasses = provenanceOf(source.shown->passes);
    return writeText(
        source, path, [&](TextSink& sink) { writeTaskGraph(*source.shown->graph, options, sink); },
        tr("optimized graph"));
}

QString writeTrace(const ExportSource& source, const QString& path)
{
    return writeText(
        source, path, [&](TextSink& sink) { writeChromeTrace(*source.shown->graph, *source.shown->schedule, sink); },
        tr("Chrome trace"));
}

QString writeCompilerSettings(const ExportSource& source, const CompilerOptionsReport& report, const QString& path)
{
    return writeText(source, path, report.fileContent(path.toStdString()), tr("compiler settings"));
}

QString writeReport(const ExportSource& source, const QString& path)
{
    const ScheduleSnapshot& baseline = *source.loaded->baseline;
    RunSummary summary;
    summary.before = baseline.graph.get();
    summary.scheduleBefore = baseline.schedule.get();
    summary.after = source.shown->graph.get();
    summary.scheduleAfter = source.shown->schedule.get();
    summary.passes = &source.shown->passes;
    summary.pipeline = source.shown->pipeline.toStdString();
    summary.specCosts = source.specCosts;
    return writeText(source, path, makeRunReport(summary).dump(2) + "\n", tr("run report"));
}

QString writeMetrics(const ExportSource& source, const MetricsModel& metrics, const QString& path)
{
    return writeText(source, path, metrics.toCsv().toStdString(), tr("metrics"));
}

QString writeImage(QCustomPlot* plot, QWidget* timeline, const QString& path)
{
    bool ok = false;
    if (path.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        ok = plot->savePdf(path);
    else if (timeline)
        ok = timeline->grab().save(path, "PNG");
    else
        ok = plot->savePng(path);
    return ok ? QString() : tr("Cannot write the view to %1").arg(path);
}

} // namespace lookahead::Exporters
