// The one input opener (see InputOpener.h): read once (gzip-aware), sniff in one place, load or import.

#include "lookahead/InputOpener.h"

#include "GzipText.h"
#include "JsonInput.h"
#include "LoaderPaths.h"
#include "RecordingImport.h"
#include "TraceDocument.h"

#include "lookahead/Loader.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace lookahead {

namespace {

    Result<OpenedInput> openedRecording(Result<ImportedTrace> imported)
    {
        if (!imported.ok())
            return imported.error();
        OpenedInput opened;
        opened.kind = OpenedInput::Kind::Recording;
        opened.graph = std::move(imported.value().graph);
        opened.summary = std::move(imported.value().summary);
        return opened;
    }

    Result<OpenedInput> openInflated(
        simdjson::padded_string text, bool gzip, const std::string& label, const ImportOptions& options)
    {
        const std::string_view view(text.data(), text.size());
        OpenedInput opened;
        if (sniffInput(view) == InputKind::TaskGraph) {
            Result<TaskGraph> graph = graphformat::parsePadded(text, label); // parseTaskGraph() would copy it
            if (!graph.ok())
                return graph.error();
            opened.graph = std::move(graph).value();
            return opened;
        }
        return openedRecording(importRecording(std::move(text), gzip, label, options));
    }

    /// A gzip file read while it is inflated on another thread (formats::readInflatingTrace):
    /// nullopt when that cannot be, and the caller inflates `gzip` whole; else `gzip` is freed
    /// once inflated.
    std::optional<Result<OpenedInput>> openWhileInflating(
        simdjson::padded_string& gzip, const std::string& label, const ImportOptions& options)
    {
        const std::unique_ptr<json::InflatingText> incoming
            = json::InflatingText::start(std::string_view(gzip.data(), gzip.size()));
        if (!incoming)
            return std::nullopt;
        // A guess from the text's start (a trace names its events early); the whole text is
        // judged again once it is there.
        const std::size_t head = std::min<std::size_t>(incoming->size(), std::size_t(64) << 10);
        if (!incoming->waitFor(head)
            || sniffInput(std::string_view(incoming->buffer().data(), head)) != InputKind::Recording) {
            if (!incoming->finish())
                return std::nullopt;
            return openInflated(std::move(incoming->buffer()), true, label, options);
        }
        std::optional<formats::InflatingRead> read = formats::readInflatingTrace(
            *incoming, label, [](std::string_view text) { return sniffInput(text) == InputKind::Recording; });
        if (!read)
            return std::nullopt;
        gzip = simdjson::padded_string(); // the mapper's and the builder's memory, now
        if (auto* text = std::get_if<simdjson::padded_string>(&*read))
            return openInflated(std::move(*text), true, label, options);
        auto& doc = std::get<Result<std::unique_ptr<formats::TraceDocument>>>(*read);
        if (!doc.ok())
            return Result<OpenedInput>(doc.error());
        return openedRecording(importRecording(std::move(doc).value(), true, label, options));
    }

    /// glibc's memmem (two-way, vectorised) instead of string_view::find, which stops at every
    /// quote of a recording that is not a task graph: a tenth of a 181 MB import's time.
    bool contains(std::string_view text, std::string_view needle)
    {
        return ::memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
    }

    /// The raw text of `value` (valid JSON: the reader validated it), or "" on error.
    std::string_view rawJsonOf(simdjson::ondemand::value value)
    {
        std::string_view raw;
        return json::rawJson(value, raw) == simdjson::SUCCESS ? raw : std::string_view();
    }

    /// The raw text of the value at `pointer`, or "" when absent.
    std::string_view rawJsonAt(
        simdjson::ondemand::parser& parser, const simdjson::padded_string& text, const std::string& pointer)
    {
        simdjson::ondemand::document document;
        simdjson::ondemand::value value;
        if (parser.iterate(text).get(document) != simdjson::SUCCESS
            || document.at_pointer(pointer).get(value) != simdjson::SUCCESS)
            return {};
        return rawJsonOf(value);
    }

    /// The raw text of every element of the event array, in one pass (a pointer lookup starts
    /// from the top each time: thousands of them would read the file thousands of times).
    std::vector<std::string_view> eventTexts(simdjson::ondemand::parser& parser, const formats::TraceDocument& doc)
    {
        std::vector<std::string_view> texts;
        simdjson::ondemand::document document;
        simdjson::ondemand::array events;
        if (parser.iterate(doc.json).get(document) != simdjson::SUCCESS)
            return texts;
        if (doc.arrayForm) {
            if (document.get_array().get(events) != simdjson::SUCCESS)
                return texts;
        } else if (document.find_field_unordered("traceEvents").get_array().get(events) != simdjson::SUCCESS) {
            return texts; // the first "traceEvents", as the reader reads it
        }
        texts.reserve(doc.events.size());
        for (auto item : events) {
            if (item.error() != simdjson::SUCCESS)
                break;
            texts.push_back(rawJsonOf(item.value_unsafe()));
        }
        return texts;
    }

