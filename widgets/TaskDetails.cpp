#include "TaskDetails.h"

#include "TimeAxis.h"

#include "lookahead/RunReport.h"

#include "lookahead/RecordingDomain.h"

#include <algorithm>
#include <optional>
#include <string>

namespace lookahead {

namespace {
    /// Cycles with their µs; a recording without a clock (its cycles are made up): µs only.
    QString cyclesText(std::int64_t cycles, double clockMhz, bool clockAssumed)
    {
        if (clockAssumed)
            return QStringLiteral("%1 µs").arg(TimeAxis::cyclesToMicroseconds(double(cycles), clockMhz), 0, 'f', 3);
        return QStringLiteral("%1 cycles (%2 µs)")
            .arg(cycles)
            .arg(TimeAxis::cyclesToMicroseconds(double(cycles), clockMhz), 0, 'f', 3);
    }

    /// The task the inspector describes, and how it writes times: cycles with their µs, or µs only
    /// for a recording without a clock (its cycles are made up).
    struct Described {
        const ScheduleSnapshot& snapshot;
        const TaskGraph& graph;
        const Schedule& schedule;
        TaskIndex t;
        bool assumed;

        QString time(std::int64_t cycles) const { return cyclesText(cycles, graph.platform.clockMhz, assumed); }
        /// A point in time where the inspector has always shown the bare cycle.
        QString at(std::int64_t cycle) const { return assumed ? time(cycle) : QString::number(cycle); }
        QString barriers(std::span<const BarrierIndex> list) const
        {
            QStringList names;
            for (BarrierIndex b : list)
                names << toQString(graph.barriers.view(b));
            return names.join(QStringLiteral(", "));
        }
    };

    PropertyTreeModel::Section taskSection(const Described& d)
    {
        const TaskGraph& graph = d.graph;
        const TaskIndex t = d.t;
        const Task& task = graph.tasks[t];
        const ExecutorKind& kind = graph.platform.executors[task.exec];
        PropertyTreeModel::Section fields { QObject::tr("Task"), {} };
        fields.entries.push_back({ QObject::tr("id"), toQString(graph.taskId(t)), {}, {} });
        fields.entries.push_back({ QObject::tr("name"), toQString(graph.taskName(t)), {}, {} });
        fields.entries.push_back({ QObject::tr("executor"),
            QStringLiteral("%1 unit %2 engine %3")
                .arg(QString::fromStdString(kind.name))
                .arg(task.unit)
                .arg(d.schedule.engine[t]),
            {}, {} });
        fields.entries.push_back({ QObject::tr("role"), toQString(graph.roleName(task)), {}, {} });
        if (task.kernel != kNoKernel) {
            const Kernel& kernel = graph.kernels[std::size_t(task.kernel)];
            fields.entries.push_back({ QObject::tr("kernel"),
                QStringLiteral("%1 (%2 bytes of code)").arg(QString::fromStdString(kernel.name)).arg(kernel.codeBytes),
                {}, {} });
        }
        if (task.prefetch != kNoKernel)
            fields.entries.push_back({ QObject::tr("prefetches"),
                QString::fromStdString(graph.kernels[std::size_t(task.prefetch)].name), {}, {} });
        fields.entries.push_back({ QObject::tr("file position"), QString::number(t), {}, {} });
        if (task.source != kNoSymbol)
            fields.entries.push_back({ QObject::tr("source"), toQString(graph.strings.view(task.source)), {},
                QObject::tr("the event of the recording this task was imported from (JSON pointer)") });
        if (task.waitCount)
            fields.entries.push_back({ QObject::tr("wait"), d.barriers(graph.waits(task)), {}, {} });
        if (task.updateCount)
            fields.entries.push_back({ QObject::tr("update"), d.barriers(graph.updates(task)), {}, {} });
        const nlohmann::json extra = graph.taskExtra(task);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            fields.entries.push_back(
                { QString::fromStdString(it.key()), QString::fromStdString(it.value().dump()), {}, {} });
        return fields;
    }

