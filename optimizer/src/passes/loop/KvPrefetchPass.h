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
    IntegerOption distance { this, "distance", 1, 0, 3, "iterations",
        "how many iterations ahead a load is issued (0: the loop is left un-pipelined)" };
    IntegerOption slots { this, "slots", 2, 1, 4, "", "buffers per loaded family (L1 ping-pong slots)" };
    EnumOption events { this, "events", "per-slot", { "shared", "per-slot" },
        "per-slot: every slot has its own RAW and WAR events; shared: one RAW event per hand-off and no WAR "
        "events on the load path (L1 and the L0 it feeds), as the racy kernel had" };
    IntegerOption stages { this, "stages", 0, 0, 3, "",
        "pipeline depth as GPU prefetchers count it (1-3); when set, distance = stages - 1; 0: use distance",
        "0 (use distance)" };
    Statistic numLoops { this, "loops", "loop groups pipelined" };
    Statistic numLoadsMoved { this, "loads-moved", "loads issued in an earlier iteration" };
    Statistic numDrainsRemoved { this, "drains-removed", "in-loop waits of loads replaced by events" };
    Statistic numWarEvents { this, "war-events", "write-after-read events added" };
    Statistic numClamped { this, "distance-clamped", "loops whose distance was lowered to avoid a deadlock" };
};

void registerKvPrefetchPass(PassRegistry& registry);

} // namespace lookahead