    /// The event index a pointer names (`/traceEvents/12` or `/12`), if it is that plain.
    std::optional<std::size_t> eventIndexOf(const formats::TraceDocument& doc, std::string_view pointer)
    {
        const std::string prefix = doc.pointerPrefix + "/";
        if (pointer.substr(0, prefix.size()) != prefix || pointer.size() == prefix.size())
            return std::nullopt;
        pointer.remove_prefix(prefix.size());
        if (pointer.size() > 1 && pointer[0] == '0')
            return std::nullopt;
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(pointer.data(), pointer.data() + pointer.size(), index);
        if (ec != std::errc() || end != pointer.data() + pointer.size())
            return std::nullopt;
        return index;
    }

} // namespace

InputKind sniffInput(std::string_view text)
{
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    if (i < text.size() && text[i] == '[')
        return InputKind::Recording;
    const bool events = contains(text, "\"traceEvents\"");
    return events && !contains(text, "\"lookahead-taskgraph\"") ? InputKind::Recording : InputKind::TaskGraph;
}

namespace {
    /// A plain file whose start names the task-graph format is a task graph whatever follows
    /// (sniffInput() gives the same for its whole text): the loader reads it from the file, a
    /// large one in pieces rather than whole.
    bool startsAsTaskGraph(const std::string& path)
    {
        const json::InputFile file = json::openInputFileHandle(path);
        if (!file)
            return false;
        std::string head(std::size_t(64) << 10, '\0');
        head.resize(std::fread(head.data(), 1, head.size(), file.get()));
        return !json::isGzip(head) && sniffInput(head) == InputKind::TaskGraph
            && contains(head, "\"lookahead-taskgraph\"");
    }
} // namespace

Result<OpenedInput> openInputFile(const std::string& path, const ImportOptions& options)
{
    if (startsAsTaskGraph(path)) {
        Result<TaskGraph> graph = loadTaskGraphFile(path);
        if (!graph.ok())
            return graph.error();
        OpenedInput opened;
        opened.graph = std::move(graph).value();
        return opened;
    }
    Result<simdjson::padded_string> bytes = json::readFileBytes(path);
    if (!bytes.ok())
        return bytes.error();
    const std::string_view raw(bytes.value().data(), bytes.value().size());
    if (!json::isGzip(raw))
        return openInflated(std::move(bytes).value(), false, path, options);
    if (std::optional<Result<OpenedInput>> opened = openWhileInflating(bytes.value(), path, options))
        return std::move(*opened);
    Result<simdjson::padded_string> text = json::inflateIfGzip(raw, path);
    if (!text.ok())
        return text.error();
    return openInflated(std::move(text).value(), true, path, options);
}

Result<OpenedInput> openInputBytes(std::string_view bytes, const std::string& label, const ImportOptions& options)
{
    Result<simdjson::padded_string> text = json::inflateIfGzip(bytes, label);
    if (!text.ok())
        return text.error();
    return openInflated(std::move(text).value(), json::isGzip(bytes), label, options);
}

Result<std::vector<nlohmann::json>> readSourceEvents(
    const std::string& recordingPath, const std::vector<std::string>& pointers)
{
    Result<simdjson::padded_string> text = json::readInputFile(recordingPath);
    if (!text.ok())
        return text.error();
    auto doc = formats::readChromeTrace(std::move(text).value(), recordingPath);
    if (!doc.ok())
        return doc.error();
    // The document keeps the (repaired) text, not a DOM: each event is found again by its pointer.
    const simdjson::padded_string& kept = doc.value()->json;
    simdjson::ondemand::parser parser;
    std::vector<nlohmann::json> events;
    events.reserve(pointers.size());
    const std::vector<std::string_view> texts = eventTexts(parser, *doc.value());
    for (const std::string& pointer : pointers) {
        const auto index = eventIndexOf(*doc.value(), pointer);
        const std::string_view raw = !index ? rawJsonAt(parser, kept, pointer)
            : *index < texts.size()         ? texts[*index]
                                            : std::string_view();
        if (raw.empty())
            events.emplace_back();
        else
            events.push_back(nlohmann::json::parse(raw, nullptr, false));
    }
    return events;
}

Result<nlohmann::json> readSourceEvent(const std::string& recordingPath, std::string_view pointer)
{
    Result<std::vector<nlohmann::json>> events = readSourceEvents(recordingPath, { std::string(pointer) });
    if (!events.ok())
        return events.error();
    if (events.value().front().is_null())
        return Error { recordingPath, std::string(pointer), "no such event in the recording" };
    return std::move(events.value().front());
}

} // namespace lookahead