    PropertyTreeModel::Section timingSection(const Described& d)
    {
        const TaskGraph& graph = d.graph;
        const Schedule& schedule = d.schedule;
        const TaskIndex t = d.t;
        const Task& task = graph.tasks[t];
        const bool assumed = d.assumed;
        PropertyTreeModel::Section timing { QObject::tr("Timing"), {} };
        timing.entries.push_back({ QObject::tr("start"), d.time(schedule.start[t]), {}, {} });
        timing.entries.push_back({ QObject::tr("end"), d.time(schedule.end[t]), {}, {} });
        timing.entries.push_back({ QObject::tr("duration"), d.time(schedule.end[t] - schedule.start[t]), {}, {} });
        timing.entries.push_back({ assumed ? QObject::tr("work") : QObject::tr("cycles"),
            assumed ? d.time(task.cycles) : QString::number(task.cycles), {}, {} });
        if (task.delay)
            timing.entries.push_back({ QObject::tr("delay"), d.time(task.delay), {},
                QObject::tr("time before this task starts that its dependencies do not explain (a recording's launch "
                            "latency or host gap)") });
        timing.entries.push_back({ QObject::tr("stall"), d.at(schedule.stall[t]), {},
            QObject::tr("instruction-cache stall plus enabled cost terms") });
        if (d.snapshot.relations) {
            if (auto barrier = d.snapshot.relations->releasingBarrier(graph, schedule, t))
                timing.entries.push_back({ QObject::tr("released by barrier"),
                    QStringLiteral("%1 at %2")
                        .arg(toQString(graph.barriers.view(*barrier)))
                        .arg(d.at(d.snapshot.relations->barrierRelease(schedule, *barrier))),
                    {}, {} });
        }
        if (schedule.binding[t] != kNoTask)
            timing.entries.push_back({ QObject::tr("started because of"),
                toQString(graph.taskName(schedule.binding[t])), toQString(graph.taskId(schedule.binding[t])),
                QObject::tr("the task whose end (or queue start) fixed this start") });
        return timing;
    }

    /// A recorded call frame's pieces (CallFrames.h: one event split in an open and a return piece,
    /// keyed "frame"): the other piece of `t`'s frame, or kNoTask when `t` is not a frame piece.
    TaskIndex otherFramePiece(const TaskGraph& graph, TaskIndex t, std::string& role)
    {
        const Task& task = graph.tasks[t];
        if (task.source == kNoSymbol)
            return kNoTask;
        role = framePieceOf(graph, task);
        if (role != "open" && role != "return")
            return kNoTask;
        const std::string other = role == "open" ? "return" : "open";
        for (TaskIndex i = 0; i < TaskIndex(graph.tasks.size()); ++i) {
            const Task& piece = graph.tasks[i];
            if (i != t && piece.source == task.source && framePieceOf(graph, piece) == other)
                return i;
        }
        return kNoTask;
    }

    /// The whole frame a piece belongs to, as the Gantt draws it (one bar): from the open piece's
    /// start to the return piece's end in the schedule shown. A piece's own timing is only the
    /// frame's own time before its first callee or after its last one (a leaf wait's open piece: 0).
    std::optional<PropertyTreeModel::Section> frameSection(const Described& d)
    {
        std::string role;
        const TaskIndex other = otherFramePiece(d.graph, d.t, role);
        if (other == kNoTask)
            return std::nullopt;
        const TaskIndex open = role == "open" ? d.t : other;
        const TaskIndex close = role == "open" ? other : d.t;
        const std::int64_t start = d.schedule.start[open], end = d.schedule.end[close];
        const std::int64_t own = (d.schedule.end[open] - start) + (end - d.schedule.start[close]);
        PropertyTreeModel::Section frame { QObject::tr("Call frame (the whole event)"), {} };
        frame.entries.push_back({ role == "open" ? QObject::tr("return piece") : QObject::tr("open piece"),
            toQString(d.graph.taskName(other)), toQString(d.graph.taskId(other)),
            QObject::tr("the other piece of this frame (double-click to select it)") });
        frame.entries.push_back({ QObject::tr("frame start"), d.time(start), {}, {} });
        frame.entries.push_back({ QObject::tr("frame end"), d.time(end), {}, {} });
        frame.entries.push_back({ QObject::tr("frame span"), d.time(end - start), {},
            QObject::tr("from the open piece's start to the return piece's end") });
        // Two short rows: a long sentence would be elided in the value column.
        const QString where = QObject::tr("the frame's own time is its two pieces; its callees run in between");
        frame.entries.push_back(
            { QObject::tr("own time"), QObject::tr("%1 (open + return piece)").arg(d.time(own)), {}, where });
        frame.entries.push_back({ QObject::tr("callees"), QObject::tr("run between the two pieces"), {}, where });
        return frame;
    }

    /// Every decision that names this task, as the core words it (the Decisions dock and
    /// `batch run --report` show the same sentence): why it was inserted, or why its kernel was not
    /// prefetched before it.
    PropertyTreeModel::Section decisionsSection(const Described& d)
    {
        const Task& task = d.graph.tasks[d.t];
        const std::string id(d.graph.taskId(d.t));
        PropertyTreeModel::Section decided { QObject::tr("Decisions"), {} };
        for (const PassRecord& record : d.snapshot.passes) {
            for (const auto& decision : record.decisions) {
                const std::vector<std::string> named = decisionTasks(decision);
                if (std::find(named.begin(), named.end(), id) == named.end())
                    continue;
                const QString sentence = QString::fromStdString(decisionSentence(decision));
                const QString label = named.front() == id && task.origin != kNoSymbol
                    ? QObject::tr("why")
                    : QString::fromStdString(record.name);
                decided.entries.push_back({ label, sentence, {},
                    QStringLiteral("%1\n\n%2").arg(sentence, QString::fromStdString(decision.dump(2))) });
            }
        }
        decided.title = QObject::tr("Decisions (%1)").arg(decided.entries.size());
        return decided;
    }

