#pragma once

// Loads and reruns off the GUI thread. Every request bumps a generation; the previous job's cancel
// flag is raised (the simulator and passes poll it through SimulationOptions::cancel); results come
// back as immutable snapshots through a queued call guarded by a QPointer, and a result whose
// generation is not the latest is dropped.

#include "ScheduleSnapshot.h"

#include "lookahead/PassRegistry.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

namespace lookahead {

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

    void loadFile(const QString& path);
    void loadBytes(const QByteArray& bytes, const QString& label);
    /// Reruns the pipeline on the loaded graph after the debounce; a newer request replaces it.
    void requestRun(const QString& pipeline);
    /// Cancels whatever runs now; its result will not be delivered.
    void cancel();

    bool busy() const { return m_running > 0; }
    std::shared_ptr<const LoadedGraph> loaded() const { return m_loaded; }
    std::shared_ptr<const ScheduleSnapshot> current() const { return m_current; }
    std::uint64_t generation() const { return m_generation; }

    /// The work of one rerun, synchronous (for the benchmark and the worker).
    static std::shared_ptr<ScheduleSnapshot> runJob(const LoadedGraph& loaded, const QString& pipeline,
        const PassRegistry& registry, bool specCosts, const std::atomic<bool>* cancel, QString* error,
        const std::function<void(int, int, QString)>& progress = {});
    /// Builds the views' data of a schedule (Gantt lanes, relations).
    static std::shared_ptr<ScheduleSnapshot> makeSnapshot(std::shared_ptr<const TaskGraph> graph, std::shared_ptr<const Schedule> schedule);

signals:
    void busyChanged(bool busy);
    /// Indeterminate when count is 0.
    void progress(int index, int count, const QString& what);
    void loadFailed(const QString& message);
    void graphLoaded(std::shared_ptr<const lookahead::LoadedGraph> loaded);
    void runFailed(const QString& message);
    void runFinished(std::shared_ptr<const lookahead::ScheduleSnapshot> result);

private:
    void startRun();
    void startLoad(std::function<Result<TaskGraph>()> load, const QString& path, const QString& label);
    std::shared_ptr<std::atomic<bool>> beginJob();
    void endJob();

    const PassRegistry& m_registry;
    QTimer m_debounce;
    QString m_pendingPipeline;
    bool m_specCosts = false;
    std::uint64_t m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_running = 0;
    std::shared_ptr<const LoadedGraph> m_loaded;
    std::shared_ptr<const ScheduleSnapshot> m_current;
};

} // namespace lookahead

Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::LoadedGraph>)
Q_DECLARE_METATYPE(std::shared_ptr<const lookahead::ScheduleSnapshot>)
