// The recording importer's driver: read (one reader per format), recognise the producer, map
// (one mapper per producer), build the replaying graph. See ChromeTraceImporter.h.

#include "lookahead/ChromeTraceImporter.h"

#include "lookahead/DependencyGraph.h"

#include "formats/GzipText.h"
#include "formats/JsonInput.h"
#include "formats/RecordingBuilder.h"
#include "formats/RecordingImport.h"
#include "formats/TraceDocument.h"
#include "formats/importers/PlatformChoice.h"
#include "formats/importers/RecordingMapper.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <vector>

namespace lookahead {

namespace {

    using namespace formats;

    /// The clock: the option, `workpoint.freq` (NPU), `otherData.clock_mhz` (ours), else 1 GHz.
    Status chooseClock(const TraceDocument& doc, const ImportOptions& options, ImportSummary& summary)
    {
        // A graph's clock_mhz is at least 1 (spec 4): a smaller one would write a graph that does not
        // load back (found by trace_import_fuzzer: a workpoint.freq of 0.3).
        auto usable = [](double mhz) { return mhz >= kMinClockMhz && std::isfinite(mhz); };
        if (options.clockMhz) {
            if (!usable(*options.clockMhz))
                return Error { doc.label, "option --clock-mhz",
                    "must be a number of MHz at least 1, got " + json::formatDouble(*options.clockMhz) };
            summary.clockMhz = *options.clockMhz;
            summary.clockSource = "option";
            return Status::success();
        }
        const struct {
            const char* object;
            const char* key;
            const char* source;
        } places[] = { { "workpoint", "freq", "workpoint.freq" }, { "otherData", "clock_mhz", "otherData.clock_mhz" } };
        for (const auto& place : places) {
            simdjson::dom::element value;
            const simdjson::dom::element object = doc.topLevel(place.object);
            if (!object.is_object() || object[place.key].get(value) != simdjson::SUCCESS)
                continue;
            const auto mhz = numberOf(value);
            if (!mhz || !usable(*mhz))
                return Error { doc.label, std::string("/") + place.object + "/" + place.key,
                    (mhz ? "must be a number of MHz at least 1, got " + json::formatDouble(*mhz)
                         : std::string("must be a number of MHz at least 1"))
                        + " (--clock-mhz overrides it)" };
            summary.clockMhz = *mhz;
            summary.clockSource = place.source;
            return Status::success();
        }
        summary.clockMhz = 1000;
        summary.clockSource = "assumed";
        return Status::success();
    }

    const RecordingMapper* chooseMapper(const TraceDocument& doc, const ImportOptions& options)
    {
        const RecordingMapper* best = nullptr;
        int bestScore = 0;
        for (const RecordingMapper& mapper : recordingMappers()) {
            if (!options.producer.empty()) {
                if (options.producer == mapper.name)
                    return &mapper;
                continue;
            }
            const int score = mapper.recognise(doc);
            if (score > bestScore) {
                best = &mapper;
                bestScore = score;
            }
        }
        return best;
    }

