#pragma once

// The reader of the Chrome Trace Event format (JSON object form `{"traceEvents": [...]}` and array
// form `[...]`): one streaming pass (simdjson On-Demand, ChromeEventReader; a large text a window
// at a time, ChromeJsonReader.cpp) turns every event into a compact TraceEvent with exact integer
// times, and collects the process/thread metadata. No DOM is kept: strings point into the kept
// text (or, when they had escapes, into side storage), and an event's `args` and the other
// top-level keys are kept as spans of the text, parsed only when a mapper asks for them (args(),
// topLevel()). Mappers (formats/importers/) read only this.
//
// The pass validates every value (args included), so a document is refused as invalid JSON, with
// the line and column the JSON layer gives (JsonInput.h), before anything else is judged.
//
// Times: `ts`/`dur` are µs (whatever `displayTimeUnit` says). A number is converted through a
// double (exact to the nanosecond up to about 2^53 ns); a string ("1736405443863674.400", Ascend's
// µs since the epoch) is parsed digit by digit, exactly. Both become integer nanoseconds, rounded
// half away from zero below the nanosecond.

#include "lookahead/Result.h"

#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lookahead::json {
class InflatingText;
}

namespace lookahead::formats {

using LaneId = std::uint32_t;
using ProcessId = std::uint32_t;

/// A valid JSON `null` element (a default-constructed element must not be read).
simdjson::dom::element nullElement();

/// A piece of text kept by the TraceDocument: a span of the JSON text, or of its side storage
/// (strings that were unescaped or printed). 8 bytes instead of a string_view's 16; read it with
/// TraceDocument::text().
struct TextRef {
    static constexpr std::uint32_t kSide = 0x80000000U; ///< In `size`: the text is in side storage.
    std::uint32_t offset = 0;
    std::uint32_t size = 0; ///< Length, with kSide set for side storage.
    bool empty() const { return (size & ~kSide) == 0; }
};

/// One event of the trace (64 bytes: a 100 k-task export has 1.7 M of them). Strings are spans of
/// the text or of the side storage owned by the TraceDocument: read them through it.
struct TraceEvent {
    std::uint32_t index = 0; ///< Position in the event array.
    LaneId lane = 0;
    std::int64_t tsNs = 0;
    std::int64_t durNs = 0;
    TextRef name, cat; ///< TraceDocument::name(), cat().
    TextRef id;   ///< `id`, or `id2.local`/`id2.global` (prefixed "local:"/"global:"), as text: TraceDocument::id().
    TextRef args; ///< The raw text of `args` when it is an object (TraceDocument::args()), else empty.
    std::uint32_t links = 0; ///< 1 + index into TraceDocument::links (`scope`, `bind_id`), 0 for none.
    char phase = '?';        ///< `ph`; '?' when missing or longer than one character.
    char bindPoint = 0;      ///< `bp` ('e' for "e"), 0 when absent.
    char scopeChar = 0;      ///< First character of `s` on instants ('g', 'p', 't').
    bool hasTs : 1 = false, hasDur : 1 = false, tsFromString : 1 = false;
    bool flowIn : 1 = false, flowOut : 1 = false;

    bool hasArgs() const { return !args.empty(); }
};

static_assert(sizeof(TraceEvent) == 64, "the event table is a third of a re-import's memory: keep it small");

/// The rarer strings of an event (flows and async events scoped by name).
struct EventLinks {
    TextRef scope;  ///< `scope` (async and flow ids are scoped by it).
    TextRef bindId; ///< v2 `bind_id` as text.
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

/// The whole trace, read once. Owns the text the events point into.
class TraceDocument {
public:
    std::string label; ///< The file name, for errors and pointers.
    bool arrayForm = false;
    bool gzip = false;
    std::string pointerPrefix; ///< "/traceEvents" or "" (array form).
    std::vector<TraceEvent> events;
    std::vector<EventLinks> links; ///< TraceEvent::links - 1 indexes it.
    std::vector<LaneInfo> lanes;
    std::vector<ProcessInfo> processes;
    std::vector<std::string> leniencies;
    std::size_t unsupportedMetadata = 0;
    std::vector<std::uint32_t> otherMetadata; ///< `M` events other than names, labels and sort indexes.
    /// The top-level keys of the object form other than `traceEvents` (the first of duplicates).
    std::map<std::string, TextRef, std::less<>> topLevelKeys;

    std::string pointer(std::uint32_t eventIndex) const { return pointerPrefix + "/" + std::to_string(eventIndex); }
    /// `process / thread` as the producer names them (`pid N` / `tid N` when unnamed).
    std::string laneName(LaneId lane) const;
    std::string processName(ProcessId process) const;

