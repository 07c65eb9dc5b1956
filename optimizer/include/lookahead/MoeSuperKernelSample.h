#pragma once

/// \file The MoE SuperKernel sample (DOMAIN.md §2): one MoE block of a decoder layer, as a graph
/// compiler would export it before SuperKernel fusion, on the Ascend-like platform model of
/// `domain/SuperKernelDomain.h` (24 cube + 48 vector cores at 1800 MHz; lanes AICORE, ICACHE,
/// MTE, AICPU, SDMA). `lookahead batch generate --kind moe-superkernel -o FILE` writes it.
///
/// Sub-operators (kernel type, blocks, cycles, phases) in program order, all in one `superkernel`
/// group: the router matmul, gating top-k, token routing, dynamic quant, the tiling-sunk
/// GroupedMatmul gate/up (MIX_1_2, with an AICPU tiling task after the routing), dequant-swiglu-quant,
/// the tiling-sunk GroupedMatmul down, the shared expert (gate/up matmul, swiglu, down matmul:
/// independent of the routed path), finalize-routing and add-rms-norm. The GroupedMatmuls carry
/// `weights: {"l2_saving": c}` for sk-weight-prefetch and `dynamic_shape: true` (no Early-Start).
/// Durations are chosen so that the unfused block simulates to the published 407.54 µs with the
/// default cost parameters; the numbers are a model, not measurements. Deterministic.

#include "lookahead/TaskGraph.h"

namespace lookahead {

TaskGraph generateMoeSuperKernelSample();
/// The same graph as format-v1 JSON text (what the generator command writes, before formatting).
std::string moeSuperKernelSampleJson();

} // namespace lookahead
