#include "lookahead/ScheduleComparison.h"

#include "lookahead/Csv.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace lookahead {

namespace {

    std::string signedCycles(std::int64_t delta) { return (delta > 0 ? "+" : "") + std::to_string(delta); }

    std::string percent(std::int64_t a, std::int64_t b)
    {
        if (a == 0)
            return "";
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, " (%+.2f %%)", 100.0 * double(b - a) / double(a));
        return buffer;
    }

    std::string queueText(const std::string& executor, std::uint32_t unit)
    {
        return executor + "[" + std::to_string(unit) + "]";
    }

    /// Per executor kind (matched by name, in name order): tasks, busy cycles and utilisation on
    /// each side.
    std::vector<ExecutorComparison> compareExecutors(
        const TaskGraph& a, const Schedule& scheduleA, const TaskGraph& b, const Schedule& scheduleB)
    {
        std::map<std::string, ExecutorComparison> executors;
        auto collect = [&](const TaskGraph& graph, const Schedule& schedule, bool sideA) {
            std::vector<std::size_t> counts(graph.platform.executors.size(), 0);
            for (const Task& task : graph.tasks)
                ++counts[task.exec];
            for (std::size_t e = 0; e < graph.platform.executors.size(); ++e) {
                ExecutorComparison& x = executors[graph.platform.executors[e].name];
                x.name = graph.platform.executors[e].name;
                const std::int64_t busy = e < schedule.busyCycles.size() ? schedule.busyCycles[e] : 0;
                const double utilisation = e < schedule.utilisation.size() ? schedule.utilisation[e] : 0.0;
                if (sideA) {
                    x.inA = true;
                    x.tasksA = counts[e];
                    x.busyA = busy;
                    x.utilisationA = utilisation;
                } else {
                    x.inB = true;
                    x.tasksB = counts[e];
                    x.busyB = busy;
                    x.utilisationB = utilisation;
                }
            }
        };
        collect(a, scheduleA, true);
        collect(b, scheduleB, false);
        std::vector<ExecutorComparison> out;
        out.reserve(executors.size());
        for (auto& [name, x] : executors)
            out.push_back(std::move(x));
        return out;
    }

} // namespace

std::vector<std::size_t> ScheduleComparison::changedByImpact() const
{
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i].changed())
            indices.push_back(i);
    std::stable_sort(indices.begin(), indices.end(), [&](std::size_t x, std::size_t y) {
        const TaskComparison &a = tasks[x], &b = tasks[y];
        const auto ea = std::llabs(a.endDelta()), eb = std::llabs(b.endDelta());
        if (ea != eb)
            return ea > eb;
        return std::llabs(a.durationDelta()) > std::llabs(b.durationDelta());
    });
    return indices;
}

ScheduleComparison compareSchedules(
    const TaskGraph& a, const Schedule& scheduleA, const TaskGraph& b, const Schedule& scheduleB)
{
    ScheduleComparison out;
    out.makespanA = scheduleA.makespan;
    out.makespanB = scheduleB.makespan;
    out.totalStallA = scheduleA.totalStall;
    out.totalStallB = scheduleB.totalStall;
    out.tasksA = a.tasks.size();
    out.tasksB = b.tasks.size();

    std::vector<bool> matchedB(b.tasks.size(), false);
    out.tasks.reserve(std::max(a.tasks.size(), b.tasks.size()));
    // B's side of a task, whether it also exists in A or only in B.
    auto fillB = [&](TaskComparison& c, TaskIndex u) {
        c.indexB = u;
        c.name = std::string(b.taskName(u));
        c.executorB = b.platform.executors[b.tasks[u].exec].name;
        c.unitB = b.tasks[u].unit;
        c.startB = scheduleB.start[u];
        c.endB = scheduleB.end[u];
    };
    for (TaskIndex t = 0; t < a.tasks.size(); ++t) {
        TaskComparison c;
        c.id = std::string(a.taskId(t));
        c.name = std::string(a.taskName(t));
        c.indexA = t;
        c.executorA = a.platform.executors[a.tasks[t].exec].name;
        c.unitA = a.tasks[t].unit;
        c.startA = scheduleA.start[t];
        c.endA = scheduleA.end[t];
        const TaskIndex u = b.findTask(c.id);
        if (u != kNoTask) {
            matchedB[u] = true;
            fillB(c, u);
        }
        out.tasks.push_back(std::move(c));
    }
    for (TaskIndex u = 0; u < b.tasks.size(); ++u) {
        if (matchedB[u])
            continue;
        TaskComparison c;
        c.id = std::string(b.taskId(u));
        fillB(c, u);
        out.tasks.push_back(std::move(c));
    }
    for (const TaskComparison& c : out.tasks) {
        if (!c.inB())
            ++out.onlyInA;
        else if (!c.inA())
            ++out.onlyInB;
        else if (c.changed())
            ++out.changed;
        else
            ++out.unchanged;
    }

    out.executors = compareExecutors(a, scheduleA, b, scheduleB);
    return out;
}

