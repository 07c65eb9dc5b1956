#include "BufferHazards.h"

#include "lookahead/DependencyGraph.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <numeric>
#include <optional>
#include <span>

// How racingPairs avoids looking at every pair of accesses.
//
// Accesses are visited in a topological order of the ordering graph (tasks and barriers), so an
// earlier access can only be ordered *before* a later one, never after. For each access X, the
// earlier ones split into its ancestors (ordered before X: no race) and the rest (a race whenever
// one of the two writes). Ancestors are closed downwards: an ancestor's ancestors are X's. So:
// - walk the earlier writes from the latest back to the first one that is X's ancestor, W; every
//   write passed on the way races with X;
// - what came before W and is not W's ancestor is exactly the list of accesses W raced with, which
//   was recorded when W was visited (a write races with everything it is not ordered after); only
//   those can race with X among the accesses before W;
// - reads after W are checked one by one (only when X writes: reads do not race with reads).
// On a race-free buffer that is one ancestor test per access plus one per read for the next write,
// and the lists of races cost what the output costs. The worst extra work is in racy buffers (reads
// after W checked again for every write that races with its predecessors).
//
// "Is Y an ancestor of X" is answered in O(1) by vector clocks over a cover of the tasks by chains
// (the single-engine queues, then chains of the other tasks built greedily) when Y lies on one;
// the clocks are built only once searches have cost a few traversals of the graph (a race-free
// graph never needs them); the number of chains is bounded (memory), and a task left off every
// chain (or every question before the clocks exist) is answered by a search
// backwards from X that visits vertices in decreasing topological position and stops below Y's (no
// vertex placed before Y can lie on a path from Y). The search is resumed, not restarted, for the
// next question about the same X, so one X costs at most its ancestors within the window reached.

namespace lookahead {

namespace {

    constexpr std::uint32_t kNone = UINT32_MAX;

    /// The ordering graph of Verifier::findHazards (DependencyGraph with orderingOnly) as one CSR
    /// table of predecessors: vertices are the tasks 0..N-1, then the barriers N..N+B-1.
    class OrderingGraph {
    public:
        explicit OrderingGraph(const TaskGraph& graph)
            : m_taskCount(static_cast<std::uint32_t>(graph.tasks.size()))
            , m_chainOf(graph.tasks.size(), kNone)
            , m_chainPosition(graph.tasks.size(), 0)
        {
            const Platform& platform = graph.platform;
            const std::uint32_t vertices = m_taskCount + static_cast<std::uint32_t>(graph.barriers.size());
            std::vector<std::uint32_t> queueBase(platform.executors.size() + 1, 0);
            for (std::size_t e = 0; e < platform.executors.size(); ++e)
                queueBase[e + 1] = queueBase[e] + platform.executors[e].units;
            m_chainCount = queueBase.back();
            std::vector<TaskIndex> queuePredecessor(m_taskCount, kNone);
            std::vector<TaskIndex> lastOfQueue(m_chainCount, kNone);
            std::vector<std::uint32_t> lengthOfQueue(m_chainCount, 0);
            m_start.assign(vertices + 1, 0);
            for (TaskIndex t = 0; t < m_taskCount; ++t) {
                const Task& task = graph.tasks[t];
                for (BarrierIndex barrier : graph.updates(task))
                    ++m_start[m_taskCount + barrier + 1];
                m_start[t + 1] += std::uint32_t(graph.waits(task).size() + graph.after(task).size());
                if (platform.executors[task.exec].engines != 1)
                    continue; // a multi-engine queue orders starts, not ends
                const std::uint32_t queue = queueBase[task.exec] + task.unit;
                queuePredecessor[t] = lastOfQueue[queue];
                lastOfQueue[queue] = t;
                m_chainOf[t] = queue;
                m_chainPosition[t] = lengthOfQueue[queue]++;
                if (queuePredecessor[t] != kNone)
                    ++m_start[t + 1];
            }
            for (std::uint32_t v = 0; v < vertices; ++v)
                m_start[v + 1] += m_start[v];
            m_predecessors.resize(m_start.back());
            std::vector<std::uint32_t> fill(m_start.begin(), m_start.end() - 1);
            for (TaskIndex t = 0; t < m_taskCount; ++t) {
                const Task& task = graph.tasks[t];
                for (BarrierIndex barrier : graph.waits(task))
                    m_predecessors[fill[t]++] = m_taskCount + barrier;
                for (TaskIndex predecessor : graph.after(task))
                    m_predecessors[fill[t]++] = predecessor;
                if (queuePredecessor[t] != kNone)
                    m_predecessors[fill[t]++] = queuePredecessor[t];
                for (BarrierIndex barrier : graph.updates(task))
                    m_predecessors[fill[m_taskCount + barrier]++] = t;
            }
        }

