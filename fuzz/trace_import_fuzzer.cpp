// libFuzzer target for the recording importer: the one opener (gzip, sniffing), the Chrome JSON
// reader with its lenient repairs, every producer mapper, the replay builder. Whatever it accepts
// must be a graph the loader accepts: it simulates, and its export loads back to the same bytes.
// The reader's windowed pass, in windows of 64 bytes, must read what the whole pass reads.

#include "formats/TraceDocument.h"
#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/InputOpener.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)repairLenientJson(text);
    if (auto windowed = formats::readChromeTraceWindows(simdjson::padded_string(text), "fuzz.json", 64)) {
        // Under readChromeTrace()'s windowed size: this is the whole pass.
        auto whole = formats::readChromeTrace(simdjson::padded_string(text), "fuzz.json");
        if (windowed->ok() != whole.ok())
            std::abort();
        if (whole.ok() ? formats::describeDocument(*windowed->value()) != formats::describeDocument(*whole.value())
                       : windowed->error().toString() != whole.error().toString())
            std::abort();
    }
    auto opened = openInputBytes(text, "fuzz.trace.json");
    if (!opened.ok() || !opened.value().summary)
        return 0;
    (void)opened.value().summary->toText();
    (void)opened.value().summary->toJson().dump();
    SimulationOptions simulation;
    simulation.specCosts = true;
    auto schedule = simulate(opened.value().graph, CostModel::standard(), simulation);
    if (!schedule.ok())
        std::abort(); // an imported graph has only forward dependencies: it cannot deadlock
    const std::string once = writeTaskGraph(opened.value().graph);
    auto reloaded = parseTaskGraph(once, "fuzz-roundtrip.json");
    if (!reloaded.ok() || writeTaskGraph(reloaded.value()) != once)
        std::abort();
    return 0;
}
