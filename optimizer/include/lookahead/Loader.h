#pragma once

/// \file Loading format v1 (`shared/spec/taskgraph-v1.md`).
///
/// Every rule of section 8 is checked; the first problem is returned with the file name and either
/// the JSON pointer of the offending value or, for JSON syntax errors, the line and column.
/// Nothing is partially loaded. A `schedule` in the file is ignored (it is recomputed);
/// `provenance.passes` is kept so that an export can append to it.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <string>
#include <string_view>

namespace lookahead {

/// Parses `text`; `fileLabel` names the input in error messages.
Result<TaskGraph> parseTaskGraph(std::string_view text, const std::string& fileLabel);
/// Reads and parses the file at `path` (gzip-compressed files are inflated).
Result<TaskGraph> loadTaskGraphFile(const std::string& path);

} // namespace lookahead
