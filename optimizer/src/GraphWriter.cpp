#include "lookahead/GraphWriter.h"

#include "formats/JsonText.h"

#include <cmath>

namespace lookahead {

namespace {
    using ojson = nlohmann::ordered_json;

    /// `value` pretty-printed with one-space indents, shifted right by `level` spaces so it can be
    /// embedded in hand-written outer structure.
    std::string indented(const ojson& value, int level)
    {
        std::string text = value.dump(1);
        std::string out;
        out.reserve(text.size() + text.size() / 8);
        for (char c : text) {
            out += c;
            if (c == '\n')
                out.append(level, ' ');
        }
        return out;
    }

    ojson fromUnordered(const nlohmann::json& value) { return ojson::parse(value.dump()); }

    void appendExtra(ojson& object, const nlohmann::json& extra)
    {
        for (auto it = extra.begin(); it != extra.end(); ++it)
            object[it.key()] = fromUnordered(it.value());
    }

    ojson number(double value)
    {
        if (std::floor(value) == value && std::abs(value) < 9e15)
            return static_cast<std::int64_t>(value);
        return value;
    }

    ojson platformJson(const Platform& platform)
    {
        ojson p = ojson::object();
        if (platform.name)
            p["name"] = *platform.name;
        p["clock_mhz"] = number(platform.clockMhz);
        ojson executors = ojson::object();
        for (const ExecutorKind& kind : platform.executors) {
            ojson e = ojson::object();
            e["units"] = kind.units;
            e["engines"] = kind.engines;
            if (kind.tiled)
                e["tiled"] = true;
            if (kind.icacheDomain >= 0)
                e["icache"] = platform.icache[kind.icacheDomain].name;
            appendExtra(e, kind.extra);
            executors[kind.name] = std::move(e);
        }
        p["executors"] = std::move(executors);
        if (!platform.icache.empty()) {
            ojson icache = ojson::object();
            for (const IcacheDomain& d : platform.icache) {
                ojson o = ojson::object();
                o["l1_bytes"] = d.l1Bytes;
                o["l2_bytes"] = d.l2Bytes;
                o["line_bytes"] = d.lineBytes;
                o["l2_hit_latency"] = d.l2HitLatency;
                o["l2_bytes_per_cycle"] = d.l2BytesPerCycle;
                o["miss_latency"] = d.missLatency;
                o["miss_bytes_per_cycle"] = d.missBytesPerCycle;
                appendExtra(o, d.extra);
                icache[d.name] = std::move(o);
            }
            p["icache"] = std::move(icache);
        }
        if (!platform.costs.empty())
            p["costs"] = fromUnordered(platform.costs);
        appendExtra(p, platform.extra);
        return p;
    }

    void writeNames(json::TextWriter& out, const StringPool& pool, std::span<const std::uint32_t> symbols)
    {
        out.raw('[');
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            if (i)
                out.raw(',');
            out.string(pool.view(symbols[i]));
        }
        out.raw(']');
    }

