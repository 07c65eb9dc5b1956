// libFuzzer target for the format v1 loader. Anything the loader accepts must also simulate and
// survive a write → load → write round trip byte for byte.

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    auto graph = parseTaskGraph(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    if (!graph.ok())
        return 0;
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
