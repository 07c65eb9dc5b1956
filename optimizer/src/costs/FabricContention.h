#pragma once

// Cost term `fabric-contention`: instruction fetches from memory share the fabric bandwidth.
//
// Format section 5.2 charges every instruction-cache miss `miss_latency + ceil(S /
// miss_bytes_per_cycle)` as if it had the memory interface to itself. On the NPU all SHAVE
// engines of all tiles fetch through one fabric, so a prefetch that misses while real kernels
// miss (or twelve start prefetches missing at once) is not free. This term adds, for a miss of S
// bytes starting at cycle s while k other fetches are still transferring (their fetch windows
// [start, start + stall) contain s):
//
//     share = min(miss_bytes_per_cycle, fabric_bytes_per_cycle / (k + 1))
//     extra = ceil(S / share) − ceil(S / miss_bytes_per_cycle)
//
// so up to fabric_bytes_per_cycle / miss_bytes_per_cycle concurrent fetches cost nothing extra.
// Tasks are handed over in start order, so the later of two colliding fetches pays (the earlier
// one's end is already fixed); its own fetch window grows by `extra`. The L2 fill cycle of 5.2 is
// not moved. Parameter: `platform.costs.fabric_bytes_per_cycle` (default 8, ≥ 1). Off under
// `--spec-costs` or `--disable-cost fabric-contention`. O(log F) per miss for F fetches in flight.

#include "lookahead/CostModel.h"

namespace lookahead {

void registerFabricContentionTerm(CostModel& model);

} // namespace lookahead
