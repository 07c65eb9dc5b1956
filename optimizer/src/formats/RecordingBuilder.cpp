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

    /// Ids from display names, made unique with "#N" (N counts per name), interned straight into
    /// the graph's ids: a recording's hundred thousand tasks cost no string each.
    class IdMaker {
    public:
        explicit IdMaker(StringPool& ids)
            : m_ids(ids)
        {
        }
        /// An id from `base`, the text of the builder's symbol `name` (by which the name's id is
        /// remembered: a kernel launched a thousand times is hashed once, not a thousand times).
        Symbol make(std::string_view base, Symbol name)
        {
            if (m_idOfName.size() <= name)
                m_idOfName.resize(std::size_t(name) + 1, kNoSymbol);
            Symbol& taken = m_idOfName[name];
            if (taken == kNoSymbol) {
                const std::size_t known = m_ids.size();
                taken = m_ids.intern(base);
                if (m_ids.size() > known)
                    return taken;
            }
            return numbered(base, taken);
        }
        /// An id for a task without a name.
        Symbol make(std::string_view base)
        {
            const std::size_t known = m_ids.size();
            const Symbol taken = m_ids.intern(base);
            return m_ids.size() > known ? taken : numbered(base, taken);
        }
        /// Interns a fixed id; kNoSymbol when it is taken.
        Symbol reserve(std::string_view id) { return internNew(id); }

    private:
        /// `base#N` for the first N not taken (`taken`: the symbol of `base`).
        Symbol numbered(std::string_view base, Symbol taken)
        {
            // A name met again (a kernel launched a thousand times): its count is kept by its symbol.
            if (m_next.size() <= taken)
                m_next.resize(std::size_t(taken) + 1, 0);
            m_candidate.assign(base).push_back('#');
            const std::size_t stem = m_candidate.size();
            for (;;) {
                const std::uint32_t n = ++m_next[taken] + 1;
                m_candidate.resize(stem);
                m_candidate += std::to_string(n);
                if (const Symbol id = internNew(m_candidate); id != kNoSymbol)
                    return id;
            }
        }

        /// The symbol of `id` when it is new (one look-up: a new symbol grows the pool), else kNoSymbol.
        Symbol internNew(std::string_view id)
        {
            const std::size_t known = m_ids.size();
            const Symbol symbol = m_ids.intern(id);
            return m_ids.size() > known ? symbol : kNoSymbol;
        }

        StringPool& m_ids;
        std::vector<std::uint32_t> m_next; ///< By the symbol of a name met more than once: "#N" used.
        std::vector<Symbol> m_idOfName;    ///< By the builder's symbol: the id its text is.
        std::string m_candidate;
    };

} // namespace

