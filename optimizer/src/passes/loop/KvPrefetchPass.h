#pragma once

// `kv-prefetch` (shared/spec/passes.md, DOMAIN §3): software-pipelines the loads of every `loop`
// group so that the load of iteration i is issued in iteration i - distance, through `slots`
// buffers per loaded family, with per-slot read-after-write and write-after-read events or (the
// racy kernel of PR #704) shared events without write-after-read ordering.

#include "lookahead/Pass.h"

namespace lookahead {

class PassRegistry;

class KvPrefetchPass final : public Pass {
public:
    std::string_view name() const override { return "kv-prefetch"; }
    std::string_view summary() const override
    {
        return "software-pipeline loop loads: issue each load `distance` iterations ahead through `slots` buffers";
    }
    Status run(PassContext& context) override;

private:
    // Two toolchains: IREE (GPU platforms) counts pipeline stages, simpler's Ascend paged-attention
    // kernel hard-codes everything. Declared once for both; the platform picks which one is printed.
    IntegerOption distance { this, "distance", 1, 0, 3, "iterations",
        "how many iterations ahead a load is issued (0: the loop is left un-pipelined)" };
    ToolchainNames distanceIn { distance,
        { { .toolchains = { toolchain::kIree },
              .key = "--iree-llvmgpu-prefetch-num-stages",
              .values = { { "0", "1", "1 = no pipelining" }, { "1", "2", "" }, { "2", "3", "" }, { "3", "4", "" } },
              .defaultValue = "1",
              .when = { "stages", { "0" } },
              .caveat = "stages = distance + 1; unset, IREE uses 2 stages for TileAndFuse matmul and IGEMM conv and "
                        "none elsewhere (ROCDL targets only)",
              .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/KernelConfig.cpp L148-156, Passes.cpp "
                        "L622-628 @b48a595" },
            { .toolchains = { toolchain::kSimpler },
                .defaultValue = "1",
                .when = { "stages", { "0" } },
                .note = "no counterpart; the kernel looks one block ahead (next_block_id = bt[bt_offset + i + 1] in "
                        "aic_process_blocks, hard-coded): edit the kernel source and rebuild",
                .source = "simpler tests/st/a2a3/tensormap_and_ringbuffer/spmd_paged_attention/kernels/mix/"
                          "paged_attention_parallel.cpp L332-345 @6ebaf77" } } };
    IntegerOption slots { this, "slots", 2, 1, 4, "", "buffers per loaded family (L1 ping-pong slots)" };
    ToolchainNames slotsIn { slots,
        { { .toolchains = { toolchain::kIree },
              .note = "no counterpart; stream-copy mode uses one LDS buffer and gpu.barrier, async-copy mode as many "
                      "LDS buffers as stages (chosen automatically)",
              .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/Utils/ROCDLPrefetchSharedMemoryCopy.cpp "
                        "L42-54, L1281-1282 @b48a595" },
            { .toolchains = { toolchain::kSimpler },
                .defaultValue = "2",
                .note = "no counterpart; L1 ping-pong by block parity (FIFO_DEPTH = 2, LOCAL_SLOT_NUM = 2, hard-coded)",
                .source = "simpler .../spmd_paged_attention/kernels/mix/paged_attention_parallel.cpp L108, L116, "
                          "L171-190 @6ebaf77" } } };
    EnumOption events { this, "events", "per-slot", { "shared", "per-slot" },
        "per-slot: every slot has its own RAW and WAR events; shared: one RAW event per hand-off and no WAR "
        "events on the load path (L1 and the L0 it feeds), as the racy kernel had" };
    ToolchainNames eventsIn { events,
        { { .toolchains = { toolchain::kIree },
              .note = "no counterpart; LDS hand-offs are ordered by gpu.barrier (hard-coded)",
              .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/Utils/ROCDLPrefetchSharedMemoryCopy.cpp "
                        "@b48a595" },
            { .toolchains = { toolchain::kSimpler },
                .defaultValue = "shared",
                .note = "no counterpart; main uses one event per step type (EVENT_ID0 QK, EVENT_ID1 PV) and no "
                        "write-after-read events; per-slot events exist only in the closed, unmerged PR #708",
                .source = "simpler .../paged_attention_parallel.cpp L178-203, L232-257 @6ebaf77; "
                          "https://github.com/hw-native-sys/simpler/pull/708" } } };
    IntegerOption stages { this, "stages", 0, 0, 3, "",
        "pipeline depth as GPU prefetchers count it (1-3); when set, distance = stages - 1; 0: use distance",
        "0 (use distance)" };
    ToolchainNames stagesIn { stages,
        { { .toolchains = { toolchain::kIree },
              .key = "--iree-llvmgpu-prefetch-num-stages",
              .defaultValue = "2",
              .when = { "stages", { "1", "2", "3" } },
              .caveat = "unset, IREE uses 2 stages for TileAndFuse matmul and IGEMM conv and none elsewhere",
              .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/KernelConfig.cpp L148-156 @b48a595" },
            { .toolchains = { toolchain::kSimpler },
                .note = "no counterpart; a GPU pipeline depth: the kernel looks one block ahead (hard-coded)",
                .source = "simpler .../paged_attention_parallel.cpp L332-345 @6ebaf77" } } };
    Statistic numLoops { this, "loops", "loop groups pipelined" };
    Statistic numLoadsMoved { this, "loads-moved", "loads issued in an earlier iteration" };
    Statistic numDrainsRemoved { this, "drains-removed", "in-loop waits of loads replaced by events" };
    Statistic numWarEvents { this, "war-events", "write-after-read events added" };
    Statistic numClamped { this, "distance-clamped", "loops whose distance was lowered to avoid a deadlock" };
};

void registerKvPrefetchPass(PassRegistry& registry);

} // namespace lookahead
