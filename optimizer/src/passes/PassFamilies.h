#pragma once

// The built-in pass families and their applicability tests (private). Each is defined beside its
// passes: NpuPrefetchApplicability.cpp, sk/SuperKernelApplicability.cpp,
// loop/LoopApplicability.cpp. BuiltinRegistry.cpp registers them ahead of their passes.

#include "lookahead/PassRegistry.h"

namespace lookahead {

PassFamilyInfo npuPrefetchFamily();
PassFamilyInfo superKernelFamily();
PassFamilyInfo loopFamily();

} // namespace lookahead