    /// One task exactly as `taskToJson(graph, index).dump()` spells it, without building it.
    void writeTask(json::TextWriter& out, const TaskGraph& graph, TaskIndex index)
    {
        const Task& task = graph.tasks[index];
        // An extra of the same name as a key of the task replaces the known value in place in
        // taskToJson(); this writer leaves that rare case to it to stay byte-identical.
        if (task.extra != TaskExtras::kNone && graph.taskExtras.shadowsTaskKey(task.extra)) {
            out.raw(taskToJson(graph, index).dump());
            return;
        }
        out.raw("{\"id\":");
        out.string(graph.ids.view(task.id));
        if (task.name != kNoSymbol) {
            out.raw(",\"name\":");
            out.string(graph.strings.view(task.name));
        }
        out.raw(",\"exec\":");
        out.string(graph.platform.executors[task.exec].name);
        out.raw(",\"unit\":");
        out.integer(task.unit);
        out.raw(",\"cycles\":");
        out.integer(task.cycles);
        if (task.delay != 0) {
            out.raw(",\"delay\":");
            out.integer(task.delay);
        }
        if (task.kernel != kNoKernel) {
            out.raw(",\"kernel\":");
            out.string(graph.kernels[task.kernel].name);
        }
        if (task.role != TaskRole::Compute) {
            out.raw(",\"role\":");
            out.string(graph.roleName(task));
        }
        if (task.prefetch != kNoKernel) {
            out.raw(",\"prefetch\":");
            out.string(graph.kernels[task.prefetch].name);
        }
        if (task.waitCount) {
            out.raw(",\"wait\":");
            writeNames(out, graph.barriers, graph.waits(task));
        }
        if (task.updateCount) {
            out.raw(",\"update\":");
            writeNames(out, graph.barriers, graph.updates(task));
        }
        if (task.afterCount) {
            out.raw(",\"after\":[");
            const auto after = graph.after(task);
            for (std::size_t i = 0; i < after.size(); ++i) {
                if (i)
                    out.raw(',');
                out.string(graph.taskId(after[i]));
            }
            out.raw(']');
        }
        if (task.origin != kNoSymbol) {
            out.raw(",\"origin\":");
            out.string(graph.strings.view(task.origin));
        }
        if (task.source != kNoSymbol) {
            out.raw(",\"source\":");
            out.string(graph.strings.view(task.source));
        }
        // Optional and unknown keys: their stored text is the object as dump() spells it (sorted
        // keys), so its fields follow the task's own as they are.
        if (task.extra != TaskExtras::kNone) {
            const std::string_view extra = graph.taskExtras.text(task.extra);
            if (extra.size() > 2) {
                out.raw(',');
                out.raw(extra.substr(1, extra.size() - 2));
            }
        }
        out.raw('}');
    }

    void writeScheduleEntry(json::TextWriter& out, const TaskGraph& graph, const Schedule& schedule, TaskIndex index)
    {
        out.string(graph.taskId(index));
        out.raw(": {\"start\": ");
        out.integer(schedule.start[index]);
        out.raw(", \"end\": ");
        out.integer(schedule.end[index]);
        out.raw(", \"engine\": ");
        out.integer(schedule.engine[index]);
        out.raw(", \"stall\": ");
        out.integer(schedule.stall[index]);
        out.raw('}');
    }
} // namespace

ojson taskToJson(const TaskGraph& graph, TaskIndex index)
{
    const Task& task = graph.tasks[index];
    ojson t = ojson::object();
    t["id"] = graph.ids.view(task.id);
    if (task.name != kNoSymbol)
        t["name"] = graph.strings.view(task.name);
    t["exec"] = graph.platform.executors[task.exec].name;
    t["unit"] = task.unit;
    t["cycles"] = task.cycles;
    if (task.delay != 0)
        t["delay"] = task.delay;
    if (task.kernel != kNoKernel)
        t["kernel"] = graph.kernels[task.kernel].name;
    if (task.role != TaskRole::Compute)
        t["role"] = graph.roleName(task);
    if (task.prefetch != kNoKernel)
        t["prefetch"] = graph.kernels[task.prefetch].name;
    auto names = [](const StringPool& pool, auto span) {
        ojson list = ojson::array();
        for (auto symbol : span)
            list.push_back(pool.view(symbol));
        return list;
    };
    if (task.waitCount)
        t["wait"] = names(graph.barriers, graph.waits(task));
    if (task.updateCount)
        t["update"] = names(graph.barriers, graph.updates(task));
    if (task.afterCount) {
        ojson list = ojson::array();
        for (TaskIndex pred : graph.after(task))
            list.push_back(graph.taskId(pred));
        t["after"] = std::move(list);
    }
    if (task.origin != kNoSymbol)
        t["origin"] = graph.strings.view(task.origin);
    if (task.source != kNoSymbol)
        t["source"] = graph.strings.view(task.source);
    appendExtra(t, graph.taskExtra(task));
    return t;
}

namespace {

