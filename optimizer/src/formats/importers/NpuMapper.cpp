// The OpenVINO NPU compiler's schedule trace (`compileTimeScheduleTrace.json`) and its profiler's
// output (`prof_parser -f json`): `Cluster (N)` processes with a `DPU` thread and `SW / Shave`
// threads, a `DMA` process (or threads), a `Layers` summary process, `workpoint.freq` in MHz
// (absent in older files), task names `layer?t_Type/.../tile_K/cluster_N`.
//
// Executors: `DMA` (one unit per DMA thread: a port), `DPU` and `SHAVE` tiled (unit N of
// `Cluster (N)`, else of a `cluster_N` name suffix); the SHAVE threads of one tile are first-fit
// lanes, not engines, so they become one unit whose engine count is the most SHAVE tasks of one
// tile that run at once. `M2I` like DMA.
//
// Not work: the `Layers` process and `cat: "Layer"` events (per-layer summaries of the tasks),
// `DPU Variants` lanes (the variants of a DPU task, folded into the DPU task they lie in).
//
// Dependencies: the trace has no flows; the order between engines is inferred from the timestamps
// (inferBarriersFromTimestamps): a task waits for the tasks that ended last before it started, on
// its own tile or on DMA. Kernels come from SHAVE task names: the layer type of
// `layer?t_<LayerType>/...` (npuLayerTypeOfName), else the name before `?`, without `/tile_N` and
// `/cluster_N`. Their code sizes come from the platform preset the mapper suggests
// (chooseNpuPreset: the number of clusters and `workpoint.freq` tell NPU37XX from NPU40XX and the
// tile count); the importer then takes the modelled instruction fetch out of `cycles` so that the
// replay stays exact (PlatformChoice.h).

#include "RecordingMapper.h"

#include "lookahead/RecordingDomain.h"

#include <algorithm>
#include <cstdlib>

namespace lookahead::formats {

namespace {

    /// Executor kind named by a thread or process name, or by a category; empty when none.
    std::string npuKind(std::string_view name, bool category = false)
    {
        const std::string l = lowerCase(name);
        if (category)
            return l == "dma" ? "DMA" : l == "dpu" ? "DPU" : l == "m2i" ? "M2I" : l == "sw" ? "SHAVE" : "";
        if (startsWith(l, "dma"))
            return "DMA";
        if (startsWith(l, "dpu"))
            return "DPU";
        if (l == "sw" || startsWith(l, "sw /") || startsWith(l, "sw/") || contains(l, "shave"))
            return "SHAVE";
        if (startsWith(l, "m2i"))
            return "M2I";
        return {};
    }

    /// N of "Cluster (N)" / "Cluster N", or -1.
    long clusterOfProcess(std::string_view name)
    {
        const std::string l = lowerCase(name);
        if (!startsWith(l, "cluster"))
            return -1;
        std::size_t i = 7;
        while (i < l.size() && (l[i] == ' ' || l[i] == '('))
            ++i;
        if (i >= l.size() || !std::isdigit(static_cast<unsigned char>(l[i])))
            return -1;
        return std::strtol(l.c_str() + i, nullptr, 10);
    }

    /// N of a trailing `cluster_N` in an event name, or -1.
    long clusterOfName(std::string_view name)
    {
        const auto at = name.rfind("cluster_");
        if (at == std::string_view::npos || at + 8 >= name.size())
            return -1;
        for (std::size_t i = at + 8; i < name.size(); ++i)
            if (!std::isdigit(static_cast<unsigned char>(name[i])))
                return -1;
        return std::strtol(std::string(name.substr(at + 8)).c_str(), nullptr, 10);
    }

    std::string laneKind(const TraceDocument& doc, LaneId lane)
    {
        std::string kind = npuKind(doc.lanes[lane].threadName);
        if (kind.empty())
            kind = npuKind(doc.processes[doc.lanes[lane].process].name);
        return kind;
    }

    /// The tile of a lane: N of its `Cluster (N)` process, else of the first event's name suffix.
    int laneTile(const TraceDocument& doc, LaneId lane)
    {
        const std::string kind = laneKind(doc, lane);
        if (kind != "DPU" && kind != "SHAVE")
            return -1;
        const long cluster = clusterOfProcess(doc.processes[doc.lanes[lane].process].name);
        if (cluster >= 0 && cluster < 4096)
            return static_cast<int>(cluster);
        for (const TraceEvent& event : doc.events)
            if (event.lane == lane && event.phase == 'X')
                if (const long n = clusterOfName(doc.name(event)); n >= 0 && n < 4096)
                    return static_cast<int>(n);
        return 0;
    }

} // namespace

/// Kernel of an NPU SHAVE task name (see the file comment).
std::string npuKernelOfName(std::string_view name)
{
    if (std::string type = npuLayerTypeOfName(name); !type.empty())
        return type;
    if (const auto question = name.find('?'); question != std::string_view::npos)
        name = name.substr(0, question);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view suffix : { "/cluster_", "_cluster_", "/tile_", "cluster_" }) {
            const auto at = name.rfind(suffix);
            if (at == std::string_view::npos || at == 0)
                continue;
            bool digits = at + suffix.size() < name.size();
            for (std::size_t i = at + suffix.size(); i < name.size(); ++i)
                digits = digits && std::isdigit(static_cast<unsigned char>(name[i]));
            if (digits) {
                name = name.substr(0, at);
                changed = true;
            }
        }
    }
    while (!name.empty() && (name.back() == '/' || name.back() == '_'))
        name.remove_suffix(1);
    return std::string(name);
}