    /// The text a TextRef names (valid as long as the document).
    std::string_view text(TextRef ref) const
    {
        const char* base = (ref.size & TextRef::kSide) != 0 ? sideText.data() : json.data();
        return { base + ref.offset, ref.size & ~TextRef::kSide };
    }
    std::string_view name(const TraceEvent& event) const { return text(event.name); }
    std::string_view cat(const TraceEvent& event) const { return text(event.cat); }
    std::string_view id(const TraceEvent& event) const { return text(event.id); }
    std::string_view scope(const TraceEvent& event) const
    {
        return event.links == 0 ? std::string_view() : text(links[event.links - 1].scope);
    }
    std::string_view bindId(const TraceEvent& event) const
    {
        return event.links == 0 ? std::string_view() : text(links[event.links - 1].bindId);
    }

    /// The event's `args` object, parsed now; a JSON null when the event has none (or not an
    /// object). The element, and every string read from it, is valid until the next call of
    /// args() or topLevel() on this document: copy what must outlive it. One thread at a time (the
    /// document parses with one parser of its own).
    simdjson::dom::element args(const TraceEvent& event) const { return parsed(event.args); }
    /// A top-level key of the object form, parsed now (a JSON null when absent or in array form).
    /// Valid until the next call of args() or topLevel(), like args().
    simdjson::dom::element topLevel(std::string_view key) const;
    /// The raw JSON text of a top-level key (empty when absent).
    std::string_view topLevelText(std::string_view key) const;
    /// A span of validated JSON text parsed now (a JSON null when empty); valid like args().
    simdjson::dom::element parsed(TextRef span) const;

    /// Frees the text and the event table, a recording's largest parts, once the mapper is done
    /// with them. Afterwards only `label`, pointer() and the lane and process tables are valid.
    void releaseEvents()
    {
        json = simdjson::padded_string();
        sideText = std::string();
        events = std::vector<TraceEvent>();
        links = std::vector<EventLinks>();
        topLevelKeys.clear();
        m_spanParser = simdjson::dom::parser();
    }

    // Storage the events point into.
    simdjson::padded_string json; ///< The text as read (repaired when it had to be).
    std::string sideText;         ///< Unescaped strings and printed ids (TextRef with kSide).

private:
    mutable simdjson::dom::parser m_spanParser; ///< Parses one span at a time, on request.
};

/// Parses `bytes` (already inflated) as a Chrome trace, repairing the leniencies (trailing commas,
/// an unclosed array, a byte order mark) only when the strict parse fails. Errors name `label`.
Result<std::unique_ptr<TraceDocument>> readChromeTrace(simdjson::padded_string bytes, const std::string& label);
/// What readInflatingTrace() read: the document (or the problem), or, when the whole text turned
/// out not to be a recording after all, the text.
using InflatingRead = std::variant<Result<std::unique_ptr<TraceDocument>>, simdjson::padded_string>;
/// readChromeTrace() of a gzip file's text while it is being inflated: its windows are read as
/// they arrive, beside the inflate. The caller guessed from the text's start that it is a
/// recording; `isRecording` judges the whole text once it is there, before anything else is.
/// nullopt when the inflate did not complete (the caller then inflates the bytes itself, which
/// words the problem).
std::optional<InflatingRead> readInflatingTrace(
    json::InflatingText& incoming, const std::string& label, const std::function<bool(std::string_view)>& isRecording);
/// readChromeTrace()'s windowed pass alone, in windows of about `windowBytes` (tests and the fuzzer
/// check it against the whole pass): nullopt when it declines (then readChromeTrace() reads the
/// text whole, and words any problem), else what readChromeTrace() gives for a strict trace.
std::optional<Result<std::unique_ptr<TraceDocument>>> readChromeTraceWindows(
    simdjson::padded_string bytes, const std::string& label, std::size_t windowBytes);
/// Every part of a document as text, strings resolved: two reads of one trace give the same
/// dump exactly when they read it the same (tests and the fuzzer compare the two passes).
std::string describeDocument(const TraceDocument& doc);

/// The number of bytes a trace's JSON text may have (TextRef offsets and sizes are 31 bits; such a
/// trace took 7 times as much memory with the DOM reader, 3 times now).
inline constexpr std::size_t kMaxTraceBytes = 0x7FFFFFFFU;

/// A string or number as a number ("12.5" included); nullopt for anything else.
std::optional<double> numberOf(simdjson::dom::element value);
/// A string field of an object element, empty when absent or not a string.
std::string_view stringField(simdjson::dom::element object, std::string_view key);
/// Exact decimal µs text → integer ns (rounded below the ns); nullopt when not a plain decimal.
std::optional<std::int64_t> microsTextToNanos(std::string_view text);

} // namespace lookahead::formats
