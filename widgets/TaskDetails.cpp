#include "TaskDetails.h"

#include "TimeAxis.h"

#include "lookahead/RunReport.h"

#include <algorithm>

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

} // namespace

std::vector<PropertyTreeModel::Section> describeTask(const ScheduleSnapshot& snapshot, TaskIndex t)
{
    const TaskGraph& graph = *snapshot.graph;
    const Schedule& schedule = *snapshot.schedule;
    const Task& task = graph.tasks[t];
    const double clock = graph.platform.clockMhz;
    const bool assumed = snapshot.clockAssumed();
    auto timeText = [clock, assumed](std::int64_t cycles) { return cyclesText(cycles, clock, assumed); };
    // A point in time where the inspector has always shown the bare cycle.
    auto at = [&timeText, assumed](std::int64_t cycle) { return assumed ? timeText(cycle) : QString::number(cycle); };
    const ExecutorKind& kind = graph.platform.executors[task.exec];
    std::vector<PropertyTreeModel::Section> sections;

    PropertyTreeModel::Section fields { QObject::tr("Task"), {} };
    fields.entries.push_back({ QObject::tr("id"), toQString(graph.taskId(t)), {}, {} });
    fields.entries.push_back({ QObject::tr("name"), toQString(graph.taskName(t)), {}, {} });
    fields.entries.push_back({ QObject::tr("executor"),
        QStringLiteral("%1 unit %2 engine %3")
            .arg(QString::fromStdString(kind.name))
            .arg(task.unit)
            .arg(schedule.engine[t]),
        {}, {} });
    fields.entries.push_back({ QObject::tr("role"), toQString(graph.roleName(task)), {}, {} });
    if (task.kernel != kNoKernel) {
        const Kernel& kernel = graph.kernels[std::size_t(task.kernel)];
        fields.entries.push_back({ QObject::tr("kernel"),
            QStringLiteral("%1 (%2 bytes of code)").arg(QString::fromStdString(kernel.name)).arg(kernel.codeBytes), {},
            {} });
    }
    if (task.prefetch != kNoKernel)
        fields.entries.push_back({ QObject::tr("prefetches"),
            QString::fromStdString(graph.kernels[std::size_t(task.prefetch)].name), {}, {} });
    fields.entries.push_back({ QObject::tr("file position"), QString::number(t), {}, {} });
    if (task.source != kNoSymbol)
        fields.entries.push_back({ QObject::tr("source"), toQString(graph.strings.view(task.source)), {},
            QObject::tr("the event of the recording this task was imported from (JSON pointer)") });
    auto joinBarriers = [&graph](std::span<const BarrierIndex> list) {
        QStringList names;
        for (BarrierIndex b : list)
            names << toQString(graph.barriers.view(b));
        return names.join(QStringLiteral(", "));
    };
    if (task.waitCount)
        fields.entries.push_back({ QObject::tr("wait"), joinBarriers(graph.waits(task)), {}, {} });
    if (task.updateCount)
        fields.entries.push_back({ QObject::tr("update"), joinBarriers(graph.updates(task)), {}, {} });
    const nlohmann::json& extra = graph.taskExtra(task);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        fields.entries.push_back(
            { QString::fromStdString(it.key()), QString::fromStdString(it.value().dump()), {}, {} });
    sections.push_back(std::move(fields));

    PropertyTreeModel::Section timing { QObject::tr("Timing"), {} };
    timing.entries.push_back({ QObject::tr("start"), timeText(schedule.start[t]), {}, {} });
    timing.entries.push_back({ QObject::tr("end"), timeText(schedule.end[t]), {}, {} });
    timing.entries.push_back({ QObject::tr("duration"), timeText(schedule.end[t] - schedule.start[t]), {}, {} });
    timing.entries.push_back({ assumed ? QObject::tr("work") : QObject::tr("cycles"),
        assumed ? timeText(task.cycles) : QString::number(task.cycles), {}, {} });
    if (task.delay)
        timing.entries.push_back({ QObject::tr("delay"), timeText(task.delay), {},
            QObject::tr("time before this task starts that its dependencies do not explain (a recording's launch "
                        "latency or host gap)") });
    timing.entries.push_back({ QObject::tr("stall"), at(schedule.stall[t]), {},
        QObject::tr("instruction-cache stall plus enabled cost terms") });
    if (snapshot.relations) {
        if (auto barrier = snapshot.relations->releasingBarrier(graph, schedule, t))
            timing.entries.push_back({ QObject::tr("released by barrier"),
                QStringLiteral("%1 at %2")
                    .arg(toQString(graph.barriers.view(*barrier)))
                    .arg(at(snapshot.relations->barrierRelease(schedule, *barrier))),
                {}, {} });
    }
    if (schedule.binding[t] != kNoTask)
        timing.entries.push_back({ QObject::tr("started because of"), toQString(graph.taskName(schedule.binding[t])),
            toQString(graph.taskId(schedule.binding[t])),
            QObject::tr("the task whose end (or queue start) fixed this start") });
    sections.push_back(std::move(timing));

    const std::string id(graph.taskId(t));
    if (task.origin != kNoSymbol) {
        PropertyTreeModel::Section provenance { QObject::tr("Inserted by"), {} };
        const std::string origin(graph.strings.view(task.origin));
        provenance.entries.push_back({ QObject::tr("pass"), QString::fromStdString(origin), {}, {} });
        for (const PassRecord& record : snapshot.passes)
            if (record.name == origin)
                provenance.entries.push_back({ QObject::tr("pipeline"), QString::fromStdString(record.text), {}, {} });
        sections.push_back(std::move(provenance));
    }
    // Every decision that names this task, as the core words it (the Decisions dock and
    // `batch run --report` show the same sentence): why it was inserted, or why its kernel was not
    // prefetched before it.
    PropertyTreeModel::Section decided { QObject::tr("Decisions"), {} };
    for (const PassRecord& record : snapshot.passes) {
        for (const auto& decision : record.decisions) {
            const std::vector<std::string> named = decisionTasks(decision);
            if (std::find(named.begin(), named.end(), id) == named.end())
                continue;
            const QString sentence = QString::fromStdString(decisionSentence(decision));
            const QString label = named.front() == id && task.origin != kNoSymbol ? QObject::tr("why")
                                                                                  : QString::fromStdString(record.name);
            decided.entries.push_back({ label, sentence, {},
                QStringLiteral("%1\n\n%2").arg(sentence, QString::fromStdString(decision.dump(2))) });
        }
    }
    if (!decided.entries.empty()) {
        decided.title = QObject::tr("Decisions (%1)").arg(decided.entries.size());
        sections.push_back(std::move(decided));
    }

    if (snapshot.relations) {
        auto edgeText = [&graph](const TaskEdge& edge) {
            switch (edge.kind) {
            case TaskEdge::Kind::Barrier:
                return QObject::tr("barrier %1").arg(toQString(graph.barriers.view(edge.barrier)));
            case TaskEdge::Kind::After:
                return QObject::tr("after");
            case TaskEdge::Kind::Queue:
                return QObject::tr("queue order");
            }
            return QString();
        };
        const auto predecessors = snapshot.relations->predecessors(graph, t);
        PropertyTreeModel::Section before { QObject::tr("Predecessors (%1)").arg(predecessors.size()), {} };
        for (const TaskEdge& edge : predecessors)
            before.entries.push_back({ toQString(graph.taskName(edge.task)),
                QStringLiteral("%1 · ends %2").arg(edgeText(edge), at(schedule.end[edge.task])),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(before));
        const auto successors = snapshot.relations->successors(graph, t);
        PropertyTreeModel::Section after { QObject::tr("Successors (%1)").arg(successors.size()), {} };
        for (const TaskEdge& edge : successors)
            after.entries.push_back({ toQString(graph.taskName(edge.task)),
                QStringLiteral("%1 · starts %2").arg(edgeText(edge), at(schedule.start[edge.task])),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(after));
    }
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
