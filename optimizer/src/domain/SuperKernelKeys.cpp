// Typed access to the SuperKernel keys of tasks and groups (SuperKernelDomain.h): the one place
// that spells them, so that a renamed key is one edit and a reader sees every key at once.

#include "domain/SuperKernelDomain.h"

#include <algorithm>
#include <optional>

namespace lookahead::sk {

namespace {

    std::optional<nlohmann::json> findKey(const TaskGraph& graph, const Task& task, const char* key)
    {
        return graph.taskExtraValue(task, key);
    }

    bool booleanKey(const TaskGraph& graph, const Task& task, const char* key)
    {
        const std::optional<nlohmann::json> value = findKey(graph, task, key);
        return value && value->is_boolean() && value->get<bool>();
    }

    const char* phaseKey(Phase phase) { return phase == Phase::Head ? "head" : "tail"; }

} // namespace

nlohmann::json syncTaskExtra(std::string_view previous, std::string_view next, std::int64_t blocks)
{
    return { { "sync_range", "all" }, { "sync_between", { std::string(previous), std::string(next) } },
        { "blocks", blocks } };
}

nlohmann::json preloadTaskExtra(std::int64_t bytes, std::string_view target)
{
    return { { "preload_bytes", bytes }, { "preload_for", std::string(target) } };
}

nlohmann::json earlyStartTailExtra(std::string_view predecessor)
{
    return { { "early_start_tail_of", std::string(predecessor) } };
}

nlohmann::json earlyStartHeadExtra(std::string_view successor, std::int64_t blocks)
{
    return { { "early_start_head_of", std::string(successor) }, { "blocks", blocks } };
}

bool isSuperKernel(const Group& group) { return group.kind == "superkernel"; }

bool isFused(const Group& group)
{
    auto it = group.extra.find("fused");
    return it != group.extra.end() && it->is_boolean() && it->get<bool>();
}

void setFused(Group& group) { group.extra["fused"] = true; }

std::int64_t copiesOf(const Group& group)
{
    auto it = group.extra.find("copies");
    return it != group.extra.end() && it->is_number_integer() ? std::max<std::int64_t>(1, it->get<std::int64_t>()) : 1;
}

void setCopies(Group& group, std::int64_t copies) { group.extra["copies"] = copies; }

std::int64_t blocksOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> blocks = findKey(graph, task, "blocks");
    return blocks && blocks->is_number_integer() ? blocks->get<std::int64_t>() : 1;
}

std::int64_t phaseOf(const TaskGraph& graph, const Task& task, Phase phase)
{
    const std::optional<nlohmann::json> phases = findKey(graph, task, "phases");
    if (!phases || !phases->is_object())
        return 0;
    return phases->value(phaseKey(phase), std::int64_t(0));
}

void setPhase(TaskGraph& graph, TaskIndex task, Phase phase, std::int64_t cycles)
{
    graph.editTaskExtra(task, [&](nlohmann::json& extra) { extra["phases"][phaseKey(phase)] = cycles; });
}

bool isDynamicShape(const TaskGraph& graph, const Task& task) { return booleanKey(graph, task, "dynamic_shape"); }

bool isTilingSunk(const TaskGraph& graph, const Task& task) { return booleanKey(graph, task, "tiling_sunk"); }

std::optional<std::string> syncRangeNameOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> range = findKey(graph, task, "sync_range");
    if (!range || !range->is_string())
        return std::nullopt;
    return range->get<std::string>();
}

SyncRange syncRangeOf(const TaskGraph& graph, const Task& task)
{
    return parseSyncRange(syncRangeNameOf(graph, task).value_or("all"));
}

void setSyncRange(TaskGraph& graph, TaskIndex task, std::string_view name)
{
    graph.editTaskExtra(task, [&](nlohmann::json& extra) { extra["sync_range"] = std::string(name); });
}

bool isSyncBetween(const TaskGraph& graph, const Task& task, std::string_view previous, std::string_view next)
{
    const std::optional<nlohmann::json> between = findKey(graph, task, "sync_between");
    return between && between->is_array() && between->size() == 2 && (*between)[0] == previous && (*between)[1] == next;
}

bool hasEarlyStart(const TaskGraph& graph, const Task& task) { return findKey(graph, task, "early_start").has_value(); }

std::optional<EarlyStartPair> earlyStartOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> es = findKey(graph, task, "early_start");
    if (!es || !es->is_object())
        return std::nullopt;
    EarlyStartPair pair;
    const auto ids = es->value("pair", nlohmann::json::array());
    if (ids.is_array() && ids.size() == 2 && ids[0].is_string() && ids[1].is_string()) {
        pair.predecessor = ids[0].get<std::string>();
        pair.successor = ids[1].get<std::string>();
    }
    pair.signalCores = es->value("signal_cores", std::int64_t(0));
    pair.waitCores = es->value("wait_cores", std::int64_t(0));
    pair.complementCalls = es->value("complement_calls", std::int64_t(0));
    return pair;
}

void setEarlyStart(TaskGraph& graph, TaskIndex task, const EarlyStartPair& pair)
{
    graph.editTaskExtra(task, [&](nlohmann::json& extra) {
        extra["early_start"] = { { "pair", { pair.predecessor, pair.successor } }, { "signal_cores", pair.signalCores },
            { "wait_cores", pair.waitCores }, { "complement_calls", pair.complementCalls } };
    });
}

std::string eventOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> event = findKey(graph, task, "event");
    return event && event->is_string() ? event->get<std::string>() : std::string();
}

bool hasEvent(const TaskGraph& graph, const Task& task) { return findKey(graph, task, "event").has_value(); }

std::optional<std::int64_t> weightL2SavingOf(const TaskGraph& graph, const Task& task)
{
    const std::optional<nlohmann::json> weights = findKey(graph, task, "weights");
    if (!weights || !weights->is_object())
        return std::nullopt;
    return weights->value("l2_saving", std::int64_t(0));
}

bool weightsPrefetched(const TaskGraph& graph, const Task& task)
{
    return findKey(graph, task, "weights_prefetched").has_value();
}

void markWeightsPrefetched(TaskGraph& graph, TaskIndex task)
{
    graph.editTaskExtra(task, [](nlohmann::json& extra) { extra["weights_prefetched"] = true; });
}

void setCodeCopies(TaskGraph& graph, TaskIndex task, std::int64_t copies)
{
    graph.editTaskExtra(task, [&](nlohmann::json& extra) { extra["code_copies"] = copies; });
}

} // namespace lookahead::sk
