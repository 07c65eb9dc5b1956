#include "passes/sk/SuperKernelPasses.h"

#include "lookahead/PassRegistry.h"

namespace lookahead {

void registerSkFusePass(PassRegistry& registry);
void registerSkSyncRangePass(PassRegistry& registry);
void registerSkEarlyStartPass(PassRegistry& registry);
void registerSkIcachePreloadPass(PassRegistry& registry);
void registerSkSplitPass(PassRegistry& registry);
void registerSkWeightPrefetchPass(PassRegistry& registry);

void registerSuperKernelPasses(PassRegistry& registry)
{
    registerSkFusePass(registry);
    registerSkSyncRangePass(registry);
    registerSkEarlyStartPass(registry);
    registerSkIcachePreloadPass(registry);
    registerSkSplitPass(registry);
    registerSkWeightPrefetchPass(registry);
}

} // namespace lookahead
