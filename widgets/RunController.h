#pragma once

// Loads and reruns off the GUI thread. Every request bumps a generation; the previous job's cancel
// flag is raised (the simulator and passes poll it through SimulationOptions::cancel); results come
// back as immutable snapshots through a queued call guarded by a QPointer, and a result whose
// generation is not the latest is dropped. While a load is in flight, rerun requests only record
// the pipeline (the window reruns when the graph arrives), so a pass edit cannot cancel a load.

#include "ComparisonClocks.h"
#include "ScheduleSnapshot.h"

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/PassRegistry.h"
#include "lookahead/ScheduleComparison.h"
#include "lookahead/Simulator.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace lookahead {

/// Two files simulated and compared (File > Compare Two Files): A is shown as the upper
/// (reference) half, B below, coloured by how far each task moved; tasks matched by id.
struct LoadedComparison {
    std::shared_ptr<const LoadedGraph> a; ///< a->baseline: A's schedule.
    /// B's schedule, with counterpart (into A), movementGantt (B against A) and
    /// baselineMovementGantt (A against B) filled in like an optimized run against its baseline.
    std::shared_ptr<const ScheduleSnapshot> b;
    QString pathA, pathB, labelA, labelB;
    ScheduleComparison comparison; ///< B − A.

    /// Times in µs/ms when A or B is a recording without a clock, else cycles.
    ComparisonClocks clocks() const
    {
        return { a->baseline->clockAssumed() || b->clockAssumed(), a->baseline->graph->platform.clockMhz,
            b->graph->platform.clockMhz };
    }
};

class RunController : public QObject {
    Q_OBJECT
public:
    explicit RunController(const PassRegistry& registry = PassRegistry::global(), QObject* parent = nullptr);
    ~RunController() override;

    /// Debounce between a rerun request and its start; tests and benchmarks use 0.
    void setDebounceMilliseconds(int milliseconds) { m_debounce.setInterval(milliseconds); }
    /// Simulate exactly as the format says (no extra cost terms).
    void setSpecCosts(bool specCosts) { m_specCosts = specCosts; }
    bool specCosts() const { return m_specCosts; }
    /// A platform preset name or platform file (PlatformPresets.h) that every later load applies
    /// to what it loaded (Platform menu); empty: the file's own platform.
    void setPlatform(const QString& nameOrFile) { m_platform = nameOrFile.toStdString(); }
    /// The cost options every rerun, load and comparison simulates with (no cancellation flag).
    SimulationOptions simulationOptions() const
    {
        SimulationOptions options;
        options.specCosts = m_specCosts;
        return options;
    }
    /// The same for a schedule of `loaded` (a sweep of it): a recording's replay terms off (costsFor).
    SimulationOptions simulationOptions(const LoadedGraph& loaded) const
    {
        return costsFor(simulationOptions(), loaded.baseline ? loaded.baseline->recording.get() : nullptr);
    }
    /// `simulation` plus the cost terms the import of `recording` turned off for its replay (spec 9,
    /// ImportSummary::costTermsOff): every schedule of a recording (baseline, rerun, comparison,
    /// sweep) is simulated so, or an empty pipeline would already move the replayed tasks.
    static SimulationOptions costsFor(SimulationOptions simulation, const RecordingOrigin* recording);

    /// Opens a format-v1 task graph or a recording (openInputFile: gzip-aware, sniffed in one
    /// place); for a recording traceImported() follows graphLoaded(). A recording without a clock
    /// is read with 1 cycle = 1 ns (its summary says so).
    void loadFile(const QString& path);
    void loadBytes(const QByteArray& bytes, const QString& label);
    /// Opens `path` (File > Import Trace) with `options` (a clock, a platform); on success
    /// graphLoaded() then traceImported(). The baseline of a recording is simulated without the
    /// cost terms its summary lists in costTermsOff, so that it is the recording itself.
    void startImport(const QString& path, const TraceImportOptions& options = {});
    /// Opens two task graphs or recordings (openInputFile), simulates both without passes and
    /// compares them; comparisonLoaded() on success. The controller then has no loaded graph (reruns
    /// do nothing) until the next load or restoreLoaded().
    void startCompare(const QString& pathA, const QString& pathB, const TraceImportOptions& options = {});
    /// Makes a graph loaded earlier current again without reading it (leaving a comparison);
    /// cancels what runs and emits graphLoaded().
    void restoreLoaded(std::shared_ptr<const LoadedGraph> loaded);
    /// Reruns the pipeline on the loaded graph after the debounce; a newer request replaces it.
    void requestRun(const QString& pipeline);
    /// Cancels whatever runs now; its result will not be delivered.
    void cancel();

    bool busy() const { return m_running > 0; }
    std::shared_ptr<const LoadedGraph> loaded() const { return m_loaded; }
    std::shared_ptr<const ScheduleSnapshot> current() const { return m_current; }
    std::uint64_t generation() const { return m_generation; }

