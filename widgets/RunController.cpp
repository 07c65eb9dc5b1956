#include "RunController.h"

#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>

namespace lookahead {

RunController::RunController(const PassRegistry& registry, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
{
    qRegisterMetaType<std::shared_ptr<const LoadedGraph>>();
    qRegisterMetaType<std::shared_ptr<const ScheduleSnapshot>>();
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(120);
    connect(&m_debounce, &QTimer::timeout, this, &RunController::startRun);
}

RunController::~RunController()
{
    if (m_cancel)
        m_cancel->store(true);
}

std::shared_ptr<std::atomic<bool>> RunController::beginJob()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    ++m_generation;
    if (m_running++ == 0)
        emit busyChanged(true);
    return m_cancel;
}

void RunController::endJob()
{
    m_running = 0;
    emit busyChanged(false);
}

void RunController::cancel()
{
    m_debounce.stop();
    if (m_cancel)
        m_cancel->store(true);
    ++m_generation; // whatever is in flight is now stale
    if (m_running > 0)
        endJob();
}

std::shared_ptr<ScheduleSnapshot> RunController::makeSnapshot(
    std::shared_ptr<const TaskGraph> graph, std::shared_ptr<const Schedule> schedule)
{
    auto snapshot = std::make_shared<ScheduleSnapshot>();
    snapshot->gantt = GanttData::build(*graph, *schedule);
    snapshot->relations = std::make_shared<TaskRelations>(*graph);
    snapshot->graph = std::move(graph);
    snapshot->schedule = std::move(schedule);
    return snapshot;
}

void RunController::loadFile(const QString& path)
{
    const std::string file = path.toStdString();
    startLoad([file] { return loadTaskGraphFile(file); }, path, path.section(QLatin1Char('/'), -1));
}

void RunController::loadBytes(const QByteArray& bytes, const QString& label)
{
    const std::string label8 = label.toStdString();
    startLoad([bytes, label8] { return parseTaskGraph(std::string_view(bytes.constData(), std::size_t(bytes.size())), label8); },
        QString(), label);
}

void RunController::startLoad(std::function<Result<TaskGraph>()> load, const QString& path, const QString& label)
{
    m_debounce.stop();
    auto cancelFlag = beginJob();
    const std::uint64_t generation = m_generation;
    const bool specCosts = m_specCosts;
    QPointer<RunController> guard(this);
    emit progress(0, 0, tr("Loading %1").arg(label));
    QThreadPool::globalInstance()->start([guard, generation, cancelFlag, load = std::move(load), path, label, specCosts] {
        std::shared_ptr<LoadedGraph> loaded;
        QString error;
        auto graph = load();
        if (!graph.ok()) {
            error = QString::fromStdString(graph.error().toString());
        } else {
            auto shared = std::make_shared<const TaskGraph>(std::move(graph).value());
            SimulationOptions options;
            options.specCosts = specCosts;
            options.cancel = cancelFlag.get();
            auto schedule = simulate(*shared, CostModel::standard(), options);
            if (!schedule.ok()) {
                error = QString::fromStdString(schedule.error().toString());
            } else {
                loaded = std::make_shared<LoadedGraph>();
                loaded->path = path;
                loaded->label = label;
                loaded->baseline = makeSnapshot(shared, schedule.value());
            }
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, generation, loaded, error] {
                if (!guard || guard->m_generation != generation)
                    return; // stale: a newer load or run replaced this one
                guard->endJob();
                if (!loaded) {
                    emit guard->loadFailed(error);
                    return;
                }
                guard->m_loaded = loaded;
                guard->m_current = loaded->baseline;
                emit guard->graphLoaded(loaded);
            },
            Qt::QueuedConnection);
    });
}

void RunController::requestRun(const QString& pipeline)
{
    m_pendingPipeline = pipeline;
    if (!m_loaded)
        return;
    if (m_debounce.interval() == 0)
        startRun();
    else
        m_debounce.start();
}

std::shared_ptr<ScheduleSnapshot> RunController::runJob(const LoadedGraph& loaded, const QString& pipelineText,
    const PassRegistry& registry, bool specCosts, const std::atomic<bool>* cancel, QString* error,
    const std::function<void(int, int, QString)>& progress)
{
    QElapsedTimer timer;
    timer.start();
    const ScheduleSnapshot& baseline = *loaded.baseline;
    auto parsed = Pipeline::parse(pipelineText.toStdString(), registry);
    if (!parsed.ok()) {
        *error = QString::fromStdString(parsed.error().toString());
        return nullptr;
    }
    auto graph = std::make_shared<TaskGraph>(*baseline.graph);
    PipelineRunOptions options;
    options.simulation.specCosts = specCosts;
    options.simulation.cancel = cancel;
    if (progress)
        options.hooks.beforePass = [&progress](std::size_t index, std::size_t count, const Pass& pass) {
            progress(int(index), int(count), QString::fromUtf8(pass.name().data(), qsizetype(pass.name().size())));
        };
    auto records = runPipeline(parsed.value(), *graph, options);
    if (!records.ok()) {
        *error = QString::fromStdString(records.error().toString());
        return nullptr;
    }
    auto schedule = simulate(*graph, *options.costModel, options.simulation);
    if (!schedule.ok()) {
        *error = QString::fromStdString(schedule.error().toString());
        return nullptr;
    }
    auto snapshot = makeSnapshot(graph, schedule.value());
    snapshot->passes = std::move(records).value();
    snapshot->pipeline = QString::fromStdString(parsed.value().print());

    // Match tasks by id for the diff; both directions, so each half can be coloured.
    const TaskGraph& before = *baseline.graph;
    snapshot->counterpart.assign(graph->tasks.size(), kNoTask);
    std::vector<TaskIndex> baselineCounterpart(before.tasks.size(), kNoTask);
    for (TaskIndex t = 0; t < graph->tasks.size(); ++t) {
        const TaskIndex b = before.findTask(graph->taskId(t));
        snapshot->counterpart[t] = b;
        if (b != kNoTask)
            baselineCounterpart[b] = t;
    }
    snapshot->movementGantt = GanttData::build(*graph, *snapshot->schedule, { baseline.schedule.get(), &snapshot->counterpart });
    snapshot->baselineMovementGantt = GanttData::build(before, *baseline.schedule, { snapshot->schedule.get(), &baselineCounterpart, true });
    snapshot->seconds = double(timer.nsecsElapsed()) / 1e9;
    return snapshot;
}

void RunController::startRun()
{
    if (!m_loaded)
        return;
    auto cancelFlag = beginJob();
    const std::uint64_t generation = m_generation;
    QPointer<RunController> guard(this);
    auto loaded = m_loaded;
    const QString pipeline = m_pendingPipeline;
    const PassRegistry* registry = &m_registry;
    const bool specCosts = m_specCosts;
    emit progress(0, 0, tr("Running"));
    QThreadPool::globalInstance()->start([guard, generation, cancelFlag, loaded, pipeline, registry, specCosts] {
        QString error;
        auto report = [guard, generation](int index, int count, QString what) {
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard, generation, index, count, what] {
                    if (guard && guard->m_generation == generation)
                        emit guard->progress(index, count, what);
                },
                Qt::QueuedConnection);
        };
        std::shared_ptr<const ScheduleSnapshot> result = runJob(*loaded, pipeline, *registry, specCosts, cancelFlag.get(), &error, report);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, generation, result, error] {
                if (!guard || guard->m_generation != generation)
                    return;
                guard->endJob();
                if (!result) {
                    emit guard->runFailed(error);
                    return;
                }
                guard->m_current = result;
                emit guard->runFinished(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace lookahead