    ojson groupsJson(const TaskGraph& graph)
    {
        ojson groups = ojson::array();
        for (const Group& group : graph.groups) {
            ojson g = ojson::object();
            g["id"] = group.id;
            g["kind"] = group.kind;
            ojson members = ojson::array();
            for (TaskIndex member : group.tasks)
                members.push_back(graph.taskId(member));
            g["tasks"] = std::move(members);
            appendExtra(g, group.extra);
            groups.push_back(std::move(g));
        }
        return groups;
    }

    /// The graph's head: format, name, platform and kernels (small, so through nlohmann).
    void writeHead(json::TextWriter& out, const TaskGraph& graph)
    {
        out.raw("{\n \"format\": \"lookahead-taskgraph\",\n \"version\": 1,\n");
        if (!graph.name.empty())
            out.raw(" \"name\": " + ojson(graph.name).dump() + ",\n");
        out.raw(" \"platform\": " + indented(platformJson(graph.platform), 1) + ",\n");
        if (!graph.kernels.empty()) {
            ojson kernels = ojson::object();
            for (const Kernel& kernel : graph.kernels) {
                ojson k = ojson::object();
                k["code_bytes"] = kernel.codeBytes;
                if (kernel.type)
                    k["type"] = *kernel.type;
                appendExtra(k, kernel.extra);
                kernels[kernel.name] = std::move(k);
            }
            out.raw(" \"kernels\": " + indented(kernels, 1) + ",\n");
        }
    }

    void writeGraph(json::TextWriter& out, const TaskGraph& graph, const GraphWriteOptions& options)
    {
        writeHead(out, graph);
        // One task per line: compact enough for a million tasks, and diffs show one line per change.
        out.raw(" \"tasks\": [");
        for (TaskIndex i = 0; i < graph.tasks.size(); ++i) {
            out.raw(i ? std::string_view(",\n  ") : std::string_view("\n  "));
            writeTask(out, graph, i);
        }
        out.raw(graph.tasks.empty() ? std::string_view("]") : std::string_view("\n ]"));
        if (!graph.groups.empty())
            out.raw(",\n \"groups\": " + indented(groupsJson(graph), 1));
        for (auto it = graph.extra.begin(); it != graph.extra.end(); ++it)
            out.raw(",\n " + ojson(it.key()).dump() + ": " + indented(fromUnordered(it.value()), 1));

        if (const Schedule* schedule = options.schedule) {
            out.raw(",\n \"schedule\": {\n  \"clock_mhz\": " + number(graph.platform.clockMhz).dump()
                + ",\n  \"makespan\": " + std::to_string(schedule->makespan) + ",\n  \"tasks\": {");
            for (TaskIndex i = 0; i < graph.tasks.size(); ++i) {
                out.raw(i ? std::string_view(",\n   ") : std::string_view("\n   "));
                writeScheduleEntry(out, graph, *schedule, i);
            }
            out.raw(graph.tasks.empty() ? std::string_view("}\n }") : std::string_view("\n  }\n }"));
        }
        ojson passes = fromUnordered(graph.provenancePasses);
        for (const auto& pass : options.newPasses)
            passes.push_back(fromUnordered(pass));
        if (options.schedule || !passes.empty()) {
            ojson provenance = ojson::object();
            provenance["tool"] = "lookahead";
            provenance["passes"] = std::move(passes);
            out.raw(",\n \"provenance\": " + indented(provenance, 1));
        }
        out.raw("\n}\n");
    }

} // namespace

std::string writeTaskGraph(const TaskGraph& graph, const GraphWriteOptions& options)
{
    std::string out;
    // Generous: the writer touches only the room it fills (TextWriter grows in chunks), so an
    // unused reservation costs address space, not memory, while a reallocation copies it all.
    // The generator's graphs take 141 bytes a task line and 82 a schedule line; extras are copied.
    out.reserve(graph.tasks.size() * (options.schedule ? 384 : 256) + graph.taskExtras.textBytes() + 4096);
    json::TextWriter writer(out);
    writeGraph(writer, graph, options);
    writer.finish();
    return out;
}

void writeTaskGraph(const TaskGraph& graph, const GraphWriteOptions& options, TextSink& sink)
{
    json::TextWriter writer(sink);
    writeGraph(writer, graph, options);
    writer.finish();
}

} // namespace lookahead
