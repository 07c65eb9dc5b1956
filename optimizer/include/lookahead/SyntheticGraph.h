#pragma once

/// \file Synthetic NPU-like task graphs at scale, for benchmarks and stress tests.
///
/// The shape follows the NPU40XX schedules of DOMAIN.md §1: per layer step a weight DMA on one of
/// two DMA ports, then either DPU work on every tile or SHAVE kernels on every tile (two engines per
/// tile sharing a 256 KB instruction L2), chained by barriers so that each step waits for its load
/// and for the previous step. Deterministic per seed on every platform (own integer PRNG, no
/// `<random>` distributions).

#include "lookahead/TaskGraph.h"

#include <cstdint>

namespace lookahead {

struct SyntheticGraphOptions {
    std::size_t tasks = 10000;
    std::uint64_t seed = 1;
    std::uint32_t tiles = 6;
};

TaskGraph generateSyntheticGraph(const SyntheticGraphOptions& options);

} // namespace lookahead
