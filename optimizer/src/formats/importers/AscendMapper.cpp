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

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseAscend(const TraceDocument& doc)
{
    for (const ProcessInfo& process : doc.processes)
        if (process.name == "Ascend Hardware" || process.name == "Overlap Analysis" || process.name == "CANN")
            return 20;
    return 0;
}

namespace {
    TaskRole ascendRole(const TraceEvent& event)
    {
        if (!event.hasArgs)
            return TaskRole::Compute;
        const std::string type = lowerCase(stringField(event.args, "Task Type"));
        if (contains(type, "dma") || contains(type, "memcpy"))
            return TaskRole::Dma;
        if (startsWith(type, "event_") || contains(type, "notify") || contains(type, "write value"))
            return TaskRole::Sync;
        return TaskRole::Compute;
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
    mapChromeEvents(doc, builder, dialect);
    return Status::success();
}

} // namespace lookahead::formats
