#pragma once

// Small helpers shared by the sk-* pass files (private).

#include "domain/SuperKernelDomain.h"
#include "lookahead/Pass.h"

#include <string>

namespace lookahead::sk {

/// `base`, or `base.2`, `base.3`, ... when a task with that id exists (a pass run twice).
inline std::string freshId(const TaskGraph& graph, const std::string& base)
{
    std::string id = base;
    for (int n = 2; graph.findTask(id) != kNoTask; ++n)
        id = base + "." + std::to_string(n);
    return id;
}

/// An error when the graph has superkernel groups but not the executor kind a pass needs.
inline Status requireExecutor(const TaskGraph& graph, std::string_view pass, std::string_view exec)
{
    for (const Group& group : graph.groups)
        if (isSuperKernel(group) && graph.platform.findExecutor(exec) < 0)
            return Error { "", "pass " + std::string(pass),
                "needs an executor kind \"" + std::string(exec) + "\" (see the SuperKernel platform model)" };
    return Status::success();
}

} // namespace lookahead::sk
