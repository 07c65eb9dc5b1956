// Our own Chrome trace export (ChromeTraceWriter, `otherData.tool == "lookahead"`): one process per
// executor kind, one thread per engine named `KIND unit U` / `KIND tile U` with an optional
// ` / engine E` (exports before #13: without the leading kind); tasks keep `args.id`, `cat` is the
// role, `args.kernel` (a prefetch task's loaded kernel), `args.origin`; `cycles` is `args.cycles` +
// `args.stall` (the stall was paid; an imported graph has no caches) and `delay` is `args.delay`.
// Program order is the file order, and every dependency is exact, so the re-import replays the
// export to the cycle. Dependencies come in two spellings:
// - since #13, one flow per dependency: an `s` event right after the producer's slice and an `f`
//   event right after the consumer's, `cat: "dependency"`, the same `id` ("0x…", dense);
// - before, a zero-length `cat: "dependency"` anchor after the consumer whose `bind_id`/`flow_in`
//   names the producer's `bind_id`/`flow_out`.
// Either way, the edges are added in consumer order, producers ascending, as the writer wrote them.

#include "RecordingMapper.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

namespace lookahead::formats {

int recogniseLookaheadExport(const TraceDocument& doc)
{
    return stringField(doc.topLevel("otherData"), "tool") == "lookahead" ? 100 : 0;
}

namespace {

    /// The role `cat` names; an unknown one is TaskRole::Other named `cat` (`roleName`).
    TaskRole roleOf(std::string_view cat, Symbol& roleName, RecordingBuilder& builder)
    {
        if (cat.empty() || cat == "compute")
            return TaskRole::Compute;
        if (cat == "prefetch")
            return TaskRole::Prefetch;
        if (cat == "sync")
            return TaskRole::Sync;
        if (cat == "dma")
            return TaskRole::Dma;
        roleName = builder.intern(cat);
        return TaskRole::Other;
    }

    std::optional<std::int64_t> integerArg(simdjson::dom::element args, std::string_view key)
    {
        simdjson::dom::element value;
        if (!args.is_object() || args[key].get(value) != simdjson::SUCCESS)
            return std::nullopt;
        const auto number = numberOf(value);
        if (!number || *number < 0 || *number > double(kMaxCycles))
            return std::nullopt;
        return static_cast<std::int64_t>(std::llround(*number));
    }

} // namespace

namespace {

    /// The unit and engine a thread name gives, for a process of our own export.
    struct LaneNumbers {
        bool valid = false;
        bool tiled = false;
        bool hasEngine = false;
        std::uint32_t unit = 0, engine = 0;
    };

    LaneNumbers parseLaneName(std::string_view name)
    {
        unsigned unit = 0, engine = 0;
        char word[8] = {};
        const std::string text(name);
        const int matched = std::sscanf(text.c_str(), "%7s %u / engine %u", word, &unit, &engine);
        const std::string_view prefix(word);
        LaneNumbers lane;
        if (matched < 2 || (prefix != "unit" && prefix != "tile") || unit >= 4096 || engine >= 4096)
            return lane;
        lane.valid = true;
        lane.tiled = prefix == "tile";
        lane.hasEngine = matched == 3;
        lane.unit = unit;
        lane.engine = engine;
        return lane;
    }

    /// `SHAVE tile 3 / engine 1` (the executor first, since #13) or `tile 3 / engine 1` (before).
    LaneNumbers laneNumbers(const TraceDocument& doc, const LaneInfo& lane)
    {
        const std::string& process = doc.processes[lane.process].name;
        if (process.empty())
            return {};
        const std::string_view name(lane.threadName);
        if (name.size() > process.size() && name.starts_with(process) && name[process.size()] == ' ')
            if (LaneNumbers numbers = parseLaneName(name.substr(process.size() + 1)); numbers.valid)
                return numbers;
        return parseLaneName(name);
    }

    /// Flow ids as the writer spells them: "0x" and hex digits, dense from 1.
    std::optional<std::uint32_t> flowNumber(std::string_view id, std::size_t eventCount)
    {
        if (id.size() < 3 || id.size() > 10 || !id.starts_with("0x"))
            return std::nullopt;
        std::uint32_t number = 0;
        const auto [end, ec] = std::from_chars(id.data() + 2, id.data() + id.size(), number, 16);
        if (ec != std::errc() || end != id.data() + id.size() || number == 0 || number > eventCount)
            return std::nullopt;
        return number;
    }

    /// The dependencies an export writes, collected in the event pass and added at its end: flows
    /// we numbered (`s` after the producer, `f` after the consumer) and, in older exports,
    /// zero-length anchors bound to their producer by `bind_id`.
    struct ExportEdges {
        std::map<std::string_view, TaskRef> producerOfBind;
        std::vector<std::pair<std::string_view, TaskRef>> anchors; // bind id of the producer → consumer
        std::vector<TaskRef> producerOfFlow;                       // by flow number
        std::vector<std::pair<std::uint32_t, TaskRef>> flowEnds;   // flow number → consumer

        void flowStep(char phase, std::uint32_t flow, TaskRef task)
        {
            if (phase == 's') {
                if (producerOfFlow.size() <= flow)
                    producerOfFlow.resize(std::max<std::size_t>(flow + 1, producerOfFlow.size() * 2), UINT32_MAX);
                producerOfFlow[flow] = task;
            } else {
                flowEnds.emplace_back(flow, task);
            }
        }

