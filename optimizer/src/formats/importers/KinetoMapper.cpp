// PyTorch profiler traces (Kineto: CUDA via CUPTI, ROCm via roctracer, MTIA). CPU ops nest inside
// `ProfilerStep#N`; CUDA/HIP runtime calls are linked to the GPU work they launched by `ac2g`
// flows; each GPU stream is a thread of a per-device process. The CPU and GPU processes often
// carry the same name (`python3`): their `process_labels` ("CPU", "GPU 0") tell them apart.
//
// Not work: the `Spans` process (one span as long as the whole trace, "PyTorch Profiler (0)").

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseKineto(const TraceDocument& doc)
{
    int score = 0;
    if (doc.topLevel("schemaVersion").is_number())
        score += 3;
    if (doc.topLevel("deviceProperties").is_array())
        score += 3;
    for (const ProcessInfo& process : doc.processes)
        if (process.pidText == "Spans" || startsWith(process.labels, "GPU"))
            score += 3;
    return score >= 6 ? 20 : 0;
}

Status mapKineto(const TraceDocument& doc, RecordingBuilder& builder)
{
    ChromeDialect dialect;
    dialect.laneExcluded = [](const TraceDocument& d, LaneId lane) -> std::string {
        const ProcessInfo& process = d.processes[d.lanes[lane].process];
        if (process.pidText == "Spans" || process.name == "Spans")
            return "Kineto's profiler span (as long as the whole trace, not work)";
        return {};
    };
    dialect.kindName = [](const TraceDocument& d, LaneId lane) -> std::string {
        const ProcessInfo& process = d.processes[d.lanes[lane].process];
        if (startsWith(process.labels, "GPU"))
            return process.labels; // "GPU 0"
        const std::string name = d.processName(d.lanes[lane].process);
        return process.labels.empty() ? name : name + " (" + process.labels + ")";
    };
    dialect.role = [](const TraceEvent& event) {
        if (event.cat == "gpu_memcpy" || event.cat == "gpu_memset")
            return TaskRole::Dma;
        return TaskRole::Compute;
    };
    mapChromeEvents(doc, builder, dialect);
    return Status::success();
}

} // namespace lookahead::formats
