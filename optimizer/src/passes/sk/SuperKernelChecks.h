#pragma once

/// \file Hazard rules of the SuperKernel family, registered with the verifier (HazardRules) by
/// BuiltinRegistry.cpp. Both report a Hazard (so `batch run` exits 3 unless --allow-hazards):
///
/// - `early-start-unmatched`: a sync carrying `early_start` whose `signal_cores` or `wait_cores` is
///   not every core of the platform. Every core must execute the set and the wait exactly once or
///   the kernel hangs; first/second are the pair, `buffer` is `sync:ID`.
/// - `sync-range-too-narrow`: in a fused group, a sub-operator B depends (through data) on an
///   earlier P, and the chain of `sync_range`s between them never makes every core class of B wait
///   for every core of P (see sk::uncoveredDependencies, with the kernels' real types);
///   `buffer` is `sync-range:GROUP`.

#include "lookahead/Verifier.h"

#include <vector>

namespace lookahead {

void appendSuperKernelHazards(const TaskGraph& graph, std::vector<Hazard>& hazards);
void registerSuperKernelHazardRules(HazardRules& rules);

} // namespace lookahead
