#pragma once

// Reading `tasks` of format v1 (spec section 4): each task is checked on its own as it is read;
// executors, kernels and `after` ids are resolved once the whole document is read (the file's
// `platform` and `kernels` may come after `tasks`, and `after` may name a later task).

#include "formats/GraphReading.h"
#include "formats/PrefaultAhead.h"

#include "lookahead/TaskGraph.h"

#include <vector>

namespace lookahead::graphformat {

class TaskReader {
public:
    explicit TaskReader(TaskGraph& graph);

    /// Reads `/tasks/index` and appends it to the graph.
    void add(Element value, std::size_t index);
    /// Interns the ids, `after` references, barrier names and display strings of the tasks read
    /// since the last call, in reading order, and reports the first duplicate id. Call it after the
    /// last add(), and also when add() threw (a duplicate id in an earlier task is the first
    /// problem of the file), and before the values add() read are freed (add() keeps views of
    /// their strings until then).
    void internNames();
    /// Resolves names against the platform and kernels and `after` ids against all tasks.
    void resolve();
    /// The room the rest of the tasks will fill in the graph's tables and the reader's own, if the
    /// whole text holds `growth` times the tasks read so far (and a tenth more), within what is
    /// reserved (the ids' arena is reserved for it first): for PrefaultAhead.
    std::vector<json::PrefaultAhead::Room> roomAhead(double growth);

private:
    /// Executor and kernel names as written, symbols of m_names until resolve().
    struct PendingNames {
        Symbol exec;
        Symbol kernel;
        Symbol prefetch;
    };

    std::uint32_t pendingId(std::string_view id, TaskIndex owner);
    std::uint32_t pendingBarrier(std::string_view name);
    /// A display name, role name, origin or source: its index in m_stringTexts until internNames().
    Symbol pendingString(std::string_view text);
    void setRole(Task& task, std::string_view role);
    void readKnownKey(unsigned key, Element value, const Place& at, Task& task, PendingNames& names);
    void readOptionalKeys(const Place& at, TaskIndex index, Task& task);
    void commit(Task& task, const PendingNames& names);
    template <typename Take> static void readStrings(Element value, const Place& at, Take&& take);
    KernelIndex resolveKernel(Symbol name, std::vector<KernelIndex>& cache, const Place& at, std::string_view key);

    TaskGraph& m_graph;
    StringPool m_names;
    std::vector<PendingNames> m_pending;
    std::vector<std::uint32_t> m_definedAt; ///< File index defining each id symbol, UINT32_MAX if none.
    // Names as read (views into the parser's strings), interned in one batch by internNames(): a
    // million new ids interned one per task cost a cache miss each, in a batch they overlap. Until
    // then a task's reference entries and string fields hold indices into these lists.
    std::vector<std::string_view> m_idTexts; ///< Task ids and `after` references, in reading order.
    std::vector<TaskIndex> m_idOwner;        ///< The task m_idTexts[i] defines, kNoTask for a reference.
    std::vector<std::string_view> m_barrierTexts;
    std::vector<std::string_view> m_stringTexts; ///< For TaskGraph::strings, in reading order.
    std::size_t m_internedTasks = 0;             ///< Tasks whose names internNames() has interned.
    // Reused from task to task: a million tasks must not allocate these a million times.
    std::vector<std::uint32_t> m_wait, m_update, m_after;
    std::vector<json::Field> m_other;
    std::string m_extraText;
    /// head + tail of the tasks with `phases`, in reading order: checked against `cycles` in
    /// resolve(), where the loader has always reported it.
    std::vector<std::pair<TaskIndex, std::int64_t>> m_phaseCycles;
};

} // namespace lookahead::graphformat
