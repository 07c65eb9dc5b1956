#include "lookahead/RecordingReplay.h"

#include "lookahead/Simulator.h"

#include <algorithm>

namespace lookahead {

Result<ReplayCalibration> calibrateReplay(
    TaskGraph& graph, const std::vector<std::int64_t>& recordedStart, const std::vector<std::int64_t>& recordedEnd)
{
    // Converges when every start and duration is back at its recorded value: a round corrects every
    // duration and the start of every task whose binding was already exact (two rounds on each
    // shared recording); the bound only guards against an oscillation we have not seen (then
    // `exact` says so).
    constexpr std::size_t kMaxRounds = 32;
    ReplayCalibration calibration;
    std::shared_ptr<const Schedule> schedule;
    bool changed = true;
    while (changed && calibration.rounds < kMaxRounds) {
        auto simulated = simulate(graph, CostModel::standard(), SimulationOptions { true, {}, nullptr });
        if (!simulated.ok())
            return simulated.error();
        schedule = simulated.value();
        ++calibration.rounds;
        changed = false;
        auto exact
            = [&](TaskIndex t) { return schedule->start[t] == recordedStart[t] && schedule->end[t] == recordedEnd[t]; };
        for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
            Task& task = graph.tasks[t];
            // A start error is the task's own (an engine count the preset changed) only when what
            // bound its start is exact; otherwise it is its binding's error, corrected there. Fixing
            // both would overshoot, round after round.
            const TaskIndex binding = schedule->binding[t];
            const std::int64_t startError
                = binding == kNoTask || exact(binding) ? recordedStart[t] - schedule->start[t] : 0;
            const std::int64_t durationError
                = (recordedEnd[t] - recordedStart[t]) - (schedule->end[t] - schedule->start[t]);
            const std::int64_t delay = std::clamp<std::int64_t>(task.delay + startError, 0, kMaxCycles);
            const std::int64_t cycles = std::clamp<std::int64_t>(task.cycles + durationError, 0, kMaxCycles);
            changed = changed || delay != task.delay || cycles != task.cycles;
            task.delay = delay;
            task.cycles = cycles;
        }
    }
    if (changed) { // the last round corrected something: simulate what it made
        auto simulated = simulate(graph, CostModel::standard(), SimulationOptions { true, {}, nullptr });
        if (!simulated.ok())
            return simulated.error();
        schedule = simulated.value();
    }
    calibration.exact = true;
    for (TaskIndex t = 0; t < graph.tasks.size(); ++t) {
        const std::int64_t stall = schedule->stall[t];
        if (stall > 0) {
            ++calibration.tasksWithStall;
            calibration.stallCycles += stall;
        }
        if (stall > recordedEnd[t] - recordedStart[t])
            ++calibration.tasksShorterThanStall;
        if (schedule->start[t] != recordedStart[t] || schedule->end[t] != recordedEnd[t])
            calibration.exact = false;
    }
    return calibration;
}

} // namespace lookahead
