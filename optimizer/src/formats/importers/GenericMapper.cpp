// Any Chrome trace: one executor kind per process, one unit per thread and nesting depth.

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseGeneric(const TraceDocument&) { return 1; }

Status mapGeneric(const TraceDocument& doc, RecordingBuilder& builder)
{
    mapChromeEvents(doc, builder, ChromeDialect {});
    return Status::success();
}

} // namespace lookahead::formats
