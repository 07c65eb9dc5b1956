#include "lookahead/MoeSuperKernelSample.h"

#include "lookahead/Loader.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <stdexcept>

namespace lookahead {

namespace {

    using json = nlohmann::json;

    constexpr double kClockMhz = 1800;
    std::int64_t us(double microseconds) { return std::llround(microseconds * kClockMhz); }

    struct KernelSpec {
        const char* name;
        const char* type;
        std::int64_t codeBytes;
    };
    constexpr std::array<KernelSpec, 11> kKernels { {
        { "add_rms_norm", "AIV", 14336 },
        { "dequant_swiglu_quant", "AIV", 28672 },
        { "dynamic_quant", "AIV", 18432 },
        { "grouped_matmul", "MIX_1_2", 98304 },
        { "grouped_matmul_down", "AIC", 81920 },
        { "matmul", "AIC", 53248 },
        { "moe_finalize_routing", "AIV", 22528 },
        { "moe_gating_top_k", "AIV", 26624 },
        { "moe_init_routing", "AIV", 36864 },
        { "router_matmul", "AIC", 30720 },
        { "swiglu", "AIV", 12288 },
    } };

    struct OpSpec {
        const char* id;
        const char* kernel;
        std::int64_t blocks;
        double micros;                     ///< base duration
        double headMicros;                 ///< scalar set-up that does not read inputs
        double tailMicros;                 ///< trailing data transfer
        std::array<const char*, 3> inputs; ///< producing sub-operators (nullptr: none)
        bool tilingSunk;                   ///< tiling computed on the AICPU from `inputs[0]`'s output
        double weightSavingMicros;         ///< time saved when SDMA prefetched the weights into L2
    };
    // The routed path, then the shared expert, then the combine. Times are per MoE block at decode.
    constexpr std::array<OpSpec, 12> kOps { {
        { "router_matmul", "router_matmul", 24, 12.0, 1.0, 2.0, { nullptr, nullptr, nullptr }, false, 0 },
        { "gating_topk", "moe_gating_top_k", 48, 8.0, 0.8, 1.2, { "router_matmul", nullptr, nullptr }, false, 0 },
        { "init_routing", "moe_init_routing", 48, 16.0, 1.0, 3.0, { "gating_topk", nullptr, nullptr }, false, 0 },
        { "dynamic_quant", "dynamic_quant", 48, 10.0, 0.8, 2.0, { "init_routing", nullptr, nullptr }, false, 0 },
        { "gmm_gate_up", "grouped_matmul", 24, 100.0, 2.5, 6.0, { "init_routing", "dynamic_quant", nullptr }, true,
            9.0 },
        { "dequant_swiglu_quant", "dequant_swiglu_quant", 48, 23.0, 1.0, 3.0, { "gmm_gate_up", nullptr, nullptr },
            false, 0 },
        { "gmm_down", "grouped_matmul_down", 24, 76.0, 2.5, 5.0, { "init_routing", "dequant_swiglu_quant", nullptr },
            true, 7.0 },
        { "shared_gate_up", "matmul", 24, 48.0, 1.5, 4.0, { nullptr, nullptr, nullptr }, false, 0 },
        { "shared_swiglu", "swiglu", 48, 9.0, 0.8, 1.5, { "shared_gate_up", nullptr, nullptr }, false, 0 },
        { "shared_down", "matmul", 24, 31.0, 1.5, 3.0, { "shared_swiglu", nullptr, nullptr }, false, 0 },
        { "finalize_routing", "moe_finalize_routing", 48, 14.0, 1.0, 3.0, { "gmm_down", "shared_down", "gating_topk" },
            false, 0 },
        { "add_rms_norm", "add_rms_norm", 48, 6.93, 0.8, 1.5, { "finalize_routing", nullptr, nullptr }, false, 0 },
    } };
    constexpr double kTilingMicros = 6.0; ///< AICPU tiling of a GroupedMatmul (group sizes from the routing)

} // namespace

std::string moeSuperKernelSampleJson()
{
    json kernels = json::object();
    for (const KernelSpec& k : kKernels)
        kernels[k.name] = { { "code_bytes", k.codeBytes }, { "type", k.type } };
    json tasks = json::array();
    json members = json::array();
    for (const OpSpec& op : kOps) {
        json task = { { "id", op.id }, { "exec", "AICORE" }, { "cycles", us(op.micros) }, { "kernel", op.kernel },
            { "update", { std::string("b.") + op.id } }, { "blocks", op.blocks },
            { "phases", { { "head", us(op.headMicros) }, { "tail", us(op.tailMicros) } } } };
        json waits = json::array();
        for (const char* input : op.inputs)
            if (input && !(op.tilingSunk && std::string(input) == op.inputs[0]))
                waits.push_back(std::string("b.") + input);
        if (op.tilingSunk) {
            // The AICPU computes the tiling once the routing is known; the operator waits for it.
            const std::string tiling = std::string("tiling.") + op.id;
            waits.push_back("b." + tiling);
            task["tiling_sunk"] = true;
            task["dynamic_shape"] = true;
            tasks.push_back({ { "id", tiling }, { "name", std::string(op.id) + "/tiling" }, { "exec", "AICPU" },
                { "cycles", us(kTilingMicros) }, { "wait", { std::string("b.") + op.inputs[0] } },
                { "update", { "b." + tiling } } });
        }
        if (op.weightSavingMicros > 0)
            task["weights"] = { { "l2_saving", us(op.weightSavingMicros) } };
        if (!waits.empty())
            task["wait"] = waits;
        tasks.push_back(task);
        members.push_back(op.id);
    }
    // AICPU tasks must come after their producer in program order only for readability; move each
    // tiling task right behind its producer.
    json ordered = json::array();
    for (const json& task : tasks) {
        if (task["exec"] == "AICPU")
            continue;
        ordered.push_back(task);
        for (const json& tiling : tasks)
            if (tiling["exec"] == "AICPU" && tiling["wait"][0] == task["update"][0])
                ordered.push_back(tiling);
    }
    const json graph = {
        { "format", "lookahead-taskgraph" },
        { "version", 1 },
        { "name", "MoE block, SuperKernel sample (generated: lookahead batch generate --kind moe-superkernel)" },
        { "platform",
            { { "name", "ascend-like-24c48v" }, { "clock_mhz", kClockMhz },
                { "executors",
                    { { "AICORE", { { "units", 1 }, { "engines", 1 }, { "icache", "aicore" } } },
                        { "ICACHE", { { "units", 1 }, { "engines", 1 }, { "icache", "aicore" } } },
                        { "MTE", { { "units", 1 }, { "engines", 1 } } },
                        { "AICPU", { { "units", 1 }, { "engines", 1 } } },
                        { "SDMA", { { "units", 1 }, { "engines", 1 } } } } },
                { "icache",
                    { { "aicore",
                        { { "l1_bytes", 16384 }, { "l2_bytes", 4194304 }, { "line_bytes", 64 },
                            { "l2_hit_latency", 300 }, { "l2_bytes_per_cycle", 128 }, { "miss_latency", 900 },
                            { "miss_bytes_per_cycle", 64 } } } } },
                { "superkernel",
                    { { "aic_cores", 24 }, { "aiv_cores", 48 }, { "aic_icache_bytes", 32768 },
                        { "aiv_icache_bytes", 16384 } } },
                { "costs", { { "sk_l2_code_bytes", 2097152 }, { "fabric_bytes_per_cycle", 1048576 } } } } },
        { "kernels", kernels },
        { "tasks", ordered },
        { "groups", json::array({ { { "id", "moe_sk" }, { "kind", "superkernel" }, { "tasks", members } } }) },
    };
    return graph.dump(2) + "\n";
}

TaskGraph generateMoeSuperKernelSample()
{
    auto graph = parseTaskGraph(moeSuperKernelSampleJson(), "moe-superkernel sample");
    if (!graph.ok())
        throw std::logic_error("moe-superkernel sample is invalid: " + graph.error().toString());
    return std::move(graph.value());
}

} // namespace lookahead
