#pragma once
// The reader of one Chrome trace pass (ChromeJsonReader.cpp): turns an On-Demand document into
// the TraceDocument's events, lanes and keys. A pass reads either the whole text (readRoot) or one
// window of it at a time (TraceWindows, ChromeJsonReader.cpp): the first window's root up to its
// events, then windows of events only, then the root's keys after the events.

#include "TraceDocument.h"
#include "TraceEventValues.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace lookahead::formats {

class ChromeEventReader {
public:
    ChromeEventReader(TraceDocument& doc, simdjson::ondemand::document& json);

    /// A problem of meaning, the first one; the pass goes on so that a later syntax error (the
    /// simdjson error a read returns) is reported first.
    std::optional<Error> problem;

    /// The whole document: the root, its events, nothing after it.
    simdjson::error_code readRoot();

    // --- Windows (TraceWindows). A window's document is a piece of the text with its brackets
    // closed by the walk: an event it cuts fails to read, so a window reads its events up to the
    // first that fails, and the walk starts the next window there. ----------------------------

    /// Switches to windows: the document is the text's first window (the root up to and into its
    /// events). Reads as readRoot() does, but stops after the events.
    simdjson::error_code readFirstWindow();
    /// Makes `json` the document of the next window: an array of events whose first is the
    /// (`arrayForm ? 1 : 2`-deep) event array's next event.
    void nextWindow(simdjson::ondemand::document& json);
    /// The events of a window made by nextWindow().
    simdjson::error_code readEventWindow();
    /// The rest of the root object from `json`: the text from the comma after the event array
    /// made a `{` or, `withEvents`, from the comma before the last events, the bytes up to it
    /// made `{"":[` so that its first key holds them. Nothing may follow the root.
    simdjson::error_code readRootTail(simdjson::ondemand::document& json, bool withEvents);
    /// Whether the event array has begun (the first window reached it).
    bool eventsBegun() const { return m_eventsBegun; }
    /// Events read so far (in all windows).
    std::uint32_t eventsRead() const { return m_index; }
    /// Offset in the text of the token after the last event read, or of the array's `[` when
    /// none was.
    std::size_t afterLastEvent() const { return m_afterLastEvent; }

private:
    using error_code = simdjson::error_code;

    /// The pid, tid and rarer strings of the event being read.
    struct EventFields {
        std::string pid, tid;
        bool pidString = false;
        bool object = true; ///< False: the event is not a JSON object (it is kept, phase 0).
        EventLinks links;
    };
    /// The last pid or tid read: its bytes in the text and what they gave.
    struct LanePart {
        std::string_view token;
        std::string text;
        bool fromString = false;
    };

    error_code readRootValue();
    void noteProblem(Error error);
    /// `sawEvents`: the events were read (a later `traceEvents` is a key like any other);
    /// `eventsFirst`: the first key's value is the rest of the event array.
    error_code readObjectForm(simdjson::ondemand::object root, bool sawEvents, bool eventsFirst = false);
    error_code readEventsKey(simdjson::ondemand::value& value);
    error_code readEvents(simdjson::ondemand::array events, std::size_t depth);
    error_code readEvent(simdjson::ondemand::value& json, TraceEvent& event, EventFields& fields);
    void commit(TraceEvent& event, EventFields& fields);
    error_code readField(EventKey key, simdjson::ondemand::value& value, TraceEvent& event, EventFields& fields);
    error_code readFlowFlag(EventKey key, simdjson::ondemand::value& value, TraceEvent& event) const;
    error_code readStringField(EventKey key, simdjson::ondemand::value& value, TraceEvent& event, EventFields& fields);
    error_code readTime(EventKey key, simdjson::ondemand::value& value, TraceEvent& event);
    error_code readLanePart(simdjson::ondemand::value& value, LanePart& last, bool& fromString, std::string& out);
    error_code idText(simdjson::ondemand::value& value, std::size_t depth, bool& fromString, std::string& out);
    error_code idOf(simdjson::ondemand::value& value, std::size_t depth, TextRef& out);
    error_code readString(simdjson::ondemand::value& value, std::optional<std::string_view>& text) const;
    error_code validatedSpan(simdjson::ondemand::value& value, std::size_t depth, TextRef& span);
    bool inText(std::string_view text) const;
    TextRef keep(std::string_view text);
    LaneId laneOf(std::string pid, std::string tid);
    LaneId lookUpLane(std::string key, std::string pid, std::string tid);
    ProcessId processOf(std::string pid);
    void lenient(const char* what);
    void readMetadata(const TraceEvent& event);
    std::size_t offsetOf(const char* at) const { return std::size_t(at - m_base); }

    TraceDocument& m_doc;
    simdjson::ondemand::document* m_json;
    const char* m_base;
    bool m_windowed = false;
    bool m_eventsBegun = false;
    std::uint32_t m_index = 0; ///< The next event's index in the event array.
    std::size_t m_afterLastEvent = 0;
    std::size_t m_eventDepth = 1;
    std::unordered_map<std::string, LaneId> m_lanes;
    std::string m_lastLaneKey;
    std::optional<LaneId> m_lastLane;
    LanePart m_lastPid, m_lastTid;
    std::unordered_map<std::string, ProcessId> m_processes;
};

} // namespace lookahead::formats