std::string comparisonToText(
    const ScheduleComparison& c, const std::string& labelA, const std::string& labelB, std::size_t maxTasks)
{
    std::string text = "A: " + labelA + "\nB: " + labelB + "\n";
    text += "makespan: " + std::to_string(c.makespanA) + " -> " + std::to_string(c.makespanB) + " cycles, "
        + signedCycles(c.makespanB - c.makespanA) + percent(c.makespanA, c.makespanB) + "\n";
    text += "stall: " + std::to_string(c.totalStallA) + " -> " + std::to_string(c.totalStallB) + " cycles, "
        + signedCycles(c.totalStallB - c.totalStallA) + "\n";
    text += "tasks: " + std::to_string(c.tasksA) + " -> " + std::to_string(c.tasksB) + "; " + std::to_string(c.changed)
        + " changed, " + std::to_string(c.unchanged) + " unchanged, " + std::to_string(c.onlyInA) + " only in A, "
        + std::to_string(c.onlyInB) + " only in B\n";
    text += "\nexecutors (tasks, busy cycles, utilisation: A -> B):\n";
    for (const ExecutorComparison& x : c.executors) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-12s %s%zu -> %zu tasks, %lld -> %lld busy (%s), %.1f %% -> %.1f %%\n",
            x.name.c_str(),
            !x.inA       ? "(only in B) "
                : !x.inB ? "(only in A) "
                         : "",
            x.tasksA, x.tasksB, static_cast<long long>(x.busyA), static_cast<long long>(x.busyB),
            signedCycles(x.busyB - x.busyA).c_str(), 100.0 * x.utilisationA, 100.0 * x.utilisationB);
        text += line;
    }
    const std::vector<std::size_t> changed = c.changedByImpact();
    if (!changed.empty()) {
        text += "\nchanged tasks, largest end delta first (start, end: A -> B, delta):\n";
        for (std::size_t i = 0; i < changed.size() && i < maxTasks; ++i) {
            const TaskComparison& t = c.tasks[changed[i]];
            text += "  " + t.id + ": start " + std::to_string(t.startA) + " -> " + std::to_string(t.startB) + " ("
                + signedCycles(t.startDelta()) + "), end " + std::to_string(t.endA) + " -> " + std::to_string(t.endB)
                + " (" + signedCycles(t.endDelta()) + "), duration " + signedCycles(t.durationDelta());
            if (t.executorA != t.executorB || t.unitA != t.unitB)
                text += ", queue " + queueText(t.executorA, t.unitA) + " -> " + queueText(t.executorB, t.unitB);
            text += "\n";
        }
        if (changed.size() > maxTasks)
            text += "  ... " + std::to_string(changed.size() - maxTasks) + " more\n";
    }
    auto listOneSided = [&](bool onlyA, std::size_t count) {
        if (count == 0)
            return;
        text += std::string("\nonly in ") + (onlyA ? "A" : "B") + ":\n";
        std::size_t shown = 0;
        for (const TaskComparison& t : c.tasks) {
            if ((onlyA && t.inB()) || (!onlyA && t.inA()))
                continue;
            if (shown++ == maxTasks) {
                text += "  ... " + std::to_string(count - maxTasks) + " more\n";
                break;
            }
            const std::string& executor = onlyA ? t.executorA : t.executorB;
            const std::uint32_t unit = onlyA ? t.unitA : t.unitB;
            text += "  " + t.id + " on " + queueText(executor, unit) + ", "
                + std::to_string(onlyA ? t.startA : t.startB) + " .. " + std::to_string(onlyA ? t.endA : t.endB) + "\n";
        }
    };
    listOneSided(true, c.onlyInA);
    listOneSided(false, c.onlyInB);
    return text;
}

