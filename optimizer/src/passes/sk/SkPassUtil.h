#pragma once

// Small helpers shared by the sk-* pass files (private).

#include "lookahead/Pass.h"
#include "passes/sk/SuperKernelModel.h"

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

inline std::int64_t phase(const TaskGraph& graph, const Task& task, const char* which)
{
    const nlohmann::json& extra = graph.taskExtra(task);
    auto phases = extra.find("phases");
    if (phases == extra.end() || !phases->is_object())
        return 0;
    return phases->value(which, std::int64_t(0));
}

inline bool flag(const TaskGraph& graph, const Task& task, const char* key)
{
    const nlohmann::json& extra = graph.taskExtra(task);
    auto it = extra.find(key);
    return it != extra.end() && it->is_boolean() && it->get<bool>();
}

} // namespace lookahead::sk