    /// The work of one rerun, synchronous (for the benchmark and the worker): the core's rerun()
    /// (the same as `batch run` and a sweep point) on the loaded graph, then the views' data.
    /// `simulation` carries the cost options and the cancellation flag.
    static std::shared_ptr<ScheduleSnapshot> runJob(const LoadedGraph& loaded, const QString& pipeline,
        const PassRegistry& registry, const SimulationOptions& simulation, QString* error,
        const std::function<void(int, int, QString)>& progress = {});
    /// The same with spec costs on or off and a cancellation flag (the standard cost terms otherwise).
    static std::shared_ptr<ScheduleSnapshot> runJob(const LoadedGraph& loaded, const QString& pipeline,
        const PassRegistry& registry, bool specCosts, const std::atomic<bool>* cancel, QString* error,
        const std::function<void(int, int, QString)>& progress = {})
    {
        SimulationOptions simulation;
        simulation.specCosts = specCosts;
        simulation.cancel = cancel;
        return runJob(loaded, pipeline, registry, simulation, error, progress);
    }
    /// Builds the views' data of a schedule (Gantt lanes unless `withGantt` is false, relations).
    static std::shared_ptr<ScheduleSnapshot> makeSnapshot(
        std::shared_ptr<const TaskGraph> graph, std::shared_ptr<const Schedule> schedule, bool withGantt = true);
    /// Fills `snapshot`'s counterpart and movement colourings against `reference` (tasks matched by
    /// id); its `gantt` becomes the same lanes as `movementGantt`.
    static void attachMovement(ScheduleSnapshot& snapshot, const ScheduleSnapshot& reference);
    /// For each task of `graph`, the task of `reference` with the same id, or kNoTask.
    static std::vector<TaskIndex> matchTasks(const TaskGraph& graph, const TaskGraph& reference);
    /// The schedule of an opened input without passes, through the core's rerun() with an empty
    /// pipeline (what `batch run` reports before its pipeline and `batch diff` compares), with the
    /// costs of costsFor(); a recording's snapshot gets its RecordingOrigin (`path`, the summary).
    static std::shared_ptr<ScheduleSnapshot> baselineJob(
        OpenedInput input, const QString& path, const SimulationOptions& simulation, QString* error);
    /// The work of one comparison, synchronous (the worker and tests).
    static std::shared_ptr<LoadedComparison> compareJob(const QString& pathA, const QString& pathB,
        const TraceImportOptions& options, bool specCosts, const std::atomic<bool>* cancel, QString* error);

signals:
    void busyChanged(bool busy);
    /// Indeterminate when count is 0.
    void progress(int index, int count, const QString& what);
    void loadFailed(const QString& message);
    void graphLoaded(std::shared_ptr<const lookahead::LoadedGraph> loaded);
    void runFailed(const QString& message);
    void runFinished(std::shared_ptr<const lookahead::ScheduleSnapshot> result);
    /// After graphLoaded() of a Chrome trace: what the import did and dropped.
    void traceImported(const QString& path, std::shared_ptr<const lookahead::TraceImportSummary> summary);
    /// Not emitted any more: a recording without a clock is read with 1 cycle = 1 ns.
    void clockNeeded(const QString& path);
    void comparisonLoaded(std::shared_ptr<const lookahead::LoadedComparison> comparison);

private:
    /// Opens the input; gets the Platform menu's choice (a recording applies it during its import).
    using Loader = std::function<Result<OpenedInput>(const std::string& platform)>;
    static Result<OpenedInput> openFile(
        const std::string& path, TraceImportOptions options, const std::string& platform);
    /// The work of one load, synchronous (the worker): open, apply the platform, baselineJob().
    static std::shared_ptr<LoadedGraph> loadJob(const Loader& load, const QString& path, const QString& label,
        const std::string& platform, const SimulationOptions& simulation, QString* error);
    void startRun();
    void startLoad(Loader load, const QString& path, const QString& label);
    std::shared_ptr<std::atomic<bool>> beginJob();
    void endJob();
    /// Runs `deliver(controller)` on the GUI thread, unless the controller is gone or a newer job
    /// (generation) replaced the one that produced the result: stale results are dropped here.
    template <typename Deliver>
    static void postIfCurrent(const QPointer<RunController>& guard, std::uint64_t generation, Deliver deliver);

    const PassRegistry& m_registry;
    QTimer m_debounce;
    QString m_pendingPipeline;
    bool m_specCosts = false;
    std::string m_platform;
    std::uint64_t m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_running = 0;
    bool m_loading = false; ///< A load or comparison is in flight (reruns wait for it).
    std::shared_ptr<const LoadedGraph> m_loaded;
    std::shared_ptr<const ScheduleSnapshot> m_current;
};

} // namespace lookahead

Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::LoadedGraph>)
Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::ScheduleSnapshot>)
Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::TraceImportSummary>)
Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::LoadedComparison>)
