// The reader of one Chrome trace pass (ChromeEventReader.h): every event into a compact
// TraceEvent, every value validated, strings kept as spans of the text.

#include "ChromeEventReader.h"

#include "JsonInput.h"

#include "lookahead/ChromeTraceImporter.h"

#include <cmath>

namespace lookahead::formats {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

ChromeEventReader::ChromeEventReader(TraceDocument& doc, od::document& json)
    : m_doc(doc)
    , m_json(&json)
    , m_base(doc.json.data())
{
}

simdjson::error_code ChromeEventReader::readRoot()
{
    od::json_type type;
    if (auto error = m_json->type().get(type); error || (error = readRootValue()))
        return error;
    if (type != od::json_type::array && type != od::json_type::object)
        return SUCCESS; // a scalar, read whole by the DOM parser
    const char* after = nullptr;
    return m_json->current_location().get(after) == SUCCESS ? simdjson::TRAILING_CONTENT : SUCCESS;
}

simdjson::error_code ChromeEventReader::readFirstWindow()
{
    m_windowed = true;
    return readRootValue();
}

void ChromeEventReader::nextWindow(od::document& json)
{
    m_json = &json;
    m_lastPid = m_lastTid = {}; // their tokens may lie where the walk writes brackets
}

simdjson::error_code ChromeEventReader::readEventWindow()
{
    od::array events;
    if (auto error = m_json->get_array().get(events))
        return error;
    return readEvents(events, m_doc.arrayForm ? 1 : 2);
}

simdjson::error_code ChromeEventReader::readRootTail(od::document& json, bool withEvents)
{
    nextWindow(json);
    od::object root;
    if (auto error = m_json->get_object().get(root); error || (error = readObjectForm(root, true, withEvents)))
        return error;
    const char* after = nullptr;
    return m_json->current_location().get(after) == SUCCESS ? simdjson::TRAILING_CONTENT : SUCCESS;
}

simdjson::error_code ChromeEventReader::readRootValue()
{
    od::json_type type;
    if (auto error = m_json->type().get(type))
        return error;
    if (type == od::json_type::array) {
        m_doc.arrayForm = true;
        std::string_view open;
        od::array events;
        if (auto error = m_json->raw_json_token().get(open))
            return error;
        m_afterLastEvent = offsetOf(open.data()); // the `[`
        if (auto error = m_json->get_array().get(events))
            return error;
        return readEvents(events, 1);
    }
    if (type == od::json_type::object) {
        od::object root;
        if (auto error = m_json->get_object().get(root))
            return error;
        return readObjectForm(root, false);
    }
    // A scalar: read by the DOM parser (On-Demand reads scalar documents differently).
    simdjson::dom::parser scalar;
    if (auto error = scalar.parse(m_doc.json).error())
        return error;
    noteProblem(
        Error { m_doc.label, "/", "a Chrome trace is a JSON array of events or an object with \"traceEvents\"" });
    return SUCCESS;
}

void ChromeEventReader::noteProblem(Error error)
{
    if (!problem)
        problem = std::move(error);
}

simdjson::error_code ChromeEventReader::readObjectForm(od::object root, bool sawEvents, bool eventsFirst)
{
    for (auto member : root) {
        od::field field;
        std::string_view key;
        if (auto error = std::move(member).get(field); error || (error = json::fieldKey(field, key)))
            return error;
        od::value& value = field.value();
        if (eventsFirst) {
            eventsFirst = false;
            od::array events;
            if (auto error = value.get_array().get(events); error || (error = readEvents(events, 2)))
                return error;
        } else if (key == "traceEvents" && !sawEvents) {
            sawEvents = true;
            if (auto error = readEventsKey(value); error || m_windowed)
                return error; // a window ends in the events: the walk reads the rest
        } else {
            TextRef span;
            if (auto error = validatedSpan(value, 1, span))
                return error;
            m_doc.topLevelKeys.try_emplace(std::string(key), span); // the first one, as the DOM
        }
    }
    if (!sawEvents)
        noteProblem(Error { m_doc.label, "/traceEvents", "required key is missing (not a Chrome trace)" });
    return SUCCESS;
}

simdjson::error_code ChromeEventReader::readEventsKey(od::value& value)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::array) {
        noteProblem(Error { m_doc.label, "/traceEvents", "must be an array" });
        return json::validate(value, 1);
    }
    m_doc.pointerPrefix = "/traceEvents";
    m_afterLastEvent = offsetOf(value.raw_json_token().data()); // the `[`
    od::array events;
    if (auto error = value.get_array().get(events))
        return error;
    return readEvents(events, 2);
}

