// clang `-ftime-trace`: one process and thread for the compiler with nested `X` events
// (`ExecuteCompiler` > `Frontend` > `Source` ...), plus one `Total <kind>` event per kind of work
// on a thread of its own.
//
// Not work: the `Total ...` events (sums over the nested events of one kind, not time spent once).

#include "RecordingMapper.h"

namespace lookahead::formats {

int recogniseClangTimeTrace(const TraceDocument& doc)
{
    if (!doc.topLevel("beginningOfTime").is_null())
        return 20;
    bool total = false, compiler = false;
    for (auto event = doc.events.begin(); event != doc.events.end() && !(total && compiler); ++event) {
        total = total || startsWith(doc.name(*event), "Total ");
        compiler = compiler || doc.name(*event) == "ExecuteCompiler";
    }
    return total && compiler ? 20 : 0;
}

Status mapClangTimeTrace(const TraceDocument& doc, RecordingBuilder& builder)
{
    ChromeDialect dialect;
    dialect.eventExcluded = [](const TraceDocument& d, const TraceEvent& event) -> std::string {
        if (startsWith(d.name(event), "Total "))
            return "clang's total per kind of work (a sum, not time spent once)";
        return {};
    };
    mapChromeEvents(doc, builder, dialect);
    return Status::success();
}

} // namespace lookahead::formats
