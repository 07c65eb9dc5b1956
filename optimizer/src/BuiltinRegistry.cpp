// The one place that lists the built-in passes and cost terms. Each pass and term lives in its
// own file and exposes a `register...` function; adding one means adding one line here.

#include "lookahead/CostModel.h"
#include "lookahead/PassRegistry.h"

namespace lookahead {

void registerBuiltinCostTerms(CostModel& model)
{
    (void)model;
}

void registerBuiltinPasses(PassRegistry& registry)
{
    (void)registry;
}

} // namespace lookahead