/// `depth`: the non-empty containers around each event.
simdjson::error_code ChromeEventReader::readEvents(od::array events, std::size_t depth)
{
    m_eventDepth = depth;
    if (!m_eventsBegun) {
        m_eventsBegun = true;
        // Room for an event per 48 bytes of text (ours take 105, Kineto's 270): the pages a
        // smaller trace leaves untouched cost address space, not memory, and a denser one
        // grows the table (a walk to count the events cost more than it saved).
        m_doc.events.reserve(m_doc.json.size() / 48 + 16);
    }
    for (auto item : events) {
        TraceEvent event;
        event.index = m_index;
        EventFields fields;
        const std::size_t sideText = m_doc.sideText.size();
        error_code error = item.error();
        if (!error) {
            od::value json = item.value_unsafe();
            error = readEvent(json, event, fields);
        }
        // A window's walk goes on from the token after its last event: one it cannot locate is
        // not taken either.
        const char* next = nullptr;
        if (!error && m_windowed)
            error = m_json->current_location().get(next);
        if (error) {
            m_doc.sideText.resize(sideText); // an event a window cuts is read again in the next
            return error;
        }
        commit(event, fields);
        ++m_index;
        if (next)
            m_afterLastEvent = offsetOf(next);
    }
    return SUCCESS;
}

/// Reads an event into `event` and `fields`, which commit() enters in the document: a read that
/// fails leaves nothing behind but strings in the side text.
simdjson::error_code ChromeEventReader::readEvent(od::value& json, TraceEvent& event, EventFields& fields)
{
    od::json_type type;
    if (auto error = json.type().get(type))
        return error;
    if (type != od::json_type::object) {
        event.phase = 0; // not an object: the mappers drop it
        fields.object = false;
        return json::validate(json, m_eventDepth);
    }
    od::object object;
    if (auto error = json.get_object().get(object))
        return error;
    for (auto member : object) {
        od::field field;
        std::string_view key;
        if (auto error = std::move(member).get(field); error || (error = json::fieldKey(field, key))
            || (error = readField(classifyEventKey(key), field.value(), event, fields)))
            return error;
    }
    return SUCCESS;
}

void ChromeEventReader::commit(TraceEvent& event, EventFields& fields)
{
    if (!fields.object) {
        m_doc.events.push_back(event);
        return;
    }
    if (fields.pidString)
        lenient("pid or tid given as strings were used as names");
    if (event.tsFromString)
        lenient("timestamps given as strings were read as exact decimal numbers");
    if (!fields.links.scope.empty() || !fields.links.bindId.empty()) {
        m_doc.links.push_back(fields.links);
        event.links = std::uint32_t(m_doc.links.size());
    }
    event.lane = laneOf(std::move(fields.pid), std::move(fields.tid));
    if (event.phase == 'M')
        readMetadata(event);
    m_doc.events.push_back(event);
}

simdjson::error_code ChromeEventReader::readField(
    EventKey key, od::value& value, TraceEvent& event, EventFields& fields)
{
    const std::size_t depth = m_eventDepth + 1;
    switch (key) {
    case EventKey::Ph:
    case EventKey::Name:
    case EventKey::Cat:
    case EventKey::Scope:
    case EventKey::Bp:
    case EventKey::S:
        return readStringField(key, value, event, fields);
    case EventKey::Pid:
        return readLanePart(value, m_lastPid, fields.pidString, fields.pid);
    case EventKey::Tid:
        return readLanePart(value, m_lastTid, fields.pidString, fields.tid);
    case EventKey::Ts:
    case EventKey::Dur:
        return readTime(key, value, event);
    case EventKey::Args: {
        od::json_type type;
        if (auto error = value.type().get(type))
            return error;
        if (type != od::json_type::object)
            return json::validate(value, depth);
        return validatedSpan(value, depth, event.args);
    }
    case EventKey::Id:
    case EventKey::Id2:
        if (!event.id.empty())
            return json::validate(value, depth);
        return idOf(value, depth, event.id);
    case EventKey::BindId:
        return idOf(value, depth, fields.links.bindId);
    case EventKey::FlowIn:
    case EventKey::FlowOut:
        return readFlowFlag(key, value, event);
    case EventKey::Other:
        break;
    }
    return json::validate(value, depth);
}

simdjson::error_code ChromeEventReader::readFlowFlag(EventKey key, od::value& value, TraceEvent& event) const
{
    od::json_type type;
    bool flag = false;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::boolean) {
        if (auto error = json::validate(value, m_eventDepth + 1))
            return error;
    } else if (auto error = value.get_bool().get(flag)) {
        return error;
    }
    if (key == EventKey::FlowIn)
        event.flowIn = flag;
    else
        event.flowOut = flag;
    return SUCCESS;
}