RecordingBuilder::RecordingBuilder(const TraceDocument& doc, ImportSummary& summary, const ImportOptions& options)
    : m_doc(doc)
    , m_summary(summary)
    , m_options(options)
{
    // Most events become a task or two (a call frame's pieces): growing the vector of tasks would
    // copy every one of them at each doubling.
    m_tasks.reserve(doc.events.size());
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

TaskRef RecordingBuilder::addTask(const RecordedTask& task)
{
    if (m_kinds[task.kind].unitNames.size() <= task.unit)
        m_kinds[task.kind].unitNames.resize(task.unit + 1);
    m_tasks.push_back(task);
    return static_cast<TaskRef>(m_tasks.size() - 1);
}

void RecordingBuilder::setDetail(TaskRef ref, TaskDetail detail)
{
    RecordedTask& task = m_tasks[ref];
    if (task.detail != 0) {
        m_details[task.detail - 1] = std::move(detail);
        return;
    }
    m_details.push_back(std::move(detail));
    task.detail = static_cast<std::uint32_t>(m_details.size());
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

/// The working state of finish(), one vector per task (index: the order tasks were added in)
/// unless said otherwise.
struct RecordingBuilder::ReplayPlan {
    std::vector<std::uint32_t> order;    ///< Program order: tasks by position.
    std::vector<std::uint32_t> position; ///< Inverse of `order`.
    std::vector<std::int64_t> startC, cycles, delay;
    std::vector<std::vector<TaskRef>> after;                ///< Kept dependencies.
    std::unordered_set<std::uint64_t> seen;                 ///< Kept edges as producer << 32 | consumer.
    std::vector<std::vector<std::vector<TaskRef>>> queues;  ///< Per kind, per unit: tasks in order.
    std::vector<std::uint32_t> engines;                     ///< Per kind.
    std::vector<std::vector<std::uint32_t>> waits, updates; ///< Barrier indexes.
    std::vector<std::int64_t> release;                      ///< Per barrier: its latest producer end.
    std::vector<std::string> barrierName;                   ///< Per barrier.
    std::vector<Symbol> idOf;                               ///< In the graph's ids.

    /// The recording bears out "c after p": p comes first and ends before c starts.
    bool explains(const std::vector<RecordedTask>& tasks, TaskRef p, TaskRef c) const
    {
        return position[p] < position[c] && tasks[p].endNs <= tasks[c].startNs;
    }
    /// Keeps "c after p" unless already kept; true when it is new.
    bool keep(TaskRef p, TaskRef c)
    {
        if (!seen.insert(std::uint64_t(p) << 32 | c).second)
            return false;
        after[c].push_back(p);
        return true;
    }
};

Result<TaskGraph> RecordingBuilder::finish(const std::string& graphName)
{
    if (m_tasks.empty())
        return Error { m_doc.label, m_doc.pointerPrefix.empty() ? "/" : m_doc.pointerPrefix,
            "no event became a task (" + std::to_string(m_summary.droppedCount()) + " dropped; the summary says why)" };
    m_t0 = m_tasks.front().startNs;
    for (const RecordedTask& task : m_tasks)
        m_t0 = std::min(m_t0, task.startNs);
    if (std::optional<Error> tooLong = spanTooLong())
        return *tooLong;
    ReplayPlan plan = planTimes();
    keepDependencies(plan);
    planQueues(plan);
    keepBarriers(plan);
    planDelays(plan);
    TaskGraph graph;
    graph.name = graphName;
    graph.platform.clockMhz = m_summary.clockMhz;
    addExecutorsAndKernels(graph, plan);
    if (std::optional<Error> duplicate = makeIds(graph, plan))
        return *duplicate;
    insertTasks(graph, plan);
    m_summary.tasks = m_tasks.size();
    m_recordedStart.clear();
    m_recordedEnd.clear();
    for (std::uint32_t t : plan.order) {
        m_recordedStart.push_back(plan.startC[t]);
        m_recordedEnd.push_back(plan.startC[t] + plan.cycles[t]);
    }
    return graph;
}

RecordingBuilder::ReplayPlan RecordingBuilder::planTimes() const
{
    const std::size_t n = m_tasks.size();
    ReplayPlan plan;
    plan.order = programOrder();
    plan.position.resize(n);
    for (std::uint32_t p = 0; p < n; ++p)
        plan.position[plan.order[p]] = p;
    plan.startC.resize(n);
    plan.cycles.resize(n);
    for (std::size_t t = 0; t < n; ++t) {
        const RecordedTask& task = m_tasks[t];
        plan.startC[t] = toCycles(task.startNs);
        const TaskDetail* detail = this->detail(task);
        plan.cycles[t] = detail && detail->exactCycles ? *detail->exactCycles : toCycles(task.endNs) - plan.startC[t];
        plan.cycles[t] = std::clamp<std::int64_t>(plan.cycles[t], 0, kMaxCycles);
    }
    plan.after.resize(n);
    plan.seen.reserve(m_edges.size() + n);
    return plan;
}

void RecordingBuilder::keepDependencies(ReplayPlan& plan)
{
    for (const Edge& edge : m_edges) {
        if (edge.producer == edge.consumer)
            continue;
        const bool explained = plan.explains(m_tasks, edge.producer, edge.consumer);
        if (edge.kind == EdgeKind::Call && !explained)
            continue; // only zero-length slices at one instant in file order: queue order holds them
        if (edge.kind == EdgeKind::Flow && !explained) {
            const bool backwards = m_tasks[edge.producer].startNs > m_tasks[edge.consumer].startNs;
            flowNotDependency(edge.event,
                backwards ? "goes backwards in time (its source starts after its destination)"
                          : "its source ends after its destination starts: a dependency would start \""
                        + std::string(text(m_tasks[edge.consumer].name)) + "\" later than recorded");
            continue;
        }
        if (plan.keep(edge.producer, edge.consumer))
            ++(edge.kind == EdgeKind::Call ? m_summary.callDependencies : m_summary.flowDependencies);
    }
}

void RecordingBuilder::planQueues(ReplayPlan& plan)
{
    using Lane = ImportOptions::LaneDependencies;
    // Our own export (kept order) carries every dependency explicitly: lane edges would add some.
    const bool laneEdges = m_options.laneDependencies == Lane::Always
        || (m_options.laneDependencies == Lane::Auto && !m_anyFlow && m_barriers.empty() && !m_keepAddedOrder);
    plan.queues.resize(m_kinds.size());
    for (std::size_t k = 0; k < m_kinds.size(); ++k)
        plan.queues[k].resize(std::max<std::size_t>(1, m_kinds[k].unitNames.size()));
    for (std::uint32_t t : plan.order)
        plan.queues[m_tasks[t].kind][m_tasks[t].unit].push_back(t);
    // Engines: the most tasks of one queue that run at once.
    plan.engines.assign(m_kinds.size(), 1);
    for (std::size_t k = 0; k < m_kinds.size(); ++k) {
        plan.engines[k] = m_kinds[k].minEngines;
        for (const std::vector<TaskRef>& queue : plan.queues[k]) {
            std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> running;
            for (std::size_t i = 0; i < queue.size(); ++i) {
                const RecordedTask& task = m_tasks[queue[i]];
                while (!running.empty() && running.top() <= task.startNs)
                    running.pop();
                running.push(task.endNs);
                if (!m_keepAddedOrder) // our own export names its engines; its µs may round into fake overlaps
                    plan.engines[k]
                        = std::max<std::uint32_t>(plan.engines[k], static_cast<std::uint32_t>(running.size()));
                if (laneEdges && i > 0 && plan.explains(m_tasks, queue[i - 1], queue[i])
                    && plan.keep(queue[i - 1], queue[i]))
                    ++m_summary.laneDependencies;
            }
        }
    }
}

void RecordingBuilder::keepBarriers(ReplayPlan& plan)
{
    // Kept for the consumers every producer explains. Host waits after the others, so that
    // `inferred:N` keeps its numbering.
    plan.waits.resize(m_tasks.size());
    plan.updates.resize(m_tasks.size());
    std::vector<const Barrier*> barriers;
    for (const Barrier& barrier : m_barriers)
        barriers.push_back(&barrier);
    for (const Barrier& barrier : m_hostWaits)
        barriers.push_back(&barrier);
    m_summary.inferredBarriers = m_summary.inferredWaits = m_summary.hostWaits = 0;
    for (const Barrier* barrier : barriers) {
        std::vector<TaskRef> consumers;
        for (TaskRef c : barrier->consumers)
            if (std::all_of(barrier->producers.begin(), barrier->producers.end(),
                    [&](TaskRef p) { return plan.explains(m_tasks, p, c); }))
                consumers.push_back(c);
        if (consumers.empty() || barrier->producers.empty())
            continue;
        const auto index = static_cast<std::uint32_t>(plan.release.size());
        std::int64_t latest = 0;
        for (TaskRef p : barrier->producers) {
            plan.updates[p].push_back(index);
            latest = std::max(latest, plan.startC[p] + plan.cycles[p]);
        }
        for (TaskRef c : consumers)
            plan.waits[c].push_back(index);
        plan.release.push_back(latest);
        if (barrier->hostWait) {
            plan.barrierName.push_back("host-wait:" + std::to_string(m_summary.hostWaits++));
        } else {
            plan.barrierName.push_back("inferred:" + std::to_string(m_summary.inferredBarriers++));
            m_summary.inferredWaits += consumers.size();
        }
    }
}

void RecordingBuilder::planDelays(ReplayPlan& plan)
{
    // Engines and delays exactly as the simulator will choose them (spec 5.1).
    plan.delay.assign(m_tasks.size(), 0);
    std::vector<std::vector<std::int64_t>> prevStart(m_kinds.size());
    std::vector<std::vector<std::vector<std::int64_t>>> engineFree(m_kinds.size());
    for (std::size_t k = 0; k < m_kinds.size(); ++k) {
        prevStart[k].assign(plan.queues[k].size(), 0);
        engineFree[k].assign(plan.queues[k].size(), std::vector<std::int64_t>(plan.engines[k], 0));
    }
    for (std::uint32_t t : plan.order) {
        const RecordedTask& task = m_tasks[t];
        std::int64_t ready = 0;
        for (TaskRef p : plan.after[t])
            ready = std::max(ready, plan.startC[p] + plan.cycles[p]);
        for (std::uint32_t b : plan.waits[t])
            ready = std::max(ready, plan.release[b]);
        std::vector<std::int64_t>& free = engineFree[task.kind][task.unit];
        const auto engine = static_cast<std::size_t>(std::min_element(free.begin(), free.end()) - free.begin());
        const std::int64_t base = std::max({ ready, prevStart[task.kind][task.unit], free[engine] });
        const TaskDetail* detail = this->detail(task);
        plan.delay[t]
            = detail && detail->exactDelay ? *detail->exactDelay : std::max<std::int64_t>(0, plan.startC[t] - base);
        const std::int64_t start = base + plan.delay[t];
        prevStart[task.kind][task.unit] = start;
        free[engine] = start + plan.cycles[t];
        m_summary.delayedTasks += plan.delay[t] > 0;
    }
}

void RecordingBuilder::addExecutorsAndKernels(TaskGraph& graph, const ReplayPlan& plan) const
{
    std::vector<std::size_t> kindOrder(m_kinds.size());
    for (std::size_t k = 0; k < kindOrder.size(); ++k)
        kindOrder[k] = k;
    std::sort(kindOrder.begin(), kindOrder.end(),
        [&](std::size_t a, std::size_t b) { return m_kinds[a].name < m_kinds[b].name; });
    for (std::size_t k : kindOrder) {
        ExecutorKind executor;
        executor.name = m_kinds[k].name;
        executor.units = static_cast<std::uint32_t>(plan.queues[k].size());
        executor.engines = plan.engines[k];
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
    std::set<std::string, std::less<>> kernelNames;
    for (const RecordedTask& task : m_tasks)
        if (task.kernel != kNoSymbol)
            kernelNames.emplace(text(task.kernel));
    for (const std::string& name : kernelNames)
        graph.kernels.push_back(Kernel { name, 0, std::nullopt, nlohmann::json::object() });
}

std::optional<Error> RecordingBuilder::makeIds(TaskGraph& graph, ReplayPlan& plan) const
{
    // Fixed ids (our own export) first, so that made ones step around them.
    IdMaker ids(graph.ids);
    plan.idOf.assign(m_tasks.size(), kNoSymbol);
    std::unordered_map<std::string_view, std::uint32_t> eventOfId;
    for (std::uint32_t t : plan.order) {
        const std::string_view id = text(m_tasks[t].id);
        if (id.empty())
            continue;
        plan.idOf[t] = ids.reserve(id);
        if (plan.idOf[t] == kNoSymbol)
            return Error { m_doc.label, m_doc.pointer(m_tasks[t].event) + "/args/id",
                "duplicate task id \"" + std::string(id) + "\" (first at " + m_doc.pointer(eventOfId[id]) + ")" };
        eventOfId[id] = m_tasks[t].event;
    }
    for (std::uint32_t t : plan.order)
        if (plan.idOf[t] == kNoSymbol)
            plan.idOf[t] = m_tasks[t].name == kNoSymbol ? ids.make("event " + std::to_string(m_tasks[t].event))
                                                        : ids.make(text(m_tasks[t].name), m_tasks[t].name);
    return std::nullopt;
}

void RecordingBuilder::insertTasks(TaskGraph& graph, ReplayPlan& plan)
{
    // The graph is built in place, in program order: `after` lists are positions already, and
    // names are interned once (no NewTask of strings per task, no id look-ups).
    std::vector<std::uint16_t> executorOf(m_kinds.size());
    for (std::size_t k = 0; k < m_kinds.size(); ++k)
        executorOf[k] = static_cast<std::uint16_t>(graph.platform.findExecutor(m_kinds[k].name));
    std::vector<BarrierIndex> barrierOf(plan.barrierName.size());
    for (std::size_t b = 0; b < barrierOf.size(); ++b)
        barrierOf[b] = graph.barriers.intern(plan.barrierName[b]);
    graph.tasks.resize(m_tasks.size());
    std::vector<BarrierIndex> waits, updates;
    std::vector<TaskIndex> after;
    std::string frameText;
    // The graph's symbol of each builder string (the last slot: kNoSymbol's, the empty text),
    // interned the first time a task uses it.
    std::vector<Symbol> stringOf(m_strings.size() + 1, kNoSymbol);
    auto graphString = [&](Symbol symbol) {
        Symbol& interned = stringOf[symbol == kNoSymbol ? m_strings.size() : symbol];
        if (interned == kNoSymbol)
            interned = graph.strings.intern(text(symbol));
        return interned;
    };
    for (TaskIndex index = 0; index < plan.order.size(); ++index) {
        const std::uint32_t t = plan.order[index];
        const RecordedTask& recorded = m_tasks[t];
        Task& task = graph.tasks[index];
        task.id = plan.idOf[t];
        if (recorded.name != kNoSymbol && text(recorded.name) != graph.ids.view(task.id))
            task.name = graphString(recorded.name);
        task.exec = executorOf[recorded.kind];
        task.unit = recorded.unit;
        task.cycles = plan.cycles[t];
        task.role = recorded.role;
        if (recorded.role == TaskRole::Other)
            task.roleName = graphString(recorded.roleName);
        if (recorded.origin != kNoSymbol)
            task.origin = graphString(recorded.origin);
        (recorded.role == TaskRole::Prefetch ? task.prefetch : task.kernel)
            = recorded.kernel == kNoSymbol ? kNoKernel : graph.findKernel(text(recorded.kernel));
        after.clear();
        for (TaskRef p : plan.after[t])
            after.push_back(plan.position[p]);
        std::sort(after.begin(), after.end());
        waits.clear();
        for (std::uint32_t b : plan.waits[t])
            waits.push_back(barrierOf[b]);
        updates.clear();
        for (std::uint32_t b : plan.updates[t])
            updates.push_back(barrierOf[b]);
        graph.setReferences(index, waits, updates, after);
        setReplayKeys(graph, index, plan.delay[t], m_doc.pointer(recorded.event));
        const char* frame = recorded.frame == FramePiece::Open ? "open"
            : recorded.frame == FramePiece::Return             ? "return"
                                                               : nullptr;
        const TaskDetail* detail = this->detail(recorded);
        if (detail && detail->extra.is_object()) {
            nlohmann::json extra = detail->extra;
            if (frame)
                extra["frame"] = frame;
            graph.setTaskExtra(index, extra);
        } else if (frame) {
            // Half of a call stack's tasks: the text as dump() spells it, without an object each.
            frameText.assign(R"({"frame":")").append(frame).append(R"("})");
            task.extra = graph.taskExtras.addText(frameText);
        }
    }
    graph.rebuildIndex();
}

} // namespace lookahead::formats
