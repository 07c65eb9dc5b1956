#pragma once

/// \file The NPU decode sample: one decode step (one new token) of a ~0.6 B-parameter transformer
/// (Qwen3-0.6B shape: 28 layers, hidden 1024, 16 query / 8 KV heads of 128, MLP 3072, vocabulary
/// 151936) on an NPU40XX-like platform (DOMAIN.md §1): 6 tiles at 1850 MHz, 2 DMA ports, 1 DPU and
/// 2 SHAVE engines per tile, 256 KB SHAVE instruction L2, 8 KB L1 per SHAVE.
///
/// Per layer, split over the tiles: int4 weight DMAs (QKV, O, gate+up, down; each buffer reloaded
/// once the previous layer's matmul released it), KV-cache DMAs, DPU matmuls (QKV, QKᵀ, AV, O,
/// gate+up, down) and SHAVE kernels (rms_norm for the input, q/k and post-attention norms,
/// convert, rotary_sin/rotary_cos, softmax, swish, eltwise_mul, eltwise_add for the residuals).
/// Before layer 0 a 150 K-cycle DMA brings the embedding row and the first constants, then a
/// SHAVE `gather`; after layer 27 the final norm, the lm_head weights (DMA-bound) and a two-level
/// `topk` (argmax) on SHAVE. Kernel code sizes are 4.5–40 KB. Cycle counts come from bytes at 32
/// B/cycle per DMA port and from element counts for the SHAVE kernels; the formulas are in the
/// source. Deterministic: no randomness, so the sample regenerates byte for byte.

#include "lookahead/TaskGraph.h"

#include <cstdint>

namespace lookahead {

struct NpuDecodeSampleOptions {
    std::uint32_t layers = 28;
    std::uint32_t tiles = 6;
    std::uint32_t context = 1024; ///< Tokens already in the KV cache.
};

/// `lookahead batch generate --kind npu-decode -o FILE`; the committed
/// `samples/npu40xx-decode-0.6b.json` is this with the default options.
TaskGraph generateNpuDecodeSample(const NpuDecodeSampleOptions& options = {});

} // namespace lookahead
