#pragma once

/// \file Importing Chrome Trace Event JSON (chrome://tracing, Perfetto, the NPU compiler's
/// `compileTimeScheduleTrace.json`, and our own ChromeTraceWriter output) as a task graph.
///
/// ## What each event maps to
///
/// | event | becomes |
/// |---|---|
/// | `X` (complete) | a task, when it is not nested inside another event of its thread |
/// | `B` … `E` (begin/end) | matched per thread, innermost first (a stack); the pair is one span, treated as `X` |
/// | `X`/`B…E` nested inside an event of the same thread | dropped ("nested"); its flows move to the enclosing task |
/// | `i`, `I` (instant) | dropped: a mark, not work (counted in the summary) |
/// | `C` (counter) | dropped: a sample, not work (counted) |
/// | `M` process_name / thread_name | names of executors and lanes (below) |
/// | `M` process_sort_index / thread_sort_index | order of units within an executor kind |
/// | flows v1 `s` / `t` / `f` | dependencies between the tasks they bind to: `s` and `t` bind to the task enclosing their `ts` on their thread, `f` to the next task starting at or after its `ts` on its thread, or to the enclosing one with `"bp":"e"`; consecutive steps of one id (scoped by `cat`) become `after` edges |
/// | flows v2 `bind_id` + `flow_out` / `flow_in` | a task with `flow_in` depends on the task that carries the same `bind_id` with `flow_out` (the only one, or else the latest one starting before it) |
/// | anything else (`b`/`e`/`n` async, `P`, `O`, ...) | dropped as unsupported (counted) |
///
/// ## Executors
///
/// - **Our own export** (`otherData.tool == "lookahead"`): one executor kind per process (its
///   name), threads `unit U` / `tile U` (tiled) with an optional ` / engine E`; tasks keep
///   `args.id`, `cat` is the role, `args.kernel` (a `prefetch` task's loaded kernel), `args.origin`.
///   The zero-length `cat: "dependency"` anchor events are not tasks: their `flow_in` belongs to
///   the task event written just before them.
/// - **NPU compiler layout**: a thread (or else process, or else `cat`) named like `DMA`, `DPU`,
///   `SW / Shave` (also `Shave`, `SW`, `ActShave`) or `M2I` maps to kind `DMA`, `DPU`, `SHAVE`,
///   `M2I`. `DPU` and `SHAVE` are tiled: the unit is N of a `Cluster (N)` process, else of a
///   `cluster_N` suffix of the event name, else 0; each distinct thread of one tile is one engine
///   (the compiler's `tid` is a first-fit lane). `DMA`/`M2I` threads are units (ports) of one engine.
///   Events of the `Layers` process or with `cat: "Layer"` are per-layer summaries and are dropped.
/// - **Anything else**: one kind per process (its `process_name`, else `pid N`), one unit per
///   thread in `thread_sort_index`, then tid, order; one engine each.
///
/// ## Cycles, order, dependencies
///
/// - `ts`/`dur` are µs (Chrome's JSON unit whatever `displayTimeUnit` says); cycles =
///   round(µs × clock MHz). The clock is, in order: TraceImportOptions::clockMhz,
///   `workpoint.freq` (NPU), `otherData.clock_mhz` (ours); a trace that needs one and has none is
///   an error.
/// - A task's `cycles` is the duration it **took** in the trace. An imported graph has no caches
///   and no kernel sizes (`code_bytes` 0), so simulating it with spec costs replays the trace: for
///   our own export `cycles` = `args.cycles` + `args.stall` exactly, and start and end of every
///   task come back to the cycle (tests/optimizer/tst_traceimport.cpp pins this).
/// - Program order is the order of start times (ties: file order); for our own export it is the
///   file order, which the writer preserves. A flow that would make a task depend on one later in
///   program order is dropped ("goes backwards in time"), so an import never deadlocks.
/// - Without any flow in the trace (LaneDependencies::Auto) each task depends on the previous task
///   of its thread (lane order): the trace knows nothing else about what waited for what.
/// - Kernels come from names on SHAVE tasks: the `t_TYPE` part of `layer?t_TYPE/...`, otherwise
///   the part before `?`; `/tile_N`, `/cluster_N` and `_cluster_N` suffixes are removed.
///
/// ## Leniency (real traces are messy)
///
/// - trailing commas before `]` or `}` (outside strings) are removed (replaced by a space, so
///   line and column of later errors stay right);
/// - an array-form trace that ends without its closing `]` (Chrome writes such files when a
///   recording is cut) is closed;
/// - a leading UTF-8 byte order mark is skipped;
/// - `ts`, `dur`, `pid`, `tid` and sort indexes given as strings ("12.5") are read as numbers;
/// - events need not be sorted; `B`/`E` are matched in time order per thread.
/// Every leniency used is listed in the summary. Events that cannot be used are dropped with a
/// reason and their JSON pointer; only problems with the document as a whole are errors.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

