// libFuzzer target for the format v1 loader. The loader's syntax verdict must be nlohmann's
// (the spec's errors are defined on it): invalid JSON for nlohmann is invalid JSON for the loader
// and nothing else, valid JSON is never refused as invalid (except nesting deeper than the JSON
// layer's limit). Anything the loader accepts must also simulate and survive a write → load →
// write round trip byte for byte, and keep each task's unknown keys as nlohmann reads them. The
// windowed walk of large files (LoaderPaths.h), run here in windows of 256 bytes, must read
// exactly what the loader reads, or nothing; and the same again with the walk on another thread
// and batches of 128 bytes (TaskBatches.h), and from a temporary file read 100 bytes at a time
// (WalkText.h).

#include "formats/LoaderPaths.h"
#include "formats/WalkText.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto graph = parseTaskGraph(text, "fuzz.json");
    // One nlohmann parse gives both its verdict and the document the extras are checked against.
    const nlohmann::json document = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    const bool validForNlohmann = !document.is_discarded();
    const simdjson::padded_string padded(text);
    const auto windowed = graphformat::readWindowed(padded, 256);
    const auto pipelined = graphformat::readWindowed(padded, 256, { 128, 0 });
    if (windowed.has_value() != pipelined.has_value())
        std::abort();
    // The text as a file read in pieces of 100 bytes (loadTaskGraphFile()'s way for large files).
    std::optional<TaskGraph> fromFile;
    if (std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), std::fclose);
        file && std::fwrite(text.data(), 1, text.size(), file.get()) == text.size() && std::fflush(file.get()) == 0) {
        std::rewind(file.get());
        graphformat::WalkText pieces(file.get(), text.size(), 100);
        fromFile = graphformat::readWindowed(pieces, 256);
        if (windowed.has_value() != fromFile.has_value())
            std::abort();
    }
    if (windowed) {
        // What readWhole() reads (the loader judges deadlocks after either).
        const Result<TaskGraph> whole = graphformat::readWhole(padded, "fuzz.json");
        const std::string expected = whole.ok() ? writeTaskGraph(whole.value()) : std::string();
        if (!whole.ok() || writeTaskGraph(*windowed) != expected || writeTaskGraph(*pipelined) != expected
            || (fromFile && writeTaskGraph(*fromFile) != expected))
            std::abort();
    }
    if (!graph.ok()) {
        const std::string& message = graph.error().message;
        const bool syntax = message.rfind("invalid JSON: ", 0) == 0;
        const bool tooDeep = message.find("nesting deeper than") != std::string::npos;
        if (syntax == validForNlohmann && !tooDeep)
            std::abort();
        return 0;
    }
    if (!validForNlohmann)
        std::abort();
    // A task's optional and unknown keys are kept as text (TaskExtras.h): it must be what nlohmann
    // reads, without the task's own keys, as dump() spells it.
    const TaskGraph& loaded = graph.value();
    for (TaskIndex t = 0; t < loaded.tasks.size(); ++t) {
        nlohmann::json extra = document.at("tasks").at(t);
        for (std::string_view key : kTaskKeys)
            extra.erase(std::string(key));
        const TaskExtras::Handle handle = loaded.tasks[t].extra;
        if ((handle == TaskExtras::kNone) != extra.empty()
            || (handle != TaskExtras::kNone && loaded.taskExtras.text(handle) != extra.dump()))
            std::abort();
    }
    SimulationOptions options;
    options.specCosts = true;
    auto schedule = simulate(graph.value(), CostModel::standard(), options);
    if (!schedule.ok())
        std::abort(); // the loader refuses deadlocks, so a loaded graph always simulates
    GraphWriteOptions write;
    write.schedule = schedule.value().get();
    const std::string once = writeTaskGraph(graph.value(), write);
    auto reloaded = parseTaskGraph(once, "fuzz-roundtrip.json");
    if (!reloaded.ok())
        std::abort();
    auto again = simulate(reloaded.value(), CostModel::standard(), options);
    write.schedule = again.value().get();
    if (writeTaskGraph(reloaded.value(), write) != once)
        std::abort();
    return 0;
}
