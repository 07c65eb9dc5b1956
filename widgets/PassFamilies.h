#pragma once

// The pass panel's source for pass families: which families apply to the loaded graph and why the
// others do not. The answer is the core's (lookahead/PassApplicability.h, shared with
// `batch passes --for`); this header only gives the panel one call for "no graph loaded yet" too.

#include "lookahead/PassRegistry.h"
#include "lookahead/TaskGraph.h"

#include <string>
#include <vector>

#if __has_include("lookahead/PassApplicability.h")
#include "lookahead/PassApplicability.h"
#define LOOKAHEAD_HAS_PASS_APPLICABILITY 1
#else
namespace lookahead {
/// Stand-in until the core's PassApplicability.h is on main (same fields): one family of every
/// pass, applicable. The GUI makes up no rules of its own.
struct FamilyApplicability {
    std::string id;
    std::string title;
    bool applies = false;
    std::string reason;
    std::vector<std::string> passes;
};
} // namespace lookahead
#endif

namespace lookahead {

/// The families of `registry` for `graph`, applicable ones first; with no graph, every family in
/// registration order, all applicable (nothing to judge yet).
std::vector<FamilyApplicability> passFamiliesForPanel(const TaskGraph* graph, const PassRegistry& registry);

} // namespace lookahead
