#pragma once

/// \file What a recording means to the optimizations: the platform preset a producer's recording
/// gets, and the domain facts the passes need that the importer's generic mapping leaves out.
///
/// **NPU** (OpenVINO NPU profiler / compiler trace): the preset comes from the layout: N `Cluster`
/// processes → `npu40xx` with N tiles when the file has `workpoint.freq` (the NPU40XX profiler
/// writes it) or more than 2 clusters; at most 2 clusters and no clock (its profiler writes none),
/// or a clock below 1600 MHz (a compiler trace for 37XX's ~1300 MHz DPU) → `npu37xx`. SHAVE tasks run the kernel of
/// their layer type (`layer?t_<LayerType>/.../tile_K/cluster_N`) whose code size comes from the preset (assumed sizes,
/// overridable).
///
/// **Ascend** (torch_npu `trace_view.json` device lanes): device compute tasks (`Task Type`
/// `AI_CORE`, `AI_VECTOR_CORE`, `MIX_AIC`, `MIX_AIV`) become SuperKernel sub-operators: they move
/// to the `AICORE` executor (one unit per stream that runs compute, the whole stream queue with
/// them so the replay keeps its order), run a kernel named after the operator (the task name
/// without a trailing `_N`) whose `type` is `AIC` / `AIV` / `MIX_1_2` (`MIX_1_1` when the op
/// summary shows one secondary core per block), and span `blocks` cores: `Block Dim` of the msprof
/// op summary when one is given, else all cores of their type on the preset. Consecutive compute
/// tasks of one stream form a `superkernel` group, closed by any other task of that stream (memory
/// copies, AI CPU and communication tasks, event record/wait: what CANN cannot fuse); a group needs
/// two sub-operators. Each sub-operator depends (`after`) on the previous one of its group: the
/// recording shows no data flow, and stream order is program order (this only states what the
/// queue already enforces, so the replay is unchanged). The gap before each task is its launch
/// overhead (`delay`, set by the importer); `sk-fuse` removes it inside a fused group.
///
/// Cost terms on a recording: a recorded duration already contains the launch (in `delay`) and
/// the L2 contention of the code as it ran, so the graph's costs set `sk_launch_cycles` and
/// `sk_l2_serial_cycles` to 0; with that, the baseline replays exactly with the default cost terms
/// as with `--spec-costs`.

#include "lookahead/OpSummaryCsv.h"
#include "lookahead/PlatformPresets.h"
#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <optional>
#include <string>
#include <vector>

namespace lookahead {

/// The preset chosen for a recording, and why (one sentence for the import summary).
struct PresetChoice {
    PlatformPreset preset;
    std::string why;
};

/// The NPU preset for a recording with `tiles` clusters and an optional `workpoint.freq`.
PresetChoice chooseNpuPreset(std::uint32_t tiles, std::optional<double> recordedClockMhz);

/// The kernel of an NPU SHAVE task name: `Relu` for `relu2?t_Relu/converted_to_f32/tile_1/cluster_0`;
/// empty when the name has no `?t_` part.
std::string npuLayerTypeOfName(std::string_view name);

/// One device task of an Ascend recording, as the mapper read it from the event's `args`. The
/// mapper stores it in the task as the optional key `ascend` (`{"task_type": "AI_CORE",
/// "stream_id": 2, "task_id": 11053}`), which an exported graph keeps.
struct AscendDeviceTask {
    std::string taskType;                 ///< `args["Task Type"]`.
    std::optional<std::int64_t> streamId; ///< `args["Physic Stream Id"]`.
    std::optional<std::int64_t> taskId;   ///< `args["Task Id"]`.

    nlohmann::json toJson() const;
    /// The `ascend` key of a task, nullopt when it has none (not a device task).
    static std::optional<AscendDeviceTask> of(const TaskGraph& graph, const Task& task);
};

/// The piece of a recorded call frame a task is (its `frame` key: "open" or "return", see
/// ChromeTraceImporter.h), empty when it is not one.
std::string framePieceOf(const TaskGraph& graph, const Task& task);

/// True for the task types that run on AI cores (AI_CORE, AI_VECTOR_CORE, MIX_AIC, MIX_AIV).
bool isAscendComputeType(std::string_view taskType);

struct AscendDomainSummary {
    std::size_t computeTasks = 0;
    std::size_t kernels = 0;
    std::size_t groups = 0;
    std::size_t groupedTasks = 0;
    std::size_t blocksFromOpSummary = 0;
    std::size_t blocksFromPreset = 0;
    std::size_t computeStreams = 0;
    /// Sentences for the import summary's notes.
    std::vector<std::string> notes;
};

/// Applies the Ascend model above to `graph`, which must already have the preset's platform
/// (`AICORE` executor, `superkernel` cores). Device tasks are those with the `ascend` key.
/// `opSummary` is optional.
Result<AscendDomainSummary> applyAscendDomain(
    TaskGraph& graph, const PlatformPreset& preset, const OpSummary* opSummary = nullptr);

} // namespace lookahead
