#pragma once

// The reader of the Chrome Trace Event format (JSON object form `{"traceEvents": [...]}` and array
// form `[...]`): one pass over the simdjson DOM turns every event into a compact TraceEvent with
// exact integer times, and collects the process/thread metadata. Mappers (formats/importers/) read
// only this, never the JSON, except the few `args` they need (kept as DOM elements, no copies).
//
// Times: `ts`/`dur` are µs (whatever `displayTimeUnit` says). A number is converted through a
// double (exact to the nanosecond up to about 2^53 ns); a string ("1736405443863674.400", Ascend's
// µs since the epoch) is parsed digit by digit, exactly. Both become integer nanoseconds, rounded
// half away from zero below the nanosecond.

#include "lookahead/Result.h"

#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead::formats {

using LaneId = std::uint32_t;
using ProcessId = std::uint32_t;

/// A valid JSON `null` element (a default-constructed element must not be read).
simdjson::dom::element nullElement();

/// One event of the trace. Strings point into the DOM owned by the TraceDocument.
struct TraceEvent {
    std::uint32_t index = 0; ///< Position in the event array.
    char phase = '?';        ///< `ph`; '?' when missing or longer than one character.
    bool hasTs = false, hasDur = false, tsFromString = false;
    bool flowIn = false, flowOut = false;
    char bindPoint = 0; ///< `bp` ('e' for "e"), 0 when absent.
    char scopeChar = 0; ///< First character of `s` on instants ('g', 'p', 't').
    LaneId lane = 0;
    std::int64_t tsNs = 0;
    std::int64_t durNs = 0;
    std::string_view name, cat;
    std::string_view id;     ///< `id`, or `id2.local`/`id2.global` (prefixed "local:"/"global:"), as text.
    std::string_view scope;  ///< `scope` (async and flow ids are scoped by it).
    std::string_view bindId; ///< v2 `bind_id` as text.
    simdjson::dom::element args = nullElement(); ///< `args` when it is an object, else a JSON null.
    bool hasArgs = false;
};

/// One (pid, tid) pair with its metadata.
struct LaneInfo {
    ProcessId process = 0;
    std::string tidText;
    std::string threadName;
    std::optional<double> threadSort;
};

struct ProcessInfo {
    std::string pidText;
    std::string name;   ///< `process_name`, empty when none.
    std::string labels; ///< `process_labels` (Kineto: "CPU", "GPU 0").
    std::optional<double> sort;
};

/// The whole trace, read once. Owns the bytes and the DOM the events point into.
class TraceDocument {
public:
    std::string label; ///< The file name, for errors and pointers.
    bool arrayForm = false;
    bool gzip = false;
    std::string pointerPrefix; ///< "/traceEvents" or "" (array form).
    std::vector<TraceEvent> events;
    std::vector<LaneInfo> lanes;
    std::vector<ProcessInfo> processes;
    simdjson::dom::element root = nullElement();
    std::vector<std::string> leniencies;
    std::size_t unsupportedMetadata = 0;
    std::vector<std::uint32_t> otherMetadata; ///< `M` events other than names, labels and sort indexes.

    std::string pointer(std::uint32_t eventIndex) const { return pointerPrefix + "/" + std::to_string(eventIndex); }
    /// `process / thread` as the producer names them (`pid N` / `tid N` when unnamed).
    std::string laneName(LaneId lane) const;
    std::string processName(ProcessId process) const;
    /// A top-level key of the object form (a JSON null when absent or in array form).
    simdjson::dom::element topLevel(std::string_view key) const;

    // Storage the events point into.
    simdjson::padded_string text;
    simdjson::dom::parser parser;
    std::deque<std::string> idTexts; ///< Ids that were numbers or objects, printed (a deque: views stay valid).
};

/// Parses `bytes` (already inflated) as a Chrome trace, repairing the leniencies (trailing commas,
/// an unclosed array, a byte order mark) only when the strict parse fails. Errors name `label`.
Result<std::unique_ptr<TraceDocument>> readChromeTrace(simdjson::padded_string bytes, const std::string& label);

/// A string or number as a number ("12.5" included); nullopt for anything else.
std::optional<double> numberOf(simdjson::dom::element value);
/// A string field of an object element, empty when absent or not a string.
std::string_view stringField(simdjson::dom::element object, std::string_view key);
/// Exact decimal µs text → integer ns (rounded below the ns); nullopt when not a plain decimal.
std::optional<std::int64_t> microsTextToNanos(std::string_view text);

} // namespace lookahead::formats
