#pragma once

// What the inspector says about one task: every field, its timing and stall, the barrier that
// released it, its dependencies, and the pass that inserted it with that pass's reason.

#include "PropertyTreeModel.h"
#include "ScheduleSnapshot.h"

namespace lookahead {

std::vector<PropertyTreeModel::Section> describeTask(const ScheduleSnapshot& snapshot, TaskIndex task);

/// UTF-8 view → QString.
inline QString toQString(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

} // namespace lookahead
