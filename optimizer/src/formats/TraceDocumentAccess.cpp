// What a TraceDocument gives its mappers besides the events (see TraceDocument.h): the `args` of an
// event and the other top-level keys, parsed from their spans of the text when asked for, and the
// small readers of such values.

#include "TraceDocument.h"

#include <charconv>
#include <cmath>

namespace lookahead::formats {

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

simdjson::dom::element TraceDocument::parsed(TextRef span) const
{
    if (span.empty())
        return nullElement();
    // The span lies inside the padded text, so the bytes simdjson reads past its end are there.
    // The pass validated it: a failure here would be a bug of the reader, read as "absent".
    const std::string_view raw = text(span);
    simdjson::dom::element value;
    if (m_spanParser.parse(raw.data(), raw.size(), /*realloc_if_needed=*/false).get(value) != simdjson::SUCCESS)
        return nullElement();
    return value;
}

std::string_view TraceDocument::topLevelText(std::string_view key) const
{
    const auto found = topLevelKeys.find(key);
    return found == topLevelKeys.end() ? std::string_view() : text(found->second);
}

simdjson::dom::element TraceDocument::topLevel(std::string_view key) const
{
    const auto found = topLevelKeys.find(key);
    return found == topLevelKeys.end() ? nullElement() : parsed(found->second);
}

std::string describeDocument(const TraceDocument& doc)
{
    std::string out = doc.label + (doc.arrayForm ? " array" : " object") + " prefix=" + doc.pointerPrefix + "\n";
    auto line = [&out](std::initializer_list<std::string_view> parts) {
        for (std::string_view part : parts)
            out.append(part).push_back('|');
        out.push_back('\n');
    };
    auto number = [](auto value) { return std::to_string(value); };
    for (const TraceEvent& e : doc.events) {
        const std::string flags { e.phase, e.bindPoint, e.scopeChar, char('0' + e.hasTs), char('0' + e.hasDur),
            char('0' + e.tsFromString), char('0' + e.flowIn), char('0' + e.flowOut) };
        line({ "event", number(e.index), number(e.lane), number(e.tsNs), number(e.durNs), doc.name(e), doc.cat(e),
            doc.id(e), doc.text(e.args), doc.scope(e), doc.bindId(e), number(e.links != 0), flags });
    }
    for (const LaneInfo& lane : doc.lanes)
        line({ "lane", number(lane.process), lane.tidText, lane.threadName,
            lane.threadSort ? number(*lane.threadSort) : "-" });
    for (const ProcessInfo& process : doc.processes)
        line({ "process", process.pidText, process.name, process.labels, process.sort ? number(*process.sort) : "-" });
    for (const std::string& leniency : doc.leniencies)
        line({ "leniency", leniency });
    for (std::uint32_t index : doc.otherMetadata)
        line({ "metadata", number(index) });
    for (const auto& [key, span] : doc.topLevelKeys)
        line({ "key", key, doc.text(span) });
    line({ "unsupported metadata", number(doc.unsupportedMetadata) });
    return out;
}

} // namespace lookahead::formats
