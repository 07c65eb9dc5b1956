// PyTorch profiler traces (Kineto: CUDA via CUPTI, ROCm via roctracer, MTIA). CPU ops nest inside
// `ProfilerStep#N`; CUDA/HIP runtime calls are linked to the GPU work they launched by `ac2g`
// flows; each GPU stream is a thread of a per-device process. The CPU and GPU processes often
// carry the same name (`python3`): their `process_labels` ("CPU", "GPU 0") tell them apart.
//
// Not work: the `Spans` process (one span as long as the whole trace, "PyTorch Profiler (0)").
//
// Host waits on the device (CallFrames.h): the runtime calls that return only when device work
// has finished, by the CUDA and HIP API contracts: `cudaDeviceSynchronize`, `cudaStreamSynchronize`,
// `cudaEventSynchronize` and the synchronous copies `cudaMemcpy`, `cudaMemcpy2D`, `cudaMemcpy3D`
// (and their `hip...` twins, with `hipMemcpyWithStream`, PyTorch's synchronous copy on ROCm). They
// wait for the latest GPU task that ended within them, on any GPU stream (the CUDA calls carry no
// stream). Not waits: the `...Async` copies (asynchronous by contract; a pageable copy may block,
// but the `cudaStreamSynchronize` PyTorch calls after it carries the wait), `cudaStreamWaitEvent`
// (the device waits, not the host). Not device work: CUPTI's `cuda_sync` records (the wait itself)
// and `gpu_user_annotation` spans (ranges around kernels). Only CPU lanes are call stacks: an
// annotation around kernels on a GPU stream stays one task.

#include "RecordingMapper.h"

#include <set>

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
    dialect.role = [](const TraceDocument& d, const TraceEvent& event) {
        if (d.cat(event) == "gpu_memcpy" || d.cat(event) == "gpu_memset")
            return TaskRole::Dma;
        return TaskRole::Compute;
    };
    dialect.waitsForDevice = [](const TraceDocument& d, const TraceEvent& event) {
        static const std::set<std::string_view, std::less<>> waits { "cudaDeviceSynchronize", "cudaStreamSynchronize",
            "cudaEventSynchronize", "cudaMemcpy", "cudaMemcpy2D", "cudaMemcpy3D", "hipDeviceSynchronize",
            "hipStreamSynchronize", "hipEventSynchronize", "hipMemcpy", "hipMemcpy2D", "hipMemcpy3D",
            "hipMemcpyWithStream" };
        return !startsWith(d.processes[d.lanes[event.lane].process].labels, "GPU") && waits.count(d.name(event)) > 0;
    };
    dialect.callStack = [](const TraceDocument& d, LaneId lane) {
        return !startsWith(d.processes[d.lanes[lane].process].labels, "GPU");
    };
    dialect.deviceWork = [](const TraceDocument& d, const TraceEvent& event) {
        return startsWith(d.processes[d.lanes[event.lane].process].labels, "GPU") && d.cat(event) != "cuda_sync"
            && d.cat(event) != "gpu_user_annotation";
    };
    mapChromeEvents(doc, builder, dialect);
    return Status::success();
}

} // namespace lookahead::formats
