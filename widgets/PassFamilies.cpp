#include "PassFamilies.h"

namespace lookahead {

std::vector<FamilyApplicability> passFamiliesForPanel(const TaskGraph* graph, const PassRegistry& registry)
{
#ifdef LOOKAHEAD_HAS_PASS_APPLICABILITY
    if (graph)
        return passFamiliesFor(*graph, registry);
    // No graph yet: the families as registered, all open.
    std::vector<FamilyApplicability> families = passFamiliesFor(TaskGraph {}, registry);
    for (FamilyApplicability& family : families) {
        family.applies = true;
        family.reason.clear();
    }
    return families;
#else
    (void)graph;
    FamilyApplicability all;
    all.id = "all";
    all.title = "Passes";
    all.applies = true;
    all.passes = registry.names();
    return { all };
#endif
}

} // namespace lookahead
