#include "lookahead/ChromeTraceWriter.h"

#include "formats/JsonText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lookahead {

namespace {
    /// Cycles → thousandths of a µs (ns at 1 GHz), rounded once. Start and end of a task are both
    /// converted from cycles and `dur` is their difference, so that a task that starts when the
    /// previous one on its lane ends is written exactly adjacent to it, never overlapping. The
    /// conversion is monotone (each step is correctly rounded), which keeps every order of the
    /// schedule.
    std::int64_t thousandths(std::int64_t cycles, double clockMhz)
    {
        return std::llround(double(cycles) * 1000.0 / clockMhz);
    }

    /// Lanes: one thread per engine, numbered across the whole file (Qt Creator and speedscope key
    /// threads by tid alone), named with executor, unit and engine.
    class Lanes {
    public:
        explicit Lanes(const Platform& platform)
            : m_platform(platform)
        {
            int next = 1;
            for (const ExecutorKind& kind : platform.executors) {
                m_firstTid.push_back(next);
                next += static_cast<int>(kind.units * kind.engines);
            }
        }
        int tid(std::uint16_t exec, std::uint32_t unit, std::uint32_t engine) const
        {
            return m_firstTid[exec] + static_cast<int>(unit * m_platform.executors[exec].engines + engine);
        }
        /// `SHAVE tile 3 / engine 1`, `DMA unit 0`: the importer strips the executor again.
        std::string name(std::uint16_t exec, std::uint32_t unit, std::uint32_t engine) const
        {
            const ExecutorKind& kind = m_platform.executors[exec];
            std::string text = kind.name + (kind.tiled ? " tile " : " unit ") + std::to_string(unit);
            if (kind.engines > 1)
                text += " / engine " + std::to_string(engine);
            return text;
        }

    private:
        const Platform& m_platform;
        std::vector<int> m_firstTid;
    };

    void writeMetadata(json::TextWriter& out, const Platform& platform, const Lanes& lanes)
    {
        bool first = true;
        auto begin = [&](std::string_view name, int pid) {
            out.raw(first ? std::string_view("\n{\"ph\":\"M\",\"name\":\"")
                          : std::string_view(",\n{\"ph\":\"M\",\"name\":\""));
            first = false;
            out.raw(name);
            out.raw("\",\"pid\":");
            out.integer(pid);
        };
        for (std::size_t e = 0; e < platform.executors.size(); ++e) {
            const ExecutorKind& kind = platform.executors[e];
            const int pid = static_cast<int>(e) + 1;
            begin("process_name", pid);
            out.raw(",\"ts\":0,\"args\":{\"name\":");
            out.string(kind.name);
            out.raw("}}");
            begin("process_sort_index", pid);
            out.raw(",\"ts\":0,\"args\":{\"sort_index\":");
            out.integer(pid);
            out.raw("}}");
            const auto exec = static_cast<std::uint16_t>(e);
            for (std::uint32_t unit = 0; unit < kind.units; ++unit) {
                for (std::uint32_t engine = 0; engine < kind.engines; ++engine) {
                    const int tid = lanes.tid(exec, unit, engine);
                    begin("thread_name", pid);
                    out.raw(",\"tid\":");
                    out.integer(tid);
                    out.raw(",\"ts\":0,\"args\":{\"name\":");
                    out.string(lanes.name(exec, unit, engine));
                    out.raw("}}");
                    begin("thread_sort_index", pid);
                    out.raw(",\"tid\":");
                    out.integer(tid);
                    out.raw(",\"ts\":0,\"args\":{\"sort_index\":");
                    out.integer(tid);
                    out.raw("}}");
                }
            }
        }
    }

    /// Every dependency once, as (producer, consumer) with its flow id: for each consumer in file
    /// order its distinct producers (barrier updaters and `after`) in ascending order. Both sides
    /// are indexed (compressed rows) so that each task's flow events follow its own slice.
    struct Dependencies {
        std::vector<std::uint32_t> inOffset, outOffset; // per task, size + 1
        std::vector<TaskIndex> producerOf;              // by flow id - 1, in consumer order
        std::vector<std::uint32_t> outFlow;             // flow ids grouped by producer

        explicit Dependencies(const TaskGraph& graph)
        {
            const std::size_t taskCount = graph.tasks.size();
            std::vector<std::uint32_t> updaterOffset(graph.barriers.size() + 1, 0);
            for (const Task& task : graph.tasks)
                for (BarrierIndex barrier : graph.updates(task))
                    ++updaterOffset[barrier + 1];
            for (std::size_t b = 0; b < graph.barriers.size(); ++b)
                updaterOffset[b + 1] += updaterOffset[b];
            std::vector<TaskIndex> updaters(updaterOffset.back());
            std::vector<std::uint32_t> fill(updaterOffset.begin(), updaterOffset.end() - 1);
            for (TaskIndex t = 0; t < taskCount; ++t)
                for (BarrierIndex barrier : graph.updates(graph.tasks[t]))
                    updaters[fill[barrier]++] = t;

            inOffset.assign(taskCount + 1, 0);
            std::vector<TaskIndex> producers;
            for (TaskIndex t = 0; t < taskCount; ++t) {
                const Task& task = graph.tasks[t];
                producers.clear();
                for (BarrierIndex barrier : graph.waits(task))
                    producers.insert(producers.end(), updaters.begin() + updaterOffset[barrier],
                        updaters.begin() + updaterOffset[barrier + 1]);
                const auto after = graph.after(task);
                producers.insert(producers.end(), after.begin(), after.end());
                std::sort(producers.begin(), producers.end());
                producers.erase(std::unique(producers.begin(), producers.end()), producers.end());
                for (TaskIndex producer : producers)
                    if (producer != t) // a task never waits for itself (the loader rejects such a graph)
                        producerOf.push_back(producer);
                inOffset[t + 1] = static_cast<std::uint32_t>(producerOf.size());
            }

            outOffset.assign(taskCount + 1, 0);
            for (TaskIndex producer : producerOf)
                ++outOffset[producer + 1];
            for (std::size_t t = 0; t < taskCount; ++t)
                outOffset[t + 1] += outOffset[t];
            outFlow.resize(producerOf.size());
            std::vector<std::uint32_t> next(outOffset.begin(), outOffset.end() - 1);
            for (std::uint32_t flow = 0; flow < producerOf.size(); ++flow)
                outFlow[next[producerOf[flow]]++] = flow + 1;
        }
    };

