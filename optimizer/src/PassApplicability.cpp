#include "lookahead/PassApplicability.h"

#include <algorithm>

namespace lookahead {

std::vector<FamilyApplicability> passFamiliesFor(const TaskGraph& graph, const PassRegistry& registry)
{
    std::vector<FamilyApplicability> result;
    for (const PassFamilyInfo& family : registry.families()) {
        const FamilyVerdict verdict = family.test ? family.test(graph) : FamilyVerdict {};
        result.push_back({ family.id, family.title, verdict.applies, verdict.reason, registry.passesOf(family.id) });
    }
    std::stable_partition(result.begin(), result.end(), [](const FamilyApplicability& f) { return f.applies; });
    return result;
}

} // namespace lookahead
