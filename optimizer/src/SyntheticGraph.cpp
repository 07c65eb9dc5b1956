#include "lookahead/SyntheticGraph.h"

#include <array>
#include <string>

namespace lookahead {

namespace {
    /// SplitMix64: tiny, fast, and identical everywhere.
    class SplitMix {
    public:
        explicit SplitMix(std::uint64_t seed)
            : m_state(seed)
        {
        }
        std::uint64_t next()
        {
            std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            return z ^ (z >> 31);
        }
        /// Uniform in [low, high].
        std::int64_t between(std::int64_t low, std::int64_t high)
        {
            return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
        }

    private:
        std::uint64_t m_state;
    };

    struct KernelSpec {
        const char* name;
        std::int64_t codeBytes;
    };
    constexpr std::array<KernelSpec, 10> kKernels { { { "convert", 6144 }, { "eltwise_add", 4608 },
        { "eltwise_mul", 5120 }, { "gelu", 12288 }, { "rms_norm", 16384 }, { "rotary_cos", 9216 },
        { "rotary_sin", 9216 }, { "softmax", 14336 }, { "swish", 10240 }, { "topk", 40960 } } };
} // namespace

// About 90 lines: one pass over the generated tasks that draws every random choice in a fixed order
// (a seed must give the same graph in every version); split, the order of the draws would be easy to
// change by accident.
TaskGraph generateSyntheticGraph(const SyntheticGraphOptions& options)
{
    TaskGraph graph;
    graph.name = "synthetic NPU graph (" + std::to_string(options.tasks) + " tasks, seed "
        + std::to_string(options.seed) + ")";
    const std::uint32_t tiles = options.tiles;
    Platform& p = graph.platform;
    p.name = "npu40xx-" + std::to_string(tiles) + "tile";
    p.clockMhz = 1850;
    IcacheDomain shaveCache;
    shaveCache.name = "shave";
    shaveCache.l1Bytes = 8192;
    shaveCache.l2Bytes = 262144;
    shaveCache.lineBytes = 64;
    shaveCache.l2HitLatency = 60;
    shaveCache.l2BytesPerCycle = 32;
    shaveCache.missLatency = 1200;
    shaveCache.missBytesPerCycle = 4;
    p.icache.push_back(shaveCache);
    p.executors.push_back({ "DMA", 2, 1, false, -1, nlohmann::json::object() });
    p.executors.push_back({ "DPU", tiles, 1, true, -1, nlohmann::json::object() });
    p.executors.push_back({ "SHAVE", tiles, 2, true, 0, nlohmann::json::object() });
    constexpr std::uint16_t kDma = 0, kDpu = 1, kShave = 2;
    for (const KernelSpec& k : kKernels)
        graph.kernels.push_back({ k.name, k.codeBytes, std::nullopt, nlohmann::json::object() });

    graph.tasks.reserve(options.tasks);
    graph.refs.reserve(options.tasks * 3);
    graph.ids.reserve(options.tasks, options.tasks * 8);

    // Display names repeat per tile and operation: intern them once.
    std::vector<Symbol> dpuName(tiles), loadName(2);
    std::vector<std::vector<Symbol>> shaveName(kKernels.size(), std::vector<Symbol>(tiles));
    for (std::uint32_t t = 0; t < tiles; ++t) {
        dpuName[t] = graph.strings.intern("matmul/cluster_" + std::to_string(t));
        for (std::size_t k = 0; k < kKernels.size(); ++k)
            shaveName[k][t] = graph.strings.intern(std::string(kKernels[k].name) + "/cluster_" + std::to_string(t));
    }
    loadName[0] = graph.strings.intern("weights/dma_0");
    loadName[1] = graph.strings.intern("weights/dma_1");

    SplitMix random(options.seed);
    auto addTask = [&](std::uint16_t exec, std::uint32_t unit, std::int64_t cycles, Symbol name, KernelIndex kernel,
                       std::initializer_list<BarrierIndex> wait, std::initializer_list<BarrierIndex> update) {
        Task task;
        task.id = graph.ids.intern("t" + std::to_string(graph.tasks.size()));
        task.name = name;
        task.exec = exec;
        task.unit = unit;
        task.cycles = cycles;
        task.kernel = kernel;
        task.role = exec == kDma ? TaskRole::Dma : TaskRole::Compute;
        task.refOffset = static_cast<std::uint32_t>(graph.refs.size());
        task.waitCount = static_cast<std::uint16_t>(wait.size());
        task.updateCount = static_cast<std::uint16_t>(update.size());
        graph.refs.insert(graph.refs.end(), wait.begin(), wait.end());
        graph.refs.insert(graph.refs.end(), update.begin(), update.end());
        graph.tasks.push_back(task);
    };

    // Step k: load barrier L(k) and compute barrier C(k). Loads run up to two steps ahead of the
    // compute that needs them (they wait for C(k-2): double-buffered weights).
    auto barrier = [&](char kind, std::size_t step) { return graph.barriers.intern(kind + std::to_string(step)); };
    BarrierIndex previousCompute = barrier('C', 0);
    addTask(kDma, 0, 100, loadName[0], kNoKernel, {}, { previousCompute });
    std::vector<BarrierIndex> computeOf { previousCompute };
    for (std::size_t step = 1; graph.tasks.size() < options.tasks; ++step) {
        const BarrierIndex load = barrier('L', step);
        const BarrierIndex compute = barrier('C', step);
        const BarrierIndex throttle = computeOf[step >= 2 ? step - 2 : 0];
        addTask(kDma, static_cast<std::uint32_t>(step % 2), random.between(5000, 60000), loadName[step % 2], kNoKernel,
            { throttle }, { load });
        const bool onDpu = random.between(0, 9) < 6;
        const auto kernel = static_cast<KernelIndex>(random.between(0, kKernels.size() - 1));
        for (std::uint32_t tile = 0; tile < tiles && graph.tasks.size() < options.tasks; ++tile) {
            if (onDpu) {
                addTask(kDpu, tile, random.between(20000, 150000), dpuName[tile], kNoKernel, { load, previousCompute },
                    { compute });
            } else {
                const int perTile = static_cast<int>(random.between(1, 2));
                for (int i = 0; i < perTile && graph.tasks.size() < options.tasks; ++i)
                    addTask(kShave, tile, random.between(3000, 40000), shaveName[kernel][tile], kernel,
                        { load, previousCompute }, { compute });
            }
        }
        previousCompute = compute;
        computeOf.push_back(compute);
    }
    graph.rebuildIndex();
    return graph;
}

} // namespace lookahead
