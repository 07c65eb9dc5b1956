// Our own Chrome trace export (ChromeTraceWriter, `otherData.tool == "lookahead"`): one process per
// executor kind, threads `unit U` / `tile U` with an optional ` / engine E`; tasks keep `args.id`,
// `cat` is the role, `args.kernel` (a prefetch task's loaded kernel), `args.origin`; `cycles` is
// `args.cycles` + `args.stall` (the stall was paid; an imported graph has no caches) and `delay`
// is `args.delay`. Every dependency is written as a zero-length `cat: "dependency"` anchor after
// the task it belongs to, whose `flow_in` names the producer's `bind_id`: these become `after`
// edges exactly, and program order is the file order, so the re-import replays the export to the
// cycle.

#include "RecordingMapper.h"

#include <cstdio>
#include <map>

namespace lookahead::formats {

int recogniseLookaheadExport(const TraceDocument& doc)
{
    return stringField(doc.topLevel("otherData"), "tool") == "lookahead" ? 100 : 0;
}

namespace {

    TaskRole roleOf(std::string_view cat, std::string& roleName)
    {
        if (cat.empty() || cat == "compute")
            return TaskRole::Compute;
        if (cat == "prefetch")
            return TaskRole::Prefetch;
        if (cat == "sync")
            return TaskRole::Sync;
        if (cat == "dma")
            return TaskRole::Dma;
        roleName = std::string(cat);
        return TaskRole::Other;
    }

    std::optional<std::int64_t> integerArg(const TraceEvent& event, std::string_view key)
    {
        simdjson::dom::element value;
        if (!event.hasArgs || event.args[key].get(value) != simdjson::SUCCESS)
            return std::nullopt;
        const auto number = numberOf(value);
        if (!number || *number < 0 || *number > double(kMaxCycles))
            return std::nullopt;
        return static_cast<std::int64_t>(std::llround(*number));
    }

} // namespace

Status mapLookaheadExport(const TraceDocument& doc, RecordingBuilder& builder)
{
    builder.keepAddedOrder();
    std::map<std::string_view, TaskRef> producerOfBind;
    std::vector<std::pair<std::string_view, TaskRef>> anchors; // bind id of the producer → consumer
    TaskRef lastTask = UINT32_MAX;
    for (const TraceEvent& event : doc.events) {
        if (event.phase == 'M') {
            ++builder.summary().droppedByReason["metadata (names and orders lanes)"];
            continue;
        }
        if (event.phase != 'X' || !event.hasTs || !event.hasDur) {
            builder.drop(event.index, "not a task event of our own export");
            continue;
        }
        const bool hasId = event.hasArgs && !stringField(event.args, "id").empty();
        if (event.cat == "dependency" && !hasId && event.durNs == 0) {
            if (lastTask == UINT32_MAX)
                builder.drop(event.index, "dependency anchor before any task");
            else if (event.flowIn && !event.bindId.empty())
                anchors.emplace_back(event.bindId, lastTask);
            ++builder.summary().droppedByReason["dependency anchor (an edge, not work)"];
            continue;
        }
        const LaneInfo& lane = doc.lanes[event.lane];
        const std::string process = doc.processes[lane.process].name;
        unsigned unit = 0, engine = 0;
        char word[8] = {};
        const int matched = std::sscanf(lane.threadName.c_str(), "%7s %u / engine %u", word, &unit, &engine);
        const std::string prefix(word);
        if (process.empty() || matched < 2 || (prefix != "unit" && prefix != "tile")) {
            builder.drop(event.index, "not on a thread named \"unit N\" or \"tile N\" of a named process");
            continue;
        }
        if (unit >= 4096 || engine >= 4096) {
            builder.drop(event.index, "unit or engine number out of range");
            continue;
        }
        RecordedTask task;
        task.event = event.index;
        task.kind = builder.kind(process, prefix == "tile");
        task.unit = unit;
        builder.nameUnit(task.kind, unit, "");
        if (matched == 3)
            builder.minimumEngines(task.kind, engine + 1);
        task.startNs = event.tsNs;
        task.endNs = event.tsNs + event.durNs;
        task.name = std::string(event.name);
        task.id = hasId ? std::string(stringField(event.args, "id")) : std::string();
        task.role = roleOf(event.cat, task.roleName);
        if (event.hasArgs) {
            task.kernel = std::string(stringField(event.args, "kernel"));
            task.origin = std::string(stringField(event.args, "origin"));
        }
        if (task.role == TaskRole::Prefetch && task.kernel.empty())
            task.role = TaskRole::Compute; // a prefetch without its kernel cannot load anything: plain work
        if (const auto cycles = integerArg(event, "cycles"))
            task.exactCycles = *cycles + integerArg(event, "stall").value_or(0);
        task.exactDelay = integerArg(event, "delay").value_or(0);
        lastTask = builder.addTask(std::move(task));
        if (event.flowOut && !event.bindId.empty())
            producerOfBind[event.bindId] = lastTask;
    }
    // Engines from the thread names: the writer names every engine, busy or not.
    for (const LaneInfo& lane : doc.lanes) {
        const std::string& process = doc.processes[lane.process].name;
        unsigned unit = 0, engine = 0;
        char word[8] = {};
        const int matched = std::sscanf(lane.threadName.c_str(), "%7s %u / engine %u", word, &unit, &engine);
        if (process.empty() || matched < 2 || unit >= 4096 || engine >= 4096)
            continue;
        const std::string prefix(word);
        if (prefix != "unit" && prefix != "tile")
            continue;
        const std::uint16_t kind = builder.kind(process, prefix == "tile");
        builder.nameUnit(kind, unit, "");
        if (matched == 3)
            builder.minimumEngines(kind, engine + 1);
    }
    for (const auto& [bind, consumer] : anchors)
        if (auto producer = producerOfBind.find(bind); producer != producerOfBind.end())
            builder.addExactAfter(producer->second, consumer);
    return Status::success();
}

} // namespace lookahead::formats
