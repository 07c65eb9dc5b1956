#pragma once

/// \file The one way an input file enters Lookahead: a format-v1 task graph or a recording.
///
/// Every entry point (the GUI's Open, Import and drag and drop, `batch import`, `batch diff`, the
/// rerun use case) calls openInputFile(). It reads the file once (inflating gzip), decides in one
/// place what the bytes are (sniffInput), and hands them either to the format-v1 loader or to the
/// recording importer (ChromeTraceImporter.h: one reader per input format, one mapper per producer
/// under `formats/importers/`). A recording comes back as a TaskGraph that replays the recording
/// exactly (spec section 9) plus an ImportSummary that says what was imported and what was not.

#include "lookahead/Result.h"
#include "lookahead/TaskGraph.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead {

/// How a recording is imported (`batch import` options, the GUI's import dialog). A task graph
/// ignores all of them.
struct ImportOptions {
    /// Overrides the clock of the recording (`--clock-mhz`), in MHz; must be > 0.
    std::optional<double> clockMhz;
    enum class LaneDependencies {
        Auto,   ///< Lane order as explicit `after` edges only when the recording has no flows.
        Always, ///< Lane order edges in addition to flows.
        Never,  ///< Flows (and inferred barriers) only.
    };
    /// Lane order is always kept by the queues (one unit per recorded lane); this option only adds
    /// it as explicit `after` edges, which passes that reorder a queue then keep.
    LaneDependencies laneDependencies = LaneDependencies::Auto;
    /// A platform preset name (`npu40xx-6tile`) or a platform JSON file that replaces the platform
    /// the mapper would pick; empty: the mapper's choice (see PlatformChooser in the importers).
    std::string platform;
    /// A producer mapper by name (`npu`, `kineto`, ...) instead of recognising it; empty: recognise.
    std::string producer;
    /// An msprof `op_summary*.csv` (`--op-summary`): `Block Dim`, `Mix Block Dim` and `Task Type`
    /// give an Ascend recording's device tasks their `blocks` and mix ratio instead of the preset's
    /// assumption (RecordingDomain.h). Empty: none. A file that cannot be read fails the import.
    std::string opSummary;
};

/// One event of the recording that did not become a task, and why.
struct DroppedEvent {
    std::size_t eventIndex = 0;
    std::string pointer; ///< JSON pointer of the event (`/traceEvents/17`, or `/17` in array form).
    std::string reason;
};

/// A lane (process/thread) of the recording whose events are not imported as work.
struct LaneNotImported {
    std::string lane;   ///< As the producer names it: `Spans / PyTorch Profiler`, `/gpu:0/stream:all Compute`.
    std::string reason; ///< `a summary of the per-stream lanes`, `counters`, ...
    std::size_t events = 0;
};

/// A flow that did not become a dependency because it would start its destination later than the
/// recording did (or it binds to nothing).
struct FlowNotDependency {
    std::string pointer; ///< Of the flow event (or of the event carrying the v2 `bind_id`).
    std::string reason;
};

/// What an import did: shown by `batch import`, the GUI's import dialog and its metrics panel.
struct ImportSummary {
    std::string
        producer; ///< Mapper name: `npu`, `ascend`, `kineto`, `tensorflow`, `chrome`, `clang`, `lookahead`, `generic`.
    std::string producerName; ///< For people: "OpenVINO NPU compiler/profiler", "PyTorch profiler (Kineto)", ...
    std::string reader;       ///< `chrome-json` (object form) or `chrome-json-array`.
    bool gzip = false;
    double clockMhz = 0;
    std::string clockSource; ///< `option`, `workpoint.freq`, `otherData.clock_mhz`, `assumed` (1 cycle = 1 ns).
    bool clockAssumed() const { return clockSource == "assumed"; }
    std::string platform; ///< The platform preset or description used.
    std::size_t events = 0;
    std::map<std::string, std::size_t> eventsByPhase; ///< Keyed by `ph` ("X", "M", ...; "?" when missing).
    std::size_t tasks = 0;
    std::size_t flowDependencies = 0; ///< Distinct `after` edges from flows.
    std::size_t laneDependencies = 0; ///< `after` edges from lane order (ImportOptions::laneDependencies).
    std::size_t inferredBarriers = 0; ///< Barriers inferred from timestamps (`inferred:...`, NPU layout).
    std::size_t inferredWaits = 0;    ///< Tasks that wait for an inferred barrier.
    /// `after` edges of host call frames: a callee after its caller's open piece, a caller's return
    /// piece after its last callee (formats/importers/CallFrames.h).
    std::size_t callDependencies = 0;
    std::size_t hostWaits = 0;    ///< Inferred host waits on the device (barriers `host-wait:N`).
    std::size_t delayedTasks = 0; ///< Tasks with `delay` > 0 (time their dependencies do not explain).
    std::size_t flowsNotDependenciesCount = 0;
    std::vector<FlowNotDependency> flowsNotDependencies; ///< The first kMaxListed of them.
    std::vector<LaneNotImported> lanesNotImported;
    std::map<std::string, std::size_t> droppedByReason;
    std::vector<DroppedEvent> dropped; ///< The first kMaxListed dropped events (droppedByReason counts all).
    static constexpr std::size_t kMaxListed = 50;
    std::vector<std::string> leniencies; ///< Repairs that were needed, one sentence each.
    std::vector<std::string> notes;      ///< Anything else the user should know, one sentence each.
    /// Replay (spec 9): cost terms beyond spec 5 that would move a replayed task and are therefore
    /// switched off when this graph's baseline is simulated (SimulationOptions::disabledTerms), with why.
    std::vector<std::string> costTermsOff;
    std::string costTermsNote;

    std::size_t droppedCount() const;
    /// Human-readable, deterministic, several lines ending in '\n'.
    std::string toText() const;
    nlohmann::ordered_json toJson() const;
};

/// What openInputFile() found and made of it.
struct OpenedInput {
    enum class Kind { TaskGraph, Recording };
    Kind kind = Kind::TaskGraph;
    TaskGraph graph;
    std::optional<ImportSummary> summary; ///< Set for a recording.
};

/// What a byte string is, decided in one place for every entry point (after gzip inflation).
enum class InputKind { TaskGraph, Recording };
/// A top-level array, or an object with `traceEvents` and no `"format": "lookahead-taskgraph"`, is a
/// recording; anything else is read as a task graph (whose loader then names the problem).
InputKind sniffInput(std::string_view text);

/// Reads `path` (gzip-aware), sniffs it and loads or imports it. Errors name the file and a JSON
/// pointer or line/column (spec section 8).
Result<OpenedInput> openInputFile(const std::string& path, const ImportOptions& options = {});
/// The same for bytes already in memory (`label` names them in errors): the GUI's paste/drop of
/// data, tests, the fuzzer.
Result<OpenedInput> openInputBytes(std::string_view bytes, const std::string& label, const ImportOptions& options = {});

/// The event at `pointer` (`/traceEvents/123` or `/123`, as a task's `source` says) of the
/// recording at `recordingPath`, re-read from the file (slow: it parses the whole file; for the
/// GUI's inspector and the replay tests).
Result<nlohmann::json> readSourceEvent(const std::string& recordingPath, std::string_view pointer);
/// The events at several pointers, reading the recording once (a null value for a pointer that
/// names nothing): the replay tests check every task against its event.
Result<std::vector<nlohmann::json>> readSourceEvents(
    const std::string& recordingPath, const std::vector<std::string>& pointers);

} // namespace lookahead
