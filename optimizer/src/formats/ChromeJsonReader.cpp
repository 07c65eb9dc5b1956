// The Chrome Trace Event JSON reader (see TraceDocument.h): one streaming pass with simdjson
// On-Demand over the text, which is kept; nothing else of the JSON is.

#include "TraceDocument.h"

#include "JsonInput.h"
#include "TraceEventValues.h"

#include "lookahead/ChromeTraceImporter.h"

#include <cmath>
#include <unordered_map>

namespace lookahead::formats {

namespace {

    namespace od = simdjson::ondemand;
    using simdjson::error_code;
    using simdjson::SUCCESS;

    /// The pid, tid and rarer strings of the event being read.
    struct EventFields {
        std::string pid, tid;
        bool pidString = false;
        EventLinks links;
    };

    /// The last pid or tid read: its bytes in the text and what they gave.
    struct LanePart {
        std::string_view token;
        std::string text;
        bool fromString = false;
    };

    /// One pass: fills the document from the On-Demand document, stopping at the first simdjson
    /// error (the caller then falls back to the JSON layer's wording); a problem of meaning is
    /// kept in `problem` and the pass goes on, so that a later syntax error is reported first.
    class Reader {
    public:
        Reader(TraceDocument& doc, od::document& json)
            : m_doc(doc)
            , m_json(json)
            , m_base(doc.json.data())
        {
        }

        std::optional<Error> problem;

        error_code readRoot()
        {
            od::json_type type;
            if (auto error = m_json.type().get(type))
                return error;
            if (type == od::json_type::array) {
                m_doc.arrayForm = true;
                od::array events;
                if (auto error = m_json.get_array().get(events); error || (error = readEvents(events, 1)))
                    return error;
            } else if (type == od::json_type::object) {
                od::object root;
                if (auto error = m_json.get_object().get(root); error || (error = readObjectForm(root)))
                    return error;
            } else {
                // A scalar: read by the DOM parser (On-Demand reads scalar documents differently).
                simdjson::dom::parser scalar;
                if (auto error = scalar.parse(m_doc.json).error())
                    return error;
                noteProblem(Error {
                    m_doc.label, "/", "a Chrome trace is a JSON array of events or an object with \"traceEvents\"" });
                return SUCCESS;
            }
            const char* after = nullptr;
            return m_json.current_location().get(after) == SUCCESS ? simdjson::TRAILING_CONTENT : SUCCESS;
        }

    private:
        void noteProblem(Error error)
        {
            if (!problem)
                problem = std::move(error);
        }