        std::uint32_t vertexCount() const { return static_cast<std::uint32_t>(m_start.size() - 1); }
        std::size_t edgeCount() const { return m_predecessors.size(); }
        bool isTask(std::uint32_t vertex) const { return vertex < m_taskCount; }
        std::span<const std::uint32_t> predecessors(std::uint32_t vertex) const
        {
            return { m_predecessors.data() + m_start[vertex], m_start[vertex + 1] - m_start[vertex] };
        }
        /// Single-engine queues are chains: every task on one is ordered after the one ahead of it.
        std::uint32_t chainCount() const { return m_chainCount; }
        std::uint32_t chainOf(TaskIndex t) const { return m_chainOf[t]; }
        std::uint32_t chainPosition(TaskIndex t) const { return m_chainPosition[t]; }

        /// Topological position of every vertex (predecessors first), or nothing on a cycle: the
        /// post-order of a depth-first search over predecessors.
        std::optional<std::vector<std::uint32_t>> topologicalPositions() const
        {
            const std::uint32_t n = vertexCount();
            std::vector<std::uint32_t> position(n, kNone);
            std::vector<std::uint8_t> onStack(n, 0);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> stack; // vertex, next predecessor
            std::uint32_t next = 0;
            for (std::uint32_t root = 0; root < n; ++root) {
                if (position[root] != kNone)
                    continue;
                onStack[root] = 1;
                stack.emplace_back(root, m_start[root]);
                while (!stack.empty()) {
                    auto& [v, cursor] = stack.back();
                    if (cursor == m_start[v + 1]) {
                        position[v] = next++;
                        onStack[v] = 0;
                        stack.pop_back();
                        continue;
                    }
                    const std::uint32_t p = m_predecessors[cursor++];
                    if (onStack[p])
                        return std::nullopt;
                    if (position[p] == kNone) {
                        onStack[p] = 1;
                        stack.emplace_back(p, m_start[p]);
                    }
                }
            }
            return position;
        }

    private:
        std::uint32_t m_taskCount;
        std::uint32_t m_chainCount = 0;
        std::vector<std::uint32_t> m_chainOf; ///< kNone on multi-engine queues.
        std::vector<std::uint32_t> m_chainPosition;
        std::vector<std::uint32_t> m_start;
        std::vector<std::uint32_t> m_predecessors;
    };

    /// "Is Y ordered before X" for one X at a time and any number of Y placed before it.
    class AncestorQuery {
    public:
        AncestorQuery(
            const OrderingGraph& graph, const std::vector<std::uint32_t>& position, const HazardSearch& tuning)
            : m_graph(graph)
            , m_position(position)
            , m_seen(graph.vertexCount(), 0)
            , m_maxChains(tuning.maxChains)
            , m_searchBudget(tuning.clocksUpFront ? 0 : 4 * (std::size_t(graph.vertexCount()) + graph.edgeCount()))
        {
        }

        void startFrom(TaskIndex x)
        {
            if (++m_epoch == 0) { // wrapped: forget every mark
                std::fill(m_seen.begin(), m_seen.end(), 0);
                m_epoch = 1;
            }
            m_origin = x;
            m_frontier.clear();
            m_frontier.emplace_back(m_position[x], x);
        }

