#pragma once

/// \file The Ascend-like SuperKernel platform model shared by the `sk-*` passes, their cost terms
/// and their verifier checks (DOMAIN.md §2). Private to the core.
///
/// Lanes. A sub-operator runs SPMD on many AI cores at once; drawing one lane per core would give
/// 72 identical lanes, so a sub-operator is **one task on the `AICORE` executor** (units 1,
/// engines 1) whose optional key `blocks` says how many cores it spans, and whose kernel's `type`
/// (`AIC`, `AIV`, `MIX_1_1`, `MIX_1_2`) says which cores. Everything the passes add shows on its own
/// lane of the same Gantt:
///
/// | executor | what runs there |
/// |---|---|
/// | `AICORE` | sub-operators, inter-op syncs (role `sync`), notify/wait events, early-start heads |
/// | `ICACHE` | ICache preload tasks (role `prefetch`); shares the `AICORE` icache domain, so a preload fills the L2 the sub-operators then hit |
/// | `MTE`    | early-start tails: the trailing data transfer of a predecessor, moved off the core's scalar lane |
/// | `AICPU`  | tiling of tiling-sunk operators |
/// | `SDMA`   | weight prefetch into L2 |
///
/// Core counts and per-type ICache sizes are `platform.superkernel` (an extra key, preserved):
/// `{"aic_cores": 24, "aiv_cores": 48, "aic_icache_bytes": 32768, "aiv_icache_bytes": 16384}`
/// (these are the defaults when absent).
///
/// Pass state lives in the graph so that an exported file carries it: group keys `fused` (bool)
/// and `copies` (integer); task keys `sync_range`, `sync_between`, `early_start`, `event`,
/// `preload_bytes`, `weights_prefetched`.

#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead::sk {

inline constexpr std::string_view kCoreExec = "AICORE";
inline constexpr std::string_view kPreloadExec = "ICACHE";
inline constexpr std::string_view kMteExec = "MTE";
inline constexpr std::string_view kAicpuExec = "AICPU";
inline constexpr std::string_view kSdmaExec = "SDMA";

/// A notify or wait event task in global memory on the AICORE lane, as every SuperKernel pass
/// inserts them: role `notify`/`wait`, keys `event` (read by the `sk-sync` cost term) and `peer`
/// (the task on the other side). The caller adds the barrier it updates or waits on.
inline NewTask eventTask(std::string id, std::string_view event, std::string peer, std::string origin)
{
    NewTask task;
    task.id = std::move(id);
    task.exec = std::string(kCoreExec);
    task.role = TaskRole::Other;
    task.roleName = std::string(event);
    task.origin = std::move(origin);
    task.extra = { { "event", std::string(event) }, { "peer", std::move(peer) } };
    return task;
}

/// Which core classes a kernel type or a sync side involves (a bit set).
enum CoreSet : unsigned { kNoCores = 0, kCube = 1, kVector = 2, kAllCores = 3 };

/// `platform.superkernel`, with defaults.
struct Cores {
    std::int64_t cube = 24;
    std::int64_t vector = 48;
    std::int64_t cubeIcacheBytes = 32768;
    std::int64_t vectorIcacheBytes = 16384;
    std::int64_t count(unsigned set) const { return (set & kCube ? cube : 0) + (set & kVector ? vector : 0); }
    std::int64_t total() const { return cube + vector; }
};
Cores coresOf(const Platform& platform);

/// The core classes of a kernel type: AIC → cube, AIV → vector, MIX_* → both, other/none → none.
unsigned coreSetOfType(std::string_view type);
/// The core classes of a task (through its kernel's type).
unsigned coreSetOf(const TaskGraph& graph, const Task& task);
/// Cores a sub-operator occupies per class: AIC/AIV `blocks`; MIX_1_1 `blocks` of each;
/// MIX_1_2 `blocks` cube and 2 × `blocks` vector cores (capped at the platform's counts).
std::int64_t usedCores(const TaskGraph& graph, const Task& task, unsigned set, const Cores& cores);
std::int64_t blocksOf(const TaskGraph& graph, const Task& task);

/// A sync range: which cores signal and which wait. Names: `all`, `cube`, `vector`,
/// `cube-to-vector`, `vector-to-cube`, `none`.
struct SyncRange {
    unsigned signal = kAllCores;
    unsigned wait = kAllCores;
};
SyncRange parseSyncRange(std::string_view name);
std::string syncRangeName(SyncRange range);
/// All-to-all within one set costs its cores twice (arrive, depart); a one-way sync costs the
/// signalling plus the waiting cores. So all (144) > vector (96) > one-way (72) > cube (48) > none.
std::int64_t syncCoreCount(SyncRange range, const Cores& cores);

bool isSuperKernel(const Group& group);
bool isFused(const Group& group);
std::int64_t copiesOf(const Group& group);

/// Sub-operators of a group: members with a kernel on `AICORE`, in group order.
std::vector<TaskIndex> subOperators(const TaskGraph& graph, const Group& group);

/// A task's optional keys, created on demand (for passes).
nlohmann::json& mutableExtra(TaskGraph& graph, TaskIndex task);

/// For every sub-operator position, the positions of the sub-operators it depends on through data
/// (barriers and `after`, followed backwards through tasks that are not sub-operators, e.g. AICPU
/// tiling or an early-start tail), but not through queue order.
std::vector<std::vector<std::size_t>> dataPredecessors(const TaskGraph& graph, const std::vector<TaskIndex>& ops);

/// The sync between sub-operators at positions i-1 and i (the role-`sync` task with `sync_between`
/// naming them), or kNoTask.
std::vector<TaskIndex> syncsBetween(const TaskGraph& graph, const std::vector<TaskIndex>& ops);

/// Happens-before check of a group's sync chain. A core class "knows" that P finished once it
/// waited at a sync whose signallers all finished their part of P (types(P) ⊆ signal) or already
/// knew it. Returns, for every violation, (predecessor position, sub-operator position).
/// `typeOf` gives each position's core set (callers may pass assumed types).
std::vector<std::pair<std::size_t, std::size_t>> uncoveredDependencies(const std::vector<unsigned>& typeOf,
    const std::vector<std::vector<std::size_t>>& predecessors, const std::vector<SyncRange>& syncBefore);

} // namespace lookahead::sk
