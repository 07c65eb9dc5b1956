#pragma once

/// \file The Ascend-like SuperKernel domain (DOMAIN.md §2): kernel types, core sets, sync ranges,
/// and typed access to the keys the `sk-*` passes, their cost terms and their hazard rules share.
/// It sits below all three (domain layer), so none of them includes another's files. Private to the
/// core. This header and SuperKernelDomain.cpp are the only places that spell the keys.
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
/// | `ICACHE` | ICache preload tasks (role `prefetch`); shares the `AICORE` icache domain, so a preload fills the L2
/// the sub-operators then hit | | `MTE`    | early-start tails: the trailing data transfer of a predecessor, moved off
/// the core's scalar lane | | `AICPU`  | tiling of tiling-sunk operators | | `SDMA`   | weight prefetch into L2 |
///
/// Core counts and per-type ICache sizes are `platform.superkernel` (an extra key, preserved):
/// `{"aic_cores": 24, "aiv_cores": 48, "aic_icache_bytes": 32768, "aiv_icache_bytes": 16384}`
/// (these are the defaults when absent).
///
/// Pass state lives in the graph so that an exported file carries it: group keys `fused` (bool)
/// and `copies` (integer); task keys `sync_range`, `sync_between`, `early_start`, `event`, `peer`,
/// `preload_bytes`, `preload_for`, `weights_prefetched`, `code_copies`, `early_start_head_of`,
/// `early_start_tail_of`. Input keys read: `blocks`, `phases` {head, tail}, `weights` {l2_saving},
/// `dynamic_shape`, `tiling_sunk`.

#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
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

/// Optional keys of the sync task sk-fuse inserts between sub-operators `previous` and `next`
/// (range `all`, spanning `blocks` cores).
nlohmann::json syncTaskExtra(std::string_view previous, std::string_view next, std::int64_t blocks);
/// Optional keys of an ICache preload task for `target`.
nlohmann::json preloadTaskExtra(std::int64_t bytes, std::string_view target);
/// Optional keys of the early-start tail (`early_start_tail_of`) and head (`early_start_head_of`) tasks.
nlohmann::json earlyStartTailExtra(std::string_view predecessor);
nlohmann::json earlyStartHeadExtra(std::string_view successor, std::int64_t blocks);

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
void setFused(Group& group);
std::int64_t copiesOf(const Group& group);
void setCopies(Group& group, std::int64_t copies);

// ---- Typed access to the SuperKernel keys of a task ----------------------------------------------

/// `phases.head` / `phases.tail` of a task: the set-up before its first sync point and the transfer
/// after its last one (0 when absent).
enum class Phase { Head, Tail };
std::int64_t phaseOf(const TaskGraph& graph, const Task& task, Phase phase);
void setPhase(TaskGraph& graph, TaskIndex task, Phase phase, std::int64_t cycles);
/// `dynamic_shape` and `tiling_sunk` (booleans, false when absent).
bool isDynamicShape(const TaskGraph& graph, const Task& task);
bool isTilingSunk(const TaskGraph& graph, const Task& task);

/// `sync_range` of a task by name, nothing when absent or not a string.
std::optional<std::string> syncRangeNameOf(const TaskGraph& graph, const Task& task);
/// The sync range of a sync task; `all` when the key is absent (what sk-fuse inserts).
SyncRange syncRangeOf(const TaskGraph& graph, const Task& task);
void setSyncRange(TaskGraph& graph, TaskIndex task, std::string_view name);
/// `sync_between`: is this the sync between sub-operators `previous` and `next`?
bool isSyncBetween(const TaskGraph& graph, const Task& task, std::string_view previous, std::string_view next);

/// `early_start` of a sync turned into a set/wait pair by sk-early-start.
struct EarlyStartPair {
    std::string predecessor; ///< `pair[0]`, empty when the pair is malformed.
    std::string successor;   ///< `pair[1]`.
    std::int64_t signalCores = 0;
    std::int64_t waitCores = 0;
    std::int64_t complementCalls = 0;
};
bool hasEarlyStart(const TaskGraph& graph, const Task& task);
/// Nothing unless `early_start` is an object.
std::optional<EarlyStartPair> earlyStartOf(const TaskGraph& graph, const Task& task);
void setEarlyStart(TaskGraph& graph, TaskIndex task, const EarlyStartPair& pair);

/// `event` of a notify/wait task (`notify`, `wait`), empty when absent or not a string.
std::string eventOf(const TaskGraph& graph, const Task& task);
/// Whether the task carries the key `event` at all (the `sk-sync` cost term charges it).
bool hasEvent(const TaskGraph& graph, const Task& task);

/// `weights.l2_saving` of a sub-operator whose weights can be prefetched into L2; nothing without
/// a `weights` object.
std::optional<std::int64_t> weightL2SavingOf(const TaskGraph& graph, const Task& task);
bool weightsPrefetched(const TaskGraph& graph, const Task& task);
void markWeightsPrefetched(TaskGraph& graph, TaskIndex task);
/// `code_copies` of a sub-operator of a split group.
void setCodeCopies(TaskGraph& graph, TaskIndex task, std::int64_t copies);

/// Sub-operators of a group: members with a kernel on `AICORE`, in group order.
std::vector<TaskIndex> subOperators(const TaskGraph& graph, const Group& group);

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
