// The Chrome Trace Event JSON reader (see TraceDocument.h).

#include "TraceDocument.h"

#include "JsonInput.h"

#include "lookahead/ChromeTraceImporter.h"

#include <charconv>
#include <cmath>
#include <unordered_map>

namespace lookahead::formats {

namespace {

    using simdjson::dom::element;
    using simdjson::dom::element_type;

    /// A pid or tid as text: integers in decimal, strings as they are, absent as "".
    std::string idText(element value, bool& fromString)
    {
        switch (value.type()) {
        case element_type::INT64:
            return std::to_string(std::int64_t(value));
        case element_type::UINT64:
            return std::to_string(std::uint64_t(value));
        case element_type::DOUBLE: {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%g", double(value));
            return buffer;
        }
        case element_type::STRING:
            fromString = true;
            return std::string(std::string_view(value));
        case element_type::NULL_VALUE:
            return {};
        default:
            return simdjson::minify(value);
        }
    }

    /// µs (a number or a decimal string) → ns; nullopt when not a finite number in range.
    std::optional<std::int64_t> micros(element value, bool& fromString)
    {
        switch (value.type()) {
        case element_type::INT64: {
            const std::int64_t v = value;
            if (v > INT64_MAX / 1000 || v < INT64_MIN / 1000)
                return std::nullopt;
            return v * 1000;
        }
        case element_type::UINT64: {
            const std::uint64_t v = value;
            if (v > std::uint64_t(INT64_MAX / 1000))
                return std::nullopt;
            return std::int64_t(v) * 1000;
        }
        case element_type::DOUBLE: {
            const double v = double(value) * 1000.0;
            if (!std::isfinite(v) || std::fabs(v) > 9.0e18)
                return std::nullopt;
            return std::llround(v);
        }
        case element_type::STRING:
            fromString = true;
            return microsTextToNanos(std::string_view(value));
        default:
            return std::nullopt;
        }
    }

    class Reader {
    public:
        explicit Reader(TraceDocument& doc)
            : m_doc(doc)
        {
        }

        void readEvents(simdjson::dom::array events)
        {
            m_doc.events.reserve(events.size());
            std::uint32_t index = 0;
            for (element event : events)
                readEvent(event, index++);
        }

    private:
        LaneId laneOf(std::string pid, std::string tid)
        {
            std::string key = pid;
            key += '\x1f';
            key += tid;
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
        std::string_view keepText(std::string text)
        {
            m_doc.idTexts.push_back(std::move(text));
            return m_doc.idTexts.back();
        }
        std::string_view idOf(element value)
        {
            if (value.is_string())
                return std::string_view(value);
            if (value.is_object()) {
                // id2: {"local": ...} or {"global": ...}
                for (auto [key, inner] : simdjson::dom::object(value)) {
                    bool ignored = false;
                    return keepText(std::string(key) + ":" + idText(inner, ignored));
                }
                return {};
            }
            bool ignored = false;
            return keepText(idText(value, ignored));
        }

        void readMetadata(TraceEvent& event, element json, LaneId lane)
        {
            const element args = event.args;
            ProcessInfo& process = m_doc.processes[m_doc.lanes[lane].process];
            auto sortIndex = [&]() -> std::optional<double> {
                element value;
                if (!event.hasArgs || args["sort_index"].get(value) != simdjson::SUCCESS)
                    return std::nullopt;
                if (value.is_string())
                    lenient("sort indexes given as strings were read as numbers");
                return numberOf(value);
            };
            (void)json;
            if (event.name == "process_name" && event.hasArgs)
                process.name = std::string(stringField(args, "name"));
            else if (event.name == "process_labels" && event.hasArgs)
                process.labels = std::string(stringField(args, "labels"));
            else if (event.name == "thread_name" && event.hasArgs)
                m_doc.lanes[lane].threadName = std::string(stringField(args, "name"));
            else if (event.name == "process_sort_index")
                process.sort = sortIndex();
            else if (event.name == "thread_sort_index")
                m_doc.lanes[lane].threadSort = sortIndex();
            else
                m_doc.otherMetadata.push_back(event.index);
        }

        void readEvent(element json, std::uint32_t index)
        {
            TraceEvent event;
            event.index = index;
            if (!json.is_object()) {
                event.phase = 0; // not an object: the mappers drop it
                m_doc.events.push_back(event);
                return;
            }
            const simdjson::dom::object object(json);
            bool pidString = false;
            std::string pid, tid;
            element value;
            for (auto [key, field] : object) {
                if (key == "ph") {
                    if (field.is_string()) {
                        const std::string_view ph(field);
                        event.phase = ph.size() == 1 ? ph[0] : '?';
                    }
                } else if (key == "name") {
                    if (field.is_string())
                        event.name = std::string_view(field);
                } else if (key == "cat") {
                    if (field.is_string())
                        event.cat = std::string_view(field);
                } else if (key == "pid") {
                    pid = idText(field, pidString);
                } else if (key == "tid") {
                    tid = idText(field, pidString);
                } else if (key == "ts") {
                    if (auto ns = micros(field, event.tsFromString)) {
                        event.tsNs = *ns;
                        event.hasTs = true;
                    }
                } else if (key == "dur") {
                    bool fromString = false;
                    if (auto ns = micros(field, fromString)) {
                        event.durNs = *ns;
                        event.hasDur = true;
                        event.tsFromString = event.tsFromString || fromString;
                    }
                } else if (key == "args") {
                    if (field.is_object()) {
                        event.args = field;
                        event.hasArgs = true;
                    }
                } else if (key == "id" || key == "id2") {
                    if (event.id.empty())
                        event.id = idOf(field);
                } else if (key == "bind_id") {
                    event.bindId = idOf(field);
                } else if (key == "scope") {
                    if (field.is_string())
                        event.scope = std::string_view(field);
                } else if (key == "bp") {
                    if (field.is_string() && std::string_view(field) == "e")
                        event.bindPoint = 'e';
                } else if (key == "s") {
                    if (field.is_string() && !std::string_view(field).empty())
                        event.scopeChar = std::string_view(field)[0];
                } else if (key == "flow_in") {
                    event.flowIn = field.is_bool() && bool(field);
                } else if (key == "flow_out") {
                    event.flowOut = field.is_bool() && bool(field);
                }
            }
            if (pidString)
                lenient("pid or tid given as strings were used as names");
            if (event.tsFromString)
                lenient("timestamps given as strings were read as exact decimal numbers");
            event.lane = laneOf(std::move(pid), std::move(tid));
            if (event.phase == 'M')
                readMetadata(event, json, event.lane);
            m_doc.events.push_back(event);
        }

        TraceDocument& m_doc;
        std::unordered_map<std::string, LaneId> m_lanes;
        std::unordered_map<std::string, ProcessId> m_processes;
    };

} // namespace

std::optional<std::int64_t> microsTextToNanos(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ')
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        negative = text[i++] == '-';
    std::int64_t whole = 0;
    std::size_t digits = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
        if (whole > (INT64_MAX - 9) / 10)
            return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
    }
    std::int64_t fraction = 0; // in ns
    int fractionDigits = 0;
    bool roundUp = false;
    if (i < text.size() && text[i] == '.') {
        for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
            if (fractionDigits < 3) {
                fraction = fraction * 10 + (text[i] - '0');
                ++fractionDigits;
            } else if (fractionDigits == 3) {
                roundUp = text[i] >= '5';
                ++fractionDigits;
            }
        }
    }
    if (digits == 0 || i != text.size()) {
        // Exponents and anything else: through a double (still a number written as a string).
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || std::fabs(value) > 9.0e15)
            return std::nullopt;
        return std::llround(value * 1000.0);
    }
    for (int d = std::min(fractionDigits, 3); d < 3; ++d)
        fraction *= 10;
    if (whole > (INT64_MAX - 1000) / 1000)
        return std::nullopt;
    const std::int64_t ns = whole * 1000 + fraction + (roundUp ? 1 : 0);
    return negative ? -ns : ns;
}

