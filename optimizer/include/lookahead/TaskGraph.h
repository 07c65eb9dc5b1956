#pragma once

/// \file The in-memory task graph of format v1 (`shared/spec/taskgraph-v1.md`).
///
/// The graph is stored compactly because the explorer keeps graphs of a million tasks: strings are
/// interned, the barrier/`after` references of all tasks share one array, and the rarely used keys
/// (`blocks`, `phases`, `loop`, `reads`, `writes`, unknown keys) live as JSON text in a side table
/// (TaskExtras.h) that only the tasks carrying them pay for. Every object keeps the keys Lookahead
/// does not know, so that a compiler's own data survives a round trip unchanged.

#include "lookahead/StringPool.h"
#include "lookahead/TaskExtras.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lookahead {

using TaskIndex = std::uint32_t;
inline constexpr TaskIndex kNoTask = UINT32_MAX;
using BarrierIndex = std::uint32_t;
using KernelIndex = std::int32_t;
inline constexpr KernelIndex kNoKernel = -1;

/// Largest `cycles` (and `delay`) value the format allows is 2^53 - 1 (exactly representable in a double).
inline constexpr std::int64_t kMaxCycles = (std::int64_t(1) << 53) - 1;

/// The smallest `clock_mhz` the format allows (spec 4): every clock a graph gets, from a file, a
/// recording or an option, is at least this, so that what we write loads back.
inline constexpr double kMinClockMhz = 1.0;

/// One instruction-cache domain (`platform.icache.NAME`), spec section 5.2.
struct IcacheDomain {
    std::string name;
    std::int64_t l1Bytes = 0;
    std::int64_t l2Bytes = 0;
    std::int64_t lineBytes = 1;
    std::int64_t l2HitLatency = 0;
    std::int64_t l2BytesPerCycle = 1;
    std::int64_t missLatency = 0;
    std::int64_t missBytesPerCycle = 1;
    nlohmann::json extra = nlohmann::json::object(); ///< Unknown keys, preserved.

    /// A kernel's footprint in this domain: its code rounded up to whole lines.
    std::int64_t footprint(std::int64_t codeBytes) const { return (codeBytes + lineBytes - 1) / lineBytes * lineBytes; }
};

/// An executor kind (`platform.executors.NAME`): `units` in-order queues of `engines` engines each.
struct ExecutorKind {
    std::string name;
    std::uint32_t units = 1;
    std::uint32_t engines = 1;
    bool tiled = false;
    int icacheDomain = -1; ///< Index into Platform::icache, -1 without an instruction cache.
    nlohmann::json extra = nlohmann::json::object();
};

struct Platform {
    std::optional<std::string> name;
    double clockMhz = 1000.0;
    std::vector<ExecutorKind> executors;             ///< Sorted by name (JSON object order is not meaningful).
    std::vector<IcacheDomain> icache;                ///< Sorted by name.
    nlohmann::json costs = nlohmann::json::object(); ///< Cost-term parameters, see CostModel.
    nlohmann::json extra = nlohmann::json::object();

    /// Index of the executor kind called `name`, or -1.
    int findExecutor(std::string_view name) const;
    int findIcache(std::string_view name) const;
    /// Engines over all units of all kinds; global engine ids are dense in executor, unit, engine order.
    std::uint32_t totalEngines() const;
};

struct Kernel {
    std::string name;
    std::int64_t codeBytes = 0;
    std::optional<std::string> type; ///< AIC, AIV, MIX_1_1, MIX_1_2, or any string.
    nlohmann::json extra = nlohmann::json::object();
};

enum class TaskRole : std::uint8_t { Compute, Prefetch, Sync, Dma, Other };

/// One task. Strings are symbols of TaskGraph's pools; lists are ranges of TaskGraph's reference
/// array, read them through TaskGraph::waits(), updates() and after().
struct Task {
    Symbol id = kNoSymbol;       ///< In TaskGraph::ids.
    Symbol name = kNoSymbol;     ///< In TaskGraph::strings; kNoSymbol: the display name is the id.
    Symbol roleName = kNoSymbol; ///< In TaskGraph::strings, only for TaskRole::Other.
    Symbol origin = kNoSymbol;   ///< In TaskGraph::strings: the pass that inserted the task.
    Symbol source = kNoSymbol;   ///< In TaskGraph::strings: the recording's event (`/traceEvents/123`).
    std::int64_t cycles = 0;
    std::int64_t delay = 0; ///< Cycles added to the start once the task could start (spec 5.1 rule 5).
    std::uint32_t unit = 0;
    std::uint16_t exec = 0; ///< Index into Platform::executors.
    TaskRole role = TaskRole::Compute;
    KernelIndex kernel = kNoKernel;   ///< The code this task runs.
    KernelIndex prefetch = kNoKernel; ///< Role prefetch: the kernel whose code it loads.
    std::uint32_t refOffset = 0;      ///< wait, then update (barrier indices), then after (task indices).
    std::uint16_t waitCount = 0;
    std::uint16_t updateCount = 0;
    std::uint16_t afterCount = 0;
    TaskExtras::Handle extra = TaskExtras::kNone; ///< In TaskGraph::taskExtras, kNone for none.

    /// The kernel whose code the instruction cache sees for this task (spec 5.2 rule 4).
    KernelIndex codeKernel() const { return role == TaskRole::Prefetch ? prefetch : kernel; }
};

