// libFuzzer target for the pipeline text parser (Pipeline.h, cli.md). Whatever parses must print
// to a canonical text that parses back to itself, and must run on small graphs of every pass family
// without a sanitizer report: a pass may refuse its input (an error value), never crash on it.

#include "lookahead/LoopSamples.h"
#include "lookahead/MoeSuperKernelSample.h"
#include "lookahead/Pipeline.h"
#include "lookahead/SyntheticGraph.h"

#include <array>
#include <cstdlib>
#include <string_view>

namespace {

// Small on purpose: running a pipeline must stay well under a millisecond to keep ≥ 2,000 inputs/s.
const std::array<lookahead::TaskGraph, 3>& graphs()
{
    using namespace lookahead;
    static const std::array<TaskGraph, 3> graphs = [] {
        SyntheticGraphOptions synthetic;
        synthetic.tasks = 48;
        synthetic.tiles = 2;
        PagedAttentionOptions paged;
        paged.batch = 1;
        paged.blocksPerTile = 3;
        return std::array<TaskGraph, 3> { generateSyntheticGraph(synthetic), generatePagedAttention(paged),
            generateMoeSuperKernelSample() };
    }();
    return graphs;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace lookahead;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto pipeline = Pipeline::parse(text);
    if (!pipeline.ok())
        return 0;
    const std::string canonical = pipeline.value().print();
    auto reparsed = Pipeline::parse(canonical);
    if (!reparsed.ok() || reparsed.value().print() != canonical)
        std::abort(); // the canonical form must be a fixed point
    for (const TaskGraph& input : graphs()) {
        auto fresh = Pipeline::parse(canonical);
        TaskGraph graph = input;
        (void)runPipeline(fresh.value(), graph);
    }
    return 0;
}
