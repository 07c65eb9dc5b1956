// Chrome's own tracing (chrome://tracing, DevTools "Save profile"): browser and renderer processes
// whose threads run tasks (`ThreadControllerImpl::RunTask`, `toplevel`) with nested work. The
// mapping is the common one; V8 CPU-profile samples (`P`) and object snapshots (`O`, `N`, `D`)
// are not work and are dropped by it.

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseChromeBrowser(const TraceDocument& doc)
{
    for (const LaneInfo& lane : doc.lanes)
        if (lane.threadName == "CrBrowserMain" || lane.threadName == "CrRendererMain" || lane.threadName == "CrGpuMain")
            return 5;
    return 0;
}

Status mapChromeBrowser(const TraceDocument& doc, RecordingBuilder& builder)
{
    mapChromeEvents(doc, builder, ChromeDialect {});
    return Status::success();
}

} // namespace lookahead::formats
