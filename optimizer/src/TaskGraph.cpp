#include "lookahead/TaskGraph.h"

#include <algorithm>
#include <numeric>

namespace lookahead {

int Platform::findExecutor(std::string_view name) const
{
    for (std::size_t i = 0; i < executors.size(); ++i)
        if (executors[i].name == name)
            return static_cast<int>(i);
    return -1;
}

int Platform::findIcache(std::string_view name) const
{
    for (std::size_t i = 0; i < icache.size(); ++i)
        if (icache[i].name == name)
            return static_cast<int>(i);
    return -1;
}

std::uint32_t Platform::totalEngines() const
{
    std::uint32_t total = 0;
    for (const ExecutorKind& kind : executors)
        total += kind.units * kind.engines;
    return total;
}

std::string_view roleToString(TaskRole role)
{
    switch (role) {
    case TaskRole::Compute:
        return "compute";
    case TaskRole::Prefetch:
        return "prefetch";
    case TaskRole::Sync:
        return "sync";
    case TaskRole::Dma:
        return "dma";
    case TaskRole::Other:
        break;
    }
    return "other";
}

std::string_view TaskGraph::roleName(const Task& task) const
{
    if (task.role == TaskRole::Other && task.roleName != kNoSymbol)
        return strings.view(task.roleName);
    return roleToString(task.role);
}

nlohmann::json TaskGraph::taskExtra(const Task& task) const
{
    return task.extra == TaskExtras::kNone ? nlohmann::json::object() : taskExtras.object(task.extra);
}

void TaskGraph::setTaskExtra(TaskIndex index, const nlohmann::json& object)
{
    Task& task = tasks[index];
    if (object.empty())
        task.extra = TaskExtras::kNone; // an unused text stays behind, as replace() leaves one
    else if (task.extra == TaskExtras::kNone)
        task.extra = taskExtras.add(object);
    else
        taskExtras.replace(task.extra, object);
}

void TaskGraph::setTaskBuffers(TaskIndex index, const char* key, const std::vector<std::string>& buffers)
{
    editTaskExtra(index, [&](nlohmann::json& object) { object[key] = buffers; });
}

std::vector<std::string> TaskGraph::taskBuffers(const Task& task, const char* key) const
{
    std::vector<std::string> buffers;
    const std::optional<nlohmann::json> list = taskExtraValue(task, key);
    if (list && list->is_array())
        for (const auto& buffer : *list)
            if (buffer.is_string())
                buffers.push_back(buffer.get<std::string>());
    return buffers;
}

TaskIndex TaskGraph::findTask(std::string_view id) const
{
    const Symbol symbol = ids.find(id);
    if (symbol == kNoSymbol || symbol >= m_taskOfId.size())
        return kNoTask;
    return m_taskOfId[symbol];
}

KernelIndex TaskGraph::findKernel(std::string_view kernelName) const
{
    auto it = std::lower_bound(
        kernels.begin(), kernels.end(), kernelName, [](const Kernel& k, std::string_view n) { return k.name < n; });
    if (it == kernels.end() || it->name != kernelName)
        return kNoKernel;
    return static_cast<KernelIndex>(it - kernels.begin());
}

void TaskGraph::rebuildIndex()
{
    m_taskOfId.assign(ids.size(), kNoTask);
    for (TaskIndex i = 0; i < tasks.size(); ++i)
        m_taskOfId[tasks[i].id] = i;
}

void TaskGraph::setReferences(TaskIndex index, std::span<const BarrierIndex> wait, std::span<const BarrierIndex> update,
    std::span<const TaskIndex> afterTasks)
{
    Task& task = tasks[index];
    task.refOffset = static_cast<std::uint32_t>(refs.size());
    task.waitCount = static_cast<std::uint16_t>(wait.size());
    task.updateCount = static_cast<std::uint16_t>(update.size());
    task.afterCount = static_cast<std::uint16_t>(afterTasks.size());
    refs.insert(refs.end(), wait.begin(), wait.end());
    refs.insert(refs.end(), update.begin(), update.end());
    refs.insert(refs.end(), afterTasks.begin(), afterTasks.end());
}

void TaskGraph::insertTasks(std::vector<Insertion> insertions)
{
    if (insertions.empty())
        return;
    // Importers hand over a whole graph already in order: sorting would only move every NewTask.
    auto byPlace = [](const Insertion& a, const Insertion& b) { return a.before < b.before; };
    if (!std::is_sorted(insertions.begin(), insertions.end(), byPlace))
        std::stable_sort(insertions.begin(), insertions.end(), byPlace);

    // New position of every old task: shifted by the insertions placed before it.
    const std::size_t oldCount = tasks.size();
    std::vector<TaskIndex> newIndexOf(oldCount);
    std::vector<Task> merged;
    merged.reserve(oldCount + insertions.size());
    std::size_t next = 0;
    std::vector<std::pair<std::size_t, const NewTask*>> placed; // merged index → description
    for (TaskIndex old = 0; old <= oldCount; ++old) {
        while (next < insertions.size() && insertions[next].before == old) {
            placed.emplace_back(merged.size(), &insertions[next].task);
            merged.emplace_back();
            ++next;
        }
        if (old < oldCount) {
            newIndexOf[old] = static_cast<TaskIndex>(merged.size());
            merged.push_back(tasks[old]);
        }
    }
    // Renumber `after` references of the existing tasks in place.
    for (Task& task : merged) {
        if (task.id == kNoSymbol)
            continue;
        auto* afterBegin = refs.data() + task.refOffset + task.waitCount + task.updateCount;
        for (std::uint16_t i = 0; i < task.afterCount; ++i)
            afterBegin[i] = newIndexOf[afterBegin[i]];
    }
    for (Group& group : groups)
        for (TaskIndex& member : group.tasks)
            member = newIndexOf[member];
    tasks = std::move(merged);

    // The new tasks' ids must be known before their `after` lists are resolved.
    for (auto& [index, description] : placed)
        tasks[index].id = ids.intern(description->id);
    rebuildIndex();
    for (auto& [index, description] : placed) {
        Task& task = tasks[index];
        const NewTask& d = *description;
        task.name = d.name.empty() ? kNoSymbol : strings.intern(d.name);
        task.exec = static_cast<std::uint16_t>(platform.findExecutor(d.exec));
        task.unit = d.unit;
        task.cycles = d.cycles;
        task.delay = d.delay;
        task.kernel = d.kernel.empty() ? kNoKernel : findKernel(d.kernel);
        task.role = d.role;
        task.roleName = d.role == TaskRole::Other ? strings.intern(d.roleName) : kNoSymbol;
        task.prefetch = d.prefetch.empty() ? kNoKernel : findKernel(d.prefetch);
        task.origin = d.origin.empty() ? kNoSymbol : strings.intern(d.origin);
        task.source = d.source.empty() ? kNoSymbol : strings.intern(d.source);
        std::vector<BarrierIndex> wait, update;
        std::vector<TaskIndex> afterTasks;
        for (const std::string& b : d.wait)
            wait.push_back(barriers.intern(b));
        for (const std::string& b : d.update)
            update.push_back(barriers.intern(b));
        for (const std::string& id : d.after)
            afterTasks.push_back(findTask(id));
        setReferences(static_cast<TaskIndex>(index), wait, update, afterTasks);
        setTaskExtra(static_cast<TaskIndex>(index), d.extra);
    }
}

std::size_t TaskGraph::memoryBytes() const
{
    return sizeof(*this) + tasks.capacity() * sizeof(Task) + refs.capacity() * sizeof(std::uint32_t) + ids.memoryBytes()
        + barriers.memoryBytes() + strings.memoryBytes() + m_taskOfId.capacity() * sizeof(TaskIndex)
        + taskExtras.memoryBytes();
}

} // namespace lookahead