nlohmann::ordered_json comparisonToJson(const ScheduleComparison& c)
{
    using ojson = nlohmann::ordered_json;
    ojson out;
    out["makespan"] = { { "a", c.makespanA }, { "b", c.makespanB }, { "delta", c.makespanB - c.makespanA } };
    out["total_stall"] = { { "a", c.totalStallA }, { "b", c.totalStallB }, { "delta", c.totalStallB - c.totalStallA } };
    out["tasks"] = { { "a", c.tasksA }, { "b", c.tasksB }, { "changed", c.changed }, { "unchanged", c.unchanged },
        { "only_in_a", c.onlyInA }, { "only_in_b", c.onlyInB } };
    out["executors"] = ojson::array();
    for (const ExecutorComparison& x : c.executors) {
        ojson e;
        e["name"] = x.name;
        e["in_a"] = x.inA;
        e["in_b"] = x.inB;
        e["tasks"] = { { "a", x.tasksA }, { "b", x.tasksB } };
        e["busy_cycles"] = { { "a", x.busyA }, { "b", x.busyB }, { "delta", x.busyB - x.busyA } };
        e["utilisation"] = { { "a", x.utilisationA }, { "b", x.utilisationB } };
        out["executors"].push_back(std::move(e));
    }
    auto side = [](const std::string& executor, std::uint32_t unit, std::int64_t start, std::int64_t end) {
        return ojson { { "exec", executor }, { "unit", unit }, { "start", start }, { "end", end } };
    };
    out["changed"] = ojson::array();
    for (std::size_t i : c.changedByImpact()) {
        const TaskComparison& t = c.tasks[i];
        out["changed"].push_back({ { "id", t.id }, { "a", side(t.executorA, t.unitA, t.startA, t.endA) },
            { "b", side(t.executorB, t.unitB, t.startB, t.endB) }, { "start_delta", t.startDelta() },
            { "end_delta", t.endDelta() }, { "duration_delta", t.durationDelta() } });
    }
    out["only_in_a"] = ojson::array();
    out["only_in_b"] = ojson::array();
    for (const TaskComparison& t : c.tasks) {
        if (!t.inB())
            out["only_in_a"].push_back({ { "id", t.id }, { "a", side(t.executorA, t.unitA, t.startA, t.endA) } });
        else if (!t.inA())
            out["only_in_b"].push_back({ { "id", t.id }, { "b", side(t.executorB, t.unitB, t.startB, t.endB) } });
    }
    return out;
}

std::string comparisonTasksCsv(const ScheduleComparison& c)
{
    std::string csv = "id,status,exec_a,unit_a,start_a,end_a,exec_b,unit_b,start_b,end_b,start_delta,end_delta,"
                      "duration_delta\n";
    for (const TaskComparison& t : c.tasks) {
        const char* status = !t.inB() ? "only_a" : !t.inA() ? "only_b" : t.changed() ? "changed" : "same";
        csv += csvField(t.id) + "," + status;
        if (t.inA())
            csv += "," + csvField(t.executorA) + "," + std::to_string(t.unitA) + "," + std::to_string(t.startA) + ","
                + std::to_string(t.endA);
        else
            csv += ",,,,";
        if (t.inB())
            csv += "," + csvField(t.executorB) + "," + std::to_string(t.unitB) + "," + std::to_string(t.startB) + ","
                + std::to_string(t.endB);
        else
            csv += ",,,,";
        if (t.inBoth())
            csv += "," + std::to_string(t.startDelta()) + "," + std::to_string(t.endDelta()) + ","
                + std::to_string(t.durationDelta());
        else
            csv += ",,,";
        csv += "\n";
    }
    return csv;
}

} // namespace lookahead
