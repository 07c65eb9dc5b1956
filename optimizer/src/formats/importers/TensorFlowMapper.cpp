// TensorFlow 1.x timelines (`Timeline.generate_chrome_trace_format()`): one process per device
// queue (`/job:.../gpu:0 Compute`, `/gpu:0/stream:12 Compute`, `... Tensors`), ops as `X` events,
// data flow between ops as `s`/`t` flows.
//
// Not work: `/gpu:0/stream:all` repeats every event of the per-stream lanes (a summary), so
// importing it would run every GPU op twice.

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseTensorFlow(const TraceDocument& doc)
{
    for (const ProcessInfo& process : doc.processes)
        if (startsWith(process.name, "/job:") || contains(process.name, "/stream:")
            || contains(process.name, "/device:"))
            return 20;
    return 0;
}

Status mapTensorFlow(const TraceDocument& doc, RecordingBuilder& builder)
{
    ChromeDialect dialect;
    dialect.laneExcluded = [](const TraceDocument& d, LaneId lane) -> std::string {
        if (contains(d.processes[d.lanes[lane].process].name, "stream:all"))
            return "a summary that repeats the per-stream lanes (stream:all)";
        return {};
    };
    dialect.role = [](const TraceDocument& d, const TraceEvent& event) {
        return contains(d.name(event), "MEMCPY") || contains(d.name(event), "memcpy") ? TaskRole::Dma
                                                                                      : TaskRole::Compute;
    };
    mapChromeEvents(doc, builder, dialect);
    return Status::success();
}

} // namespace lookahead::formats
