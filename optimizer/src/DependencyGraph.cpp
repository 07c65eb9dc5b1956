#include "lookahead/DependencyGraph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

#include <algorithm>
#include <iterator>

namespace lookahead {

namespace {
    struct EdgeInfo {
        DependencyGraph::EdgeKind kind;
    };
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeInfo>;
    using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
    using Edge = boost::graph_traits<Graph>::edge_descriptor;

    /// Stops the DFS at the first back edge, which closes a cycle.
    struct FoundCycle {
        Edge backEdge;
    };

    class CycleRecorder : public boost::default_dfs_visitor {
    public:
        explicit CycleRecorder(std::vector<Vertex>& parent)
            : m_parent(parent)
        {
        }
        void tree_edge(Edge e, const Graph& g) const { m_parent[boost::target(e, g)] = boost::source(e, g); }
        void back_edge(Edge e, const Graph&) const { throw FoundCycle { e }; }

    private:
        std::vector<Vertex>& m_parent;
    };
} // namespace

struct DependencyGraph::Impl {
    const TaskGraph* tasks = nullptr;
    Graph graph;
};

DependencyGraph::DependencyGraph(const TaskGraph& taskGraph, bool orderingOnly)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->tasks = &taskGraph;
    const std::size_t n = taskGraph.tasks.size();
    Graph& g = m_impl->graph;
    g = Graph(n + taskGraph.barriers.size());
    const Platform& platform = taskGraph.platform;
    std::vector<std::uint32_t> queueBase(platform.executors.size() + 1, 0);
    for (std::size_t e = 0; e < platform.executors.size(); ++e)
        queueBase[e + 1] = queueBase[e] + platform.executors[e].units;
    std::vector<TaskIndex> lastOfQueue(queueBase.back(), kNoTask);
    for (TaskIndex t = 0; t < n; ++t) {
        const Task& task = taskGraph.tasks[t];
        for (BarrierIndex barrier : taskGraph.waits(task))
            boost::add_edge(n + barrier, t, EdgeInfo { EdgeKind::Barrier }, g);
        for (BarrierIndex barrier : taskGraph.updates(task))
            boost::add_edge(t, n + barrier, EdgeInfo { EdgeKind::Barrier }, g);
        for (TaskIndex pred : taskGraph.after(task))
            boost::add_edge(pred, t, EdgeInfo { EdgeKind::After }, g);
        TaskIndex& last = lastOfQueue[queueBase[task.exec] + task.unit];
        const bool queueOrders = !orderingOnly || platform.executors[task.exec].engines == 1;
        if (last != kNoTask && queueOrders)
            boost::add_edge(last, t, EdgeInfo { EdgeKind::Queue }, g);
        last = t;
    }
}

DependencyGraph::~DependencyGraph() = default;
DependencyGraph::DependencyGraph(DependencyGraph&&) noexcept = default;
DependencyGraph& DependencyGraph::operator=(DependencyGraph&&) noexcept = default;

std::optional<std::string> DependencyGraph::findCycle() const
{
    const Graph& g = m_impl->graph;
    const TaskGraph& tg = *m_impl->tasks;
    const std::size_t n = tg.tasks.size();
    std::vector<Vertex> parent(boost::num_vertices(g));
    for (Vertex v = 0; v < parent.size(); ++v)
        parent[v] = v;
    try {
        std::vector<boost::default_color_type> colors(boost::num_vertices(g));
        boost::depth_first_search(g,
            boost::visitor(CycleRecorder(parent))
                .color_map(boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g))));
    } catch (const FoundCycle& found) {
        // The back edge u → v closes the cycle v → ... → u → v along DFS tree edges.
        const Vertex u = boost::source(found.backEdge, g);
        const Vertex v = boost::target(found.backEdge, g);
        std::vector<Vertex> cycle { u };
        for (Vertex w = u; w != v; w = parent[w])
            cycle.push_back(parent[w]);
        std::reverse(cycle.begin(), cycle.end()); // v ... u
        cycle.push_back(v);
        // Rotate so that the cycle starts at a task (never at a barrier vertex).
        auto text = std::string();
        auto edgeKind = [&](Vertex a, Vertex b) {
            auto [e, exists] = boost::edge(a, b, g);
            return exists ? g[e].kind : EdgeKind::After;
        };
        std::size_t first = 0;
        while (first < cycle.size() && cycle[first] >= n)
            ++first;
        std::vector<Vertex> rotated(cycle.begin() + first, cycle.end() - 1);
        rotated.insert(rotated.end(), cycle.begin(), cycle.begin() + first);
        rotated.push_back(rotated.front());
        for (std::size_t i = 0; i < rotated.size(); ++i) {
            const Vertex w = rotated[i];
            if (w >= n)
                continue;
            if (!text.empty()) {
                const Vertex previous = rotated[i - 1];
                if (previous >= n)
                    text += " -[" + std::string(tg.barriers.view(static_cast<BarrierIndex>(previous - n))) + "]-> ";
                else
                    text += edgeKind(previous, w) == EdgeKind::Queue ? " -(queue)-> " : " -(after)-> ";
            }
            text += tg.ids.view(tg.tasks[w].id);
        }
        return text;
    }
    return std::nullopt;
}

