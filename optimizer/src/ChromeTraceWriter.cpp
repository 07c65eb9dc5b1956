#include "lookahead/ChromeTraceWriter.h"

#include <cstdio>
#include <set>

namespace lookahead {

namespace {
    using ojson = nlohmann::ordered_json;

    /// Cycles to µs with three decimals, as the NPU compiler's own traces print them.
    std::string micros(std::int64_t cycles, double clockMhz)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.3f", double(cycles) / clockMhz);
        return buffer;
    }
} // namespace

std::string writeChromeTrace(const TaskGraph& graph, const Schedule& schedule)
{
    const Platform& platform = graph.platform;
    const double clock = platform.clockMhz;
    std::string out = "{\"traceEvents\":[\n";
    bool first = true;
    auto emit = [&](const std::string& event) {
        if (!first)
            out += ",\n";
        first = false;
        out += event;
    };

    for (std::size_t e = 0; e < platform.executors.size(); ++e) {
        const ExecutorKind& kind = platform.executors[e];
        const int pid = static_cast<int>(e) + 1;
        emit(ojson { { "ph", "M" }, { "name", "process_name" }, { "pid", pid }, { "args", { { "name", kind.name } } } }
                 .dump());
        emit(ojson {
            { "ph", "M" }, { "name", "process_sort_index" }, { "pid", pid }, { "args", { { "sort_index", pid } } } }
                 .dump());
        for (std::uint32_t unit = 0; unit < kind.units; ++unit) {
            for (std::uint32_t engine = 0; engine < kind.engines; ++engine) {
                const int tid = static_cast<int>(unit * kind.engines + engine + 1);
                std::string threadName = std::string(kind.tiled ? "tile " : "unit ") + std::to_string(unit);
                if (kind.engines > 1)
                    threadName += " / engine " + std::to_string(engine);
                emit(ojson { { "ph", "M" }, { "name", "thread_name" }, { "pid", pid }, { "tid", tid },
                    { "args", { { "name", threadName } } } }
                         .dump());
                emit(ojson { { "ph", "M" }, { "name", "thread_sort_index" }, { "pid", pid }, { "tid", tid },
                    { "args", { { "sort_index", tid } } } }
                         .dump());
            }
        }
    }

    // Which tasks release others: they open a flow under their own id.
    std::vector<bool> hasDependents(graph.tasks.size(), false);
    std::vector<std::vector<TaskIndex>> updatersOf(graph.barriers.size());
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t)
        for (BarrierIndex barrier : graph.updates(graph.tasks[t]))
            updatersOf[barrier].push_back(t);
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        for (BarrierIndex barrier : graph.waits(task))
            for (TaskIndex producer : updatersOf[barrier])
                hasDependents[producer] = true;
        for (TaskIndex pred : graph.after(task))
            hasDependents[pred] = true;
    }

    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = platform.executors[task.exec];
        const int pid = task.exec + 1;
        const int tid = static_cast<int>(task.unit * kind.engines + schedule.engine[t] + 1);
        ojson args = ojson::object();
        args["id"] = graph.taskId(t);
        args["cycles"] = task.cycles;
        args["stall"] = schedule.stall[t];
        if (task.codeKernel() != kNoKernel)
            args["kernel"] = graph.kernels[task.codeKernel()].name;
        if (task.origin != kNoSymbol)
            args["origin"] = graph.strings.view(task.origin);
        std::string event = "{\"ph\":\"X\",\"name\":" + ojson(graph.taskName(t)).dump()
            + ",\"cat\":" + ojson(graph.roleName(task)).dump() + ",\"pid\":" + std::to_string(pid)
            + ",\"tid\":" + std::to_string(tid) + ",\"ts\":" + micros(schedule.start[t], clock)
            + ",\"dur\":" + micros(schedule.end[t] - schedule.start[t], clock);
        if (hasDependents[t])
            event += ",\"bind_id\":\"t" + std::to_string(t) + "\",\"flow_out\":true";
        event += ",\"args\":" + args.dump() + "}";
        emit(event);

        // One anchor per distinct producer: an event carries one bind_id, a task may wait on many.
        std::set<TaskIndex> producers;
        for (BarrierIndex barrier : graph.waits(task))
            producers.insert(updatersOf[barrier].begin(), updatersOf[barrier].end());
        for (TaskIndex pred : graph.after(task))
            producers.insert(pred);
        for (TaskIndex producer : producers) {
            emit("{\"ph\":\"X\",\"name\":" + ojson("after " + std::string(graph.taskId(producer))).dump()
                + ",\"cat\":\"dependency\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid)
                + ",\"ts\":" + micros(schedule.start[t], clock) + ",\"dur\":0,\"bind_id\":\"t"
                + std::to_string(producer) + "\",\"flow_in\":true}");
        }
    }
    out += "\n],\"displayTimeUnit\":\"ns\",\"otherData\":"
        + ojson { { "tool", "lookahead" }, { "graph", graph.name }, { "clock_mhz", clock },
              { "makespan_cycles", schedule.makespan } }
              .dump()
        + "}\n";
    return out;
}

} // namespace lookahead
