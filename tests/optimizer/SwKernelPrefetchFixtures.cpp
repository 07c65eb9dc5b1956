#include "SwKernelPrefetchFixtures.h"

#include "lookahead/Loader.h"

#include <QtGlobal>

using nlohmann::json;

namespace lookahead::test {

GraphBuilder::GraphBuilder(std::uint32_t units, std::uint32_t enginesPerUnit)
{
    root = { { "format", "lookahead-taskgraph" }, { "version", 1 },
        { "platform",
            { { "name", "test" }, { "clock_mhz", 1850 },
                { "executors",
                    { { "DMA", { { "units", 2 }, { "engines", 1 } } },
                        { "SHAVE",
                            { { "units", units }, { "engines", enginesPerUnit }, { "tiled", true },
                                { "icache", "shave" } } } } },
                { "icache",
                    { { "shave",
                        { { "l1_bytes", 8192 }, { "l2_bytes", 262144 }, { "line_bytes", 64 }, { "l2_hit_latency", 0 },
                            { "l2_bytes_per_cycle", 65536 }, { "miss_latency", 0 },
                            { "miss_bytes_per_cycle", 65536 } } } } } } },
        { "kernels", json::object() }, { "tasks", json::array() } };
}

GraphBuilder& GraphBuilder::kernel(const std::string& name, std::int64_t bytes)
{
    root["kernels"][name] = { { "code_bytes", bytes } };
    return *this;
}

GraphBuilder& GraphBuilder::task(const std::string& id, const std::string& exec, std::uint32_t unit,
    std::int64_t cycles, const std::string& kernel, const std::vector<std::string>& wait,
    const std::vector<std::string>& update)
{
    json t = { { "id", id }, { "exec", exec }, { "unit", unit }, { "cycles", cycles } };
    if (!kernel.empty()) {
        t["kernel"] = kernel;
        if (!root["kernels"].contains(kernel))
            this->kernel(kernel);
    }
    if (!wait.empty())
        t["wait"] = wait;
    if (!update.empty())
        t["update"] = update;
    root["tasks"].push_back(t);
    return *this;
}

TaskGraph GraphBuilder::load() const
{
    auto graph = parseTaskGraph(root.dump(), "test.json");
    if (!graph.ok())
        qFatal("%s", graph.error().toString().c_str());
    return std::move(graph).value();
}

Outcome runPass(const TaskGraph& input, const std::string& pipelineText, bool specCosts)
{
    Outcome outcome;
    outcome.graph = input;
    auto pipeline = Pipeline::parse(pipelineText);
    if (!pipeline.ok()) {
        outcome.error = pipeline.error().toString();
        return outcome;
    }
    PipelineRunOptions options;
    options.simulation.specCosts = specCosts;
    auto records = runPipeline(pipeline.value(), outcome.graph, options);
    if (!records.ok()) {
        outcome.error = records.error().toString();
        return outcome;
    }
    outcome.ok = true;
    outcome.record = records.value().front();
    return outcome;
}

std::vector<std::string> inserted(const TaskGraph& graph)
{
    std::vector<std::string> lines;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        if (task.origin == kNoSymbol || graph.strings.view(task.origin) != "sw-kernel-prefetch")
            continue;
        std::string line = graph.kernels[task.prefetch].name + "@" + std::to_string(task.unit);
        TaskIndex after = t;
        while (after > 0 && graph.tasks[after - 1].origin != kNoSymbol)
            --after;
        line += " after:" + (after > 0 ? std::string(graph.taskId(after - 1)) : std::string("-"));
        TaskIndex before = t + 1;
        while (before < graph.tasks.size() && graph.tasks[before].origin != kNoSymbol)
            ++before;
        line += " before:" + (before < graph.tasks.size() ? std::string(graph.taskId(before)) : std::string("-"));
        std::string wait, update;
        for (BarrierIndex b : graph.waits(task))
            wait += (wait.empty() ? "" : ",") + std::string(graph.barriers.view(b));
        for (BarrierIndex b : graph.updates(task))
            update += (update.empty() ? "" : ",") + std::string(graph.barriers.view(b));
        line += " wait:[" + wait + "] update:[" + update + "]";
        if (task.role != TaskRole::Prefetch || task.cycles < 0)
            line += " NOT-A-PREFETCH";
        lines.push_back(line);
    }
    return lines;
}

std::map<std::string, std::string> verdicts(const PassRecord& record)
{
    std::map<std::string, std::string> result;
    for (const json& d : record.decisions) {
        if (!d.contains("kernel"))
            continue;
        result[d["kernel"].get<std::string>()]
            = d["action"] == "inserted" ? std::string("inserted") : d["reason"].get<std::string>();
    }
    return result;
}

json decisionFor(const PassRecord& record, const std::string& kernel)
{
    for (const json& d : record.decisions)
        if (d.value("kernel", "") == kernel)
            return d;
    return json();
}

std::int64_t statistic(const PassRecord& record, const std::string& name)
{
    for (const auto& [key, value] : record.statistics)
        if (key == name)
            return value;
    return -1;
}

TaskGraph startGraph(std::vector<std::int64_t> sizes)
{
    GraphBuilder b(3, 2);
    for (int i = 0; i < 5; ++i)
        b.kernel("k" + std::to_string(i), sizes[i]);
    b.task("d0", "DMA", 0, 300000, "", {}, { "b1" });
    b.task("busy0", "SHAVE", 0, 200000, "", {}, {});
    const std::uint32_t units[5] = { 0, 1, 2, 0, 1 };
    for (int i = 0; i < 5; ++i)
        b.task("t" + std::to_string(i), "SHAVE", units[i], 20000, "k" + std::to_string(i), { "b1" }, { "b2" });
    b.task("out", "DMA", 0, 1000, "", { "b2" }, {});
    return b.load();
}

TaskGraph midGraph()
{
    GraphBuilder b(2, 1);
    b.task("d0", "DMA", 0, 5000, "", {}, { "bA" });
    b.task("d1", "DMA", 1, 10000, "", {}, { "bB" });
    b.task("x0", "SHAVE", 0, 55000, "x", { "bA" }, { "bX" });
    b.task("a1", "SHAVE", 1, 20000, "a", { "bB" }, { "bC" });
    b.task("d2", "DMA", 0, 80000, "", { "bC" }, { "bD" });
    b.task("c0", "SHAVE", 0, 20000, "c", { "bD" }, { "bE" });
    b.task("c1", "SHAVE", 1, 20000, "c", { "bD" }, { "bE" });
    b.task("d3", "DMA", 1, 120000, "", { "bE" }, { "bF" });
    b.task("e1", "SHAVE", 1, 20000, "e", { "bF" }, { "bG" });
    b.task("d4", "DMA", 0, 50000, "", { "bG" }, { "bH" });
    b.task("k0", "SHAVE", 0, 20000, "k", { "bH", "bX" }, {});
    return b.load();
}

} // namespace lookahead::test