        bool isAncestor(TaskIndex y)
        {
            if (y == m_origin)
                return false;
            // Searches alone answer a race-free graph at once (a reader's write is close behind it);
            // when they have cost a few traversals of the graph, the clocks pay for themselves.
            if (!m_clocksBuilt && m_searchWork >= m_searchBudget) {
                m_clocksBuilt = true;
                buildClocks(m_maxChains);
            }
            if (m_width != 0 && m_chainOf[y] != kNone) {
                const std::uint32_t last = m_clocks[std::size_t(m_origin) * m_width + m_chainOf[y]];
                return last != kNone && m_chainPosition[y] <= last;
            }
            if (m_width != 0 && m_chainOf[m_origin] != kNone) {
                const std::uint32_t first = m_reverseClocks[std::size_t(y) * m_width + m_chainOf[m_origin]];
                return first != kNone && first <= m_chainPosition[m_origin];
            }
            if (m_width != 0 && !dominates(y)) // a quick no for the tasks off every chain
                return false;
            const std::uint32_t floor = m_position[y];
            while (m_seen[y] != m_epoch && !m_frontier.empty() && m_frontier.front().first > floor) {
                std::pop_heap(m_frontier.begin(), m_frontier.end());
                const std::uint32_t v = m_frontier.back().second;
                m_frontier.pop_back();
                m_searchWork += 1 + m_graph.predecessors(v).size();
                for (std::uint32_t p : m_graph.predecessors(v)) {
                    if (m_seen[p] == m_epoch)
                        continue;
                    m_seen[p] = m_epoch;
                    m_frontier.emplace_back(m_position[p], p);
                    std::push_heap(m_frontier.begin(), m_frontier.end());
                }
            }
            return m_seen[y] == m_epoch;
        }

    private:
        /// Whether every chain position ordered after X is also ordered after Y, which holds when
        /// Y is X's ancestor (X's successors are Y's). Catches a Y ordered before nothing, or
        /// before too little, without a search.
        bool dominates(TaskIndex y) const
        {
            const std::uint32_t* fromY = m_reverseClocks.data() + std::size_t(y) * m_width;
            const std::uint32_t* fromX = m_reverseClocks.data() + std::size_t(m_origin) * m_width;
            for (std::size_t c = 0; c < m_used; ++c)
                if (fromY[c] > fromX[c])
                    return false;
            return true;
        }

        /// Vector clocks over a cover of the tasks by chains (each task ordered after the one ahead
        /// of it on its chain): for every vertex, the last position on each chain that is ordered
        /// before it (or is it). The single-engine queues are chains; every other task joins a
        /// chain whose last task is ordered before it, or starts one. Tasks left over when the
        /// clocks would take too much memory are answered by the search.
        void buildClocks(std::size_t maxChains)
        {
            const std::size_t vertices = m_graph.vertexCount();
            const std::size_t queues = m_graph.chainCount();
            constexpr std::size_t kMaxEntries = std::size_t(16) << 20; // 64 MB per direction
            m_width = std::min(maxChains, kMaxEntries / std::max<std::size_t>(vertices, 1));
            if (queues > m_width) {
                m_width = 0;
                return;
            }
            std::vector<std::uint32_t> order(vertices);
            for (std::uint32_t v = 0; v < vertices; ++v)
                order[m_position[v]] = v;
            m_chainOf.assign(m_seen.size(), kNone);
            m_chainPosition.assign(m_seen.size(), 0);
            std::vector<std::uint32_t> length(m_width, 0); // of the chains that are not queues
            std::size_t used = queues;
            m_clocks.assign(vertices * m_width, kNone);
            for (const std::uint32_t v : order) {
                std::uint32_t* clock = m_clocks.data() + std::size_t(v) * m_width;
                for (const std::uint32_t p : m_graph.predecessors(v)) {
                    const std::uint32_t* from = m_clocks.data() + std::size_t(p) * m_width;
                    for (std::size_t c = 0; c < used; ++c)
                        if (from[c] != kNone && (clock[c] == kNone || from[c] > clock[c]))
                            clock[c] = from[c];
                }
                if (!m_graph.isTask(v))
                    continue;
                std::uint32_t chain = m_graph.chainOf(v);
                if (chain != kNone) {
                    m_chainPosition[v] = m_graph.chainPosition(v);
                } else {
                    for (std::size_t c = queues; c < used && chain == kNone; ++c)
                        if (clock[c] != kNone && clock[c] + 1 == length[c])
                            chain = static_cast<std::uint32_t>(c); // its last task is ordered before v
                    if (chain == kNone && used < m_width)
                        chain = static_cast<std::uint32_t>(used++);
                    if (chain == kNone)
                        continue;
                    m_chainPosition[v] = length[chain]++;
                }
                m_chainOf[v] = chain;
                clock[chain] = m_chainPosition[v];
            }
            m_used = used;
            buildReverseClocks(order, used);
        }