simdjson::error_code ChromeEventReader::readStringField(
    EventKey key, od::value& value, TraceEvent& event, EventFields& fields)
{
    std::optional<std::string_view> text;
    if (auto error = readString(value, text); error || !text)
        return error;
    switch (key) {
    case EventKey::Ph:
        event.phase = text->size() == 1 ? (*text)[0] : '?';
        break;
    case EventKey::Name:
        event.name = keep(*text);
        break;
    case EventKey::Cat:
        event.cat = keep(*text);
        break;
    case EventKey::Scope:
        fields.links.scope = keep(*text);
        break;
    case EventKey::Bp:
        if (*text == "e")
            event.bindPoint = 'e';
        break;
    default: // EventKey::S
        if (!text->empty())
            event.scopeChar = (*text)[0];
        break;
    }
    return SUCCESS;
}

simdjson::error_code ChromeEventReader::readTime(EventKey key, od::value& value, TraceEvent& event)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    std::optional<std::int64_t> ns;
    bool fromString = false;
    if (type == od::json_type::number) {
        od::number number;
        if (auto error = value.get_number().get(number))
            return error;
        ns = microsToNanos(number);
    } else if (type == od::json_type::string) {
        std::optional<std::string_view> text;
        if (auto error = readString(value, text))
            return error;
        fromString = true;
        ns = microsTextToNanos(*text);
    } else if (auto error = json::validate(value, m_eventDepth + 1)) {
        return error;
    }
    if (key == EventKey::Ts) {
        event.tsFromString = event.tsFromString || fromString;
        if (ns) {
            event.tsNs = *ns;
            event.hasTs = true;
        }
    } else if (ns) {
        event.durNs = *ns;
        event.hasDur = true;
        event.tsFromString = event.tsFromString || fromString;
    }
    return SUCCESS;
}

/// A pid or tid, read only when its bytes differ from the last event's (a scalar written
/// the same way is the same value, and that one was validated): 1.7 M events, few lanes.
simdjson::error_code ChromeEventReader::readLanePart(
    od::value& value, LanePart& last, bool& fromString, std::string& out)
{
    const std::string_view token = value.raw_json_token();
    const bool scalar = !token.empty() && token[0] != '{' && token[0] != '[';
    if (scalar && !last.token.empty() && token == last.token) {
        out = last.text;
        fromString = fromString || last.fromString;
        return SUCCESS; // not consumed: the object's iterator skips it
    }
    bool isString = false;
    if (auto error = idText(value, m_eventDepth + 1, isString, out))
        return error;
    fromString = fromString || isString;
    last = scalar ? LanePart { token, out, isString } : LanePart {};
    return SUCCESS;
}

/// A pid or tid as text: integers in decimal, strings as they are, absent or null as "".
simdjson::error_code ChromeEventReader::idText(od::value& value, std::size_t depth, bool& fromString, std::string& out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type == od::json_type::number) {
        od::number number;
        if (auto error = value.get_number().get(number))
            return error;
        out = numberText(number);
    } else if (type == od::json_type::string) {
        std::optional<std::string_view> text;
        if (auto error = readString(value, text))
            return error;
        fromString = true;
        out = std::string(*text);
    } else if (type == od::json_type::null) {
        out.clear();
        return json::validate(value, depth);
    } else {
        TextRef span;
        if (auto error = validatedSpan(value, depth, span))
            return error;
        out = idTextOf(m_doc.parsed(span));
    }
    return SUCCESS;
}

/// An `id`, `id2` or `bind_id` as text: strings as they are, `{"local": 5}` as "local:5".
simdjson::error_code ChromeEventReader::idOf(od::value& value, std::size_t depth, TextRef& out)
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type == od::json_type::string) {
        std::optional<std::string_view> text;
        if (auto error = readString(value, text))
            return error;
        out = keep(*text);
        return SUCCESS;
    }
    if (type == od::json_type::object) {
        TextRef span;
        if (auto error = validatedSpan(value, depth, span))
            return error;
        out = {};
        simdjson::dom::object object;
        if (m_doc.parsed(span).get_object().get(object) != SUCCESS)
            return simdjson::INCORRECT_TYPE; // validated above as an object: never seen
        for (auto [key, inner] : object) {
            out = keep(std::string(key) + ":" + idTextOf(inner));
            break;
        }
        return SUCCESS;
    }
    bool ignored = false;
    std::string text;
    if (auto error = idText(value, depth, ignored, text))
        return error;
    out = keep(text);
    return SUCCESS;
}

