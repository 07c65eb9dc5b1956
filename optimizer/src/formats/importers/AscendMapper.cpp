// The Ascend PyTorch profiler (torch_npu, `ASCEND_PROFILER_OUTPUT/trace_view.json`): array form,
// `ts` as strings of µs since the epoch (read exactly), host lanes (`Python`, `CANN`), the
// `Ascend Hardware` process with one thread per stream (`Stream 2`) whose device tasks carry
// `args["Task Type"]` (AI_CORE, MIX_AIV, SDMA_SQE, EVENT_RECORD_SQE, Notify Wait, ...), HCCL
// communication lanes, counters, and `s`/`f` flows from the host to the device.
//
// Not work: the `Overlap Analysis` process (Computing / Communication / Free: a summary computed
// from the device lanes). Counters (`HBM`, `LLC`, `QoS`, `Acc PMU`, ...) are samples.
// Roles: DMA-like task types (`*DMA*`, `MEMCPY`) are `dma`; event record/wait, notify and write-value
// tasks are `sync`.
//
// Domain: every device task (an `Ascend Hardware` event with `args["Task Type"]`) keeps its task
// type, physical stream id and task id as the task key `ascend` (AscendDeviceTask), and the mapper
// suggests the `ascend-a2` preset when the recording has device compute tasks. The importer then
// applies the SuperKernel model to them (applyAscendDomain, called from PlatformChoice.cpp, so it
// happens with a preset the user names too): kernels with their type and `blocks`, `superkernel`
// groups of consecutive compute tasks of a stream; the gap before each task (its launch overhead)
// is already its `delay`.
//
// Host waits on the device (CallFrames.h): `aten::_local_scalar_dense` (`.item()`, `.cpu()` of a
// scalar: a device-to-host copy after a stream synchronize), AscendCL's synchronize calls
// (`aclrtSynchronizeStream`, `aclrtSynchronizeDevice`, `aclrtSynchronizeEvent`, ... and the
// Python-level `torch.npu.synchronize` frames, all named "...synchronize...") and the synchronous
// `aclrtMemcpy` return only when the device work queued before them has finished. They wait for
// the latest device task (an `Ascend Hardware` or `HCCL` slice) that ended within them. Not waits:
// `aclrtMemcpyAsync`, and `acl_memcpy_host_to_device` (a host-to-device copy waits for its own copy
// only, which the trace does not tie to it). Only host lanes are call stacks: device tasks nested
// on a stream stay whole tasks.

#include "RecordingMapper.h"

#include "lookahead/RecordingDomain.h"

#include <cmath>

namespace lookahead::formats {

int recogniseAscend(const TraceDocument& doc)
{
    for (const ProcessInfo& process : doc.processes)
        if (process.name == "Ascend Hardware" || process.name == "Overlap Analysis" || process.name == "CANN")
            return 20;
    return 0;
}

namespace {
    TaskRole ascendRole(const TraceDocument& doc, const TraceEvent& event)
    {
        if (!event.hasArgs())
            return TaskRole::Compute;
        const std::string type = lowerCase(stringField(doc.args(event), "Task Type"));
        if (contains(type, "dma") || contains(type, "memcpy"))
            return TaskRole::Dma;
        if (startsWith(type, "event_") || contains(type, "notify") || contains(type, "write value"))
            return TaskRole::Sync;
        return TaskRole::Compute;
    }

    std::optional<std::int64_t> integerArg(simdjson::dom::element args, const char* key)
    {
        simdjson::dom::element value;
        if (!args.is_object() || args[key].get(value) != simdjson::SUCCESS)
            return std::nullopt;
        const std::optional<double> number = numberOf(value);
        if (!number || !std::isfinite(*number) || std::trunc(*number) != *number || std::fabs(*number) > 9.0e15)
            return std::nullopt;
        return static_cast<std::int64_t>(*number);
    }

    /// The device facts of a task's event, or nullopt when it is not a device task.
    std::optional<AscendDeviceTask> deviceTaskOf(const TraceDocument& doc, const TraceEvent& event)
    {
        if (!event.hasArgs() || doc.processes[doc.lanes[event.lane].process].name != "Ascend Hardware")
            return std::nullopt;
        const simdjson::dom::element args = doc.args(event);
        const std::string_view type = stringField(args, "Task Type");
        if (type.empty())
            return std::nullopt;
        return AscendDeviceTask { std::string(type), integerArg(args, "Physic Stream Id"),
            integerArg(args, "Task Id") };
    }
} // namespace

Status mapAscend(const TraceDocument& doc, RecordingBuilder& builder)
{
    ChromeDialect dialect;
    dialect.laneExcluded = [](const TraceDocument& d, LaneId lane) -> std::string {
        if (d.processes[d.lanes[lane].process].name == "Overlap Analysis")
            return "a summary of the device lanes (Computing, Communication, Free)";
        return {};
    };
    dialect.role = ascendRole;
    dialect.waitsForDevice = [](const TraceDocument& d, const TraceEvent& event) {
        const std::string& process = d.processes[d.lanes[event.lane].process].name;
        if (process == "Ascend Hardware" || process == "HCCL")
            return false;
        const std::string_view name = d.name(event);
        return name == "aten::_local_scalar_dense" || name == "aclrtMemcpy" || contains(lowerCase(name), "synchronize");
    };
    dialect.deviceWork = [](const TraceDocument& d, const TraceEvent& event) {
        const std::string& process = d.processes[d.lanes[event.lane].process].name;
        return process == "Ascend Hardware" || process == "HCCL";
    };
    // Nested device tasks (a `Notify Wait` inside another on one stream) are no call stack.
    dialect.callStack = [](const TraceDocument& d, LaneId lane) {
        const std::string& process = d.processes[d.lanes[lane].process].name;
        return process != "Ascend Hardware" && process != "HCCL";
    };
    mapChromeEvents(doc, builder, dialect);

    bool anyCompute = false;
    for (TaskRef t = 0; t < builder.taskCount(); ++t) {
        const std::optional<AscendDeviceTask> device = deviceTaskOf(doc, doc.events[builder.task(t).event]);
        if (!device)
            continue;
        anyCompute = anyCompute || isAscendComputeType(device->taskType);
        builder.setDetail(t, TaskDetail { {}, {}, nlohmann::json { { "ascend", device->toJson() } } });
    }
    if (anyCompute) {
        builder.suggestPlatform("ascend-a2");
        builder.note("suggested platform ascend-a2: device compute tasks (AI_CORE, AI_VECTOR_CORE, MIX_AIC, MIX_AIV); "
                     "the trace does not tell A2 from A3, which have the same documented core counts");
    }
    return Status::success();
}

} // namespace lookahead::formats
