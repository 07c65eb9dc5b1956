#include "lookahead/NpuDecodeSample.h"

#include "lookahead/Loader.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace lookahead {

namespace {

    // Model shape (Qwen3-0.6B-like).
    constexpr std::int64_t kHidden = 1024;
    constexpr std::int64_t kHeads = 16;
    constexpr std::int64_t kKvHeads = 8;
    constexpr std::int64_t kHeadDim = 128;
    constexpr std::int64_t kMlp = 3072;
    constexpr std::int64_t kVocab = 151936;
    // Platform rates.
    constexpr std::int64_t kDmaBytesPerCycle = 32; // per port
    constexpr std::int64_t kLaunch = 600;          // fixed cost of every DPU/SHAVE task

    std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

    /// int4 weights: half a byte per parameter.
    std::int64_t weightBytes(std::int64_t params) { return params / 2; }

    class Builder {
    public:
        explicit Builder(std::uint32_t tiles)
            : m_tiles(tiles)
        {
        }

        nlohmann::json tasks = nlohmann::json::array();

        void add(const std::string& id, const std::string& name, const char* exec, std::uint32_t unit,
            std::int64_t cycles, const char* kernel, const std::vector<std::string>& wait,
            const std::vector<std::string>& update)
        {
            nlohmann::json task
                = { { "id", id }, { "name", name }, { "exec", exec }, { "unit", unit }, { "cycles", cycles } };
            if (kernel)
                task["kernel"] = kernel;
            if (std::string(exec) == "DMA")
                task["role"] = "dma";
            if (!wait.empty())
                task["wait"] = wait;
            if (!update.empty())
                task["update"] = update;
            tasks.push_back(std::move(task));
        }

        /// One SHAVE kernel per tile, each on `elements / tiles` elements at `perElement` cycles.
        void shave(const std::string& prefix, const char* kernel, std::int64_t elements, std::int64_t perElementX10,
            const std::vector<std::string>& wait, const std::string& update)
        {
            const std::int64_t cycles = kLaunch + ceilDiv(elements * perElementX10, 10 * std::int64_t(m_tiles));
            for (std::uint32_t t = 0; t < m_tiles; ++t)
                add(prefix + "." + kernel + "." + std::to_string(t),
                    prefix + "/" + kernel + "/cluster_" + std::to_string(t), "SHAVE", t, cycles, kernel, wait,
                    { update });
        }

        /// One DPU matmul per tile (M = 1: memory-bound on CMX, `macs / tiles` at 256 MAC/cycle).
        void dpu(const std::string& prefix, const char* op, std::int64_t macs, const std::vector<std::string>& wait,
            const std::string& update)
        {
            const std::int64_t cycles = kLaunch + ceilDiv(macs, 256 * std::int64_t(m_tiles));
            for (std::uint32_t t = 0; t < m_tiles; ++t)
                add(prefix + "." + op + "." + std::to_string(t), prefix + "/" + op + "/cluster_" + std::to_string(t),
                    "DPU", t, cycles, nullptr, wait, { update });
        }

        /// `bytes` split into one chunk per tile, alternating the two DMA ports.
        void dma(const std::string& prefix, const char* what, std::int64_t bytes, const std::vector<std::string>& wait,
            const std::string& update)
        {
            const std::int64_t cycles = ceilDiv(ceilDiv(bytes, m_tiles), kDmaBytesPerCycle);
            for (std::uint32_t t = 0; t < m_tiles; ++t)
                add(prefix + "." + what + "." + std::to_string(t),
                    prefix + "/" + what + "/dma_" + std::to_string(t % 2), "DMA", t % 2, cycles, nullptr, wait,
                    { update });
        }

    private:
        std::uint32_t m_tiles;
    };

} // namespace

