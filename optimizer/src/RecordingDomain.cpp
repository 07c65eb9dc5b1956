#include "lookahead/RecordingDomain.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace lookahead {

namespace {

    /// Adds kernels (name → code bytes, type) to the graph, keeping `kernels` sorted by name and
    /// every task's kernel indices valid. Existing kernels of the same name are kept as they are.
    void addKernels(TaskGraph& graph, const std::map<std::string, Kernel>& added)
    {
        std::vector<Kernel> merged = graph.kernels;
        for (const auto& [name, kernel] : added)
            if (graph.findKernel(name) == kNoKernel)
                merged.push_back(kernel);
        std::sort(merged.begin(), merged.end(), [](const Kernel& a, const Kernel& b) { return a.name < b.name; });
        std::vector<KernelIndex> newIndex(graph.kernels.size());
        for (std::size_t k = 0; k < graph.kernels.size(); ++k) {
            const auto it = std::lower_bound(merged.begin(), merged.end(), graph.kernels[k].name,
                [](const Kernel& a, const std::string& name) { return a.name < name; });
            newIndex[k] = static_cast<KernelIndex>(it - merged.begin());
        }
        for (Task& task : graph.tasks) {
            if (task.kernel != kNoKernel)
                task.kernel = newIndex[task.kernel];
            if (task.prefetch != kNoKernel)
                task.prefetch = newIndex[task.prefetch];
        }
        graph.kernels = std::move(merged);
    }

    /// `trans_TransData_3` → `trans_TransData`: instances of one operator share its code.
    std::string operatorKernelName(std::string_view name)
    {
        std::size_t end = name.size();
        while (end > 0 && std::isdigit(static_cast<unsigned char>(name[end - 1])))
            --end;
        if (end < name.size() && end > 1 && name[end - 1] == '_')
            return std::string(name.substr(0, end - 1));
        return std::string(name);
    }

    std::string kernelTypeOf(std::string_view taskType, const OpSummaryRow* row)
    {
        if (taskType == "AI_CORE")
            return "AIC";
        if (taskType == "AI_VECTOR_CORE")
            return "AIV";
        // Mix: one cube core with two vector cores unless the op summary shows 1:1.
        if (row && row->blockDim > 0 && row->mixBlockDim) {
            const std::int64_t cube = taskType == "MIX_AIC" ? row->blockDim : *row->mixBlockDim;
            const std::int64_t vector = taskType == "MIX_AIC" ? *row->mixBlockDim : row->blockDim;
            if (cube > 0 && vector == cube)
                return "MIX_1_1";
        }
        return "MIX_1_2";
    }

    /// Cores a sub-operator spans, counted the way the SuperKernel model counts `blocks` (cube
    /// cores for a mix operator).
    std::int64_t blocksOf(
        std::string_view taskType, const std::string& kernelType, const OpSummaryRow* row, const nlohmann::json& cores)
    {
        if (row && row->blockDim > 0) {
            if (taskType == "MIX_AIV")
                return row->mixBlockDim.value_or(std::max<std::int64_t>(1, row->blockDim / 2));
            return row->blockDim;
        }
        const std::int64_t cube = cores.value("aic_cores", 24), vector = cores.value("aiv_cores", 48);
        return std::max<std::int64_t>(1, kernelType == "AIV" ? vector : cube);
    }

    /// A recording being read as an Ascend SuperKernel graph: its device tasks and the AICORE kind.
    struct AscendGraph {
        TaskGraph& graph;
        std::vector<std::optional<AscendDeviceTask>> device;
        std::uint16_t core = 0;
        /// (exec, unit) of every queue with a compute task → its AICORE unit, in order of first use.
        std::map<std::pair<std::uint16_t, std::uint32_t>, std::uint32_t> coreUnitOf;
        std::uint32_t engines = 1; ///< The most engines of a compute queue's executor.

        bool isCompute(TaskIndex t) const
        {
            return t < device.size() && device[t] && isAscendComputeType(device[t]->taskType);
        }
    };