simdjson::dom::element nullElement()
{
    static const simdjson::padded_string text("null", 4);
    static simdjson::dom::parser parser;
    static const simdjson::dom::element null = parser.parse(text).value();
    return null;
}

std::optional<double> numberOf(simdjson::dom::element value)
{
    if (value.is_number()) {
        const double v = double(value);
        return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
    }
    if (value.is_string()) {
        const std::string_view text(value);
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
            return std::nullopt;
        return v;
    }
    return std::nullopt;
}

std::string_view stringField(simdjson::dom::element object, std::string_view key)
{
    simdjson::dom::element value;
    if (!object.is_object() || object[key].get(value) != simdjson::SUCCESS || !value.is_string())
        return {};
    return std::string_view(value);
}

std::string TraceDocument::processName(ProcessId process) const
{
    const ProcessInfo& info = processes[process];
    return info.name.empty() ? "pid " + info.pidText : info.name;
}

std::string TraceDocument::laneName(LaneId lane) const
{
    const LaneInfo& info = lanes[lane];
    return processName(info.process) + " / " + (info.threadName.empty() ? "tid " + info.tidText : info.threadName);
}

simdjson::dom::element TraceDocument::topLevel(std::string_view key) const
{
    simdjson::dom::element value;
    if (arrayForm || !root.is_object() || root[key].get(value) != simdjson::SUCCESS)
        return nullElement();
    return value;
}

Result<std::unique_ptr<TraceDocument>> readChromeTrace(simdjson::padded_string bytes, const std::string& label)
{
    auto doc = std::make_unique<TraceDocument>();
    doc->label = label;
    doc->text = std::move(bytes);
    if (doc->parser.parse(doc->text).get(doc->root) != simdjson::SUCCESS) {
        // Real traces are messy: repair only when the strict parse fails (the repair copies).
        const LenientJsonRepair repair = repairLenientJson(std::string_view(doc->text.data(), doc->text.size()));
        if (repair.skippedByteOrderMark)
            doc->leniencies.emplace_back("a UTF-8 byte order mark was skipped");
        if (repair.trailingCommasRemoved)
            doc->leniencies.push_back(
                std::to_string(repair.trailingCommasRemoved) + " trailing comma(s) before ] or } were removed");
        if (repair.closedTruncatedArray)
            doc->leniencies.emplace_back("the event array was not closed (a cut recording); a ] was added");
        doc->text = simdjson::padded_string(repair.text);
        Result<simdjson::dom::element> root = json::parseDocument(doc->parser, doc->text, label);
        if (!root.ok())
            return root.error();
        doc->root = root.value();
    }
    simdjson::dom::array events;
    if (doc->root.is_array()) {
        doc->arrayForm = true;
        events = doc->root;
    } else if (doc->root.is_object()) {
        simdjson::dom::element list;
        if (doc->root["traceEvents"].get(list) != simdjson::SUCCESS)
            return Error { label, "/traceEvents", "required key is missing (not a Chrome trace)" };
        if (!list.is_array())
            return Error { label, "/traceEvents", "must be an array" };
        events = list;
        doc->pointerPrefix = "/traceEvents";
    } else {
        return Error { label, "/", "a Chrome trace is a JSON array of events or an object with \"traceEvents\"" };
    }
    Reader reader(*doc);
    reader.readEvents(events);
    return doc;
}

} // namespace lookahead::formats