struct TraceImportOptions {
    /// Overrides the clock found in the trace (`--clock-mhz`); must be > 0.
    std::optional<double> clockMhz;
    enum class LaneDependencies {
        Auto,   ///< Lane order only when the trace has no flow events at all.
        Always, ///< Lane order in addition to flows.
        Never,  ///< Flows only.
    };
    LaneDependencies laneDependencies = LaneDependencies::Auto;
};

/// One event that did not become (part of) a task, and why.
struct DroppedTraceEvent {
    std::size_t eventIndex = 0;
    std::string pointer; ///< JSON pointer of the event (`/traceEvents/17`, or `/17` in array form).
    std::string reason;
};

/// What the import did: shown by `batch import` and the GUI's import dialog.
struct TraceImportSummary {
    std::string layout;      ///< "lookahead", "npu" or "generic".
    double clockMhz = 0;
    std::string clockSource; ///< "option", "workpoint.freq", "otherData.clock_mhz".
    std::size_t events = 0;
    std::map<std::string, std::size_t> eventsByPhase; ///< Keyed by `ph` ("X", "M", ...; "?" when missing).
    std::size_t tasks = 0;
    std::size_t flowDependencies = 0; ///< Distinct `after` edges from flows.
    std::size_t laneDependencies = 0; ///< `after` edges from lane order.
    std::map<std::string, std::size_t> droppedByReason;
    /// The first kMaxListedDrops dropped events with their pointers (droppedByReason counts all).
    std::vector<DroppedTraceEvent> dropped;
    static constexpr std::size_t kMaxListedDrops = 50;
    /// Leniencies that were needed, one sentence each.
    std::vector<std::string> leniencies;

    std::size_t droppedCount() const;
    /// Human-readable, deterministic, several lines ending in '\n'.
    std::string toText() const;
    nlohmann::ordered_json toJson() const;
};

struct ImportedTrace {
    TaskGraph graph;
    TraceImportSummary summary;
};

/// Imports `text`; `fileLabel` names the input in errors. Errors (not JSON even after the lenient
/// repairs, no `traceEvents` array, no clock, duplicate `args.id` in our own export) name the file
/// and the line/column or JSON pointer.
Result<ImportedTrace> importChromeTrace(std::string_view text, const std::string& fileLabel,
    const TraceImportOptions& options = {});
Result<ImportedTrace> importChromeTraceFile(const std::string& path, const TraceImportOptions& options = {});

/// The lenient pre-pass, exposed for tests: the repaired text (same length as the input, plus at
/// most one appended `]`) and what it changed.
struct LenientJsonRepair {
    std::string text;
    std::size_t trailingCommasRemoved = 0;
    bool closedTruncatedArray = false;
    bool skippedByteOrderMark = false;
};
LenientJsonRepair repairLenientJson(std::string_view text);

/// True when `text` looks like a Chrome trace rather than a format-v1 task graph (used by
/// `batch diff` and the GUI to pick the reader): a top-level array, or an object with
/// `traceEvents` and no `format`.
bool looksLikeChromeTrace(std::string_view text);

} // namespace lookahead

namespace lookahead {

/// Loads `path` as a format-v1 task graph, or imports it as a Chrome trace when it looks like one
/// (looksLikeChromeTrace); for `batch diff` and the GUI's "open two files".
Result<TaskGraph> loadTaskGraphOrTrace(const std::string& path, const TraceImportOptions& traceOptions = {});

} // namespace lookahead
