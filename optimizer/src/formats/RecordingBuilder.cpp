#include "RecordingBuilder.h"

#include "ReplayFields.h"

#include "lookahead/Simulator.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lookahead::formats {

namespace {

    /// Ids from display names, made unique with "#N" (N counts per name).
    class IdMaker {
    public:
        std::string make(const std::string& base)
        {
            std::string id = base;
            for (std::size_t& n = m_next[base]; !m_used.insert(id).second;)
                id = base + "#" + std::to_string(++n + 1);
            return id;
        }
        bool reserve(const std::string& id) { return m_used.insert(id).second; }

    private:
        std::unordered_map<std::string, std::size_t> m_next;
        std::unordered_set<std::string> m_used; // only asked "is it new?": no order needed
    };

} // namespace

RecordingBuilder::RecordingBuilder(const TraceDocument& doc, ImportSummary& summary, const ImportOptions& options)
    : m_doc(doc)
    , m_summary(summary)
    , m_options(options)
{
}

std::uint16_t RecordingBuilder::kind(const std::string& name, bool tiled, bool multiEngine)
{
    for (std::size_t k = 0; k < m_kinds.size(); ++k)
        if (m_kinds[k].name == name)
            return static_cast<std::uint16_t>(k);
    m_kinds.push_back(Kind { name, tiled, multiEngine, {}, 1 });
    return static_cast<std::uint16_t>(m_kinds.size() - 1);
}

std::uint32_t RecordingBuilder::unit(std::uint16_t kind, const std::string& laneName)
{
    std::vector<std::string>& names = m_kinds[kind].unitNames;
    for (std::size_t u = 0; u < names.size(); ++u)
        if (names[u] == laneName)
            return static_cast<std::uint32_t>(u);
    names.push_back(laneName);
    return static_cast<std::uint32_t>(names.size() - 1);
}

void RecordingBuilder::nameUnit(std::uint16_t kind, std::uint32_t index, const std::string& laneName)
{
    std::vector<std::string>& names = m_kinds[kind].unitNames;
    if (names.size() <= index)
        names.resize(index + 1);
    if (names[index].empty())
        names[index] = laneName;
}

void RecordingBuilder::minimumEngines(std::uint16_t kind, std::uint32_t engines)
{
    m_kinds[kind].minEngines = std::max(m_kinds[kind].minEngines, engines);
}

TaskRef RecordingBuilder::addTask(RecordedTask task)
{
    if (m_kinds[task.kind].unitNames.size() <= task.unit)
        m_kinds[task.kind].unitNames.resize(task.unit + 1);
    m_tasks.push_back(std::move(task));
    return static_cast<TaskRef>(m_tasks.size() - 1);
}

void RecordingBuilder::addFlow(TaskRef producer, TaskRef consumer, std::uint32_t flowEvent)
{
    m_anyFlow = true;
    m_edges.push_back({ producer, consumer, flowEvent, EdgeKind::Flow });
}

void RecordingBuilder::addExactAfter(TaskRef producer, TaskRef consumer)
{
    m_edges.push_back({ producer, consumer, UINT32_MAX, EdgeKind::Exact });
}

void RecordingBuilder::addCallEdge(TaskRef producer, TaskRef consumer)
{
    m_edges.push_back({ producer, consumer, UINT32_MAX, EdgeKind::Call });
}

void RecordingBuilder::addHostWait(TaskRef device, TaskRef host)
{
    m_hostWaits.push_back({ { device }, { host }, true });
}

void RecordingBuilder::addInferredBarrier(std::vector<TaskRef> producers, std::vector<TaskRef> consumers)
{
    m_barriers.push_back({ std::move(producers), std::move(consumers), false });
}

void RecordingBuilder::drop(std::uint32_t event, const std::string& reason)
{
    // The list shows the first few events of every reason; the counts are exact.
    constexpr std::size_t kListedPerReason = 5;
    if (++m_summary.droppedByReason[reason] <= kListedPerReason && m_summary.dropped.size() < ImportSummary::kMaxListed)
        m_summary.dropped.push_back({ event, m_doc.pointer(event), reason });
}

void RecordingBuilder::laneNotImported(const std::string& lane, const std::string& reason, std::size_t events)
{
    for (LaneNotImported& known : m_summary.lanesNotImported) {
        if (known.lane == lane && known.reason == reason) {
            known.events += events;
            return;
        }
    }
    m_summary.lanesNotImported.push_back({ lane, reason, events });
}

void RecordingBuilder::flowNotDependency(std::uint32_t event, const std::string& reason)
{
    ++m_summary.flowsNotDependenciesCount;
    if (m_summary.flowsNotDependencies.size() < ImportSummary::kMaxListed)
        m_summary.flowsNotDependencies.push_back({ m_doc.pointer(event), reason });
}