    void findComputeQueues(AscendGraph& ascend)
    {
        const TaskGraph& graph = ascend.graph;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            if (!ascend.isCompute(t))
                continue;
            const Task& task = graph.tasks[t];
            if (ascend.coreUnitOf.emplace(std::pair { task.exec, task.unit }, std::uint32_t(ascend.coreUnitOf.size()))
                    .second)
                ascend.engines = std::max(ascend.engines, graph.platform.executors[task.exec].engines);
        }
    }

    /// Kernels and blocks of the compute tasks; the whole queue of a compute stream moves to AICORE
    /// (one unit per stream, named as the recording names it).
    void moveComputeStreams(
        AscendGraph& ascend, const PlatformPreset& preset, const OpSummary* opSummary, AscendDomainSummary& summary)
    {
        TaskGraph& graph = ascend.graph;
        const nlohmann::json cores = graph.platform.extra.value("superkernel", nlohmann::json::object());
        std::map<std::string, Kernel> kernels;
        std::vector<std::string> kernelOf(graph.tasks.size());
        std::map<std::string, std::size_t> occurrences;
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            Task& task = graph.tasks[t];
            auto queue = ascend.coreUnitOf.find({ task.exec, task.unit });
            if (queue == ascend.coreUnitOf.end())
                continue;
            if (ascend.isCompute(t)) {
                const AscendDeviceTask& device = *ascend.device[t];
                const std::string name(graph.taskName(t));
                const OpSummaryRow* row
                    = opSummary ? opSummary->find(device.streamId, device.taskId, name, occurrences[name]++) : nullptr;
                // The op summary comes from the same run and says the same, more precisely (mix ratio).
                const std::string& taskType
                    = row && isAscendComputeType(row->taskType) ? row->taskType : device.taskType;
                const std::string type = kernelTypeOf(taskType, row);
                kernelOf[t] = operatorKernelName(name);
                kernels.try_emplace(
                    kernelOf[t], Kernel { kernelOf[t], preset.codeBytesOf(kernelOf[t], type), type, {} });
                const std::int64_t blocks = blocksOf(taskType, type, row, cores);
                graph.editTaskExtra(t, [&](nlohmann::json& extra) { extra["blocks"] = blocks; });
                ++(row ? summary.blocksFromOpSummary : summary.blocksFromPreset);
                ++summary.computeTasks;
            }
            task.exec = ascend.core;
            task.unit = queue->second;
        }
        ExecutorKind& aicore = graph.platform.executors[ascend.core];
        aicore.units = std::max<std::uint32_t>(aicore.units, static_cast<std::uint32_t>(ascend.coreUnitOf.size()));
        nlohmann::json laneNames = nlohmann::json::array(); // the streams, as the recording names them
        for (std::uint32_t unit = 0; unit < aicore.units; ++unit)
            laneNames.push_back("");
        for (const auto& [queue, unit] : ascend.coreUnitOf) {
            const nlohmann::json& names
                = graph.platform.executors[queue.first].extra.value("lane_names", nlohmann::json::array());
            if (queue.second < names.size() && names[queue.second].is_string())
                laneNames[unit] = names[queue.second];
        }
        aicore.extra["lane_names"] = std::move(laneNames);
        aicore.engines = std::max(aicore.engines, ascend.engines);
        addKernels(graph, kernels);
        summary.kernels = kernels.size();
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
            if (!kernelOf[t].empty())
                graph.tasks[t].kernel = graph.findKernel(kernelOf[t]);
    }

    /// Groups: runs of consecutive compute tasks of one stream, closed by anything else on it.
    void groupComputeRuns(AscendGraph& ascend, AscendDomainSummary& summary)
    {
        TaskGraph& graph = ascend.graph;
        std::vector<std::vector<TaskIndex>> runs(ascend.coreUnitOf.size());
        auto closeRun = [&](std::uint32_t unit) {
            std::vector<TaskIndex>& run = runs[unit];
            if (run.size() >= 2) {
                graph.groups.push_back(
                    { "sk" + std::to_string(summary.groups), "superkernel", run, { { "unit", unit } } });
                ++summary.groups;
                summary.groupedTasks += run.size();
            }
            run.clear();
        };
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            if (task.exec != ascend.core)
                continue;
            if (!ascend.isCompute(t)) {
                closeRun(task.unit);
                continue;
            }
            std::vector<TaskIndex>& run = runs[task.unit];
            if (!run.empty()) {
                // Stream order is program order: the sub-operator reads what the previous one wrote.
                std::vector<BarrierIndex> waits(graph.waits(task).begin(), graph.waits(task).end());
                std::vector<BarrierIndex> updates(graph.updates(task).begin(), graph.updates(task).end());
                std::vector<TaskIndex> after(graph.after(task).begin(), graph.after(task).end());
                if (std::find(after.begin(), after.end(), run.back()) == after.end())
                    after.push_back(run.back());
                graph.setReferences(t, waits, updates, after);
            }
            run.push_back(t);
        }
        for (std::uint32_t unit = 0; unit < runs.size(); ++unit)
            closeRun(unit);
    }

} // namespace

