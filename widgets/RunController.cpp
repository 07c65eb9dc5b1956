#include "RunController.h"

#include "lookahead/AtomicFile.h"
#include "lookahead/InputOpener.h"
#include "lookahead/Loader.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/Rerun.h"
#include "lookahead/Simulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>

namespace lookahead {

template <typename Deliver>
void RunController::postIfCurrent(const QPointer<RunController>& guard, std::uint64_t generation, Deliver deliver)
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [guard, generation, deliver = std::move(deliver)] {
            if (guard && guard->m_generation == generation)
                deliver(*guard);
        },
        Qt::QueuedConnection);
}

RunController::RunController(const PassRegistry& registry, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
{
    qRegisterMetaType<std::shared_ptr<const LoadedGraph>>();
    qRegisterMetaType<std::shared_ptr<const ScheduleSnapshot>>();
    qRegisterMetaType<std::shared_ptr<const TraceImportSummary>>();
    qRegisterMetaType<std::shared_ptr<const LoadedComparison>>();
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
    m_loading = false;
    emit busyChanged(false);
}

void RunController::cancel()
{
    m_debounce.stop();
    if (m_cancel)
        m_cancel->store(true);
    ++m_generation; // whatever is in flight is now stale
    m_loading = false;
    if (m_running > 0)
        endJob();
}

std::shared_ptr<ScheduleSnapshot> RunController::makeSnapshot(
    std::shared_ptr<const TaskGraph> graph, std::shared_ptr<const Schedule> schedule, bool withGantt)
{
    auto snapshot = std::make_shared<ScheduleSnapshot>();
    if (withGantt)
        snapshot->gantt = GanttData::build(*graph, *schedule);
    snapshot->relations = std::make_shared<TaskRelations>(*graph);
    snapshot->graph = std::move(graph);
    snapshot->schedule = std::move(schedule);
    return snapshot;
}

Result<OpenedInput> RunController::openFile(
    const std::string& path, TraceImportOptions options, const std::string& platform)
{
    if (options.platform.empty())
        options.platform = platform; // applied inside the import, which keeps the replay exact
    return openInputFile(path, options);
}

namespace {

    /// A task graph on the chosen platform (Platform menu); a recording got it during its import.
    Status applyPlatformChoice(OpenedInput& input, const std::string& platform)
    {
        if (input.summary || platform.empty())
            return Status::success();
        Result<PlatformPreset> preset = resolvePlatform(platform);
        if (!preset.ok())
            return preset.error();
        if (Status applied = applyPlatformPreset(input.graph, preset.value()); !applied.ok()) {
            Error error = applied.error();
            error.message += " (platform " + preset.value().name + ")";
            return error;
        }
        return Status::success();
    }

} // namespace

SimulationOptions RunController::costsFor(SimulationOptions simulation, const RecordingOrigin* recording)
{
    if (!recording || !recording->summary)
        return simulation;
    for (const std::string& term : recording->summary->costTermsOff)
        if (std::find(simulation.disabledTerms.begin(), simulation.disabledTerms.end(), term)
            == simulation.disabledTerms.end())
            simulation.disabledTerms.push_back(term);
    return simulation;
}

std::shared_ptr<ScheduleSnapshot> RunController::baselineJob(
    OpenedInput input, const QString& path, const SimulationOptions& simulation, QString* error)
{
    std::shared_ptr<RecordingOrigin> recording;
    if (input.summary) {
        recording = std::make_shared<RecordingOrigin>();
        recording->path = path;
        recording->summary = std::make_shared<const ImportSummary>(std::move(*input.summary));
    }
    Pipeline none;
    RerunOptions options;
    options.simulation = costsFor(simulation, recording.get());
    Result<RerunOutcome> outcome = rerun(input.graph, none, options);
    if (!outcome.ok()) {
        Error failure = outcome.error();
        if (failure.where == kAfterThePipeline)
            failure.where.clear(); // there was no pipeline: the input itself does not simulate
        if (failure.file.empty())
            failure.file = path.toStdString();
        *error = QString::fromStdString(failure.toString());
        return nullptr;
    }
    auto snapshot = makeSnapshot(outcome.value().graph, outcome.value().schedule);
    snapshot->recording = std::move(recording);
    snapshot->costs = options.simulation;
    snapshot->costs->cancel = nullptr;
    return snapshot;
}

void RunController::loadFile(const QString& path)
{
    const std::string file = path.toStdString();
    startLoad([file](const std::string& platform) { return openFile(file, {}, platform); }, path,
        path.section(QLatin1Char('/'), -1));
}

void RunController::startImport(const QString& path, const TraceImportOptions& options)
{
    const std::string file = path.toStdString();
    startLoad([file, options](const std::string& platform) { return openFile(file, options, platform); }, path,
        path.section(QLatin1Char('/'), -1));
}

void RunController::loadBytes(const QByteArray& bytes, const QString& label)
{
    const std::string label8 = label.toStdString();
    startLoad(
        [bytes, label8](const std::string&) {
            return openInputBytes(std::string_view(bytes.constData(), std::size_t(bytes.size())), label8);
        },
        QString(), label);
}

std::shared_ptr<LoadedGraph> RunController::loadJob(const Loader& load, const QString& path, const QString& label,
    const std::string& platform, const SimulationOptions& simulation, QString* error)
{
    Result<OpenedInput> opened = load(platform);
    if (opened.ok())
        if (Status applied = applyPlatformChoice(opened.value(), platform); !applied.ok())
            opened = applied.error();
    if (!opened.ok()) {
        *error = QString::fromStdString(opened.error().toString());
        return nullptr;
    }
    auto baseline = baselineJob(std::move(opened).value(), path, simulation, error);
    if (!baseline)
        return nullptr;
    auto loaded = std::make_shared<LoadedGraph>();
    loaded->path = path;
    loaded->label = label;
    loaded->baseline = std::move(baseline);
    return loaded;
}

void RunController::startLoad(Loader load, const QString& path, const QString& label)
{
    m_debounce.stop();
    auto cancelFlag = beginJob();
    m_loading = true;
    const std::uint64_t generation = m_generation;
    SimulationOptions simulation = simulationOptions();
    simulation.cancel = cancelFlag.get();
    QPointer<RunController> guard(this);
    emit progress(0, 0, tr("Loading %1").arg(label));
    QThreadPool::globalInstance()->start(
        [guard, generation, cancelFlag, load = std::move(load), path, label, simulation, platform = m_platform] {
            QString error;
            std::shared_ptr<const LoadedGraph> loaded = loadJob(load, path, label, platform, simulation, &error);
            postIfCurrent(guard, generation, [loaded, error, path](RunController& controller) {
                controller.endJob();
                if (!loaded) {
                    emit controller.loadFailed(error);
                    return;
                }
                controller.m_loaded = loaded;
                controller.m_current = loaded->baseline;
                QPointer<RunController> alive(&controller); // a slot of graphLoaded may delete it
                emit controller.graphLoaded(loaded);
                if (alive && loaded->baseline->recording)
                    emit controller.traceImported(path, loaded->baseline->recording->summary);
            });
        });
}

void RunController::restoreLoaded(std::shared_ptr<const LoadedGraph> loaded)
{
    cancel();
    if (!loaded)
        return;
    m_loaded = loaded;
    m_current = loaded->baseline;
    emit graphLoaded(std::move(loaded));
}

std::shared_ptr<LoadedComparison> RunController::compareJob(const QString& pathA, const QString& pathB,
    const TraceImportOptions& traceOptions, bool specCosts, const std::atomic<bool>* cancel, QString* error)
{
    SimulationOptions options;
    options.specCosts = specCosts;
    options.cancel = cancel;
    std::shared_ptr<ScheduleSnapshot> snapshots[2];
    const QString paths[2] = { pathA, pathB };
    for (int side = 0; side < 2; ++side) {
        auto opened = openInputFile(paths[side].toStdString(), traceOptions);
        if (!opened.ok()) {
            *error = QString::fromStdString(opened.error().toString());
            return nullptr;
        }
        snapshots[side] = baselineJob(std::move(opened).value(), paths[side], options, error);
        if (!snapshots[side])
            return nullptr;
    }
    attachMovement(*snapshots[1], *snapshots[0]);
    auto result = std::make_shared<LoadedComparison>();
    result->comparison = compareSchedules(
        *snapshots[0]->graph, *snapshots[0]->schedule, *snapshots[1]->graph, *snapshots[1]->schedule);
    result->pathA = pathA;
    result->pathB = pathB;
    result->labelA = pathA.section(QLatin1Char('/'), -1);
    result->labelB = pathB.section(QLatin1Char('/'), -1);
    auto a = std::make_shared<LoadedGraph>();
    a->path = pathA;
    a->label = result->labelA;
    a->baseline = snapshots[0];
    result->a = std::move(a);
    result->b = snapshots[1];
    return result;
}

void RunController::startCompare(const QString& pathA, const QString& pathB, const TraceImportOptions& traceOptions)
{
    m_debounce.stop();
    auto cancelFlag = beginJob();
    m_loading = true;
    const std::uint64_t generation = m_generation;
    const bool specCosts = m_specCosts;
    QPointer<RunController> guard(this);
    emit progress(
        0, 0, tr("Comparing %1 and %2").arg(pathA.section(QLatin1Char('/'), -1), pathB.section(QLatin1Char('/'), -1)));
    QThreadPool::globalInstance()->start([guard, generation, cancelFlag, pathA, pathB, traceOptions, specCosts] {
        QString error;
        std::shared_ptr<const LoadedComparison> result
            = compareJob(pathA, pathB, traceOptions, specCosts, cancelFlag.get(), &error);
        postIfCurrent(guard, generation, [result, error](RunController& controller) {
            controller.endJob();
            if (!result) {
                emit controller.loadFailed(error);
                return;
            }
            // Neither side is "the loaded graph": pass edits do not rerun a comparison.
            controller.m_loaded.reset();
            controller.m_current.reset();
            emit controller.comparisonLoaded(result);
        });
    });
}

void RunController::requestRun(const QString& pipeline)
{
    m_pendingPipeline = pipeline;
    if (!m_loaded || m_loading)
        return;
    if (m_debounce.interval() == 0)
        startRun();
    else
        m_debounce.start();
}

std::shared_ptr<ScheduleSnapshot> RunController::runJob(const LoadedGraph& loaded, const QString& pipelineText,
    const PassRegistry& registry, const SimulationOptions& simulation, QString* error,
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
    RerunOptions options;
    options.simulation = costsFor(simulation, baseline.recording.get());
    if (baseline.costs && baseline.costs->specCosts == options.simulation.specCosts
        && baseline.costs->disabledTerms == options.simulation.disabledTerms)
        options.inputSchedule = baseline.schedule; // the first pass need not simulate the input again
    if (progress)
        options.hooks.beforePass = [&progress](std::size_t index, std::size_t count, const Pass& pass) {
            progress(int(index), int(count), QString::fromUtf8(pass.name().data(), qsizetype(pass.name().size())));
        };
    Result<RerunOutcome> outcome = rerun(*baseline.graph, parsed.value(), options);
    if (!outcome.ok()) {
        *error = QString::fromStdString(outcome.error().toString());
        return nullptr;
    }
    // attachMovement() builds the lanes once, with both colourings.
    auto snapshot = makeSnapshot(outcome.value().graph, outcome.value().schedule, false);
    snapshot->passes = std::move(outcome.value().records);
    snapshot->pipeline = QString::fromStdString(outcome.value().pipelineText);
    snapshot->recording = baseline.recording;

    attachMovement(*snapshot, baseline);
    snapshot->seconds = double(timer.nsecsElapsed()) / 1e9;
    return snapshot;
}

std::vector<TaskIndex> RunController::matchTasks(const TaskGraph& graph, const TaskGraph& reference)
{
    // A rerun keeps the input's tasks in order and inserts a few: walk both in step and look an id
    // up only where they part (an inserted or removed task), instead of hashing every id.
    std::vector<TaskIndex> counterpart(graph.tasks.size(), kNoTask);
    TaskIndex next = 0; // in `reference`
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const std::string_view id = graph.taskId(t);
        TaskIndex match = kNoTask;
        if (next < reference.tasks.size() && reference.taskId(next) == id)
            match = next;
        else
            match = reference.findTask(id);
        counterpart[t] = match;
        if (match != kNoTask)
            next = match + 1;
    }
    return counterpart;
}

