#pragma once

/// \file Which pass families apply to a graph, and why the others do not.
///
/// A recording imported from a GPU profiler has no SHAVE kernels, no SuperKernel groups and no
/// loop groups: every optimization Lookahead models would do nothing on it. Rather than let the user
/// find that out pass by pass, each family (PassRegistry::families(), registered beside its
/// passes) answers for the whole graph. `lookahead batch passes --for GRAPH` prints the answer; the
/// GUI's pass panel shows applicable families first and collapses the others with the reason.
/// When none applies, replay, diff and the critical path still work.

#include "lookahead/PassRegistry.h"
#include "lookahead/TaskGraph.h"

#include <string>
#include <vector>

namespace lookahead {

struct FamilyApplicability {
    std::string id;    ///< `npu-prefetch`, `superkernel`, `loop`.
    std::string title; ///< "NPU SHAVE instruction prefetch".
    bool applies = false;
    std::string reason;              ///< One sentence: what the family found, or what it misses.
    std::vector<std::string> passes; ///< Its passes, in registration order.
};

/// Every family of `registry`, applicable ones first; within each part, registration order.
std::vector<FamilyApplicability> passFamiliesFor(
    const TaskGraph& graph, const PassRegistry& registry = PassRegistry::global());

/// The sentence shown when no family applies.
inline constexpr const char* kNoFamilyApplies
    = "No pass family applies to this graph: replay, diff and the critical path still work.";

} // namespace lookahead
