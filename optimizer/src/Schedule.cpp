#include "lookahead/Schedule.h"

#include <algorithm>

namespace lookahead {

std::vector<TaskIndex> Schedule::criticalPath() const
{
    std::vector<TaskIndex> path;
    if (start.empty())
        return path;
    // The latest end; ties go to the first in file order so the result is stable.
    TaskIndex last = 0;
    for (TaskIndex t = 1; t < end.size(); ++t)
        if (end[t] > end[last])
            last = t;
    for (TaskIndex t = last; t != kNoTask; t = binding[t]) {
        path.push_back(t);
        if (path.size() > start.size())
            break; // defensive: bindings always point to earlier starts, so this never loops
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::size_t Schedule::memoryBytes() const
{
    return start.capacity() * sizeof(std::int64_t) + end.capacity() * sizeof(std::int64_t)
        + stall.capacity() * sizeof(std::int64_t) + engine.capacity() * sizeof(std::uint16_t)
        + startOrder.capacity() * sizeof(TaskIndex) + binding.capacity() * sizeof(TaskIndex);
}

} // namespace lookahead