PresetChoice chooseNpuPreset(std::uint32_t tiles, std::optional<double> recordedClockMhz)
{
    // NPU37XX's DPU runs at ~1300 MHz, NPU40XX's at 1850: a compiler trace for 37XX carries its clock.
    constexpr double kNpu40xxMinimumMhz = 1600;
    if (tiles <= 2 && (!recordedClockMhz || *recordedClockMhz < kNpu40xxMinimumMhz))
        return { *findPlatformPreset("npu37xx"),
            "npu37xx: " + std::to_string(tiles)
                + (recordedClockMhz ? " cluster(s) and workpoint.freq below NPU40XX's 1850 MHz"
                                    : " cluster(s) and no workpoint.freq (the NPU37XX profiler writes none)") };
    const std::uint32_t clamped = std::clamp<std::uint32_t>(tiles, 1, 6);
    PresetChoice choice { npu40xxPreset(clamped),
        std::string(clamped == 6 ? "npu40xx" : "npu40xx-" + std::to_string(clamped) + "tile") + ": "
            + std::to_string(tiles) + " cluster(s)"
            + (recordedClockMhz ? " and workpoint.freq (written by the NPU40XX profiler)"
                                : " (more than NPU37XX's 2)") };
    if (tiles > 6)
        choice.why += "; NPU40XX has at most 6 tiles: the preset has 6";
    return choice;
}

std::string npuLayerTypeOfName(std::string_view name)
{
    const auto at = name.find("?t_");
    if (at == std::string_view::npos)
        return {};
    std::string_view rest = name.substr(at + 3);
    return std::string(rest.substr(0, rest.find('/')));
}

bool isAscendComputeType(std::string_view taskType)
{
    return taskType == "AI_CORE" || taskType == "AI_VECTOR_CORE" || taskType == "MIX_AIC" || taskType == "MIX_AIV";
}

nlohmann::json AscendDeviceTask::toJson() const
{
    nlohmann::json object = { { "task_type", taskType } };
    if (streamId)
        object["stream_id"] = *streamId;
    if (taskId)
        object["task_id"] = *taskId;
    return object;
}

std::string framePieceOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> piece = graph.taskExtraValue(task, "frame");
    return piece && piece->is_string() ? piece->get<std::string>() : std::string();
}

std::optional<AscendDeviceTask> AscendDeviceTask::of(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> ascend = graph.taskExtraValue(task, "ascend");
    if (!ascend || !ascend->is_object())
        return std::nullopt;
    AscendDeviceTask device;
    device.taskType = ascend->value("task_type", std::string());
    auto integer = [&](const char* key) -> std::optional<std::int64_t> {
        auto value = ascend->find(key);
        return value != ascend->end() && value->is_number_integer() ? std::optional(value->get<std::int64_t>())
                                                                    : std::nullopt;
    };
    device.streamId = integer("stream_id");
    device.taskId = integer("task_id");
    return device;
}

Result<AscendDomainSummary> applyAscendDomain(
    TaskGraph& graph, const PlatformPreset& preset, const OpSummary* opSummary)
{
    AscendDomainSummary summary;
    const int core = graph.platform.findExecutor("AICORE");
    if (core < 0)
        return Error { "", "", "platform " + preset.name + " has no AICORE executor: not an Ascend platform" };
    AscendGraph ascend { graph, std::vector<std::optional<AscendDeviceTask>>(graph.tasks.size()),
        static_cast<std::uint16_t>(core), {}, 1 };
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        ascend.device[t] = AscendDeviceTask::of(graph, graph.tasks[t]);
    findComputeQueues(ascend);
    summary.computeStreams = ascend.coreUnitOf.size();
    if (ascend.coreUnitOf.empty()) {
        summary.notes.emplace_back(
            "no device compute task (AI_CORE, AI_VECTOR_CORE, MIX_AIC, MIX_AIV): no SuperKernel group");
        return summary;
    }
    moveComputeStreams(ascend, preset, opSummary, summary);
    groupComputeRuns(ascend, summary);

    // The recording already contains launches (in `delay`) and L2 contention (in the durations).
    graph.platform.costs["sk_launch_cycles"] = 0;
    graph.platform.costs["sk_l2_serial_cycles"] = 0;
    summary.notes.push_back(std::to_string(summary.computeTasks) + " device compute task(s) on "
        + std::to_string(summary.computeStreams) + " stream(s) became sub-operators of "
        + std::to_string(summary.kernels) + " kernel(s); " + std::to_string(summary.groups)
        + " superkernel group(s) hold " + std::to_string(summary.groupedTasks) + " of them");
    summary.notes.push_back("blocks: " + std::to_string(summary.blocksFromOpSummary) + " from the op summary, "
        + std::to_string(summary.blocksFromPreset) + " assumed from " + preset.name
        + " (all cores of the kernel's type)");
    summary.notes.emplace_back(
        "costs sk_launch_cycles and sk_l2_serial_cycles are 0: the recording's launch gaps are each "
        "task's delay, and its durations already include L2 contention");
    return summary;
}

} // namespace lookahead