        /// The other direction, for a task Y off every chain and an X on one: for every vertex, the
        /// first position on each chain that it is ordered before (or is).
        void buildReverseClocks(const std::vector<std::uint32_t>& order, std::size_t used)
        {
            m_reverseClocks.assign(order.size() * m_width, kNone);
            for (std::size_t i = order.size(); i-- > 0;) {
                const std::uint32_t v = order[i];
                const std::uint32_t* own = m_reverseClocks.data() + std::size_t(v) * m_width;
                if (m_graph.isTask(v) && m_chainOf[v] != kNone)
                    m_reverseClocks[std::size_t(v) * m_width + m_chainOf[v]] = m_chainPosition[v];
                // Final here (every successor came first and pushed its clock); the graph lists
                // predecessors, so a vertex pushes to them rather than pulling from successors.
                for (const std::uint32_t p : m_graph.predecessors(v)) {
                    std::uint32_t* to = m_reverseClocks.data() + std::size_t(p) * m_width;
                    for (std::size_t c = 0; c < used; ++c)
                        if (own[c] < to[c])
                            to[c] = own[c];
                }
            }
        }

        const OrderingGraph& m_graph;
        const std::vector<std::uint32_t>& m_position;
        std::vector<std::uint32_t> m_seen;
        std::uint32_t m_epoch = 0;
        TaskIndex m_origin = kNoTask;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> m_frontier; ///< Max-heap of (position, vertex).
        std::size_t m_maxChains;
        std::size_t m_searchBudget;
        std::size_t m_searchWork = 0;
        bool m_clocksBuilt = false;
        std::size_t m_width = 0;              ///< Chains per clock; 0: no clocks.
        std::size_t m_used = 0;               ///< Chains in use.
        std::vector<std::uint32_t> m_chainOf; ///< Per task, kNone: not on a chain.
        std::vector<std::uint32_t> m_chainPosition;
        std::vector<std::uint32_t> m_clocks;
        std::vector<std::uint32_t> m_reverseClocks;
    };

    /// Whether a buffer can race at all: two accesses, one of them a write.
    bool canRace(const BufferAccesses& buffer)
    {
        return buffer.accesses.size() > 1
            && std::any_of(
                buffer.accesses.begin(), buffer.accesses.end(), [](const BufferAccess& a) { return a.writes; });
    }

    /// What one buffer's sweep keeps, reused from buffer to buffer (a graph can have a buffer per task).
    struct Sweep {
        struct VisitedWrite {
            std::uint32_t access;
            std::uint32_t readsBefore;         ///< Reads visited before this write.
            std::vector<std::uint32_t> racing; ///< Earlier accesses it races with.
        };
        std::vector<std::uint32_t> order;
        std::vector<VisitedWrite> writes;
        std::vector<std::uint32_t> reads;
        std::vector<std::uint32_t> racing;
    };

