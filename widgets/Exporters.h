#pragma once

// File > Export: the optimized graph, a Chrome trace, the run report, the metrics table and the
// view as an image. Text goes through the core's writers and is written atomically; nothing is ever
// written over a file the window has loaded (the original would be lost).

#include "ScheduleSnapshot.h"

#include "lookahead/CompilerOptions.h"

#include <QStringList>

#include <memory>

class QCustomPlot;
class QWidget;

namespace lookahead {

class MetricsModel;

/// What an export writes from.
struct ExportSource {
    std::shared_ptr<const LoadedGraph> loaded;     ///< Its baseline is the report's "before".
    std::shared_ptr<const ScheduleSnapshot> shown; ///< The run on screen (the baseline before the first run).
    QStringList inputs;                            ///< Files loaded now; an export refuses to replace them.
    bool specCosts = false;                        ///< How the run was simulated (the report says so).
};

/// Each function writes `path` and returns an empty string, or the message for the error dialog.
namespace Exporters {

    QString writeGraph(const ExportSource& source, const QString& path);
    QString writeTrace(const ExportSource& source, const QString& path);
    QString writeReport(const ExportSource& source, const QString& path);
    QString writeMetrics(const ExportSource& source, const MetricsModel& metrics, const QString& path);
    /// PDF by suffix (vector, from `plot`), else PNG: of `timeline` when given (both halves of diff mode),
    /// else of `plot`.
    QString writeImage(QCustomPlot* plot, QWidget* timeline, const QString& path);
    /// File > Export > Compiler Settings: what `batch compiler-options` prints (JSON for `.json`).
    QString writeCompilerSettings(const ExportSource& source, const CompilerOptionsReport& report, const QString& path);

} // namespace Exporters

} // namespace lookahead