/// A string's text (nullopt, after validating it, for any other value). Without escapes
/// it points into the kept text; with escapes into the parser's buffer (copy it to keep it).
simdjson::error_code ChromeEventReader::readString(od::value& value, std::optional<std::string_view>& text) const
{
    od::json_type type;
    if (auto error = value.type().get(type))
        return error;
    if (type != od::json_type::string)
        return json::validate(value, m_eventDepth + 1);
    od::raw_json_string raw;
    if (auto error = value.get_raw_json_string().get(raw))
        return error;
    text = json::plainString(raw);
    if (text)
        return SUCCESS;
    std::string_view unescaped;
    if (auto error = value.get_string().get(unescaped))
        return error;
    text = unescaped;
    return SUCCESS;
}

/// Validates `value` and gives its span of the text.
simdjson::error_code ChromeEventReader::validatedSpan(od::value& value, std::size_t depth, TextRef& span)
{
    // A scalar's token runs to the next structural character; a container ends where the
    // iterator stands once it has been walked.
    const std::string_view token = value.raw_json_token();
    const char* begin = token.data();
    const bool container = *begin == '{' || *begin == '[';
    if (auto error = json::validate(value, depth))
        return error;
    // A container inside the root is followed by a token; none means a window's closing
    // brackets ended it (the window cut it), and the caller's event fails to read.
    const char* end = begin + token.size();
    if (container)
        if (auto error = m_json->current_location().get(end))
            return error;
    while (end > begin && json::isSpace(end[-1]))
        --end;
    span = TextRef { std::uint32_t(begin - m_base), std::uint32_t(end - begin) };
    return SUCCESS;
}

bool ChromeEventReader::inText(std::string_view text) const
{
    return text.data() >= m_base && text.data() + text.size() <= m_base + m_doc.json.size();
}
/// `text` as a TextRef: a span of the JSON text, or a copy in the side storage.
TextRef ChromeEventReader::keep(std::string_view text)
{
    if (inText(text))
        return TextRef { std::uint32_t(text.data() - m_base), std::uint32_t(text.size()) };
    if (m_doc.sideText.size() + text.size() > kMaxTraceBytes)
        return {}; // only ids printed longer than written (1e18) can get here: kept empty
    const TextRef ref { std::uint32_t(m_doc.sideText.size()), std::uint32_t(text.size()) | TextRef::kSide };
    m_doc.sideText.append(text);
    return ref;
}
LaneId ChromeEventReader::laneOf(std::string pid, std::string tid)
{
    std::string key = pid;
    key += '\x1f';
    key += tid;
    if (m_lastLane && key == m_lastLaneKey) // runs of events on one lane are the rule
        return *m_lastLane;
    m_lastLaneKey = key;
    m_lastLane = lookUpLane(std::move(key), std::move(pid), std::move(tid));
    return *m_lastLane;
}
LaneId ChromeEventReader::lookUpLane(std::string key, std::string pid, std::string tid)
{
    auto [it, inserted] = m_lanes.try_emplace(std::move(key), LaneId(m_doc.lanes.size()));
    if (inserted) {
        LaneInfo lane;
        lane.process = processOf(std::move(pid));
        lane.tidText = std::move(tid);
        m_doc.lanes.push_back(std::move(lane));
    }
    return it->second;
}
ProcessId ChromeEventReader::processOf(std::string pid)
{
    auto [it, inserted] = m_processes.try_emplace(pid, ProcessId(m_doc.processes.size()));
    if (inserted) {
        ProcessInfo process;
        process.pidText = std::move(pid);
        m_doc.processes.push_back(std::move(process));
    }
    return it->second;
}
void ChromeEventReader::lenient(const char* what)
{
    for (const std::string& known : m_doc.leniencies)
        if (known == what)
            return;
    m_doc.leniencies.emplace_back(what);
}

void ChromeEventReader::readMetadata(const TraceEvent& event)
{
    const simdjson::dom::element args = m_doc.args(event);
    const LaneId lane = event.lane;
    ProcessInfo& process = m_doc.processes[m_doc.lanes[lane].process];
    auto sortIndex = [&]() -> std::optional<double> {
        simdjson::dom::element value;
        if (!event.hasArgs() || args["sort_index"].get(value) != SUCCESS)
            return std::nullopt;
        if (value.is_string())
            lenient("sort indexes given as strings were read as numbers");
        return numberOf(value);
    };
    const std::string_view name = m_doc.name(event);
    if (name == "process_name" && event.hasArgs())
        process.name = std::string(stringField(args, "name"));
    else if (name == "process_labels" && event.hasArgs())
        process.labels = std::string(stringField(args, "labels"));
    else if (name == "thread_name" && event.hasArgs())
        m_doc.lanes[lane].threadName = std::string(stringField(args, "name"));
    else if (name == "process_sort_index")
        process.sort = sortIndex();
    else if (name == "thread_sort_index")
        m_doc.lanes[lane].threadSort = sortIndex();
    else
        m_doc.otherMetadata.push_back(event.index);
}

} // namespace lookahead::formats