void RecordingBuilder::lenient(const std::string& what)
{
    if (std::find(m_summary.leniencies.begin(), m_summary.leniencies.end(), what) == m_summary.leniencies.end())
        m_summary.leniencies.push_back(what);
}

void RecordingBuilder::note(const std::string& what)
{
    if (std::find(m_summary.notes.begin(), m_summary.notes.end(), what) == m_summary.notes.end())
        m_summary.notes.push_back(what);
}

std::int64_t RecordingBuilder::toCycles(std::int64_t ns) const
{
    // In long double (64-bit mantissa): the difference of two far-apart times does not overflow.
    const long double cycles
        = (static_cast<long double>(ns) - static_cast<long double>(m_t0)) * m_summary.clockMhz / 1000.0L;
    return static_cast<std::int64_t>(std::llround(cycles));
}

std::optional<Error> RecordingBuilder::spanTooLong() const
{
    // Times in a task graph are at most 2^53 - 1 cycles (spec 4). A longer span is almost always one
    // wrong timestamp (a cut or mistyped epoch) far from the others: name both ends, replay nothing.
    const auto earliest = std::min_element(m_tasks.begin(), m_tasks.end(),
        [](const RecordedTask& a, const RecordedTask& b) { return a.startNs < b.startNs; });
    for (const RecordedTask& task : m_tasks) {
        const long double cycles
            = (static_cast<long double>(task.endNs) - static_cast<long double>(m_t0)) * m_summary.clockMhz / 1000.0L;
        if (cycles > static_cast<long double>(kMaxCycles))
            return Error { m_doc.label, m_doc.pointer(task.event),
                "ends more than 2^53 - 1 cycles after the earliest start (" + m_doc.pointer(earliest->event)
                    + "), more than a task graph can hold: is one of their timestamps wrong?" };
    }
    return std::nullopt;
}

std::vector<std::uint32_t> RecordingBuilder::programOrder() const
{
    std::vector<std::uint32_t> order(m_tasks.size());
    for (std::uint32_t t = 0; t < order.size(); ++t)
        order[t] = t;
    if (m_keepAddedOrder)
        return order;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const RecordedTask &x = m_tasks[a], &y = m_tasks[b];
        if (x.startNs != y.startNs)
            return x.startNs < y.startNs;
        if (x.endNs != y.endNs)
            return x.endNs < y.endNs; // a zero-length point before the task starting with it
        if (x.callTrack == y.callTrack && x.callTrack != UINT32_MAX)
            return x.callOrder < y.callOrder;
        return x.event < y.event;
    });
    return order;
}

