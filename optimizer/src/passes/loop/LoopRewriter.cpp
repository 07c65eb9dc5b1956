#include "passes/loop/LoopRewriter.h"

#include <algorithm>

namespace lookahead::loop {

std::string familyOf(const std::string& buffer)
{
    const auto bracket = buffer.find('[');
    return bracket == std::string::npos ? buffer : buffer.substr(0, bracket);
}

std::vector<std::size_t> loopGroups(const TaskGraph& graph)
{
    std::vector<std::size_t> groups;
    for (std::size_t g = 0; g < graph.groups.size(); ++g)
        if (isLoop(graph.groups[g]))
            groups.push_back(g);
    return groups;
}

void reorderTasks(TaskGraph& graph, const std::vector<TaskIndex>& order)
{
    std::vector<TaskIndex> newIndexOf(order.size());
    for (TaskIndex k = 0; k < order.size(); ++k)
        newIndexOf[order[k]] = k;
    std::vector<Task> reordered;
    reordered.reserve(order.size());
    for (TaskIndex old : order)
        reordered.push_back(graph.tasks[old]);
    for (Task& task : reordered) {
        auto* afterBegin = graph.refs.data() + task.refOffset + task.waitCount + task.updateCount;
        for (std::uint16_t i = 0; i < task.afterCount; ++i)
            afterBegin[i] = newIndexOf[afterBegin[i]];
    }
    for (Group& group : graph.groups)
        for (TaskIndex& member : group.tasks)
            member = newIndexOf[member];
    graph.tasks = std::move(reordered);
    graph.rebuildIndex();
}

void placeGroupInProgramOrder(TaskGraph& graph, std::size_t group, const std::vector<TaskIndex>& programOrder)
{
    std::vector<TaskIndex> positions = graph.groups[group].tasks;
    std::sort(positions.begin(), positions.end());
    std::vector<TaskIndex> order(graph.tasks.size());
    for (TaskIndex t = 0; t < order.size(); ++t)
        order[t] = t;
    for (std::size_t k = 0; k < positions.size(); ++k)
        order[positions[k]] = programOrder[k];
    graph.groups[group].tasks = programOrder; // renumbered by reorderTasks below
    reorderTasks(graph, order);
}

References referencesOf(const TaskGraph& graph, TaskIndex task)
{
    const Task& t = graph.tasks[task];
    References r;
    for (BarrierIndex b : graph.waits(t))
        r.wait.push_back(b);
    for (BarrierIndex b : graph.updates(t))
        r.update.push_back(b);
    for (TaskIndex a : graph.after(t))
        r.after.push_back(a);
    return r;
}

void apply(TaskGraph& graph, TaskIndex task, const References& references)
{
    graph.setReferences(task, references.wait, references.update, references.after);
}

bool sameSingleEngineQueue(const TaskGraph& graph, TaskIndex a, TaskIndex b)
{
    const Task& ta = graph.tasks[a];
    const Task& tb = graph.tasks[b];
    return ta.exec == tb.exec && ta.unit == tb.unit && graph.platform.executors[ta.exec].engines == 1;
}

} // namespace lookahead::loop
