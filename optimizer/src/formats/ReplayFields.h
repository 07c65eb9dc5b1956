#pragma once

// `delay` and `source` of a task (spec section 4), read and written in one place.

#include "lookahead/TaskGraph.h"

#include <string>

namespace lookahead::formats {

inline std::int64_t taskDelay(const TaskGraph& graph, TaskIndex task)
{
    const nlohmann::json& extra = graph.taskExtra(graph.tasks[task]);
    auto it = extra.find("delay");
    return it != extra.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

inline void setTaskDelay(TaskGraph& graph, TaskIndex task, std::int64_t delay)
{
    Task& t = graph.tasks[task];
    if (t.extra == UINT32_MAX) {
        if (delay == 0)
            return;
        t.extra = static_cast<std::uint32_t>(graph.taskExtras.size());
        graph.taskExtras.push_back(nlohmann::json::object());
    }
    if (delay == 0)
        graph.taskExtras[t.extra].erase("delay");
    else
        graph.taskExtras[t.extra]["delay"] = delay;
}

inline void setReplayKeys(NewTask& task, std::int64_t delay, std::string source)
{
    if (delay > 0)
        task.extra["delay"] = delay;
    task.extra["source"] = std::move(source);
}

} // namespace lookahead::formats
