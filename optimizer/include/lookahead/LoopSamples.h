#pragma once

/// \file Generators of software-pipelined loop graphs (DOMAIN §3 and §4), for `samples/` and tests.
///
/// Both emit the loop *un-pipelined*, as a compiler would before `kv-prefetch`: every load waits
/// for the previous step to drain (the coarse barrier between steps), buffers have one slot, and
/// every hand-off is a read-after-write barrier. Tasks carry `loop: {id, iter, stage}` and
/// `reads`/`writes`, groups are of kind `loop`. Deterministic per seed on every platform.

#include "lookahead/TaskGraph.h"

#include <cstdint>

namespace lookahead {

/// The Ascend paged-attention AIC/AIV pipeline (DOMAIN §3). One loop group per (batch, head) work
/// item, dealt round-robin to `cores` AIC/AIV core pairs. Per KV block i: QK step (MTE2 load K →
/// MTE1 move to L0 → CUBE matmul → FIX push S) and, after the vector core's softmax of block i,
/// PV step (load V → move → matmul with P → push O). Steps run QK[0], then QK[i], PV[i-1], then
/// PV[n-1]; a PV step's load is issued only once the scalar unit has popped P (softmax done).
struct PagedAttentionOptions {
    std::uint32_t batch = 4;
    std::uint32_t heads = 1;
    std::uint32_t blockSize = 128;   ///< Tokens per KV block.
    std::uint32_t blocksPerTile = 8; ///< KV blocks per work item: the loop's trip count.
    std::uint32_t cores = 2;         ///< AIC/AIV pairs (the units of every executor).
    std::uint32_t headDim = 128;
    std::uint32_t queryRows = 16; ///< Query rows per tile (the matmuls' M).
    std::uint64_t seed = 1;       ///< Page-placement jitter of the K/V loads.
};
TaskGraph generatePagedAttention(const PagedAttentionOptions& options);

/// A GPU GEMM main loop (DOMAIN §4): per K tile, a global read into registers (VMEM), a write of
/// the registers to shared memory (LDS) and the matrix instructions (MATRIX, in `computeParts`
/// parts), one loop per workgroup; the un-pipelined form, each read after the previous tile's compute.
struct GemmLoopOptions {
    std::uint32_t tiles = 8;      ///< K tiles: the loop's trip count.
    std::uint32_t workgroups = 2; ///< Units of every executor.
    std::uint32_t tileM = 64, tileN = 64, tileK = 32;
    std::uint32_t computeParts = 2; ///< MFMA groups per tile; the backend's wait lands between them.
};
TaskGraph generateGemmLoop(const GemmLoopOptions& options);

} // namespace lookahead
