#include "TaskDetails.h"

#include "TimeAxis.h"

namespace lookahead {

namespace {
QString cyclesText(std::int64_t cycles, double clockMhz)
{
    return QStringLiteral("%1 cycles (%2 µs)").arg(cycles).arg(TimeAxis::cyclesToMicroseconds(double(cycles), clockMhz), 0, 'f', 3);
}

/// Does this JSON value mention `id` anywhere (a pass decision naming the task it inserted)?
bool mentions(const nlohmann::json& value, const std::string& id)
{
    if (value.is_string())
        return value.get_ref<const std::string&>() == id;
    if (value.is_array() || value.is_object())
        for (const auto& item : value)
            if (mentions(item, id))
                return true;
    return false;
}
} // namespace

std::vector<PropertyTreeModel::Section> describeTask(const ScheduleSnapshot& snapshot, TaskIndex t)
{
    const TaskGraph& graph = *snapshot.graph;
    const Schedule& schedule = *snapshot.schedule;
    const Task& task = graph.tasks[t];
    const double clock = graph.platform.clockMhz;
    const ExecutorKind& kind = graph.platform.executors[task.exec];
    std::vector<PropertyTreeModel::Section> sections;

    PropertyTreeModel::Section fields { QObject::tr("Task"), {} };
    fields.entries.push_back({ QObject::tr("id"), toQString(graph.taskId(t)), {}, {} });
    fields.entries.push_back({ QObject::tr("name"), toQString(graph.taskName(t)), {}, {} });
    fields.entries.push_back({ QObject::tr("executor"), QStringLiteral("%1 unit %2 engine %3").arg(QString::fromStdString(kind.name)).arg(task.unit).arg(schedule.engine[t]), {}, {} });
    fields.entries.push_back({ QObject::tr("role"), toQString(graph.roleName(task)), {}, {} });
    if (task.kernel != kNoKernel) {
        const Kernel& kernel = graph.kernels[std::size_t(task.kernel)];
        fields.entries.push_back({ QObject::tr("kernel"), QStringLiteral("%1 (%2 bytes of code)").arg(QString::fromStdString(kernel.name)).arg(kernel.codeBytes), {}, {} });
    }
    if (task.prefetch != kNoKernel)
        fields.entries.push_back({ QObject::tr("prefetches"), QString::fromStdString(graph.kernels[std::size_t(task.prefetch)].name), {}, {} });
    fields.entries.push_back({ QObject::tr("file position"), QString::number(t), {}, {} });
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
        fields.entries.push_back({ QString::fromStdString(it.key()), QString::fromStdString(it.value().dump()), {}, {} });
    sections.push_back(std::move(fields));

    PropertyTreeModel::Section timing { QObject::tr("Timing"), {} };
    timing.entries.push_back({ QObject::tr("start"), cyclesText(schedule.start[t], clock), {}, {} });
    timing.entries.push_back({ QObject::tr("end"), cyclesText(schedule.end[t], clock), {}, {} });
    timing.entries.push_back({ QObject::tr("duration"), cyclesText(schedule.end[t] - schedule.start[t], clock), {}, {} });
    timing.entries.push_back({ QObject::tr("cycles"), QString::number(task.cycles), {}, {} });
    timing.entries.push_back({ QObject::tr("stall"), QString::number(schedule.stall[t]), {}, QObject::tr("instruction-cache stall plus enabled cost terms") });
    if (snapshot.relations) {
        if (auto barrier = snapshot.relations->releasingBarrier(graph, schedule, t))
            timing.entries.push_back({ QObject::tr("released by barrier"),
                QStringLiteral("%1 at %2").arg(toQString(graph.barriers.view(*barrier))).arg(snapshot.relations->barrierRelease(schedule, *barrier)), {}, {} });
    }
    if (schedule.binding[t] != kNoTask)
        timing.entries.push_back({ QObject::tr("started because of"), toQString(graph.taskName(schedule.binding[t])),
            toQString(graph.taskId(schedule.binding[t])), QObject::tr("the task whose end (or queue start) fixed this start") });
    sections.push_back(std::move(timing));

    if (task.origin != kNoSymbol) {
        PropertyTreeModel::Section provenance { QObject::tr("Inserted by"), {} };
        const std::string origin(graph.strings.view(task.origin));
        provenance.entries.push_back({ QObject::tr("pass"), QString::fromStdString(origin), {}, {} });
        const std::string id(graph.taskId(t));
        for (const PassRecord& record : snapshot.passes) {
            if (record.name != origin)
                continue;
            provenance.entries.push_back({ QObject::tr("pipeline"), QString::fromStdString(record.text), {}, {} });
            for (const auto& decision : record.decisions) {
                if (!mentions(decision, id))
                    continue;
                const QString reason = decision.contains("reason") && decision["reason"].is_string()
                    ? QString::fromStdString(decision["reason"].get<std::string>())
                    : QString::fromStdString(decision.dump());
                provenance.entries.push_back({ QObject::tr("why"), reason, {}, QString::fromStdString(decision.dump(2)) });
            }
        }
        sections.push_back(std::move(provenance));
    }

    if (snapshot.relations) {
        auto edgeText = [&graph](const TaskEdge& edge) {
            switch (edge.kind) {
            case TaskEdge::Kind::Barrier: return QObject::tr("barrier %1").arg(toQString(graph.barriers.view(edge.barrier)));
            case TaskEdge::Kind::After: return QObject::tr("after");
            case TaskEdge::Kind::Queue: return QObject::tr("queue order");
            }
            return QString();
        };
        const auto predecessors = snapshot.relations->predecessors(graph, t);
        PropertyTreeModel::Section before { QObject::tr("Predecessors (%1)").arg(predecessors.size()), {} };
        for (const TaskEdge& edge : predecessors)
            before.entries.push_back({ toQString(graph.taskName(edge.task)), QStringLiteral("%1 · ends %2").arg(edgeText(edge)).arg(schedule.end[edge.task]),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(before));
        const auto successors = snapshot.relations->successors(graph, t);
        PropertyTreeModel::Section after { QObject::tr("Successors (%1)").arg(successors.size()), {} };
        for (const TaskEdge& edge : successors)
            after.entries.push_back({ toQString(graph.taskName(edge.task)), QStringLiteral("%1 · starts %2").arg(edgeText(edge)).arg(schedule.start[edge.task]),
                toQString(graph.taskId(edge.task)), {} });
        sections.push_back(std::move(after));
    }
    return sections;
}

} // namespace lookahead