    QString edgeText(const TaskGraph& graph, const TaskEdge& edge)
    {
        switch (edge.kind) {
        case TaskEdge::Kind::Barrier:
            return QObject::tr("barrier %1").arg(toQString(graph.barriers.view(edge.barrier)));
        case TaskEdge::Kind::After:
            return QObject::tr("after");
        case TaskEdge::Kind::Queue:
            return QObject::tr("queue order");
        }
        return QString();
    }

    /// Predecessors with when they end, successors with when they start.
    void addRelationSections(const Described& d, std::vector<PropertyTreeModel::Section>& sections)
    {
        const TaskGraph& graph = d.graph;
        const TaskRelations& relations = *d.snapshot.relations;
        const auto predecessors = relations.predecessors(graph, d.t);
        PropertyTreeModel::Section before { QObject::tr("Predecessors (%1)").arg(predecessors.size()), {} };
        for (const TaskEdge& edge : predecessors)
            before.entries.push_back({ toQString(graph.taskName(edge.task)),
                QStringLiteral("%1 · ends %2").arg(edgeText(graph, edge), d.at(d.schedule.end[edge.task])),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(before));
        const auto successors = relations.successors(graph, d.t);
        PropertyTreeModel::Section after { QObject::tr("Successors (%1)").arg(successors.size()), {} };
        for (const TaskEdge& edge : successors)
            after.entries.push_back({ toQString(graph.taskName(edge.task)),
                QStringLiteral("%1 · starts %2").arg(edgeText(graph, edge), d.at(d.schedule.start[edge.task])),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(after));
    }

} // namespace

std::vector<PropertyTreeModel::Section> describeTask(const ScheduleSnapshot& snapshot, TaskIndex t)
{
    const Described d { snapshot, *snapshot.graph, *snapshot.schedule, t, snapshot.clockAssumed() };
    const TaskGraph& graph = d.graph;
    const Task& task = graph.tasks[t];
    std::vector<PropertyTreeModel::Section> sections;
    sections.push_back(taskSection(d));
    sections.push_back(timingSection(d));
    if (auto frame = frameSection(d))
        sections.push_back(std::move(*frame));
    if (task.origin != kNoSymbol) {
        PropertyTreeModel::Section provenance { QObject::tr("Inserted by"), {} };
        const std::string origin(graph.strings.view(task.origin));
        provenance.entries.push_back({ QObject::tr("pass"), QString::fromStdString(origin), {}, {} });
        for (const PassRecord& record : snapshot.passes)
            if (record.name == origin)
                provenance.entries.push_back({ QObject::tr("pipeline"), QString::fromStdString(record.text), {}, {} });
        sections.push_back(std::move(provenance));
    }
    PropertyTreeModel::Section decided = decisionsSection(d);
    if (!decided.entries.empty())
        sections.push_back(std::move(decided));
    if (snapshot.relations)
        addRelationSections(d, sections);
    return sections;
}

PropertyTreeModel::Section describeSourceEvent(const nlohmann::json& event, const QString& pointer)
{
    PropertyTreeModel::Section section { QObject::tr("Recorded event %1").arg(pointer), {} };
    auto text = [](const nlohmann::json& value) {
        return value.is_string() ? QString::fromStdString(value.get<std::string>())
                                 : QString::fromStdString(value.dump());
    };
    if (!event.is_object()) {
        section.entries.push_back({ QObject::tr("event"), text(event), {}, {} });
        return section;
    }
    // The keys people look for first, in the order trace viewers show them; then the rest.
    static const char* const first[] = { "name", "cat", "ph", "ts", "dur", "pid", "tid", "id" };
    for (const char* key : first)
        if (auto it = event.find(key); it != event.end())
            section.entries.push_back({ QString::fromLatin1(key), text(*it), {}, {} });
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (std::find(std::begin(first), std::end(first), it.key()) != std::end(first) || it.key() == "args")
            continue;
        section.entries.push_back({ QString::fromStdString(it.key()), text(it.value()), {}, {} });
    }
    if (auto args = event.find("args"); args != event.end()) {
        if (!args->is_object())
            section.entries.push_back({ QStringLiteral("args"), text(*args), {}, {} });
        else
            for (auto it = args->begin(); it != args->end(); ++it)
                section.entries.push_back(
                    { QStringLiteral("args.%1").arg(QString::fromStdString(it.key())), text(it.value()), {}, {} });
    }
    return section;
}

} // namespace lookahead
