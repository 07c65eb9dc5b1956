#pragma once

// A task graph in the shape of a compiler's output rather than of `batch generate`: long ids and
// barrier names (MLIR-style locations), string escapes, and the optional keys (blocks, phases, loop,
// reads/writes) and unknown keys real producers add. Used by the load benchmark and written to
// disk by `lookahead_bench_core --write-compiler-shaped N FILE [racy]` for the end-to-end comparison.
//
// Buffers are race-free, as a compiler's output is: each task writes its own activation buffer and
// reads its producer's, which it waits for. `racy` gives the older shape in which every task writes
// one of four shared buffers with nothing ordering most writers (a hazard storm: ~12 % of the pairs
// race, 4.9 M hazards at 20 k tasks), for the hazard check's benchmark.

#include <cstdint>
#include <random>
#include <string>

namespace lookahead::bench {

enum class Buffers { RaceFree, Racy };

inline std::string compilerShapedGraphText(
    std::size_t taskCount, std::uint32_t seed = 1, Buffers buffers = Buffers::RaceFree)
{
    std::mt19937 random(seed);
    auto pick = [&](std::uint32_t n) { return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(random); };
    constexpr int kTiles = 6;
    std::string out = R"({"format": "lookahead-taskgraph", "version": 1, "name": "compiler-shaped \"bench\"",
 "platform": {"name": "npu40xx", "clock_mhz": 1850,
  "executors": {"DMA": {"units": 2}, "DPU": {"units": 6, "tiled": true},
                "SHAVE": {"units": 6, "engines": 2, "tiled": true, "icache": "shave"}},
  "icache": {"shave": {"l1_bytes": 8192, "l2_bytes": 262144, "line_bytes": 64, "l2_hit_latency": 60,
                       "l2_bytes_per_cycle": 32, "miss_latency": 1200, "miss_bytes_per_cycle": 4}}},
 "kernels": {"softmax": {"code_bytes": 14336}, "gelu": {"code_bytes": 9216}, "topk": {"code_bytes": 20480}},
 "compiler": {"name": "vpux-compiler", "version": "2026.1", "flags": ["--tiles=6", "--enable-prefetch"]},
 "tasks": [
)";
    out.reserve(taskCount * 560 + out.size());
    static const char* kExec[] = { "DMA", "DPU", "SHAVE" };
    static const char* kKernel[] = { "softmax", "gelu", "topk" };
    auto execOf = [](std::size_t i) { return std::uint32_t((i * 2654435761u) >> 7) % 3; };
    auto idOf = [&](std::size_t i) {
        const std::uint32_t exec = execOf(i);
        return "model.encoder.layers." + std::to_string(i / 48) + ".self_attn/"
            + (exec == 0        ? "DMA_copy"
                    : exec == 1 ? "MatMul_q_proj"
                                : "SW.Kernel.activation")
            + "_" + std::to_string(i);
    };
    for (std::size_t i = 0; i < taskCount; ++i) {
        const std::size_t layer = i / 48;
        const std::uint32_t exec = execOf(i);
        const std::string id = idOf(i);
        out += i ? ",\n  {" : "  {";
        out += "\"id\": \"" + id + "\"";
        out += ", \"name\": \"loc(fused[\\\"" + id + "\\\", \\\"tile_" + std::to_string(pick(kTiles))
            + "\\\"]) \\u00b5s\\/op\"";
        out += ", \"exec\": \"" + std::string(kExec[exec]) + "\"";
        out += ", \"unit\": " + std::to_string(pick(exec == 0 ? 2 : kTiles));
        const std::uint32_t cycles = 200 + pick(40000);
        out += ", \"cycles\": " + std::to_string(cycles);
        if (exec == 2)
            out += ", \"kernel\": \"" + std::string(kKernel[pick(3)]) + "\"";
        // Barriers named after the producing layer: a task waits for what an earlier task updated.
        out += ", \"update\": [\"barrier/model.encoder.layers." + std::to_string(layer) + "/" + std::to_string(i)
            + "\"]";
        std::size_t producer = i;
        if (i > 0) {
            producer = i - 1 - pick(i < 8 ? std::uint32_t(i) : 8);
            out += ", \"wait\": [\"barrier/model.encoder.layers." + std::to_string(producer / 48) + "/"
                + std::to_string(producer) + "\"]";
        }
        if (i > 2 && pick(4) == 0)
            out += ", \"after\": [\"" + idOf(i - 3) + "\"]";
        if (exec != 0)
            out += ", \"blocks\": " + std::to_string(1 + pick(4)) + ", \"phases\": {\"head\": "
                + std::to_string(cycles / 10) + ", \"tail\": " + std::to_string(cycles / 20) + "}";
        if (pick(3) == 0)
            out += ", \"loop\": {\"id\": \"kv\", \"iter\": " + std::to_string(i % 16) + ", \"stage\": \"load\"}";
        if (buffers == Buffers::Racy)
            out += ", \"reads\": [\"L1.K[" + std::to_string(i % 4) + "]\", \"DDR.weights/" + std::to_string(layer)
                + "\"], \"writes\": [\"L1.Q[" + std::to_string(i % 4) + "]\"]";
        else
            out += ", \"reads\": [" + (i > 0 ? "\"L1.act/" + std::to_string(producer) + "\", " : std::string())
                + "\"DDR.weights/" + std::to_string(layer) + "\"], \"writes\": [\"L1.act/" + std::to_string(i) + "\"]";
        out += ", \"mlir_loc\": \"loc(\\\"/src/model.py\\\":" + std::to_string(100 + layer) + ":7)\"";
        out += ", \"compiler_attrs\": {\"layer\": " + std::to_string(layer)
            + ", \"fused\": " + (pick(2) ? "true" : "false") + ", \"ratio\": 0.5}}";
    }
    out += "\n ]\n}\n";
    return out;
}

} // namespace lookahead::bench
