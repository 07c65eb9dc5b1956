#pragma once

/// \file Importing recordings in the Chrome Trace Event format (JSON object or array form, gzip or
/// not) as task graphs that replay them exactly (spec section 9). Entry points normally go through
/// openInputFile() (InputOpener.h); this header is the recording half of it.
///
/// ## Structure
///
/// One reader per input format (today: Chrome trace JSON, `formats/ChromeJsonReader.cpp`) turns
/// the bytes into events with exact integer times; one mapper per producer
/// (`formats/importers/*Mapper.cpp`, listed in `Registry.cpp`) recognises its files and maps their
/// events to executors, lanes, tasks and dependencies; RecordingBuilder makes the graph replay the
/// recording. The producers: Lookahead's own export, the OpenVINO NPU compiler/profiler, the Ascend
/// PyTorch profiler, the PyTorch profiler (Kineto), TensorFlow timelines, clang `-ftime-trace`,
/// Chrome's own tracing, and any other Chrome trace (generic).
///
/// ## What becomes a task
///
/// | event | becomes |
/// |---|---|
/// | `X`, `B`…`E` (matched per thread, innermost first, in time order) | a task on the unit of its thread and nesting
/// depth (`thread`, `thread / depth 1`, ...); slices overlapping without nesting get a unit `... / overlap 2` | | async
/// `b`/`e` (nestable, matched by category, scope and `id`/`id2`), `n`, legacy `S`/`F` | a task on a lane `async
/// CATEGORY` of its process (by depth like slices) | | flows v1 `s`/`t`/`f` | dependencies: `s`/`t` and `f` with
/// `"bp":"e"` bind to the innermost slice of their thread containing their `ts` (the point they were emitted, e.g. the
/// `cudaLaunchKernel` call, not the `ProfilerStep#N` around it); `f` without `bp` to the next slice starting at or
/// after it | | flows v2 `bind_id` + `flow_out`/`flow_in` | a dependency on the slice with the same `bind_id` and
/// `flow_out` (the only one, else the latest starting before) | | `M` names and sort indexes, `process_labels` |
/// executor and lane names and order | | instants `i`/`I`/`R`, counters `C`, samples `P`, objects `N`/`O`/`D`, summary
/// lanes | not tasks: listed in the summary with pointer and reason |
///
/// Summary lanes a mapper leaves out: NPU `Layers` and `DPU Variants`, Ascend `Overlap Analysis`,
/// TensorFlow `stream:all`, Kineto `Spans`, clang `Total ...` events.
///
/// ## Exact replay and what-ifs
///
/// Tasks are in recorded start order; every unit is one recorded lane, so queue order is lane
/// order. A dependency whose producer ends after its consumer started is not a dependency (listed
/// in the summary). The time dependencies, queue and engine do not explain becomes `delay`, so the
/// simulation with no passes gives every task its recorded start and end (to the cycle, cycle 0 at
/// the earliest start). Shortening a task moves what it binds: the next task of its lane when that
/// one started right after it, the tasks whose flows it emitted, the tasks that waited for it.
/// On a thread lane (a call stack) an enclosing slice is a frame of two tasks that both name its
/// event in `source` (`"frame": "open"` and `"return"`): the open piece runs to its first callee's
/// start, the return piece from its last callee's end to its end and depends on that callee, so a
/// frame ends when its last callee returns plus its tail. A host slice the producer's mapper knows
/// to block on the device (Ascend `.item()`, synchronize calls; CUDA/HIP synchronize and synchronous
/// copies) depends on the latest device task that ended within it (a barrier `host-wait:N`), so it
/// returns earlier when the device finishes earlier. The rule and its limits are in
/// formats/importers/CallFrames.h. Limit: a flow emitted inside a slice binds to the piece or callee
/// that ended last at its timestamp, not to the exact point.
///
/// NPU recordings have no flows: the order between engines is inferred from the timestamps as
/// barriers `inferred:N` (see formats/importers/BarrierInference.cpp for the rule and its limits).
///
/// ## Clock and times
///
/// `ts`/`dur` are µs; strings ("1736405443863674.400") are parsed exactly. The clock is, in order:
/// ImportOptions::clockMhz, `workpoint.freq` (NPU), `otherData.clock_mhz` (ours), else 1 cycle =
/// 1 ns (1000 MHz) and the summary says it was assumed.
///
/// ## Leniency (real traces are messy)
///
/// Trailing commas before `]` or `}`, an array-form trace without its closing `]`, a UTF-8 byte
/// order mark (all repaired only when the strict parse fails), numbers given as strings, events not
/// sorted by time. Every leniency used is listed in the summary.

#include "lookahead/InputOpener.h"
#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <string>
#include <string_view>

namespace lookahead {

/// The names the GUI and batch code used before the opener; the same types.
using TraceImportOptions = ImportOptions;
using TraceImportSummary = ImportSummary;

struct ImportedTrace {
    TaskGraph graph;
    ImportSummary summary;
};

/// Imports the recording in `bytes` (gzip is inflated); `fileLabel` names it in errors and
/// pointers. Errors: not JSON even after the lenient repairs (line and column), no `traceEvents`
/// array, a bad clock, duplicate `args.id` in our own export, no event that became a task.
Result<ImportedTrace> importChromeTrace(
    std::string_view bytes, const std::string& fileLabel, const ImportOptions& options = {});
Result<ImportedTrace> importChromeTraceFile(const std::string& path, const ImportOptions& options = {});

/// The lenient pre-pass, exposed for tests: the repaired text (same length as the input, plus at
/// most one appended `]`) and what it changed.
struct LenientJsonRepair {
    std::string text;
    std::size_t trailingCommasRemoved = 0;
    bool closedTruncatedArray = false;
    bool skippedByteOrderMark = false;
};
LenientJsonRepair repairLenientJson(std::string_view text);

/// True when `text` looks like a Chrome trace rather than a format-v1 task graph: sniffInput().
bool looksLikeChromeTrace(std::string_view text);

/// Loads `path` as a task graph or imports it as a recording (openInputFile without the summary).
Result<TaskGraph> loadTaskGraphOrTrace(const std::string& path, const ImportOptions& options = {});

} // namespace lookahead