    /// The racing pairs of one buffer (see the comment at the top of the file).
    std::vector<AccessPair> racingPairsOf(const BufferAccesses& buffer, const std::vector<std::uint32_t>& position,
        AncestorQuery& ancestors, Sweep& sweep)
    {
        const std::span<const BufferAccess> accesses = buffer.accesses;
        std::vector<std::uint32_t>& order = sweep.order;
        order.resize(accesses.size());
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return position[accesses[a].task] < position[accesses[b].task]; });
        auto& writes = sweep.writes;
        auto& reads = sweep.reads;
        auto& racing = sweep.racing;
        writes.clear();
        reads.clear();
        std::vector<AccessPair> pairs;
        for (const std::uint32_t x : order) {
            const bool xWrites = accesses[x].writes;
            ancestors.startFrom(accesses[x].task);
            auto ordered = [&](std::uint32_t y) { return ancestors.isAncestor(accesses[y].task); };
            racing.clear();
            std::size_t latest = writes.size(); // the latest write ordered before x, or none
            for (std::size_t w = writes.size(); w-- > 0;) {
                if (ordered(writes[w].access)) {
                    latest = w;
                    break;
                }
                racing.push_back(writes[w].access);
            }
            std::uint32_t readsFrom = 0;
            if (latest != writes.size()) {
                for (const std::uint32_t y : writes[latest].racing)
                    if ((xWrites || accesses[y].writes) && !ordered(y))
                        racing.push_back(y);
                readsFrom = writes[latest].readsBefore;
            }
            if (xWrites)
                for (std::size_t r = readsFrom; r < reads.size(); ++r)
                    if (!ordered(reads[r]))
                        racing.push_back(reads[r]);
            for (const std::uint32_t y : racing)
                pairs.push_back({ std::min(x, y), std::max(x, y) });
            if (xWrites)
                writes.push_back({ x, static_cast<std::uint32_t>(reads.size()), racing });
            else
                reads.push_back(x);
        }
        std::sort(pairs.begin(), pairs.end());
        return pairs;
    }

} // namespace

std::vector<std::vector<AccessPair>> racingPairs(
    const TaskGraph& graph, const std::vector<BufferAccesses>& buffers, const HazardSearch& tuning)
{
    std::vector<std::vector<AccessPair>> result(buffers.size());
    if (std::none_of(buffers.begin(), buffers.end(), canRace))
        return result;
    const OrderingGraph ordering(graph);
    const std::optional<std::vector<std::uint32_t>> position = ordering.topologicalPositions();
    if (!position)
        return racingPairsByPairs(graph, buffers);
    AncestorQuery ancestors(ordering, *position, tuning);
    Sweep sweep;
    for (std::size_t b = 0; b < buffers.size(); ++b)
        if (canRace(buffers[b]))
            result[b] = racingPairsOf(buffers[b], *position, ancestors, sweep);
    return result;
}

std::vector<std::vector<AccessPair>> racingPairsByPairs(
    const TaskGraph& graph, const std::vector<BufferAccesses>& buffers)
{
    std::vector<std::vector<AccessPair>> result(buffers.size());
    if (buffers.empty())
        return result;
    const DependencyGraph dependencies(graph, /*orderingOnly=*/true);
    std::map<TaskIndex, std::vector<bool>> reach; // only for tasks that touch buffers
    auto reaches = [&](TaskIndex from, TaskIndex to) {
        auto it = reach.find(from);
        if (it == reach.end())
            it = reach.emplace(from, dependencies.reachableFrom(from)).first;
        return bool(it->second[to]);
    };
    for (std::size_t b = 0; b < buffers.size(); ++b) {
        const std::span<const BufferAccess> list = buffers[b].accesses;
        for (std::uint32_t i = 0; i < list.size(); ++i)
            for (std::uint32_t j = i + 1; j < list.size(); ++j) {
                const BufferAccess& a = list[i];
                const BufferAccess& c = list[j];
                if ((a.writes || c.writes) && !reaches(a.task, c.task) && !reaches(c.task, a.task))
                    result[b].push_back({ i, j });
            }
    }
    return result;
}

} // namespace lookahead
