// libFuzzer target for the format v1 loader. Both parse paths (fast scanner, nlohmann) must agree;
// anything the loader accepts must also simulate and survive a write → load → write round trip
// byte for byte.

#include "lookahead/GraphWriter.h"
#include "lookahead/Loader.h"
#include "lookahead/Simulator.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto graph = parseTaskGraph(text, "fuzz.json");
    // The fast scanner must agree with nlohmann on every input: same verdict, same message.
    auto reference = parseTaskGraph(text, "fuzz.json", ParsePath::NlohmannOnly);
    if (graph.ok() != reference.ok())
        std::abort();
    if (!graph.ok()) {
        if (graph.error().toString() != reference.error().toString())
            std::abort();
        return 0;
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
    auto referenceSchedule = simulate(reference.value(), CostModel::standard(), options);
    write.schedule = referenceSchedule.value().get();
    if (writeTaskGraph(reference.value(), write) != once)
        std::abort();
    return 0;
}