    /// One end of a dependency's flow, on the task slice it binds to (the event right before it).
    void writeFlowEvent(json::TextWriter& out, bool start, std::uint32_t flow, int pid, int tid, std::int64_t ts)
    {
        static constexpr char kHex[] = "0123456789abcdef";
        out.raw(start ? std::string_view(",\n{\"ph\":\"s\",\"name\":\"dependency\",\"cat\":\"dependency\",\"id\":\"0x")
                      : std::string_view(
                          ",\n{\"ph\":\"f\",\"bp\":\"e\",\"name\":\"dependency\",\"cat\":\"dependency\",\"id\":\"0x"));
        char digits[8];
        int count = 0;
        do {
            digits[count++] = kHex[flow & 0xF];
            flow >>= 4;
        } while (flow);
        while (count)
            out.raw(digits[--count]);
        out.raw("\",\"pid\":");
        out.integer(pid);
        out.raw(",\"tid\":");
        out.integer(tid);
        out.raw(",\"ts\":");
        out.thousandths(ts);
        out.raw('}');
    }
} // namespace

namespace {

    void writeTrace(
        json::TextWriter& writer, const TaskGraph& graph, const Schedule& schedule, const Dependencies& dependencies)
    {
        const Platform& platform = graph.platform;
        const double clock = platform.clockMhz;
        const Lanes lanes(platform);
        writer.raw("{\"traceEvents\":[");
        writeMetadata(writer, platform, lanes);
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            const Task& task = graph.tasks[t];
            const int pid = task.exec + 1;
            const int tid = lanes.tid(task.exec, task.unit, schedule.engine[t]);
            const std::int64_t start = thousandths(schedule.start[t], clock);
            const std::int64_t end = thousandths(schedule.end[t], clock);
            writer.raw(",\n{\"ph\":\"X\",\"name\":");
            writer.string(graph.taskName(t));
            writer.raw(",\"cat\":");
            writer.string(graph.roleName(task));
            writer.raw(",\"pid\":");
            writer.integer(pid);
            writer.raw(",\"tid\":");
            writer.integer(tid);
            writer.raw(",\"ts\":");
            writer.thousandths(start);
            writer.raw(",\"dur\":");
            writer.thousandths(end - start);
            writer.raw(",\"args\":{\"id\":");
            writer.string(graph.taskId(t));
            writer.raw(",\"cycles\":");
            writer.integer(task.cycles);
            writer.raw(",\"stall\":");
            writer.integer(schedule.stall[t]);
            if (task.delay != 0) {
                writer.raw(",\"delay\":");
                writer.integer(task.delay);
            }
            if (task.codeKernel() != kNoKernel) {
                writer.raw(",\"kernel\":");
                writer.string(graph.kernels[task.codeKernel()].name);
            }
            if (task.origin != kNoSymbol) {
                writer.raw(",\"origin\":");
                writer.string(graph.strings.view(task.origin));
            }
            writer.raw("}}");
            // A viewer binds each flow event to the slice enclosing it on its thread (`s` always,
            // `f` through `bp: "e"`): the consumer's end at its start, the producer's 1 ns before its
            // end (strictly inside, so the arrow leaves from the end), or at its start when it is
            // shorter than 2 ns. Our importer takes the slice written just before instead.
            for (std::uint32_t flow = dependencies.inOffset[t] + 1; flow <= dependencies.inOffset[t + 1]; ++flow)
                writeFlowEvent(writer, false, flow, pid, tid, start);
            const std::int64_t leaving = end - start >= 2 ? end - 1 : start;
            for (std::uint32_t i = dependencies.outOffset[t]; i < dependencies.outOffset[t + 1]; ++i)
                writeFlowEvent(writer, true, dependencies.outFlow[i], pid, tid, leaving);
        }
        writer.raw("\n],\"displayTimeUnit\":\"ns\",\"otherData\":");
        writer.raw(nlohmann::ordered_json { { "tool", "lookahead" }, { "graph", graph.name }, { "clock_mhz", clock },
            { "makespan_cycles", schedule.makespan } }
                       .dump());
        writer.raw("}\n");
    }

} // namespace

std::string writeChromeTrace(const TaskGraph& graph, const Schedule& schedule)
{
    const Dependencies dependencies(graph);
    std::string out;
    // About 200 bytes a task and 100 a flow event, reserved generously: the writer touches only the
    // room it fills, while a reallocation would copy everything.
    out.reserve(graph.tasks.size() * 320 + dependencies.producerOf.size() * 256 + 4096);
    json::TextWriter writer(out);
    writeTrace(writer, graph, schedule, dependencies);
    writer.finish();
    return out;
}

void writeChromeTrace(const TaskGraph& graph, const Schedule& schedule, TextSink& sink)
{
    json::TextWriter writer(sink);
    writeTrace(writer, graph, schedule, Dependencies(graph));
    writer.finish();
}

} // namespace lookahead