Result<TaskGraph> RecordingBuilder::finish(const std::string& graphName)
{
    if (m_tasks.empty())
        return Error { m_doc.label, m_doc.pointerPrefix.empty() ? "/" : m_doc.pointerPrefix,
            "no event became a task (" + std::to_string(m_summary.droppedCount()) + " dropped; the summary says why)" };
    const std::size_t n = m_tasks.size();
    m_t0 = m_tasks.front().startNs;
    for (const RecordedTask& task : m_tasks)
        m_t0 = std::min(m_t0, task.startNs);
    if (std::optional<Error> tooLong = spanTooLong())
        return *tooLong;
    const std::vector<std::uint32_t> order = programOrder();
    std::vector<std::uint32_t> position(n);
    for (std::uint32_t p = 0; p < n; ++p)
        position[order[p]] = p;
    std::vector<std::int64_t> startC(n), cycles(n);
    for (std::size_t t = 0; t < n; ++t) {
        startC[t] = toCycles(m_tasks[t].startNs);
        cycles[t] = m_tasks[t].exactCycles ? *m_tasks[t].exactCycles : toCycles(m_tasks[t].endNs) - startC[t];
        cycles[t] = std::clamp<std::int64_t>(cycles[t], 0, kMaxCycles);
    }
    auto explains
        = [&](TaskRef p, TaskRef c) { return position[p] < position[c] && m_tasks[p].endNs <= m_tasks[c].startNs; };

    // Dependencies that the recording bears out.
    std::vector<std::vector<TaskRef>> after(n);
    // Edges already kept, as producer << 32 | consumer (only asked "is it new?").
    std::unordered_set<std::uint64_t> seen;
    seen.reserve(m_edges.size() + n);
    auto edgeKey = [](TaskRef p, TaskRef c) { return std::uint64_t(p) << 32 | c; };
    for (const Edge& edge : m_edges) {
        if (edge.producer == edge.consumer)
            continue;
        if (edge.kind == EdgeKind::Call && !explains(edge.producer, edge.consumer))
            continue; // only zero-length slices at one instant in file order: queue order holds them
        if (edge.kind == EdgeKind::Flow && !explains(edge.producer, edge.consumer)) {
            const bool backwards = m_tasks[edge.producer].startNs > m_tasks[edge.consumer].startNs;
            flowNotDependency(edge.event,
                backwards ? "goes backwards in time (its source starts after its destination)"
                          : "its source ends after its destination starts: a dependency would start \""
                        + m_tasks[edge.consumer].name + "\" later than recorded");
            continue;
        }
        if (seen.insert(edgeKey(edge.producer, edge.consumer)).second) {
            after[edge.consumer].push_back(edge.producer);
            ++(edge.kind == EdgeKind::Call ? m_summary.callDependencies : m_summary.flowDependencies);
        }
    }
    using Lane = ImportOptions::LaneDependencies;
    // Our own export (kept order) carries every dependency explicitly: lane edges would add some.
    const bool laneEdges = m_options.laneDependencies == Lane::Always
        || (m_options.laneDependencies == Lane::Auto && !m_anyFlow && m_barriers.empty() && !m_keepAddedOrder);

    // Queues, engines (the most tasks of one queue that run at once), lane order edges.
    std::vector<std::vector<std::vector<TaskRef>>> queues(m_kinds.size());
    for (std::size_t k = 0; k < m_kinds.size(); ++k)
        queues[k].resize(std::max<std::size_t>(1, m_kinds[k].unitNames.size()));
    for (std::uint32_t t : order)
        queues[m_tasks[t].kind][m_tasks[t].unit].push_back(t);
    std::vector<std::uint32_t> engines(m_kinds.size(), 1);
    for (std::size_t k = 0; k < m_kinds.size(); ++k) {
        engines[k] = m_kinds[k].minEngines;
        for (const std::vector<TaskRef>& queue : queues[k]) {
            std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> running;
            for (std::size_t i = 0; i < queue.size(); ++i) {
                const RecordedTask& task = m_tasks[queue[i]];
                while (!running.empty() && running.top() <= task.startNs)
                    running.pop();
                running.push(task.endNs);
                if (!m_keepAddedOrder) // our own export names its engines; its µs may round into fake overlaps
                    engines[k] = std::max<std::uint32_t>(engines[k], static_cast<std::uint32_t>(running.size()));
                if (laneEdges && i > 0 && explains(queue[i - 1], queue[i])
                    && seen.insert(edgeKey(queue[i - 1], queue[i])).second) {
                    after[queue[i]].push_back(queue[i - 1]);
                    ++m_summary.laneDependencies;
                }
            }
        }
    }

    // Inferred barriers: kept for the consumers every producer explains. Host waits after the
    // others, so that `inferred:N` keeps its numbering.
    std::vector<std::vector<std::uint32_t>> waits(n), updates(n);
    std::vector<std::int64_t> release;
    std::vector<std::string> barrierName;
    std::vector<const Barrier*> barriers;
    for (const Barrier& barrier : m_barriers)
        barriers.push_back(&barrier);
    for (const Barrier& barrier : m_hostWaits)
        barriers.push_back(&barrier);
    m_summary.inferredBarriers = m_summary.inferredWaits = m_summary.hostWaits = 0;
    for (const Barrier* pointer : barriers) {
        const Barrier& barrier = *pointer;
        std::vector<TaskRef> consumers;
        for (TaskRef c : barrier.consumers)
            if (std::all_of(
                    barrier.producers.begin(), barrier.producers.end(), [&](TaskRef p) { return explains(p, c); }))
                consumers.push_back(c);
        if (consumers.empty() || barrier.producers.empty())
            continue;
        const auto index = static_cast<std::uint32_t>(release.size());
        std::int64_t latest = 0;
        for (TaskRef p : barrier.producers) {
            updates[p].push_back(index);
            latest = std::max(latest, startC[p] + cycles[p]);
        }
        for (TaskRef c : consumers)
            waits[c].push_back(index);
        release.push_back(latest);
        if (barrier.hostWait) {
            barrierName.push_back("host-wait:" + std::to_string(m_summary.hostWaits++));
        } else {
            barrierName.push_back("inferred:" + std::to_string(m_summary.inferredBarriers++));
            m_summary.inferredWaits += consumers.size();
        }
    }

    // Engines and delays exactly as the simulator will choose them.
    std::vector<std::int64_t> delay(n, 0);
    {
        std::vector<std::vector<std::int64_t>> prevStart(m_kinds.size());
        std::vector<std::vector<std::vector<std::int64_t>>> engineFree(m_kinds.size());
        for (std::size_t k = 0; k < m_kinds.size(); ++k) {
            prevStart[k].assign(queues[k].size(), 0);
            engineFree[k].assign(queues[k].size(), std::vector<std::int64_t>(engines[k], 0));
        }
        for (std::uint32_t t : order) {
            const RecordedTask& task = m_tasks[t];
            std::int64_t ready = 0;
            for (TaskRef p : after[t])
                ready = std::max(ready, startC[p] + cycles[p]);
            for (std::uint32_t b : waits[t])
                ready = std::max(ready, release[b]);
            std::vector<std::int64_t>& free = engineFree[task.kind][task.unit];
            const auto engine = static_cast<std::size_t>(std::min_element(free.begin(), free.end()) - free.begin());
            const std::int64_t base = std::max({ ready, prevStart[task.kind][task.unit], free[engine] });
            delay[t] = task.exactDelay ? *task.exactDelay : std::max<std::int64_t>(0, startC[t] - base);
            const std::int64_t start = base + delay[t];
            prevStart[task.kind][task.unit] = start;
            free[engine] = start + cycles[t];
            m_summary.delayedTasks += delay[t] > 0;
        }
    }

    // The graph.
    TaskGraph graph;
    graph.name = graphName;
    graph.platform.clockMhz = m_summary.clockMhz;
    std::vector<std::size_t> kindOrder(m_kinds.size());
    for (std::size_t k = 0; k < kindOrder.size(); ++k)
        kindOrder[k] = k;
    std::sort(kindOrder.begin(), kindOrder.end(),
        [&](std::size_t a, std::size_t b) { return m_kinds[a].name < m_kinds[b].name; });
    for (std::size_t k : kindOrder) {
        ExecutorKind executor;
        executor.name = m_kinds[k].name;
        executor.units = static_cast<std::uint32_t>(queues[k].size());
        executor.engines = engines[k];
        executor.tiled = m_kinds[k].tiled;
        nlohmann::json lanes = nlohmann::json::array();
        bool named = false;
        for (const std::string& lane : m_kinds[k].unitNames) {
            lanes.push_back(lane);
            named = named || !lane.empty();
        }
        if (named)
            executor.extra["lane_names"] = std::move(lanes);
        graph.platform.executors.push_back(std::move(executor));
    }
    std::set<std::string> kernelNames;
    for (const RecordedTask& task : m_tasks)
        if (!task.kernel.empty())
            kernelNames.insert(task.kernel);
    for (const std::string& name : kernelNames)
        graph.kernels.push_back(Kernel { name, 0, std::nullopt, nlohmann::json::object() });

    IdMaker ids;
    std::vector<std::string> idOf(n);
    std::unordered_map<std::string_view, std::uint32_t> eventOfId;
    for (std::uint32_t t : order) {
        const std::string& id = m_tasks[t].id;
        if (id.empty())
            continue;
        if (!ids.reserve(id))
            return Error { m_doc.label, m_doc.pointer(m_tasks[t].event) + "/args/id",
                "duplicate task id \"" + id + "\" (first at " + m_doc.pointer(eventOfId[id]) + ")" };
        eventOfId[id] = m_tasks[t].event;
    }
    for (std::uint32_t t : order)
        idOf[t] = !m_tasks[t].id.empty()
            ? m_tasks[t].id
            : ids.make(m_tasks[t].name.empty() ? "event " + std::to_string(m_tasks[t].event) : m_tasks[t].name);
    std::vector<TaskGraph::Insertion> insertions;
    insertions.reserve(n);
    for (std::uint32_t t : order) {
        RecordedTask& task = m_tasks[t];
        NewTask description;
        description.id = idOf[t];
        if (task.name != description.id)
            description.name = task.name;
        description.exec = m_kinds[task.kind].name;
        description.unit = task.unit;
        description.cycles = cycles[t];
        description.role = task.role;
        description.roleName = task.roleName;
        description.origin = task.origin;
        if (task.role == TaskRole::Prefetch)
            description.prefetch = task.kernel;
        else
            description.kernel = task.kernel;
        std::sort(after[t].begin(), after[t].end(), [&](TaskRef a, TaskRef b) { return position[a] < position[b]; });
        for (TaskRef p : after[t])
            description.after.push_back(idOf[p]);
        for (std::uint32_t b : waits[t])
            description.wait.push_back(barrierName[b]);
        for (std::uint32_t b : updates[t])
            description.update.push_back(barrierName[b]);
        setReplayKeys(description, delay[t], m_doc.pointer(task.event));
        if (task.extra.is_object())
            description.extra = std::move(task.extra);
        insertions.push_back({ static_cast<TaskIndex>(insertions.size()), std::move(description) });
    }
    for (auto& insertion : insertions)
        insertion.before = 0; // all appended, in order: insertTasks keeps the given order at one place
    graph.insertTasks(std::move(insertions));
    m_summary.tasks = n;
    m_recordedStart.clear();
    m_recordedEnd.clear();
    for (std::uint32_t t : order) {
        m_recordedStart.push_back(startC[t]);
        m_recordedEnd.push_back(startC[t] + cycles[t]);
    }
    return graph;
}

} // namespace lookahead::formats
