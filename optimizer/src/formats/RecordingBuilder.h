#pragma once

// What every producer mapper builds a recording's task graph with. A mapper declares executor
// kinds and their units (one unit per recorded lane), the tasks with their recorded start and end,
// and the dependencies it found (flows) or inferred (barriers from timestamps). finish() then makes
// the graph replay the recording exactly (spec section 9):
//
// - program order is recorded start order (ties: shorter first, then file order), so every queue
//   holds its lane's tasks in start order;
// - a dependency whose producer ends after its consumer starts in the recording (or that would
//   point backwards in program order) is not a dependency: it is listed in the summary;
// - engines are assigned exactly as the simulator does (spec 5.1 rule 2: earliest free, lowest
//   index), and `delay` = recorded start − max(dependencies' ends, previous start in the queue,
//   engine free) — never negative, because every term of that max is a recorded time at or before
//   the recorded start;
// - times are integer nanoseconds; cycles are round((t − t0) × MHz / 1000) with t0 the earliest
//   imported start, a monotone map, so the order facts above survive the conversion.

#include "TraceDocument.h"

#include "lookahead/InputOpener.h"
#include "lookahead/TaskGraph.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lookahead::formats {

using TaskRef = std::uint32_t;

/// Which piece of a call frame (CallFrames.h) a task is: its `frame` key.
enum class FramePiece : std::uint8_t { Whole, Open, Return };

/// What few tasks carry besides their span, kept apart from RecordedTask so that the common task
/// stays 64 bytes (a trace has a task per event: 120 bytes apiece were a tenth of an import's peak).
// Its implicit move constructor is noexcept (nlohmann::json's is); clang-tidy cannot see through
// json's assert_invariant() and reports it as throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct TaskDetail {
    /// Our own export only: exact `cycles` and `delay` from `args` instead of the recorded span.
    std::optional<std::int64_t> exactCycles, exactDelay;
    /// Optional task keys a producer's domain needs later (Ascend: `ascend`); null: none.
    nlohmann::json extra;
};

/// One task as a mapper found it in the recording. Its strings are symbols of the builder's pool
/// (RecordingBuilder::intern, text): a recording repeats its names (kernels, ops) thousands of
/// times, and a task per event made a string apiece the largest part of an import's memory.
struct RecordedTask {
    std::uint32_t event = 0; ///< Index of the event it came from (its `source`).
    std::uint16_t kind = 0;  ///< From RecordingBuilder::kind().
    TaskRole role = TaskRole::Compute;
    /// The piece of a call frame it is; Whole: a whole slice (no `frame` key).
    FramePiece frame = FramePiece::Whole;
    std::uint32_t unit = 0;
    Symbol name = kNoSymbol;     ///< Display name; the id is made from it unless `id` is set.
    Symbol id = kNoSymbol;       ///< A fixed id (our own export's `args.id`); kNoSymbol: from the name.
    Symbol kernel = kNoSymbol;   ///< kNoSymbol: none.
    Symbol roleName = kNoSymbol; ///< For TaskRole::Other.
    Symbol origin = kNoSymbol;
    /// Tasks of one call stack (CallFrames.h) that start and end at one instant keep their call
    /// order: a caller's open piece, its callees, its return piece. UINT32_MAX: not on a call stack.
    std::uint32_t callTrack = UINT32_MAX, callOrder = 0;
    std::uint32_t detail = 0; ///< 1 + index of its TaskDetail (RecordingBuilder::setDetail); 0: none.
    std::int64_t startNs = 0, endNs = 0;
};

static_assert(sizeof(RecordedTask) == 64, "a trace has a task per event: keep RecordedTask small");

class RecordingBuilder {
public:
    RecordingBuilder(const TraceDocument& doc, ImportSummary& summary, const ImportOptions& options);

    // --- executors: kinds and their units (lanes)
    /// The kind called `name`, created on first use. `multiEngine`: overlapping tasks of one unit
    /// run on several engines (NPU SHAVE); otherwise mappers give overlapping tasks their own units.
    std::uint16_t kind(const std::string& name, bool tiled = false, bool multiEngine = false);
    /// The unit of `kind` named `laneName`, appended on first use.
    std::uint32_t unit(std::uint16_t kind, const std::string& laneName);
    /// Unit `index` of `kind` (tiles), named `laneName` unless already named.
    void nameUnit(std::uint16_t kind, std::uint32_t index, const std::string& laneName);
    /// At least `engines` engines per unit of `kind` (our own export names them).
    void minimumEngines(std::uint16_t kind, std::uint32_t engines);

