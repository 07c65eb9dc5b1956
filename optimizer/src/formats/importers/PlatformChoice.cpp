#include "PlatformChoice.h"

#include "lookahead/OpSummaryCsv.h"
#include "lookahead/RecordingDomain.h"
#include "lookahead/RecordingReplay.h"
#include "lookahead/Simulator.h"

#include <algorithm>

namespace lookahead::formats {

namespace {

    /// The SuperKernel model of an Ascend recording's device tasks (RecordingDomain.h), when the
    /// recording has device tasks and the platform has the AI cores to run them.
    /// `opSummary` (may be null) gives the device tasks their blocks and mix ratio.
    Status applyProducerDomain(
        TaskGraph& graph, const PlatformPreset& preset, const OpSummary* opSummary, ImportSummary& summary)
    {
        const bool deviceTasks = std::any_of(graph.tasks.begin(), graph.tasks.end(),
            [&](const Task& task) { return AscendDeviceTask::of(graph, task).has_value(); });
        if (!deviceTasks || graph.platform.findExecutor("AICORE") < 0) {
            if (deviceTasks)
                summary.notes.push_back("no SuperKernel model of the device tasks: platform " + preset.name
                    + " has no AICORE executor (use ascend-a2 or ascend-a3)");
            if (opSummary)
                summary.notes.emplace_back("the op summary was not used: no Ascend device tasks on an Ascend platform");
            return Status::success();
        }
        Result<AscendDomainSummary> domain = applyAscendDomain(graph, preset, opSummary);
        if (!domain.ok())
            return domain.error();
        for (const std::string& note : domain.value().notes)
            summary.notes.push_back(note);
        return Status::success();
    }

    /// A preset the mapper suggested must not refuse the recording it was suggested for: a kind of
    /// the preset that the recording uses with more lanes (NPU DMA threads are first-fit lanes, not
    /// ports) or more overlapping tasks per lane keeps the recording's counts, and the summary says
    /// so. A preset the user names is taken as it is (applyPlatformPreset refuses what does not fit).
    PlatformPreset fitToRecording(PlatformPreset preset, const TaskGraph& graph, ImportSummary& summary)
    {
        for (const ExecutorKind& recorded : graph.platform.executors) {
            const int index = preset.platform.findExecutor(recorded.name);
            if (index < 0)
                continue;
            ExecutorKind& kind = preset.platform.executors[index];
            if (recorded.units <= kind.units && recorded.engines <= kind.engines)
                continue;
            kind.units = std::max(kind.units, recorded.units);
            kind.engines = std::max(kind.engines, recorded.engines);
            summary.notes.push_back(preset.name + ": " + kind.name + " has " + std::to_string(kind.units)
                + " unit(s) of " + std::to_string(kind.engines) + " engine(s) here, as the recording uses them");
        }
        return preset;
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

Status applyPlatformChoice(TaskGraph& graph, const std::optional<PlatformPreset>& preset, const ImportOptions& options,
    const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd,
    ImportSummary& summary)
{
    // Read first: a bad op summary is an error even when it would not be used.
    std::optional<OpSummary> opSummary;
    if (!options.opSummary.empty()) {
        Result<OpSummary> loaded = loadOpSummaryCsv(options.opSummary);
        if (!loaded.ok())
            return loaded.error();
        opSummary = std::move(loaded).value();
    }
    if (!preset) {
        summary.platform = "the recorded lanes (one executor kind per process or engine type, one unit per lane)";
        if (opSummary)
            summary.notes.emplace_back("the op summary was not used: no platform preset");
        return Status::success();
    }
    const PlatformPreset fitted = options.platform.empty() ? fitToRecording(*preset, graph, summary) : *preset;
    const double clock = graph.platform.clockMhz;
    std::vector<std::pair<std::string, nlohmann::json>> laneNames; // the preset's kinds replace the recorded ones
    for (const ExecutorKind& kind : graph.platform.executors)
        if (auto names = kind.extra.find("lane_names"); names != kind.extra.end())
            laneNames.emplace_back(kind.name, *names);
    if (Status applied = applyPlatformPreset(graph, fitted); !applied.ok())
        return applied.error();
    graph.platform.clockMhz = clock; // the cycles were converted with the recording's clock
    for (const auto& [kindName, names] : laneNames) {
        ExecutorKind& kind = graph.platform.executors[graph.platform.findExecutor(kindName)];
        if (!kind.extra.contains("lane_names") && names.size() <= kind.units)
            kind.extra["lane_names"] = names;
    }
    summary.platform = preset->name;
    if (Status domain = applyProducerDomain(graph, *preset, opSummary ? &*opSummary : nullptr, summary); !domain.ok())
        return domain.error();
    Result<ReplayCalibration> calibration = calibrateReplay(graph, recordedStart, recordedEnd);
    if (!calibration.ok())
        return calibration.error();
    const ReplayCalibration& c = calibration.value();
    if (c.tasksWithStall > 0)
        summary.notes.push_back("instruction caches of " + preset->name + ": the modelled fetch stall of "
            + std::to_string(c.tasksWithStall) + " task(s) (" + std::to_string(c.stallCycles)
            + " cycles) was taken out of their cycles, so that the baseline is the recording (spec 9)");
    if (!c.exact)
        summary.notes.push_back("the replay on platform " + preset->name
            + " is not exact: " + std::to_string(c.tasksShorterThanStall)
            + " task(s) ran shorter in the recording than the modelled " + "instruction fetch of their kernel");
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