std::vector<TaskIndex> DependencyGraph::topologicalOrder() const
{
    const Graph& g = m_impl->graph;
    const std::size_t n = m_impl->tasks->tasks.size();
    std::vector<Vertex> reversed;
    try {
        boost::topological_sort(g, std::back_inserter(reversed));
    } catch (const boost::not_a_dag&) {
        return {};
    }
    std::vector<TaskIndex> order;
    order.reserve(n);
    for (const Vertex vertex : reversed)
        if (vertex < n)
            order.push_back(static_cast<TaskIndex>(vertex));
    std::reverse(order.begin(), order.end()); // topological_sort emits the reverse order
    return order;
}

std::vector<bool> DependencyGraph::reachableFrom(TaskIndex from) const
{
    const Graph& g = m_impl->graph;
    const std::size_t n = m_impl->tasks->tasks.size();
    std::vector<bool> seen(boost::num_vertices(g), false);
    std::vector<Vertex> stack { from };
    while (!stack.empty()) {
        const Vertex v = stack.back();
        stack.pop_back();
        for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
            const Vertex w = boost::target(*it, g);
            if (!seen[w]) {
                seen[w] = true;
                stack.push_back(w);
            }
        }
    }
    seen.resize(n);
    return seen;
}

std::vector<TaskIndex> DependencyGraph::predecessors(TaskIndex task) const
{
    const Graph& g = m_impl->graph;
    const std::size_t n = m_impl->tasks->tasks.size();
    std::vector<TaskIndex> result;
    for (auto [it, end] = boost::in_edges(task, g); it != end; ++it) {
        const Vertex s = boost::source(*it, g);
        if (s < n) {
            result.push_back(static_cast<TaskIndex>(s));
            continue;
        }
        for (auto [jt, jend] = boost::in_edges(s, g); jt != jend; ++jt)
            result.push_back(static_cast<TaskIndex>(boost::source(*jt, g)));
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

std::vector<TaskIndex> DependencyGraph::successors(TaskIndex task) const
{
    const Graph& g = m_impl->graph;
    const std::size_t n = m_impl->tasks->tasks.size();
    std::vector<TaskIndex> result;
    for (auto [it, end] = boost::out_edges(task, g); it != end; ++it) {
        const Vertex t = boost::target(*it, g);
        if (t < n) {
            result.push_back(static_cast<TaskIndex>(t));
            continue;
        }
        for (auto [jt, jend] = boost::out_edges(t, g); jt != jend; ++jt)
            result.push_back(static_cast<TaskIndex>(boost::target(*jt, g)));
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

namespace {

    /// Every edge of the implicit graph out of a task or a barrier, as compressed lists: what
    /// Kahn's algorithm walks. Vertices: tasks 0..n-1, then barriers n..n+b-1.
    struct Successors {
        std::vector<std::uint32_t> waitersStart, waiters; ///< Per barrier: the tasks waiting on it.
        std::vector<std::uint32_t> afterStart, afterList; ///< Per task: the tasks naming it in `after`.
        std::vector<TaskIndex> queueNext;                 ///< Per task: the next task of its queue.
        std::vector<std::uint32_t> indegree;              ///< Per vertex.
    };

    Successors successorsOf(const TaskGraph& graph)
    {
        const std::size_t n = graph.tasks.size();
        const std::size_t b = graph.barriers.size();
        Successors s;
        s.indegree.assign(n + b, 0);
        s.waitersStart.assign(b + 1, 0);
        s.afterStart.assign(n + 1, 0);
        for (const Task& task : graph.tasks) {
            for (BarrierIndex barrier : graph.updates(task))
                ++s.indegree[n + barrier];
            for (BarrierIndex barrier : graph.waits(task))
                ++s.waitersStart[barrier + 1];
            for (TaskIndex pred : graph.after(task))
                ++s.afterStart[pred + 1];
        }
        for (std::size_t i = 0; i < b; ++i)
            s.waitersStart[i + 1] += s.waitersStart[i];
        for (std::size_t i = 0; i < n; ++i)
            s.afterStart[i + 1] += s.afterStart[i];
        s.waiters.resize(s.waitersStart[b]);
        s.afterList.resize(s.afterStart[n]);
        std::vector<std::uint32_t> fillW(s.waitersStart.begin(), s.waitersStart.end() - 1);
        std::vector<std::uint32_t> fillA(s.afterStart.begin(), s.afterStart.end() - 1);
        for (TaskIndex t = 0; t < n; ++t) {
            const Task& task = graph.tasks[t];
            for (BarrierIndex barrier : graph.waits(task))
                s.waiters[fillW[barrier]++] = t;
            for (TaskIndex pred : graph.after(task))
                s.afterList[fillA[pred]++] = t;
            s.indegree[t] += task.waitCount + task.afterCount;
        }
        std::vector<std::uint32_t> queueBase(graph.platform.executors.size() + 1, 0);
        for (std::size_t e = 0; e < graph.platform.executors.size(); ++e)
            queueBase[e + 1] = queueBase[e] + graph.platform.executors[e].units;
        std::vector<TaskIndex> lastOf(queueBase.back(), kNoTask);
        s.queueNext.assign(n, kNoTask);
        for (TaskIndex t = 0; t < n; ++t) {
            const Task& task = graph.tasks[t];
            TaskIndex& last = lastOf[queueBase[task.exec] + task.unit];
            if (last != kNoTask) {
                s.queueNext[last] = t;
                ++s.indegree[t];
            }
            last = t;
        }
        return s;
    }

    /// Whether every edge points forward in the tasks' own order, so that this order is a
    /// topological one and no cycle can exist: a queue's next task always comes later; `after`
    /// must name earlier tasks, and no task may update a barrier that an earlier task (or it
    /// itself) waits on. Generators and compilers write their tasks in such an order; checking it
    /// takes one pass and a flag per barrier, where Kahn's algorithm fills five tables per task (on
    /// a million tasks, a tenth of `batch validate`, most of it the kernel zeroing fresh pages).
    bool inTopologicalOrder(const TaskGraph& graph)
    {
        std::vector<bool> waitedOn(graph.barriers.size(), false);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            for (TaskIndex pred : graph.after(task))
                if (pred >= t)
                    return false;
            for (BarrierIndex barrier : graph.waits(task))
                waitedOn[barrier] = true;
            for (BarrierIndex barrier : graph.updates(task))
                if (waitedOn[barrier])
                    return false; // waited on before (or by) this update
        }
        return true;
    }

} // namespace

std::optional<std::string> findDeadlock(const TaskGraph& graph)
{
    if (inTopologicalOrder(graph))
        return std::nullopt;
    // Kahn's algorithm on the implicit graph is linear and allocation-light; only when it finds a
    // cycle do we build the Boost graph to name one.
    const std::size_t n = graph.tasks.size();
    Successors s = successorsOf(graph);
    std::vector<std::uint32_t>& indegree = s.indegree;
    std::vector<std::uint32_t> stack;
    stack.reserve(n);
    for (std::size_t v = 0; v < indegree.size(); ++v)
        if (indegree[v] == 0)
            stack.push_back(static_cast<std::uint32_t>(v));
    auto release = [&](std::uint32_t v) {
        if (--indegree[v] == 0)
            stack.push_back(v);
    };
    std::size_t visited = 0;
    while (!stack.empty()) {
        const std::uint32_t v = stack.back();
        stack.pop_back();
        ++visited;
        if (v >= n) {
            const std::uint32_t barrier = v - static_cast<std::uint32_t>(n);
            for (std::uint32_t i = s.waitersStart[barrier]; i < s.waitersStart[barrier + 1]; ++i)
                release(s.waiters[i]);
            continue;
        }
        for (BarrierIndex barrier : graph.updates(graph.tasks[v]))
            release(static_cast<std::uint32_t>(n + barrier));
        for (std::uint32_t i = s.afterStart[v]; i < s.afterStart[v + 1]; ++i)
            release(s.afterList[i]);
        if (s.queueNext[v] != kNoTask)
            release(s.queueNext[v]);
    }
    if (visited == indegree.size())
        return std::nullopt;
    return DependencyGraph(graph).findCycle().value_or("(not located)");
}

Status checkNoDeadlock(const TaskGraph& graph, const std::string& fileLabel)
{
    if (const auto cycle = findDeadlock(graph))
        return Error { fileLabel, "/tasks", "deadlock: the dependencies form a cycle: " + *cycle };
    return Status::success();
}

} // namespace lookahead
