#pragma once

// `sched-barrier` (shared/spec/passes.md, DOMAIN §4): models where the wait for a prefetched load
// lands in a software-pipelined loop. `backend`: inside the compute stage that follows the load
// (the AMDGPU backend's s_waitcnt between matrix instructions, i.e. the code without the barrier);
// `write-stage`: at the write stage that consumes the load, with a scheduling barrier that nothing
// crosses between compute and write (IREE PR 21151).

#include "lookahead/Pass.h"

namespace lookahead {

class PassRegistry;

class SchedBarrierPass final : public Pass {
public:
    std::string_view name() const override { return "sched-barrier"; }
    std::string_view summary() const override
    {
        return "place the wait for prefetched loads: inside compute (backend) or at the write stage (barrier)";
    }
    Status run(PassContext& context) override;

private:
    BoolOption enabled { this, "enabled", true, "model the wait placement (false: leave the loop as it is)" };
    ToolchainNames enabledIn { enabled,
        { { .toolchains = { toolchain::kIree },
            .defaultValue = "true",
            .note = "no counterpart; IREE always inserts amdgpu.sched_barrier in stream-copy loops since ce0044911c "
                    "(#21151); only indirectly: no prefetching (--iree-llvmgpu-prefetch-num-stages=0)",
            .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/Utils/ROCDLPrefetchSharedMemoryCopy.cpp "
                      "L933-957, L1014-1016 @b48a595" } } };
    EnumOption waitPlacement { this, "wait-placement", "write-stage", { "backend", "write-stage" },
        "backend: the compute stage after a prefetched load waits for it (no barrier); write-stage: only the "
        "write stage waits, behind a scheduling barrier between compute and write" };
    ToolchainNames waitPlacementIn { waitPlacement,
        { { .toolchains = { toolchain::kIree },
            .defaultValue = "write-stage",
            .note = "no counterpart; the barrier (write-stage) is hard-coded in stream-copy loops; backend is what "
                    "builds before ce0044911c (2025-06-30) do, and loops pipelined in async-copy mode (inference: "
                    "hidden --iree-llvmgpu-use-direct-load, default true)",
            .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/Utils/ROCDLPrefetchSharedMemoryCopy.cpp "
                      "L933-957 @b48a595" } } };
    WordOption computeStage { this, "compute-stage", "compute", "the `loop.stage` of the compute tasks" };
    ToolchainNames computeStageIn { computeStage,
        { { .toolchains = { toolchain::kIree },
            .note = "no counterpart; IREE classifies the stages by their slices (read, write, compute roots)",
            .source = "iree compiler/src/iree/compiler/Codegen/LLVMGPU/Utils/ROCDLPrefetchSharedMemoryCopy.cpp "
                      "L387-445 @b48a595" } } };
    Statistic numWaitsInCompute { this, "waits-in-compute", "compute tasks made to wait for a later iteration's load" };
    Statistic numWaitsMoved { this, "waits-moved", "waits for a later iteration's load taken out of compute" };
    Statistic numBarriers { this, "barriers", "scheduling barriers inserted between compute and write" };
};

void registerSchedBarrierPass(PassRegistry& registry);

} // namespace lookahead