// About 90 lines, most of them one JSON literal of the platform and kernel sizes beside the loop over
// the layers that writes the tasks in program order: the sample reads as the decode step it models.
TaskGraph generateNpuDecodeSample(const NpuDecodeSampleOptions& options)
{
    const std::uint32_t tiles = options.tiles;
    const std::int64_t context = options.context;
    nlohmann::json root = { { "format", "lookahead-taskgraph" }, { "version", 1 },
        { "name",
            "NPU40XX-like decode step, ~0.6B transformer (" + std::to_string(options.layers) + " layers, context "
                + std::to_string(context) + ")" },
        { "platform",
            { { "name", "npu40xx-" + std::to_string(tiles) + "tile" }, { "clock_mhz", 1850 },
                { "executors",
                    { { "DMA", { { "units", 2 }, { "engines", 1 } } },
                        { "DPU", { { "units", tiles }, { "engines", 1 }, { "tiled", true } } },
                        { "SHAVE",
                            { { "units", tiles }, { "engines", 2 }, { "tiled", true }, { "icache", "shave" } } } } },
                { "icache",
                    { { "shave",
                        { { "l1_bytes", 8192 }, { "l2_bytes", 262144 }, { "line_bytes", 64 }, { "l2_hit_latency", 60 },
                            { "l2_bytes_per_cycle", 32 }, { "miss_latency", 1200 },
                            { "miss_bytes_per_cycle", 4 } } } } },
                { "costs", nlohmann::json::object() } } },
        // Code sizes of the SHAVE kernels (ELF .text, rounded as the compiler's cache model does).
        { "kernels",
            { { "convert", { { "code_bytes", 6144 } } }, { "eltwise_add", { { "code_bytes", 4608 } } },
                { "eltwise_mul", { { "code_bytes", 5120 } } }, { "gather", { { "code_bytes", 8192 } } },
                { "rms_norm", { { "code_bytes", 16384 } } }, { "rotary_cos", { { "code_bytes", 9216 } } },
                { "rotary_sin", { { "code_bytes", 9216 } } }, { "softmax", { { "code_bytes", 14336 } } },
                { "swish", { { "code_bytes", 10240 } } }, { "topk", { { "code_bytes", 40960 } } } } } };

    Builder b(tiles);
    const std::int64_t qkvParams = kHidden * kHeads * kHeadDim + 2 * kHidden * kKvHeads * kHeadDim;
    const std::int64_t oParams = kHeads * kHeadDim * kHidden;
    const std::int64_t kvCacheBytes = context * kKvHeads * kHeadDim * 2 /* K and V */ * 2 /* fp16 */;

    // Prologue: embedding row and first constants, then gather + convert into the residual stream.
    b.add("in.load", "input/embedding_row+constants/dma_0", "DMA", 0, 150000, nullptr, {}, { "in" });
    b.add("in.gather", "input/gather/cluster_0", "SHAVE", 0, kLaunch + kHidden * 2, "gather", { "in" }, { "emb" });
    b.shave("in", "convert", kHidden, 15, { "emb" }, "resid.-1");

    for (std::uint32_t layer = 0; layer < options.layers; ++layer) {
        const std::string L = "L" + std::to_string(layer);
        const std::string l = "." + std::to_string(layer);
        const std::string prev = "." + std::to_string(int(layer) - 1);
        auto released = [&](const char* stage) {
            // A weight buffer is reloaded once the previous layer's matmul that read it ended.
            return layer == 0 ? std::vector<std::string> {} : std::vector<std::string> { std::string(stage) + prev };
        };
        b.dma(L, "w_qkv", weightBytes(qkvParams), released("qkv"), "wqkv" + l);
        b.shave(L, "rms_norm", kHidden, 25, { "resid" + prev }, "norm1" + l);
        b.shave(L + ".in", "convert", kHidden, 15, { "norm1" + l }, "conv" + l);
        b.dpu(L, "qkv", qkvParams, { "conv" + l, "wqkv" + l }, "qkv" + l);
        b.shave(L + ".qk", "rms_norm", (kHeads + kKvHeads) * kHeadDim, 25, { "qkv" + l }, "qkn" + l);
        b.shave(L, "rotary_sin", (kHeads + kKvHeads) * kHeadDim, 12, { "qkn" + l }, "rope" + l);
        b.shave(L, "rotary_cos", (kHeads + kKvHeads) * kHeadDim, 12, { "qkn" + l }, "rope" + l);
        b.dma(L, "kv_load", kvCacheBytes, released("att"), "kvld" + l);
        b.add(L + ".kv_store.0", L + "/kv_store/dma_0", "DMA", 0, 600, nullptr, { "rope" + l }, { "kvst" + l });
        b.add(L + ".kv_store.1", L + "/kv_store/dma_1", "DMA", 1, 600, nullptr, { "rope" + l }, { "kvst" + l });
        b.dpu(L, "qk", kHeads * kHeadDim * context, { "rope" + l, "kvld" + l }, "qk" + l);
        b.shave(L, "softmax", kHeads * context, 8, { "qk" + l }, "sm" + l);
        b.dpu(L, "av", kHeads * kHeadDim * context, { "sm" + l, "kvst" + l }, "att" + l);
        b.dma(L, "w_o", weightBytes(oParams), released("o"), "wo" + l);
        b.dpu(L, "o", oParams, { "att" + l, "wo" + l }, "o" + l);
        b.shave(L + ".attn", "eltwise_add", kHidden, 10, { "o" + l }, "res1" + l);
        b.shave(L + ".post", "rms_norm", kHidden, 25, { "res1" + l }, "norm2" + l);
        b.dma(L, "w_gate_up", weightBytes(2 * kHidden * kMlp), released("gu"), "wgu" + l);
        b.dpu(L, "gate_up", 2 * kHidden * kMlp, { "norm2" + l, "wgu" + l }, "gu" + l);
        b.shave(L, "swish", kMlp, 20, { "gu" + l }, "sw" + l);
        b.shave(L, "eltwise_mul", kMlp, 10, { "sw" + l }, "mul" + l);
        b.dma(L, "w_down", weightBytes(kHidden * kMlp), released("dn"), "wd" + l);
        b.dpu(L, "down", kHidden * kMlp, { "mul" + l, "wd" + l }, "dn" + l);
        b.shave(L + ".mlp", "eltwise_add", kHidden, 10, { "dn" + l }, "resid" + l);
    }

    // Epilogue: final norm, lm_head (int4 weights streamed), argmax as a two-level topk.
    const std::string last = "." + std::to_string(int(options.layers) - 1);
    b.shave("out", "rms_norm", kHidden, 25, { "resid" + last }, "normf");
    b.dma("out", "w_lm_head", weightBytes(kVocab * kHidden), {}, "wlm");
    b.dpu("out", "lm_head", kVocab * kHidden, { "normf", "wlm" }, "logits");
    b.shave("out", "topk", kVocab, 6, { "logits" }, "topk1");
    b.add("out.topk.final", "out/topk_final/cluster_0", "SHAVE", 0, kLaunch + 2000, "topk", { "topk1" }, { "token" });
    b.add("out.store", "out/token/dma_0", "DMA", 0, 200, nullptr, { "token" }, {});

    root["tasks"] = std::move(b.tasks);
    auto graph = parseTaskGraph(root.dump(), "npu-decode sample");
    if (!graph.ok()) // a bug in this generator, not a user error
        throw std::logic_error(graph.error().toString());
    return std::move(graph).value();
}

} // namespace lookahead