/// A scope of tasks (`groups`): SuperKernel fusion scopes, software-pipelined loops, ...
struct Group {
    std::string id;
    std::string kind;
    std::vector<TaskIndex> tasks;
    nlohmann::json extra = nlohmann::json::object();
};

/// A task to add with TaskGraph::insertTasks(), given with strings rather than symbols.
struct NewTask {
    std::string id;
    std::string name; ///< Empty: none.
    std::string exec;
    std::uint32_t unit = 0;
    std::int64_t cycles = 0;
    std::int64_t delay = 0;
    std::string kernel; ///< Empty: none.
    TaskRole role = TaskRole::Compute;
    std::string roleName; ///< For TaskRole::Other.
    std::string prefetch; ///< Kernel name, for TaskRole::Prefetch.
    std::vector<std::string> wait;
    std::vector<std::string> update;
    std::vector<std::string> after; ///< Task ids.
    std::string origin;
    std::string source;                              ///< Empty: none.
    nlohmann::json extra = nlohmann::json::object(); ///< Optional keys (blocks, phases, loop, reads, ...).
};

/// The whole graph. Tasks are kept in program (file) order; that order matters to the simulator.
class TaskGraph {
public:
    std::string name; ///< `name`, empty when absent.
    Platform platform;
    std::vector<Kernel> kernels; ///< Sorted by name.
    std::vector<Task> tasks;
    std::vector<Group> groups;
    /// Passes recorded by earlier runs (`provenance.passes` of the loaded file).
    nlohmann::json provenancePasses = nlohmann::json::array();
    nlohmann::json extra = nlohmann::json::object(); ///< Unknown top-level keys.

    StringPool ids;                  ///< Task ids.
    StringPool barriers;             ///< Barrier names; BarrierIndex is a symbol of this pool.
    StringPool strings;              ///< Display names, role names, origins.
    std::vector<std::uint32_t> refs; ///< Shared storage of the tasks' wait/update/after lists.
    TaskExtras taskExtras;           ///< Optional and unknown keys of the tasks that have any.

    std::span<const BarrierIndex> waits(const Task& task) const
    {
        return { refs.data() + task.refOffset, task.waitCount };
    }
    std::span<const BarrierIndex> updates(const Task& task) const
    {
        return { refs.data() + task.refOffset + task.waitCount, task.updateCount };
    }
    std::span<const TaskIndex> after(const Task& task) const
    {
        return { refs.data() + task.refOffset + task.waitCount + task.updateCount, task.afterCount };
    }

    std::string_view taskId(TaskIndex index) const { return ids.view(tasks[index].id); }
    /// The display name: `name`, or the id when the task has none.
    std::string_view taskName(TaskIndex index) const
    {
        const Task& task = tasks[index];
        return task.name == kNoSymbol ? ids.view(task.id) : strings.view(task.name);
    }
    std::string_view roleName(const Task& task) const;
    /// The optional and unknown keys of a task (an empty object when it has none), parsed from
    /// their text on each call: keep the object when reading several keys.
    nlohmann::json taskExtra(const Task& task) const;
    /// One optional or unknown key of a task, or nothing; cheap when the task does not have it.
    std::optional<nlohmann::json> taskExtraValue(const Task& task, std::string_view key) const
    {
        return task.extra == TaskExtras::kNone ? std::nullopt : taskExtras.value(task.extra, key);
    }
    /// Sets a task's optional and unknown keys (an empty object: none). Family keys go through the
    /// domain headers' typed accessors, not this directly.
    void setTaskExtra(TaskIndex index, const nlohmann::json& object);
    /// Changes a task's optional keys: `edit(nlohmann::json& object)` on a copy, then stored.
    template <typename Edit> void editTaskExtra(TaskIndex index, Edit&& edit)
    {
        nlohmann::json object = taskExtra(tasks[index]);
        edit(object);
        setTaskExtra(index, object);
    }
    /// The task's `reads` or `writes` buffer names (empty when absent).
    std::vector<std::string> taskBuffers(const Task& task, const char* key) const;
    void setTaskBuffers(TaskIndex index, const char* key, const std::vector<std::string>& buffers);

    /// The task with this id, or kNoTask. Valid until tasks are inserted (rebuilds the index).
    TaskIndex findTask(std::string_view id) const;
    KernelIndex findKernel(std::string_view name) const;

    /// Replace a task's lists. The old ranges stay in `refs` unused (cheap; a rewrite compacts).
    void setReferences(TaskIndex index, std::span<const BarrierIndex> wait, std::span<const BarrierIndex> update,
        std::span<const TaskIndex> after);

    /// Insert tasks, each immediately before the task at `before` of the current order (`tasks.size()`
    /// appends). Several insertions at the same place keep their given order. `after` references of
    /// all tasks and group members are renumbered. The new tasks' strings must name existing
    /// executors and kernels (the caller has checked); ids must be new.
    struct Insertion {
        TaskIndex before;
        NewTask task;
    };
    void insertTasks(std::vector<Insertion> insertions);

    /// Rebuilds the id → index lookup; the loader and insertTasks() call it.
    void rebuildIndex();

    /// Core memory held by the graph in bytes (tasks, pools, references, extras): for the benchmark.
    std::size_t memoryBytes() const;

private:
    std::vector<TaskIndex> m_taskOfId; ///< Indexed by id symbol.
};

/// The JSON spelling of a role ("compute", "prefetch", ...).
std::string_view roleToString(TaskRole role);

} // namespace lookahead