void RunController::attachMovement(ScheduleSnapshot& snapshot, const ScheduleSnapshot& reference)
{
    // Match tasks by id for the diff; both directions, so each half can be coloured.
    const TaskGraph& graph = *snapshot.graph;
    const TaskGraph& before = *reference.graph;
    snapshot.counterpart = matchTasks(graph, before);
    std::vector<TaskIndex> referenceCounterpart(before.tasks.size(), kNoTask);
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        if (snapshot.counterpart[t] != kNoTask)
            referenceCounterpart[snapshot.counterpart[t]] = t;
    // One build serves both colourings of this schedule (the painter picks the colour by mode);
    // the reference's lanes are copied and recoloured rather than built again.
    snapshot.movementGantt
        = GanttData::build(graph, *snapshot.schedule, { reference.schedule.get(), &snapshot.counterpart });
    snapshot.gantt = snapshot.movementGantt;
    snapshot.baselineMovementGantt = reference.gantt
        ? GanttData::recoloured(
            *reference.gantt, *reference.schedule, { snapshot.schedule.get(), &referenceCounterpart, true })
        : GanttData::build(before, *reference.schedule, { snapshot.schedule.get(), &referenceCounterpart, true });
}

void RunController::startRun()
{
    if (!m_loaded || m_loading)
        return;
    auto cancelFlag = beginJob();
    const std::uint64_t generation = m_generation;
    QPointer<RunController> guard(this);
    auto loaded = m_loaded;
    const QString pipeline = m_pendingPipeline;
    const PassRegistry* registry = &m_registry;
    SimulationOptions simulation = simulationOptions();
    simulation.cancel = cancelFlag.get();
    emit progress(0, 0, tr("Running"));
    QThreadPool::globalInstance()->start([guard, generation, cancelFlag, loaded, pipeline, registry, simulation] {
        QString error;
        auto report = [guard, generation](int index, int count, const QString& what) {
            postIfCurrent(guard, generation,
                [index, count, what](RunController& controller) { emit controller.progress(index, count, what); });
        };
        std::shared_ptr<const ScheduleSnapshot> result
            = runJob(*loaded, pipeline, *registry, simulation, &error, report);
        postIfCurrent(guard, generation, [result, error](RunController& controller) {
            controller.endJob();
            if (!result) {
                emit controller.runFailed(error);
                return;
            }
            controller.m_current = result;
            emit controller.runFinished(result);
        });
    });
}

} // namespace lookahead
