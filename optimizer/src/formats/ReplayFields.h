#pragma once

// `delay` and `source` of a task (spec section 4), read and written in one place.

#include "lookahead/TaskGraph.h"

#include <string_view>

namespace lookahead::formats {

inline std::int64_t taskDelay(const TaskGraph& graph, TaskIndex task) { return graph.tasks[task].delay; }

inline void setTaskDelay(TaskGraph& graph, TaskIndex task, std::int64_t delay) { graph.tasks[task].delay = delay; }

inline void setReplayKeys(TaskGraph& graph, TaskIndex task, std::int64_t delay, std::string_view source)
{
    graph.tasks[task].delay = delay;
    graph.tasks[task].source = graph.strings.intern(source);
}

} // namespace lookahead::formats
