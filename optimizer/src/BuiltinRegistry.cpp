// The one place that lists the built-in passes, cost terms and hazard rules. Each pass and term lives in its
// own file and exposes a `register...` function; adding one means adding one line here.

#include "lookahead/CostModel.h"
#include "lookahead/PassRegistry.h"
#include "lookahead/Verifier.h"

#include "costs/SuperKernelCosts.h"
#include "passes/PassFamilies.h"
#include "passes/sk/SuperKernelChecks.h"
#include "passes/sk/SuperKernelPasses.h"

namespace lookahead {

void registerKvPrefetchPass(PassRegistry& registry);
void registerSchedBarrierPass(PassRegistry& registry);

void registerFabricContentionTerm(CostModel& model);       // costs/FabricContention.cpp
void registerSwKernelPrefetchPass(PassRegistry& registry); // passes/SwKernelPrefetch.cpp

void registerBuiltinCostTerms(CostModel& model)
{
    registerSuperKernelCostTerms(model);
    (void)model;
    registerFabricContentionTerm(model);
}

void registerBuiltinHazardRules(HazardRules& rules) { registerSuperKernelHazardRules(rules); }

void registerBuiltinPasses(PassRegistry& registry)
{
    // Each family is registered ahead of its passes (PassRegistry::addFamily).
    registry.addFamily(superKernelFamily());
    registerSuperKernelPasses(registry);
    registry.addFamily(loopFamily());
    registerKvPrefetchPass(registry);
    registerSchedBarrierPass(registry);
    registry.addFamily(npuPrefetchFamily());
    registerSwKernelPrefetchPass(registry);
}

} // namespace lookahead