    std::string graphNameOf(const TraceDocument& doc)
    {
        const simdjson::dom::element otherData = doc.topLevel("otherData");
        if (stringField(otherData, "tool") == "lookahead" && !stringField(otherData, "graph").empty())
            return std::string(stringField(otherData, "graph"));
        std::string name = doc.label;
        if (const auto slash = name.find_last_of('/'); slash != std::string::npos)
            name = name.substr(slash + 1);
        return name;
    }

} // namespace

Result<ImportedTrace> importRecording(
    simdjson::padded_string bytes, bool gzip, const std::string& fileLabel, const ImportOptions& options)
{
    Result<std::unique_ptr<TraceDocument>> read = readChromeTrace(std::move(bytes), fileLabel);
    if (!read.ok())
        return read.error();
    return importRecording(std::move(read).value(), gzip, fileLabel, options);
}

Result<ImportedTrace> importRecording(
    std::unique_ptr<TraceDocument> document, bool gzip, const std::string& fileLabel, const ImportOptions& options)
{
    const TraceDocument& doc = *document;
    ImportSummary summary;
    summary.reader = doc.arrayForm ? "chrome-json-array" : "chrome-json";
    summary.gzip = gzip;
    summary.events = doc.events.size();
    std::array<std::size_t, 256> byPhase {}; // counted by byte: a string and a map look-up per event cost more
    for (const TraceEvent& event : doc.events)
        ++byPhase[static_cast<unsigned char>(event.phase)];
    for (std::size_t phase = 0; phase < byPhase.size(); ++phase)
        if (byPhase[phase] > 0)
            summary.eventsByPhase[phase == 0 ? std::string("(not an object)") : std::string(1, char(phase))]
                = byPhase[phase];
    summary.leniencies = doc.leniencies;
    if (Status clock = chooseClock(doc, options, summary); !clock.ok())
        return clock.error();
    const RecordingMapper* mapper = chooseMapper(doc, options);
    if (!mapper)
        return Error { fileLabel, "option --producer", "no producer mapper called \"" + options.producer + "\"" };
    summary.producer = mapper->name;
    summary.producerName = mapper->producerName;
    RecordingBuilder builder(doc, summary, options);
    if (Status mapped = mapper->map(doc, builder); !mapped.ok())
        return mapped.error();
    Result<std::optional<PlatformPreset>> preset = choosePlatform(options, builder.suggestedPlatform());
    if (!preset.ok())
        return preset.error();
    if (summary.clockAssumed() && preset.value() && preset.value()->platform.clockMhz > 0) {
        // A recording without a clock takes its platform's (NPU37XX profiles have none).
        summary.clockMhz = preset.value()->platform.clockMhz;
        summary.clockSource = "platform " + preset.value()->name;
    }
    const std::string graphName = graphNameOf(doc);
    // The builder copied what it keeps of the events: free the text before the graph is built,
    // which would otherwise be the import's peak (text, events, recorded tasks and graph at once).
    document->releaseEvents();
    Result<TaskGraph> graph = builder.finish(graphName);
    if (!graph.ok())
        return graph.error();
    // Mappers only bind what the recorded times bear out, except our own export, whose dependencies
    // are taken as written (an exact round trip): a damaged export can name a cycle that no run can
    // have. Refuse it as the loader refuses such a graph, before anything simulates it.
    if (const std::optional<std::string> cycle = findDeadlock(graph.value()))
        return Error { fileLabel, doc.pointerPrefix.empty() ? "/" : doc.pointerPrefix,
            "the recorded dependencies form a cycle: " + *cycle };
    std::stable_sort(summary.dropped.begin(), summary.dropped.end(),
        [](const DroppedEvent& a, const DroppedEvent& b) { return a.eventIndex < b.eventIndex; });
    if (Status platform = applyPlatformChoice(
            graph.value(), preset.value(), options, builder.recordedStart(), builder.recordedEnd(), summary);
        !platform.ok())
        return platform.error();
    return ImportedTrace { std::move(graph).value(), std::move(summary) };
}

Result<ImportedTrace> importChromeTrace(
    std::string_view bytes, const std::string& fileLabel, const ImportOptions& options)
{
    Result<simdjson::padded_string> text = json::inflateIfGzip(bytes, fileLabel);
    if (!text.ok())
        return text.error();
    return importRecording(std::move(text).value(), json::isGzip(bytes), fileLabel, options);
}

Result<ImportedTrace> importChromeTraceFile(const std::string& path, const ImportOptions& options)
{
    Result<OpenedInput> opened = openInputFile(path, options);
    if (!opened.ok())
        return opened.error();
    if (opened.value().kind != OpenedInput::Kind::Recording)
        return Error { path, "/", "a task graph, not a recording (open it as a graph)" };
    return ImportedTrace { std::move(opened.value().graph), std::move(*opened.value().summary) };
}

LenientJsonRepair repairLenientJson(std::string_view text)
{
    LenientJsonRepair repair;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        repair.skippedByteOrderMark = true;
        text.remove_prefix(3);
    }
    repair.text.assign(text);
    std::string& out = repair.text;
    std::vector<char> stack; // open brackets outside strings
    bool inString = false, escaped = false;
    std::size_t pendingComma = std::string::npos; // last ',' outside strings not yet followed by a value
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            pendingComma = std::string::npos;
            break;
        case '[':
        case '{':
            stack.push_back(c);
            pendingComma = std::string::npos;
            break;
        case ']':
        case '}':
            if (pendingComma != std::string::npos) {
                out[pendingComma] = ' ';
                ++repair.trailingCommasRemoved;
            }
            pendingComma = std::string::npos;
            if (!stack.empty())
                stack.pop_back();
            break;
        case ',':
            pendingComma = i;
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            pendingComma = std::string::npos;
            break;
        }
    }
    // A cut array-form trace: only the top-level '[' is still open, after a complete event.
    if (!inString && stack.size() == 1 && stack.front() == '[') {
        std::size_t first = 0;
        while (first < out.size() && std::isspace(static_cast<unsigned char>(out[first])))
            ++first;
        if (first < out.size() && out[first] == '[') {
            if (pendingComma != std::string::npos) {
                out[pendingComma] = ' ';
                ++repair.trailingCommasRemoved;
            }
            out += ']';
            repair.closedTruncatedArray = true;
        }
    }
    return repair;
}

bool looksLikeChromeTrace(std::string_view text) { return sniffInput(text) == InputKind::Recording; }

Result<TaskGraph> loadTaskGraphOrTrace(const std::string& path, const ImportOptions& options)
{
    Result<OpenedInput> opened = openInputFile(path, options);
    if (!opened.ok())
        return opened.error();
    return std::move(opened.value().graph);
}

} // namespace lookahead
