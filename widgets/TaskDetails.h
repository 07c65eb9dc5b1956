#pragma once

// What the inspector says about one task: every field, its timing and stall, the barrier that
// released it, its dependencies, and the pass that inserted it with that pass's reason.

#include "PropertyTreeModel.h"
#include "ScheduleSnapshot.h"

#include <nlohmann/json.hpp>

namespace lookahead {

std::vector<PropertyTreeModel::Section> describeTask(const ScheduleSnapshot& snapshot, TaskIndex task);

/// The event of the recording a task was imported from (its `source`), as the producer wrote it:
/// name, category, phase, times, process and thread, then every argument (`args.NAME`).
PropertyTreeModel::Section describeSourceEvent(const nlohmann::json& event, const QString& pointer);

/// UTF-8 view → QString.
inline QString toQString(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

} // namespace lookahead
