// libFuzzer target for the Chrome trace importer (lenient pre-pass included). Whatever it accepts
// must be a graph the loader accepts: it simulates, and its export loads back to the same bytes.

#include "lookahead/ChromeTraceImporter.h"
#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)repairLenientJson(text);
    TraceImportOptions options;
    options.clockMhz = 1000; // so that traces without a clock get past the clock check
    auto imported = importChromeTrace(text, "fuzz.trace.json", options);
    if (!imported.ok())
        return 0;
    (void)imported.value().summary.toText();
    SimulationOptions simulation;
    simulation.specCosts = true;
    auto schedule = simulate(imported.value().graph, CostModel::standard(), simulation);
    if (!schedule.ok())
        std::abort(); // the importer only emits graphs the loader accepted, and the loader refuses deadlocks
    const std::string once = writeTaskGraph(imported.value().graph);
    auto reloaded = parseTaskGraph(once, "fuzz-roundtrip.json");
    if (!reloaded.ok() || writeTaskGraph(reloaded.value()) != once)
        std::abort();
    return 0;
}
