#pragma once

// One mapper per producer dialect of Chrome trace JSON. A mapper recognises its producer's files
// and turns the events of a TraceDocument into tasks, lanes and dependencies through a
// RecordingBuilder. Most producers only configure the common mapping (ChromeMapping.cpp) with a
// ChromeDialect: which lanes are work, how executors and lanes are named, what a task's role is.
//
// Adding a producer: one file here with its `recognise` and `map`, and one line in Registry.cpp.

#include "../RecordingBuilder.h"
#include "../TraceDocument.h"

#include <functional>
#include <string>
#include <vector>

namespace lookahead::formats {

/// The hooks of one dialect for mapChromeEvents(). Every hook is optional.
struct ChromeDialect {
    /// Why a lane's events are not work (a summary lane, counters), or empty to import it.
    std::function<std::string(const TraceDocument&, LaneId)> laneExcluded;
    /// Why one slice is not a task (a per-layer summary, clang's `Total ...`), or empty.
    std::function<std::string(const TraceDocument&, const TraceEvent&)> eventExcluded;
    /// Executor kind of a lane (default: the process name, told apart by `process_labels`).
    std::function<std::string(const TraceDocument&, LaneId)> kindName;
    /// The lane's name within its kind (default: the thread name, else `tid N`).
    std::function<std::string(const TraceDocument&, LaneId)> laneName;
    /// A fixed unit for all of a lane's slices (NPU: its tile), or -1 (default): one unit per lane
    /// and nesting depth. Slices of a fixed unit that overlap run on several engines.
    std::function<int(const TraceDocument&, LaneId)> fixedUnit;
    /// Whether the units of a kind are tiles (`tiled: true`).
    std::function<bool(const std::string& kind)> tiled;
    /// A task's role from its event (default: compute).
    std::function<TaskRole(const TraceDocument&, const TraceEvent&)> role;
    /// Whether a lane's nested slices are a call stack, whose enclosing slices become frames
    /// (CallFrames.h). Default: every thread lane without a fixed unit.
    std::function<bool(const TraceDocument&, LaneId)> callStack;
    /// Whether a host slice blocks until the device has done its work (a synchronize, a blocking
    /// copy): it then depends on the device task it waited for (CallFrames.h). Default: none.
    std::function<bool(const TraceDocument&, const TraceEvent&)> waitsForDevice;
    /// Whether a slice is device work that a host wait can wait for. Default: none.
    std::function<bool(const TraceDocument&, const TraceEvent&)> deviceWork;
};

/// The common mapping: `X` and `B`/`E` slices (nested ones too, one unit per lane and nesting
/// depth), async `b`/`e`/`n` and legacy `S`/`F` (own lanes per process and category), flows v1
/// (`s`/`t`/`f`, bound to the innermost slice at their timestamp) and v2 (`bind_id`). Everything
/// else is dropped with a reason; lanes that give no task are listed as not imported.
void mapChromeEvents(const TraceDocument& doc, RecordingBuilder& builder, const ChromeDialect& dialect);

/// For barrier-scheduled recordings without flows (the NPU layout): every task waits for the
/// tasks whose end is the latest before its start among the tasks `mayRelease` allows, when that
/// end is later than the previous task of its own queue ended (otherwise its own queue held it).
/// Tasks with the same releasing set share one barrier `inferred:N`.
void inferBarriersFromTimestamps(
    RecordingBuilder& builder, const std::function<bool(TaskRef producer, TaskRef consumer)>& mayRelease);

struct RecordingMapper {
    const char* name;         ///< `kineto`, `npu`, ... (ImportOptions::producer, the summary).
    const char* producerName; ///< For people.
    /// How sure the mapper is that `doc` is its producer's: 0 not at all; the highest wins and the
    /// generic mapper answers 1.
    int (*recognise)(const TraceDocument& doc);
    Status (*map)(const TraceDocument& doc, RecordingBuilder& builder);
};

/// Every mapper, in registration order (Registry.cpp).
const std::vector<RecordingMapper>& recordingMappers();

/// Helpers the mappers share.
std::string lowerCase(std::string_view text);
bool startsWith(std::string_view text, std::string_view prefix);
bool contains(std::string_view text, std::string_view part);
/// A thread name without trailing spaces (Kineto writes "stream 7 ").
std::string trimmed(std::string_view text);

} // namespace lookahead::formats
