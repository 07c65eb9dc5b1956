#include "PassFamilies.h"

namespace lookahead {

std::vector<FamilyApplicability> passFamiliesForPanel(const TaskGraph* graph, const PassRegistry& registry)
{
    if (graph)
        return passFamiliesFor(*graph, registry);
    std::vector<FamilyApplicability> families;
    for (const PassFamilyInfo& family : registry.families())
        families.push_back({ family.id, family.title, true, {}, registry.passesOf(family.id) });
    return families;
}

} // namespace lookahead