        void addTo(RecordingBuilder& builder) const
        {
            for (const auto& [bind, consumer] : anchors)
                if (auto producer = producerOfBind.find(bind); producer != producerOfBind.end())
                    builder.addExactAfter(producer->second, consumer);
            for (const auto& [flow, consumer] : flowEnds) {
                if (flow < producerOfFlow.size() && producerOfFlow[flow] != UINT32_MAX)
                    builder.addExactAfter(producerOfFlow[flow], consumer);
                else
                    ++builder.summary().droppedByReason["dependency flow whose start is missing"];
            }
        }
    };

    /// Adds the task an `X` event of the export describes, with its exact cycles and delay from `args`.
    TaskRef addExportedTask(const TraceDocument& doc, const TraceEvent& event, simdjson::dom::element args,
        const LaneNumbers& lane, RecordingBuilder& builder)
    {
        RecordedTask task;
        task.event = event.index;
        task.kind = builder.kind(doc.processes[doc.lanes[event.lane].process].name, lane.tiled);
        task.unit = lane.unit;
        builder.nameUnit(task.kind, lane.unit, "");
        if (lane.hasEngine)
            builder.minimumEngines(task.kind, lane.engine + 1);
        task.startNs = event.tsNs;
        task.endNs = event.tsNs + event.durNs;
        task.name = builder.intern(doc.name(event));
        task.id = builder.intern(stringField(args, "id"));
        task.role = roleOf(doc.cat(event), task.roleName, builder);
        task.kernel = builder.intern(stringField(args, "kernel"));
        task.origin = builder.intern(stringField(args, "origin"));
        if (task.role == TaskRole::Prefetch && task.kernel == kNoSymbol)
            task.role = TaskRole::Compute; // a prefetch without its kernel cannot load anything: plain work
        TaskDetail exact;
        if (const auto cycles = integerArg(args, "cycles"))
            exact.exactCycles = *cycles + integerArg(args, "stall").value_or(0);
        exact.exactDelay = integerArg(args, "delay").value_or(0);
        const TaskRef added = builder.addTask(task);
        builder.setDetail(added, std::move(exact));
        return added;
    }

    /// Engines from the thread names: the writer names every engine, busy or not.
    void addExportLanes(
        const TraceDocument& doc, const std::vector<LaneNumbers>& laneNumbersOf, RecordingBuilder& builder)
    {
        for (std::size_t l = 0; l < doc.lanes.size(); ++l) {
            const LaneNumbers& lane = laneNumbersOf[l];
            if (!lane.valid)
                continue;
            const std::uint16_t kind = builder.kind(doc.processes[doc.lanes[l].process].name, lane.tiled);
            builder.nameUnit(kind, lane.unit, "");
            if (lane.hasEngine)
                builder.minimumEngines(kind, lane.engine + 1);
        }
    }

} // namespace

Status mapLookaheadExport(const TraceDocument& doc, RecordingBuilder& builder)
{
    builder.keepAddedOrder();
    std::vector<LaneNumbers> laneNumbersOf;
    laneNumbersOf.reserve(doc.lanes.size());
    for (const LaneInfo& lane : doc.lanes)
        laneNumbersOf.push_back(laneNumbers(doc, lane));

    ExportEdges edges;
    TaskRef lastTask = UINT32_MAX;
    for (const TraceEvent& event : doc.events) {
        if (event.phase == 'M') {
            ++builder.summary().droppedByReason["metadata (names and orders lanes)"];
            continue;
        }
        if ((event.phase == 's' || event.phase == 'f') && doc.cat(event) == "dependency") {
            const auto flow = flowNumber(doc.id(event), doc.events.size());
            if (lastTask == UINT32_MAX || !flow) {
                builder.drop(event.index, "dependency flow without a task before it or with an id not written by us");
                continue;
            }
            ++builder.summary().droppedByReason["flow step (a dependency, not work)"];
            edges.flowStep(event.phase, *flow, lastTask);
            continue;
        }
        if (event.phase != 'X' || !event.hasTs || !event.hasDur) {
            builder.drop(event.index, "not a task event of our own export");
            continue;
        }
        const simdjson::dom::element args = doc.args(event); // until the next args(): read it here
        if (doc.cat(event) == "dependency" && stringField(args, "id").empty() && event.durNs == 0) {
            if (lastTask == UINT32_MAX)
                builder.drop(event.index, "dependency anchor before any task");
            else if (event.flowIn && !doc.bindId(event).empty())
                edges.anchors.emplace_back(doc.bindId(event), lastTask);
            ++builder.summary().droppedByReason["dependency anchor (an edge, not work)"];
            continue;
        }
        const LaneNumbers& lane = laneNumbersOf[event.lane];
        if (!lane.valid) {
            builder.drop(event.index, "not on a thread named \"unit N\" or \"tile N\" of a named process");
            continue;
        }
        lastTask = addExportedTask(doc, event, args, lane, builder);
        if (event.flowOut && !doc.bindId(event).empty())
            edges.producerOfBind[doc.bindId(event)] = lastTask;
    }
    addExportLanes(doc, laneNumbersOf, builder);
    edges.addTo(builder);
    return Status::success();
}

} // namespace lookahead::formats