    // --- tasks and dependencies
    /// A string of the recorded tasks (RecordedTask's symbols); empty text stays kNoSymbol.
    Symbol intern(std::string_view text) { return text.empty() ? kNoSymbol : m_strings.intern(text); }
    /// The text of a RecordedTask symbol (empty for kNoSymbol); valid until the next intern().
    std::string_view text(Symbol symbol) const
    {
        return symbol == kNoSymbol ? std::string_view() : m_strings.view(symbol);
    }
    TaskRef addTask(const RecordedTask& task);
    /// Gives task `ref` its TaskDetail (replacing any it had).
    void setDetail(TaskRef ref, TaskDetail detail);
    /// The task's TaskDetail, or null.
    const TaskDetail* detail(const RecordedTask& task) const
    {
        return task.detail == 0 ? nullptr : &m_details[task.detail - 1];
    }
    std::size_t taskCount() const { return m_tasks.size(); }
    const RecordedTask& task(TaskRef ref) const { return m_tasks[ref]; }
    RecordedTask& task(TaskRef ref) { return m_tasks[ref]; }
    const std::string& kindName(std::uint16_t kind) const { return m_kinds[kind].name; }
    /// A flow from `producer` to `consumer`, carried by `flowEvent`; checked in finish().
    void addFlow(TaskRef producer, TaskRef consumer, std::uint32_t flowEvent);
    /// An explicit `after` edge our own export recorded (kept even when it explains nothing).
    void addExactAfter(TaskRef producer, TaskRef consumer);
    /// An inferred barrier `inferred:N`: every consumer waits for every producer.
    void addInferredBarrier(std::vector<TaskRef> producers, std::vector<TaskRef> consumers);
    /// A call edge of a host frame (CallFrames.h): a child after its caller's open piece, a return
    /// piece after its last child. Kept when the recording bears it out; counted apart from flows.
    void addCallEdge(TaskRef producer, TaskRef consumer);
    /// An inferred host wait on the device (CallFrames.h): `host` (a return piece) waits for
    /// `device` through a barrier `host-wait:N` of its own.
    void addHostWait(TaskRef device, TaskRef host);
    /// Keep the order tasks were added in as program order (our own export) instead of start order.
    void keepAddedOrder() { m_keepAddedOrder = true; }
    bool hasFlows() const { return m_anyFlow; }
    void noteFlowSeen() { m_anyFlow = true; }

    // --- what the summary says
    void drop(std::uint32_t event, const std::string& reason);
    void laneNotImported(const std::string& lane, const std::string& reason, std::size_t events);
    void flowNotDependency(std::uint32_t event, const std::string& reason);
    void lenient(const std::string& what);
    void note(const std::string& what);

    /// Builds the graph (see the file comment). Errors for a recording with no task, or one whose
    /// span a task graph cannot hold.
    Result<TaskGraph> finish(const std::string& graphName);

    /// After finish(): every task's recorded start and end in cycles, in the graph's task order.
    const std::vector<std::int64_t>& recordedStart() const { return m_recordedStart; }
    const std::vector<std::int64_t>& recordedEnd() const { return m_recordedEnd; }
    /// A platform preset the mapper suggests for this recording (ImportOptions::platform wins).
    void suggestPlatform(std::string preset) { m_suggestedPlatform = std::move(preset); }
    const std::string& suggestedPlatform() const { return m_suggestedPlatform; }

    const TraceDocument& doc() const { return m_doc; }
    ImportSummary& summary() { return m_summary; }
    const ImportOptions& options() const { return m_options; }

private:
    struct Kind {
        std::string name;
        bool tiled = false, multiEngine = false;
        std::vector<std::string> unitNames;
        std::uint32_t minEngines = 1;
    };
    enum class EdgeKind : std::uint8_t { Flow, Exact, Call };
    struct Edge {
        TaskRef producer, consumer;
        std::uint32_t event; ///< UINT32_MAX for lane order, exact and call edges.
        EdgeKind kind = EdgeKind::Flow;
    };
    struct Barrier {
        std::vector<TaskRef> producers, consumers;
        bool hostWait = false; ///< `host-wait:N` (addHostWait), else `inferred:N`.
    };

    std::vector<std::uint32_t> programOrder() const;
    // The steps of finish(), in order, on its working state.
    struct ReplayPlan;
    ReplayPlan planTimes() const;
    void keepDependencies(ReplayPlan& plan);
    void planQueues(ReplayPlan& plan);
    void keepBarriers(ReplayPlan& plan);
    void planDelays(ReplayPlan& plan);
    void addExecutorsAndKernels(TaskGraph& graph, const ReplayPlan& plan) const;
    std::optional<Error> makeIds(TaskGraph& graph, ReplayPlan& plan) const;
    void insertTasks(TaskGraph& graph, ReplayPlan& plan);
    std::int64_t toCycles(std::int64_t ns) const;
    /// The first task that ends further from the earliest start than a task graph can hold.
    std::optional<Error> spanTooLong() const;

    const TraceDocument& m_doc;
    ImportSummary& m_summary;
    const ImportOptions& m_options;
    std::vector<Kind> m_kinds;
    std::vector<RecordedTask> m_tasks;
    std::vector<TaskDetail> m_details; ///< RecordedTask::detail - 1 indexes it.
    StringPool m_strings;              ///< RecordedTask's strings.
    std::vector<Edge> m_edges;
    std::vector<Barrier> m_barriers;
    std::vector<Barrier> m_hostWaits;
    bool m_keepAddedOrder = false;
    bool m_anyFlow = false;
    std::int64_t m_t0 = 0;
    std::vector<std::int64_t> m_recordedStart, m_recordedEnd;
    std::string m_suggestedPlatform;
};

} // namespace lookahead::formats