        error_code readObjectForm(od::object root)
        {
            bool sawEvents = false;
            for (auto member : root) {
                od::field field;
                std::string_view key;
                if (auto error = std::move(member).get(field); error || (error = json::fieldKey(field, key)))
                    return error;
                od::value& value = field.value();
                if (key == "traceEvents" && !sawEvents) {
                    sawEvents = true;
                    if (auto error = readEventsKey(value))
                        return error;
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

        error_code readEventsKey(od::value& value)
        {
            od::json_type type;
            if (auto error = value.type().get(type))
                return error;
            if (type != od::json_type::array) {
                noteProblem(Error { m_doc.label, "/traceEvents", "must be an array" });
                return json::validate(value, 1);
            }
            m_doc.pointerPrefix = "/traceEvents";
            od::array events;
            if (auto error = value.get_array().get(events))
                return error;
            return readEvents(events, 2);
        }

        /// `depth`: the non-empty containers around each event.
        error_code readEvents(od::array events, std::size_t depth)
        {
            m_eventDepth = depth;
            // Room for an event per 48 bytes of text (ours take 105, Kineto's 270): the pages a
            // smaller trace leaves untouched cost address space, not memory, and a denser one
            // grows the table (a walk to count the events cost more than it saved).
            m_doc.events.reserve(m_doc.json.size() / 48 + 16);
            std::uint32_t index = 0;
            for (auto item : events) {
                if (auto error = item.error())
                    return error;
                od::value event = item.value_unsafe();
                if (auto error = readEvent(event, index++))
                    return error;
            }
            return SUCCESS;
        }

        error_code readEvent(od::value& json, std::uint32_t index)
        {
            TraceEvent event;
            event.index = index;
            od::json_type type;
            if (auto error = json.type().get(type))
                return error;
            if (type != od::json_type::object) {
                event.phase = 0; // not an object: the mappers drop it
                m_doc.events.push_back(event);
                return json::validate(json, m_eventDepth);
            }
            od::object object;
            if (auto error = json.get_object().get(object))
                return error;
            EventFields fields;
            for (auto member : object) {
                od::field field;
                std::string_view key;
                if (auto error = std::move(member).get(field); error || (error = json::fieldKey(field, key))
                    || (error = readField(classifyEventKey(key), field.value(), event, fields)))
                    return error;
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
            return SUCCESS;
        }

        error_code readField(EventKey key, od::value& value, TraceEvent& event, EventFields& fields)
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

        error_code readFlowFlag(EventKey key, od::value& value, TraceEvent& event) const
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

        error_code readStringField(EventKey key, od::value& value, TraceEvent& event, EventFields& fields)
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

        error_code readTime(EventKey key, od::value& value, TraceEvent& event)
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
        error_code readLanePart(od::value& value, LanePart& last, bool& fromString, std::string& out)
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
        error_code idText(od::value& value, std::size_t depth, bool& fromString, std::string& out)
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
        error_code idOf(od::value& value, std::size_t depth, TextRef& out)
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
                const simdjson::dom::element object = m_doc.parsed(span);
                for (auto [key, inner] : simdjson::dom::object(object)) {
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
        error_code readString(od::value& value, std::optional<std::string_view>& text) const
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
        error_code validatedSpan(od::value& value, std::size_t depth, TextRef& span)
        {
            // A scalar's token runs to the next structural character; a container ends where the
            // iterator stands once it has been walked.
            const std::string_view token = value.raw_json_token();
            const char* begin = token.data();
            const bool container = *begin == '{' || *begin == '[';
            if (auto error = json::validate(value, depth))
                return error;
            const char* end = begin + token.size();
            if (container && m_json.current_location().get(end) != SUCCESS)
                end = m_base + m_doc.json.size();
            while (end > begin && json::isSpace(end[-1]))
                --end;
            span = TextRef { std::uint32_t(begin - m_base), std::uint32_t(end - begin) };
            return SUCCESS;
        }

        bool inText(std::string_view text) const
        {
            return text.data() >= m_base && text.data() + text.size() <= m_base + m_doc.json.size();
        }
        /// `text` as a TextRef: a span of the JSON text, or a copy in the side storage.
        TextRef keep(std::string_view text)
        {
            if (inText(text))
                return TextRef { std::uint32_t(text.data() - m_base), std::uint32_t(text.size()) };
            if (m_doc.sideText.size() + text.size() > kMaxTraceBytes)
                return {}; // only ids printed longer than written (1e18) can get here: kept empty
            const TextRef ref { std::uint32_t(m_doc.sideText.size()), std::uint32_t(text.size()) | TextRef::kSide };
            m_doc.sideText.append(text);
            return ref;
        }
        LaneId laneOf(std::string pid, std::string tid)
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
        LaneId lookUpLane(std::string key, std::string pid, std::string tid)
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
        ProcessId processOf(std::string pid)
        {
            auto [it, inserted] = m_processes.try_emplace(pid, ProcessId(m_doc.processes.size()));
            if (inserted) {
                ProcessInfo process;
                process.pidText = std::move(pid);
                m_doc.processes.push_back(std::move(process));
            }
            return it->second;
        }
        void lenient(const char* what)
        {
            for (const std::string& known : m_doc.leniencies)
                if (known == what)
                    return;
            m_doc.leniencies.emplace_back(what);
        }

        void readMetadata(const TraceEvent& event)
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

        TraceDocument& m_doc;
        od::document& m_json;
        const char* m_base;
        std::size_t m_eventDepth = 1;
        std::unordered_map<std::string, LaneId> m_lanes;
        std::string m_lastLaneKey;
        std::optional<LaneId> m_lastLane;
        LanePart m_lastPid, m_lastTid;
        std::unordered_map<std::string, ProcessId> m_processes;
    };

    /// How a pass ended: the simdjson error that stopped it, else the first problem of meaning.
    struct PassOutcome {
        error_code syntax = SUCCESS;
        std::optional<Error> problem;
    };

    /// One pass over `doc.json`, from a clean document (`leniencies`: those of the repair).
    PassOutcome readPass(TraceDocument& doc, od::parser& parser, const std::vector<std::string>& leniencies)
    {
        doc.arrayForm = false;
        doc.pointerPrefix.clear();
        doc.events.clear();
        doc.links.clear();
        doc.lanes.clear();
        doc.processes.clear();
        doc.leniencies = leniencies;
        doc.unsupportedMetadata = 0;
        doc.otherMetadata.clear();
        doc.topLevelKeys.clear();
        doc.sideText.clear();
        if (doc.json.size() > kMaxTraceBytes)
            return { SUCCESS, Error { doc.label, "", "a trace of more than 2 GiB of JSON is not supported" } };
        // The nesting limit is json::validate()'s (the DOM parser's); On-Demand's own is set above it.
        if (auto error = parser.allocate(std::max<std::size_t>(doc.json.size(), 64), json::kMaxDepth + 2))
            return { error, std::nullopt };
        od::document json;
        if (auto error = parser.iterate(doc.json).get(json))
            return { error, std::nullopt };
        Reader reader(doc, json);
        if (auto error = reader.readRoot())
            return { error, std::nullopt };
        return { SUCCESS, std::move(reader.problem) };
    }

} // namespace

Result<std::unique_ptr<TraceDocument>> readChromeTrace(simdjson::padded_string bytes, const std::string& label)
{
    auto doc = std::make_unique<TraceDocument>();
    doc->label = label;
    doc->json = std::move(bytes);
    // The parser lives for the pass only: its structural index (4 bytes per token) is the
    // largest thing a pass needs besides the text.
    auto parser = std::make_unique<od::parser>();
    const std::string_view text(doc->json.data(), doc->json.size());
    const bool byteOrderMark = text.substr(0, 3) == "\xEF\xBB\xBF"; // strict JSON has none
    PassOutcome pass = byteOrderMark ? PassOutcome { simdjson::UTF8_ERROR, std::nullopt } : readPass(*doc, *parser, {});
    if (pass.syntax != SUCCESS) {
        // Real traces are messy: repair only when the strict read fails (the repair copies).
        const LenientJsonRepair repair = repairLenientJson(text);
        std::vector<std::string> leniencies;
        if (repair.skippedByteOrderMark)
            leniencies.emplace_back("a UTF-8 byte order mark was skipped");
        if (repair.trailingCommasRemoved)
            leniencies.push_back(
                std::to_string(repair.trailingCommasRemoved) + " trailing comma(s) before ] or } were removed");
        if (repair.closedTruncatedArray)
            leniencies.emplace_back("the event array was not closed (a cut recording); a ] was added");
        doc->json = simdjson::padded_string(repair.text);
        pass = readPass(*doc, *parser, leniencies);
        if (pass.syntax != SUCCESS) {
            // The JSON layer words the problem, or gives the text as nlohmann reads it.
            Result<std::string> canonical = json::explainRefusal(doc->json, label);
            if (!canonical.ok())
                return canonical.error();
            doc->json = simdjson::padded_string(canonical.value());
            pass = readPass(*doc, *parser, leniencies);
            if (pass.syntax != SUCCESS)
                return Error { label, "", std::string("invalid JSON: ") + simdjson::error_message(pass.syntax) };
        }
    }
    if (pass.problem)
        return *pass.problem;
    return doc;
}

} // namespace lookahead::formats
