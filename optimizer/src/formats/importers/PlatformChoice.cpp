#include "PlatformChoice.h"

#include "../ReplayFields.h"

#include "lookahead/Simulator.h"

#include <algorithm>

namespace lookahead::formats {

namespace {

    /// Rounds of simulate-and-correct (see the header); true when the replay is exact.
    Result<bool> calibrate(
        TaskGraph& graph, const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd)
    {
        constexpr int kMaxRounds = 8;
        for (int round = 0; round < kMaxRounds; ++round) {
            auto schedule = simulate(graph, CostModel::standard(), SimulationOptions { true, {}, nullptr });
            if (!schedule.ok())
                return schedule.error();
            const Schedule& s = *schedule.value();
            bool changed = false;
            for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
                const std::int64_t startError = recordedStart[t] - s.start[t];
                const std::int64_t durationError = (recordedEnd[t] - recordedStart[t]) - (s.end[t] - s.start[t]);
                if (startError != 0) {
                    const std::int64_t delay = std::max<std::int64_t>(0, taskDelay(graph, t) + startError);
                    changed = changed || delay != taskDelay(graph, t);
                    setTaskDelay(graph, t, delay);
                }
                if (durationError != 0) {
                    const std::int64_t cycles
                        = std::clamp<std::int64_t>(graph.tasks[t].cycles + durationError, 0, kMaxCycles);
                    changed = changed || cycles != graph.tasks[t].cycles;
                    graph.tasks[t].cycles = cycles;
                }
            }
            if (!changed)
                return true;
        }
        return false;
    }

    /// Terms beyond spec 5 that move a replayed task under the default costs.
    Result<std::vector<std::string>> termsThatMoveTasks(const TaskGraph& graph)
    {
        auto spec = simulate(graph, CostModel::standard(), SimulationOptions { true, {}, nullptr });
        auto standard = simulate(graph, CostModel::standard(), SimulationOptions {});
        if (!spec.ok())
            return spec.error();
        if (!standard.ok())
            return standard.error();
        if (spec.value()->start == standard.value()->start && spec.value()->end == standard.value()->end)
            return std::vector<std::string> {};
        std::vector<std::string> terms;
        for (const auto& [term, cycles] : standard.value()->termCycles)
            if (cycles != 0)
                terms.push_back(term);
        return terms;
    }

} // namespace

Result<std::optional<PlatformPreset>> choosePlatform(const ImportOptions& options, const std::string& suggested)
{
    const std::string& choice = options.platform.empty() ? suggested : options.platform;
    if (choice.empty())
        return std::optional<PlatformPreset> {};
    Result<PlatformPreset> preset = resolvePlatform(choice);
    if (!preset.ok()) {
        Error error = preset.error();
        if (error.where.empty() && error.file.empty())
            error.where = "option --platform";
        return error;
    }
    return std::optional<PlatformPreset>(std::move(preset).value());
}

Status applyPlatformChoice(TaskGraph& graph, const std::optional<PlatformPreset>& preset,
    const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd,
    ImportSummary& summary)
{
    if (!preset) {
        summary.platform = "the recorded lanes (one executor kind per process or engine type, one unit per lane)";
        return Status::success();
    }
    const double clock = graph.platform.clockMhz;
    if (Status applied = applyPlatformPreset(graph, *preset); !applied.ok())
        return applied.error();
    graph.platform.clockMhz = clock; // the cycles were converted with the recording's clock
    summary.platform = preset->name;
    Result<bool> exact = calibrate(graph, recordedStart, recordedEnd);
    if (!exact.ok())
        return exact.error();
    if (!exact.value())
        summary.notes.push_back("the replay on platform " + preset->name + " is not exact: some tasks ran shorter in "
            + "the recording than the modelled instruction fetch of their kernel");
    Result<std::vector<std::string>> terms = termsThatMoveTasks(graph);
    if (!terms.ok())
        return terms.error();
    summary.costTermsOff = terms.value();
    if (!summary.costTermsOff.empty())
        summary.costTermsNote = "they model time the recording already contains; the baseline of a recording is "
                                "simulated without them so that it is the recording itself";
    return Status::success();
}

} // namespace lookahead::formats
