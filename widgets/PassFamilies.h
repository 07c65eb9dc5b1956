#pragma once

// The pass panel's source for pass families: which families apply to the loaded graph and why the
// others do not. The answer is the core's (lookahead/PassApplicability.h, shared with
// `batch passes --for`); this adds only the answer for "no graph loaded yet".

#include "lookahead/PassApplicability.h"

#include <vector>

namespace lookahead {

/// The families of `registry` for `graph`, applicable ones first; with no graph, every family in
/// registration order, all open (nothing to judge yet).
std::vector<FamilyApplicability> passFamiliesForPanel(const TaskGraph* graph, const PassRegistry& registry);

} // namespace lookahead
