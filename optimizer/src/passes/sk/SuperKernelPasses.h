#pragma once

/// \file Registration of the SuperKernel passes (`sk-fuse`, `sk-sync-range`, `sk-early-start`,
/// `sk-icache-preload`, `sk-split`, `sk-weight-prefetch`); the model they share is
/// domain/SuperKernelDomain.h. Recommended order: fuse, sync-range, early-start, icache-preload, split,
/// weight-prefetch (each works on whatever the earlier ones left in the graph).

namespace lookahead {

class PassRegistry;
void registerSuperKernelPasses(PassRegistry& registry);

} // namespace lookahead