int recogniseNpu(const TraceDocument& doc)
{
    int score = 0;
    if (!doc.topLevel("workpoint").is_null() || !doc.topLevel("taskStatistics").is_null())
        score += 10;
    for (const ProcessInfo& process : doc.processes)
        if (clusterOfProcess(process.name) >= 0 || process.name == "Layers")
            score += 5;
    for (const LaneInfo& lane : doc.lanes)
        if (lane.threadName == "SW / Shave" || lane.threadName == "DPU")
            score += 5;
    return score >= 10 ? 30 : 0;
}

Status mapNpu(const TraceDocument& doc, RecordingBuilder& builder)
{
    ChromeDialect dialect;
    dialect.laneExcluded = [](const TraceDocument& d, LaneId lane) -> std::string {
        if (lowerCase(d.processes[d.lanes[lane].process].name) == "layers")
            return "per-layer summary (the Layers process)";
        if (contains(lowerCase(d.lanes[lane].threadName), "variant"))
            return "DPU variants: parts of the DPU task they lie in (folded into it)";
        if (laneKind(d, lane).empty())
            return "not an NPU engine (DMA, DPU, SW / Shave, M2I)";
        return {};
    };
    dialect.eventExcluded = [](const TraceDocument& d, const TraceEvent& event) -> std::string {
        return lowerCase(d.cat(event)) == "layer" ? "per-layer summary (cat \"Layer\")" : "";
    };
    dialect.kindName = laneKind;
    dialect.tiled = [](const std::string& kind) { return kind == "DPU" || kind == "SHAVE"; };
    dialect.fixedUnit = laneTile;
    dialect.laneName = [](const TraceDocument& d, LaneId lane) -> std::string {
        const std::string kind = laneKind(d, lane);
        if (kind == "DPU" || kind == "SHAVE")
            return d.processes[d.lanes[lane].process].name.empty() ? "tile " + std::to_string(laneTile(d, lane))
                                                                   : d.laneName(lane);
        return d.laneName(lane) + " (tid " + d.lanes[lane].tidText + ")"; // DMA threads are ports: units
    };
    dialect.role = [](const TraceDocument& d, const TraceEvent& event) {
        return lowerCase(d.cat(event)) == "dma" ? TaskRole::Dma : TaskRole::Compute;
    };
    mapChromeEvents(doc, builder, dialect);

    std::uint32_t tiles = 0;
    for (TaskRef t = 0; t < builder.taskCount(); ++t) {
        RecordedTask& task = builder.task(t);
        const std::string& kind = builder.kindName(task.kind);
        if (kind == "SHAVE")
            task.kernel = builder.intern(npuKernelOfName(builder.text(task.name)));
        else if (kind == "DMA")
            task.role = TaskRole::Dma;
        if (kind == "SHAVE" || kind == "DPU")
            tiles = std::max(tiles, task.unit + 1);
    }
    if (tiles > 0) {
        std::optional<double> clock;
        simdjson::dom::element freq;
        if (doc.topLevel("workpoint").is_object() && doc.topLevel("workpoint")["freq"].get(freq) == simdjson::SUCCESS)
            clock = numberOf(freq);
        const PresetChoice choice = chooseNpuPreset(tiles, clock);
        builder.suggestPlatform(choice.preset.name);
        builder.note("suggested platform " + choice.why);
    }
    if (!builder.hasFlows()) {
        // Barriers come from the same tile or from DMA: cross-tile order goes through DMA.
        inferBarriersFromTimestamps(builder, [&](TaskRef producer, TaskRef consumer) {
            const RecordedTask &p = builder.task(producer), &c = builder.task(consumer);
            if (p.kind == c.kind && p.unit == c.unit)
                return false; // the queue itself orders them
            const bool pTiled = builder.kindName(p.kind) != "DMA" && builder.kindName(p.kind) != "M2I";
            const bool cTiled = builder.kindName(c.kind) != "DMA" && builder.kindName(c.kind) != "M2I";
            return !pTiled || !cTiled || p.unit == c.unit;
        });
    }
    return Status::success();
}

} // namespace lookahead::formats
