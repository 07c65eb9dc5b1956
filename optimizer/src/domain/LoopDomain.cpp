#include "domain/LoopDomain.h"

#include <optional>

namespace lookahead::loop {

namespace {

    std::optional<nlohmann::json> loopObject(const TaskGraph& graph, TaskIndex task)
    {
        std::optional<nlohmann::json> loop = graph.taskExtraValue(graph.tasks[task], "loop");
        return loop && loop->is_object() ? loop : std::nullopt;
    }

} // namespace

bool isLoop(const Group& group) { return group.kind == "loop"; }

int iterationOf(const TaskGraph& graph, TaskIndex task)
{
    const std::optional<nlohmann::json> loop = loopObject(graph, task);
    if (!loop)
        return -1;
    auto iter = loop->find("iter");
    return iter != loop->end() && iter->is_number_integer() ? iter->get<int>() : -1;
}

std::string stageOf(const TaskGraph& graph, TaskIndex task)
{
    const std::optional<nlohmann::json> loop = loopObject(graph, task);
    if (!loop)
        return {};
    auto stage = loop->find("stage");
    return stage != loop->end() && stage->is_string() ? stage->get<std::string>() : std::string();
}

void setIssueIteration(TaskGraph& graph, TaskIndex task, int issue)
{
    graph.editTaskExtra(task, [&](nlohmann::json& extra) {
        nlohmann::json loop = extra.value("loop", nlohmann::json::object());
        loop["issue"] = issue;
        extra["loop"] = std::move(loop);
    });
}

} // namespace lookahead::loop
