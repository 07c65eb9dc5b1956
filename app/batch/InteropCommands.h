#pragma once

/// \file `lookahead batch import` and `lookahead batch diff`: interoperation with traces and other
/// tools' exports. Qt-free, like the rest of the batch interface (BatchCommand.h).
///
///   import TRACE -o GRAPH [--clock-mhz F] [--lane-deps auto|always|never] [--summary OUT]
///       Chrome Trace Event JSON → format-v1 task graph (ChromeTraceImporter.h says what maps to
///       what). Prints the import summary (what was dropped and why) on standard output, or on
///       standard error when the graph itself goes to standard output (`-o -`); `--summary OUT`
///       writes it as JSON.
///   diff A B [--spec-costs] [--disable-cost NAME] [--clock-mhz F] [--top N] [--json OUT] [--csv OUT]
///       Simulates both (task graphs or Chrome traces) and prints makespan, per-executor and
///       per-task deltas (B − A), tasks matched by id; `--json`/`--csv` write the full comparison.
///
/// Exit statuses are those of BatchExit: 0 success (also when the files differ), 2 bad input or
/// usage, 1 internal failure.

#include <iosfwd>
#include <string>
#include <vector>

namespace lookahead {

/// `args` starts with the command name ("import"), as runBatch() passes it on.
int runBatchImport(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runBatchDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace lookahead
